// Parsers for the values of Zeek's log fields, as its ASCII (TSV) and JSON writers print them.
// Every parser takes hostile text and returns nullopt rather than guessing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/timestamp.h"

namespace vigil {

// "1700000000.123456" (any number of fraction digits; more than 9 are cut) or, from Zeek's JSON writer in
// ISO 8601 mode, "2023-11-14T22:13:20.123456Z" (also "+01:00" or Suricata's "+0100" offsets).
std::optional<Timestamp> parse_zeek_time(std::string_view text);
// An interval: seconds with an optional fraction, possibly negative.
std::optional<Duration> parse_zeek_interval(std::string_view text);
std::optional<uint64_t> parse_zeek_count(std::string_view text);
std::optional<bool> parse_zeek_bool(std::string_view text);  // "T"/"F" (JSON true/false arrive as these)
// Undoes the TSV writer's "\xNN" escapes into `out` (replacing its contents).
void unescape_zeek(std::string_view text, std::string& out);

}  // namespace vigil
