// JA3, JA3S and JA4: the fields of a hello rendered as each specification says (see the header).
#include "protocols/tls_fingerprint.h"

#include <algorithm>
#include <charconv>
#include <vector>

#include "protocols/digest.h"
#include "protocols/tls_names.h"

namespace vigil {
namespace {

constexpr uint16_t kExtServerName = 0x0000;
constexpr uint16_t kExtAlpn = 0x0010;
constexpr size_t kJa4HashDigits = 12;
constexpr char kJa4EmptyHash[] = "000000000000";

template <typename T>
std::vector<uint16_t> without_grease(const std::vector<T>& values) {
  std::vector<uint16_t> out;
  for (T v : values)
    if (!is_grease(static_cast<uint16_t>(v))) out.push_back(static_cast<uint16_t>(v));
  return out;
}

// Every TLS connection computes these lists, so they are written digit by digit (snprintf and
// std::to_string per value were a tenth of the capture benchmark's time with analyzers on).
template <typename T>
std::string decimal_list(const std::vector<T>& values) {
  std::string out;
  out.reserve(values.size() * 6);
  for (T v : values) {
    if (!out.empty()) out += '-';
    char digits[8];
    auto [end, ec] = std::to_chars(digits, digits + sizeof digits, v);
    out.append(digits, end);
  }
  return out;
}

void append_hex4(std::string& out, uint16_t v) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(v >> shift) & 0xf];
}

std::string hex4_list(const std::vector<uint16_t>& values) {
  std::string out;
  out.reserve(values.size() * 5);
  for (uint16_t v : values) {
    if (!out.empty()) out += ',';
    append_hex4(out, v);
  }
  return out;
}

std::string two_digits(size_t n) {
  n = std::min<size_t>(n, 99);
  return {static_cast<char>('0' + n / 10), static_cast<char>('0' + n % 10)};
}

std::string ja4_version(const ClientHello& hello) {
  std::vector<uint16_t> versions = without_grease(hello.supported_versions);
  uint16_t v = versions.empty() ? hello.version : *std::max_element(versions.begin(), versions.end());
  switch (v) {
    case kTlsV13: return "13";
    case kTlsV12: return "12";
    case kTlsV11: return "11";
    case kTlsV10: return "10";
    case kSslV3: return "s3";
    case kSslV2: return "s2";
    case kDtlsV10: return "d1";
    case kDtlsV12: return "d2";
    case kDtlsV13: return "d3";
    default: return "00";
  }
}

bool is_ascii_alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

// First and last character of the first ALPN value; when either is not ASCII alphanumeric, the first and
// last hex digits of the value instead; "00" when there is no (non-empty) first value.
std::string ja4_alpn(const ClientHello& hello) {
  if (hello.alpn.empty() || hello.alpn.front().empty()) return "00";
  auto first = static_cast<unsigned char>(hello.alpn.front().front());
  auto last = static_cast<unsigned char>(hello.alpn.front().back());
  if (is_ascii_alnum(first) && is_ascii_alnum(last)) return {static_cast<char>(first), static_cast<char>(last)};
  static constexpr char kHex[] = "0123456789abcdef";
  return {kHex[first >> 4], kHex[last & 0xf]};
}

std::string ja4_hash(const std::string& text) {
  return text.empty() ? kJa4EmptyHash : sha256_hex(text).substr(0, kJa4HashDigits);
}

}  // namespace

std::string ja3_string(const ClientHello& hello) {
  if (hello.sslv2) return {};
  return std::to_string(hello.version) + ',' + decimal_list(without_grease(hello.ciphers)) + ',' +
         decimal_list(without_grease(hello.extensions)) + ',' + decimal_list(without_grease(hello.supported_groups)) +
         ',' + decimal_list(hello.ec_point_formats);
}

std::string ja3(const ClientHello& hello) { return hello.sslv2 ? std::string() : md5_hex(ja3_string(hello)); }

std::string ja3s_string(const ServerHello& hello) {
  return std::to_string(hello.version) + ',' + std::to_string(hello.cipher) + ',' +
         decimal_list(without_grease(hello.extensions));
}

std::string ja3s(const ServerHello& hello) { return md5_hex(ja3s_string(hello)); }

Ja4Parts ja4_parts(const ClientHello& hello, char transport) {
  std::vector<uint16_t> ciphers = without_grease(hello.ciphers);
  std::vector<uint16_t> extensions = without_grease(hello.extensions);
  Ja4Parts parts;
  parts.a = std::string(1, transport) + ja4_version(hello) + (hello.has_server_name_extension ? 'd' : 'i') +
            two_digits(ciphers.size()) + two_digits(extensions.size()) + ja4_alpn(hello);
  std::sort(ciphers.begin(), ciphers.end());
  parts.b = hex4_list(ciphers);
  std::erase_if(extensions, [](uint16_t e) { return e == kExtServerName || e == kExtAlpn; });
  std::sort(extensions.begin(), extensions.end());
  parts.c = hex4_list(extensions);
  std::vector<uint16_t> signatures = without_grease(hello.signature_algorithms);
  if (!parts.c.empty() && !signatures.empty()) parts.c += '_' + hex4_list(signatures);
  return parts;
}

std::string ja4(const ClientHello& hello, char transport) {
  if (hello.sslv2) return {};
  Ja4Parts parts = ja4_parts(hello, transport);
  return parts.a + '_' + ja4_hash(parts.b) + '_' + ja4_hash(parts.c);
}

}  // namespace vigil
