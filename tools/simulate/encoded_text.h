// Random text in the alphabets tunnels and lookup services use (base32, hex, base64-like), and the split
// of a long string into DNS labels.
#pragma once

#include <string>
#include <string_view>

#include "sim_random.h"

namespace vigil::sim {

inline constexpr std::string_view kBase32 = "abcdefghijklmnopqrstuvwxyz234567";  // RFC 4648, lower case
inline constexpr std::string_view kHexDigits = "0123456789abcdef";
inline constexpr std::string_view kBase64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
inline constexpr size_t kMaxDnsLabel = 63;

// `n` characters drawn uniformly from `alphabet`: what encrypted data looks like once encoded.
inline std::string random_text(SimRng& rng, size_t n, std::string_view alphabet) {
  std::string out(n, ' ');
  for (char& c : out) c = alphabet[rng.below(alphabet.size())];
  return out;
}

// `n` bytes of any value: a NULL record's binary payload.
inline std::string random_bytes(SimRng& rng, size_t n) {
  std::string out(n, '\0');
  for (char& c : out) c = static_cast<char>(rng.below(256));
  return out;
}

// Base32 characters needed for `bytes` bytes: 5 bits a character.
inline size_t base32_chars(size_t bytes) { return (bytes * 8 + 4) / 5; }

// `text` cut into labels of equal length, none longer than 63, joined by dots.
inline std::string as_labels(std::string_view text) {
  size_t labels = (text.size() + kMaxDnsLabel - 1) / kMaxDnsLabel;
  if (labels == 0) return {};
  size_t per = (text.size() + labels - 1) / labels;
  std::string out;
  for (size_t at = 0; at < text.size(); at += per) {
    if (!out.empty()) out += '.';
    out.append(text.substr(at, per));
  }
  return out;
}

}  // namespace vigil::sim
