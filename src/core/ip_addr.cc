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
  out.append(buf, format_v6(buf));
}

// RFC 5952 text, as glibc's inet_ntop writes it (and so Zeek): lower-case groups without leading zeros, the
// longest run of two or more zero groups (the first of equals) as "::", and an address whose first six
// groups are zero, or five then ffff, with its last 32 bits dotted. inet_ntop was a tenth of the work of
// writing DNS answers.
size_t IpAddr::format_v6(char* buf) const {
  uint16_t words[8];
  for (int i = 0; i < 8; ++i) words[i] = static_cast<uint16_t>(b_[2 * i] << 8 | b_[2 * i + 1]);
  int best = -1, best_len = 0;
  for (int i = 0; i < 8;) {
    int j = i;
    while (j < 8 && words[j] == 0) ++j;
    if (j - i > best_len && j - i >= 2) {
      best = i;
      best_len = j - i;
    }
    i = j == i ? i + 1 : j;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  char* p = buf;
  for (int i = 0; i < 8; ++i) {
    if (i == best) {
      *p++ = ':';
      if (i == 0) *p++ = ':';
      i += best_len - 1;
      continue;
    }
    if (i == 6 && best == 0 && (best_len == 6 || (best_len == 5 && words[5] == 0xffff))) {
      for (int k = 12; k < 16; ++k) {
        unsigned v = b_[k];
        if (v >= 100) *p++ = static_cast<char>('0' + v / 100);
        if (v >= 10) *p++ = static_cast<char>('0' + (v / 10) % 10);
        *p++ = static_cast<char>('0' + v % 10);
        if (k != 15) *p++ = '.';
      }
      break;
    }
    bool digits = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
      unsigned nibble = (words[i] >> shift) & 0xf;
      if (nibble || digits || shift == 0) {
        *p++ = kHex[nibble];
        digits = true;
      }
    }
    if (i != 7) *p++ = ':';
  }
  return static_cast<size_t>(p - buf);
}

std::string IpAddr::to_string() const {
  std::string s;
  append_to(s);
  return s;
}

}  // namespace vigil
