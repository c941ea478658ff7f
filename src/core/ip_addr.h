// IpAddr: an IPv4 or IPv6 address in 16 bytes (IPv4 kept as ::ffff:a.b.c.d), cheap to copy and hash.
#pragma once

#include <array>
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

  bool is_v4() const;
  uint32_t v4_host_order() const;  // only meaningful when is_v4()
  const std::array<uint8_t, 16>& bytes() const { return b_; }
  // Zeek's textual form: dotted quad for IPv4, RFC 5952 compressed form for IPv6.
  std::string to_string() const;
  // Appends to_string() to `out` without a temporary; the hot path of log writers.
  void append_to(std::string& out) const;

  friend bool operator==(const IpAddr& a, const IpAddr& b) { return a.b_ == b.b_; }
  friend auto operator<=>(const IpAddr& a, const IpAddr& b) { return a.b_ <=> b.b_; }

 private:
  std::array<uint8_t, 16> b_{};
};

}  // namespace vigil
