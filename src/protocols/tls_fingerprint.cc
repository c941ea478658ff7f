// JA3, JA3S and JA4: the fields of a hello rendered as each specification says (see the header).
#include "protocols/tls_fingerprint.h"

#include <algorithm>
#include <array>
#include <functional>
#include <span>
#include <charconv>
#include <vector>

#include "protocols/digest.h"
#include "protocols/tls_names.h"

namespace vigil {
namespace {

constexpr size_t kJa4HashDigits = 12;
constexpr char kJa4EmptyHash[] = "000000000000";

template <typename T>
std::vector<uint16_t> without_grease(const std::vector<T>& values) {
  std::vector<uint16_t> out;
  out.reserve(values.size());
  for (T v : values)
    if (!is_grease(static_cast<uint16_t>(v))) out.push_back(static_cast<uint16_t>(v));
  return out;
}

// Every TLS connection computes these lists, so they are written digit by digit, straight into the
// fingerprint string (snprintf, std::to_string and a filtered copy per list were most of JA3's cost).
template <typename T>
void append_decimal_list(std::string& out, const std::vector<T>& values, bool skip_grease) {
  bool first = true;
  for (T v : values) {
    if (skip_grease && is_grease(static_cast<uint16_t>(v))) continue;
    if (!first) out += '-';
    first = false;
    char digits[12];
    auto [end, ec] = std::to_chars(digits, digits + sizeof digits, v);
    out.append(digits, end);
  }
}

// Clients of one kind send the same lists again and again, so the last digests are kept by their exact
// text (the text's hash only picks the slot; a different text in the slot is a miss, never a wrong hit).
class DigestMemo {
 public:
  explicit DigestMemo(std::string (*digest)(std::span<const uint8_t>)) : digest_(digest) {}
  const std::string& of(const std::string& text) {
    Slot& slot = slots_[std::hash<std::string>{}(text) % kSlots];
    if (!slot.used || slot.text != text) {
      slot.text = text;
      slot.hex = digest_(std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
      slot.used = true;
    }
    return slot.hex;
  }

 private:
  static constexpr size_t kSlots = 256;
  struct Slot {
    bool used = false;
    std::string text, hex;
  };
  std::string (*digest_)(std::span<const uint8_t>);
  std::array<Slot, kSlots> slots_;
};

const std::string& memo_md5_hex(const std::string& text) {
  thread_local DigestMemo memo(md5_hex);
  return memo.of(text);
}

const std::string& memo_sha256_hex(const std::string& text) {
  thread_local DigestMemo memo(sha256_hex);
  return memo.of(text);
}

// "0a0a,1301,...": each value as four hex digits, comma-separated, written into a string sized once.
std::string hex4_list(const std::vector<uint16_t>& values) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(values.empty() ? 0 : values.size() * 5 - 1, ',');
  for (size_t i = 0; i < values.size(); ++i) {
    char* digits = out.data() + i * 5;
    for (int d = 0; d < 4; ++d) digits[d] = kHex[(values[i] >> (12 - 4 * d)) & 0xf];
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
  return text.empty() ? kJa4EmptyHash : memo_sha256_hex(text).substr(0, kJa4HashDigits);
}

}  // namespace

std::string ja3_string(const ClientHello& hello) {
  if (hello.sslv2) return {};
  std::string out = std::to_string(hello.version) + ',';
  out.reserve(256);
  append_decimal_list(out, hello.ciphers, true);
  out += ',';
  append_decimal_list(out, hello.extensions, true);
  out += ',';
  append_decimal_list(out, hello.supported_groups, true);
  out += ',';
  append_decimal_list(out, hello.ec_point_formats, false);
  return out;
}

std::string ja3(const ClientHello& hello) { return hello.sslv2 ? std::string() : memo_md5_hex(ja3_string(hello)); }

std::string ja3s_string(const ServerHello& hello) {
  std::string out = std::to_string(hello.version) + ',' + std::to_string(hello.cipher) + ',';
  append_decimal_list(out, hello.extensions, true);
  return out;
}

std::string ja3s(const ServerHello& hello) { return memo_md5_hex(ja3s_string(hello)); }

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
