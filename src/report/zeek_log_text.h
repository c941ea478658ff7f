// How Zeek's log writers print values: TSV escaping (ASCII writer, UTF-8 enabled as by default), JSON
// string escaping (its JSON writer), and JSON seconds. Shared by every Zeek log vigil writes.
//
// Every byte string goes through these, so hostile text (a DNS query, a URI, an SNI) can never end a
// TSV field or line, or a JSON string, early.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace vigil {

// A TSV string value: "(empty)" for "", "\x2d" for a literal "-" (so it is not read as unset);
// otherwise printable ASCII and valid UTF-8 sequences as they are, and every other byte, the backslash
// and the tab as \xNN. Inside a set or vector (`in_set`) the ',' that separates elements is escaped too.
void append_tsv_string(std::string& out, std::string_view s, bool in_set = false);

// A JSON string with its quotes: '"' and '\' backslash-escaped, control bytes as \n, \t, ... or \u00XX,
// valid UTF-8 as it is, and a byte that is not valid UTF-8 as the text \xNN (so "\\xNN" in JSON), as
// Zeek's JSON writer does: the output is always valid JSON and valid UTF-8.
void append_json_string(std::string& out, std::string_view s);

// Seconds as a JSON number to the microsecond, with the digits Zeek's JSON writer prints (shortest form
// that reads back the same: "1700000000.123456", "3600.0", "0.000001").
void append_json_seconds(std::string& out, int64_t ns);

void append_u64(std::string& out, uint64_t v);

// Length of the valid UTF-8 sequence of two or more bytes starting at s[i], or 0 (ASCII, invalid,
// overlong, surrogate, beyond U+10FFFF, or cut short).
size_t utf8_sequence_length(std::string_view s, size_t i);

}  // namespace vigil
