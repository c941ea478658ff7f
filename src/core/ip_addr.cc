// IpAddr construction, parsing and formatting.
#include "core/ip_addr.h"

#include <arpa/inet.h>

namespace vigil {
namespace {
constexpr std::array<uint8_t, 12> kV4MappedPrefix = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
}

IpAddr IpAddr::v4(uint32_t host_order) {
  IpAddr a;
  std::memcpy(a.b_.data(), kV4MappedPrefix.data(), kV4MappedPrefix.size());
  a.b_[12] = static_cast<uint8_t>(host_order >> 24);
  a.b_[13] = static_cast<uint8_t>(host_order >> 16);
  a.b_[14] = static_cast<uint8_t>(host_order >> 8);
  a.b_[15] = static_cast<uint8_t>(host_order);
  return a;
}

IpAddr IpAddr::v4_bytes(std::span<const uint8_t, 4> net_order) {
  IpAddr a;
  std::memcpy(a.b_.data(), kV4MappedPrefix.data(), kV4MappedPrefix.size());
  std::memcpy(a.b_.data() + 12, net_order.data(), 4);
  return a;
}

IpAddr IpAddr::v6_bytes(std::span<const uint8_t, 16> net_order) {
  IpAddr a;
  std::memcpy(a.b_.data(), net_order.data(), 16);
  return a;
}

namespace {
// Dotted-quad IPv4, the common case in logs, without inet_pton's copy and locale-free loop: four decimal
// numbers 0..255, no leading zeros beyond a lone 0 (as inet_pton), three dots, nothing else.
std::optional<IpAddr> parse_v4_fast(std::string_view t) {
  uint8_t out[4];
  size_t at = 0;
  for (int part = 0; part < 4; ++part) {
    if (part > 0) {
      if (at >= t.size() || t[at] != '.') return std::nullopt;
      ++at;
    }
    size_t start = at;
    unsigned v = 0;
    while (at < t.size() && t[at] >= '0' && t[at] <= '9' && at - start < 3) v = v * 10 + static_cast<unsigned>(t[at++] - '0');
    size_t len = at - start;
    if (len == 0 || v > 255 || (len > 1 && t[start] == '0')) return std::nullopt;
    out[part] = static_cast<uint8_t>(v);
  }
  if (at != t.size()) return std::nullopt;
  return IpAddr::v4_bytes(std::span<const uint8_t, 4>(out, 4));
}
}  // namespace

std::optional<IpAddr> IpAddr::parse(std::string_view text) {
  if (text.size() <= 15 && text.find(':') == std::string_view::npos) {
    if (auto v4 = parse_v4_fast(text)) return v4;
  }
  if (text.size() > 45 || text.find('\0') != std::string_view::npos) return std::nullopt;  // inet_pton stops at NUL
  std::string s(text);
  uint8_t buf[16];
  if (inet_pton(AF_INET, s.c_str(), buf) == 1) return v4_bytes(std::span<const uint8_t, 4>(buf, 4));
  if (inet_pton(AF_INET6, s.c_str(), buf) == 1) return v6_bytes(std::span<const uint8_t, 16>(buf, 16));
  return std::nullopt;
}

uint32_t IpAddr::v4_host_order() const {
  return (uint32_t{b_[12]} << 24) | (uint32_t{b_[13]} << 16) | (uint32_t{b_[14]} << 8) | b_[15];
}

void IpAddr::append_to(std::string& out) const {
  char buf[INET6_ADDRSTRLEN];
  if (is_v4()) {
    // Hand-rolled: inet_ntop is several times slower and this runs once per field per record.
    char* p = buf;
    for (int i = 12; i < 16; ++i) {
      unsigned v = b_[i];
      if (v >= 100) *p++ = static_cast<char>('0' + v / 100);
      if (v >= 10) *p++ = static_cast<char>('0' + (v / 10) % 10);
      *p++ = static_cast<char>('0' + v % 10);
      if (i != 15) *p++ = '.';
    }
    out.append(buf, static_cast<size_t>(p - buf));
    return;
  }
  inet_ntop(AF_INET6, b_.data(), buf, sizeof buf);
  out += buf;
}

std::string IpAddr::to_string() const {
  std::string s;
  append_to(s);
  return s;
}

}  // namespace vigil
