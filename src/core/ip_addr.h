// IpAddr: an IPv4 or IPv6 address in 16 bytes (IPv4 kept as ::ffff:a.b.c.d), cheap to copy and hash.
#pragma once

#include <array>
#include <bit>
#include <compare>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace vigil {

class IpAddr {
 public:
  IpAddr() = default;
  static IpAddr v4(uint32_t host_order);
  static IpAddr v4_bytes(std::span<const uint8_t, 4> net_order);
  static IpAddr v6_bytes(std::span<const uint8_t, 16> net_order);
  // Parses "10.1.2.3" or "fd00::1"; nullopt when the text is not an address.
  static std::optional<IpAddr> parse(std::string_view text);

  bool is_v4() const { return hi() == 0 && load32(8) == kV4Tag; }
  uint32_t v4_host_order() const;  // only meaningful when is_v4()
  const std::array<uint8_t, 16>& bytes() const { return b_; }
  // Zeek's textual form: dotted quad for IPv4, RFC 5952 compressed form for IPv6.
  std::string to_string() const;
  // Appends to_string() to `out` without a temporary; the hot path of log writers.
  void append_to(std::string& out) const;

  // The two halves as loaded from memory (host byte order of the raw bytes): cheap equality and masking.
  uint64_t hi() const { return load64(0); }
  uint64_t lo() const { return load64(8); }

  // Equality and ordering compare 8-byte words: these run once or twice per packet in the flow meter,
  // where std::array's byte-wise memcmp was the largest single cost. Ordering is by network byte order.
  friend bool operator==(const IpAddr& a, const IpAddr& b) { return a.hi() == b.hi() && a.lo() == b.lo(); }
  friend std::strong_ordering operator<=>(const IpAddr& a, const IpAddr& b) {
    uint64_t ah = big_endian_value(a.hi()), bh = big_endian_value(b.hi());
    if (ah != bh) return ah <=> bh;
    return big_endian_value(a.lo()) <=> big_endian_value(b.lo());
  }

 private:
  // Bytes 8..11 of an IPv4-mapped address (00 00 ff ff) read as one native word.
  static constexpr uint32_t kV4Tag = std::endian::native == std::endian::little ? 0xffff0000u : 0x0000ffffu;
  static uint64_t big_endian_value(uint64_t raw) {
    if constexpr (std::endian::native == std::endian::little) return __builtin_bswap64(raw);
    return raw;
  }
  size_t format_v6(char* buf) const;  // writes at most INET6_ADDRSTRLEN - 1 characters, returns how many
  uint32_t load32(size_t at) const {
    uint32_t w;
    std::memcpy(&w, b_.data() + at, 4);
    return w;
  }
  uint64_t load64(size_t at) const {
    uint64_t w;
    std::memcpy(&w, b_.data() + at, 8);
    return w;
  }
  std::array<uint8_t, 16> b_{};
};

// For unordered containers of addresses: both halves mixed (a multiply, a xor and a fold).
struct IpAddrHash {
  size_t operator()(const IpAddr& a) const {
    uint64_t h = (a.hi() * 0x9e3779b97f4a7c15ULL) ^ a.lo();
    h ^= h >> 32;
    h *= 0xd6e8feb86659fd93ULL;
    return static_cast<size_t>(h ^ (h >> 32));
  }
};

}  // namespace vigil
