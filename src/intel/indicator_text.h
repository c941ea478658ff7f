// Indicator text as feeds write it ("203.0.113.7", "198.51.100.0/24", "evil[.]com", "hxxp://evil.com/x")
// turned into one normalised Indicator, or a reason why it is not one.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "intel/indicator_set.h"

namespace vigil {

// Accepts an address, a CIDR, a domain name, or a URL / "host:port" (reduced to its host). Defanged forms
// ("[.]", "(.)", "{.}", "[dot]", "[:]", "hxxp") are undone. Names are lower-cased; one trailing dot and a
// leading "*." are dropped. Rejected (kCorruption): bad addresses or prefix lengths, names with characters
// outside [a-z0-9-_], empty labels, labels over 63 bytes, names over 253 bytes or of more than 126 labels,
// single-label names (a "com" indicator would match every .com name), an all-digit last label.
Result<Indicator> parse_indicator(std::string_view text);

// The first byte of `s` that is one of `chars`, or npos. string_view::find_first_of calls memchr on `chars`
// once per byte of `s`, which showed in the profile of a million-line load.
inline size_t find_any(std::string_view s, std::string_view chars) {
  for (size_t i = 0; i < s.size(); ++i)
    for (char c : chars)
      if (s[i] == c) return i;
  return std::string_view::npos;
}

// Text safe to put in an error message: at most `max` bytes, anything unprintable as \xNN.
std::string printable_excerpt(std::string_view text, size_t max = 60);

}  // namespace vigil
