// Zeek's value escaping and number forms, byte by byte: see zeek_log_text.h.
#include "report/zeek_log_text.h"

#include <charconv>

namespace vigil {
namespace {

constexpr char kHex[] = "0123456789abcdef";

void append_hex_escape(std::string& out, unsigned char ch) {
  out += "\\x";
  out += kHex[ch >> 4];
  out += kHex[ch & 0xf];
}

bool is_continuation(unsigned char c) { return (c & 0xc0) == 0x80; }

}  // namespace

size_t utf8_sequence_length(std::string_view s, size_t i) {
  auto at = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char lead = at(i);
  size_t n = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k)
    if (!is_continuation(at(i + k))) return 0;
  unsigned char second = at(i + 1);
  if (lead == 0xe0 && second < 0xa0) return 0;  // overlong
  if (lead == 0xed && second > 0x9f) return 0;  // UTF-16 surrogate
  if (lead == 0xf0 && second < 0x90) return 0;  // overlong
  if (lead == 0xf4 && second > 0x8f) return 0;  // beyond U+10FFFF
  return n;
}

void append_tsv_string(std::string& out, std::string_view s, bool in_set) {
  if (s.empty()) {
    out += "(empty)";
    return;
  }
  if (s == "-") {
    out += "\\x2d";
    return;
  }
  for (size_t i = 0; i < s.size();) {
    auto ch = static_cast<unsigned char>(s[i]);
    if (ch >= 0x80) {
      if (size_t n = utf8_sequence_length(s, i)) {
        out.append(s, i, n);
        i += n;
        continue;
      }
      append_hex_escape(out, ch);
    } else if (ch < 0x20 || ch == 0x7f || ch == '\\' || (in_set && ch == ',')) {
      append_hex_escape(out, ch);  // the tab separator is < 0x20
    } else {
      out += static_cast<char>(ch);
    }
    ++i;
  }
}

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (size_t i = 0; i < s.size();) {
    auto ch = static_cast<unsigned char>(s[i]);
    if (ch >= 0x80) {
      if (size_t n = utf8_sequence_length(s, i)) {
        out.append(s, i, n);
        i += n;
        continue;
      }
      out += '\\';  // the escape's own backslash, escaped for JSON
      append_hex_escape(out, ch);
    } else if (ch == '"' || ch == '\\') {
      out += '\\';
      out += static_cast<char>(ch);
    } else if (ch < 0x20) {
      switch (ch) {
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
          out += "\\u00";
          out += "0123456789ABCDEF"[ch >> 4];
          out += "0123456789ABCDEF"[ch & 0xf];
      }
    } else {
      out += static_cast<char>(ch);
    }
    ++i;
  }
  out += '"';
}

// Zeek's times are doubles of microsecond precision. The decimal of the microsecond count with trailing
// zeros cut (one kept) is the shortest text that reads back as that double for every time and interval
// below 2^33 s, which is what its JSON writer (shortest round-trip form) prints.
void append_json_seconds(std::string& out, int64_t ns) {
  int64_t micros = ns >= 0 ? (ns + 500) / 1000 : -((-ns + 500) / 1000);  // nearest, as the TSV's %.6f
  if (micros < 0) {
    out += '-';
    micros = -micros;
  }
  append_u64(out, static_cast<uint64_t>(micros / 1'000'000));
  out += '.';
  char frac[6];
  int64_t f = micros % 1'000'000;
  for (int k = 5; k >= 0; --k, f /= 10) frac[k] = static_cast<char>('0' + f % 10);
  size_t len = 6;
  while (len > 1 && frac[len - 1] == '0') --len;
  out.append(frac, len);
}

void append_u64(std::string& out, uint64_t v) {
  char b[24];
  auto r = std::to_chars(b, b + sizeof b, v);
  out.append(b, r.ptr);
}

}  // namespace vigil
