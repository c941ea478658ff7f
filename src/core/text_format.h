// Small text helpers shared by everything that writes for people: printf into a string, UTC times, and
// durations in the unit a reader takes in at a glance.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace vigil {

// snprintf into a std::string (at most 511 characters: for short lines, not for data).
template <typename... Args>
std::string format(const char* fmt, Args... args) {
  char buf[512];
  std::snprintf(buf, sizeof buf, fmt, args...);
  return buf;
}

// ns since the epoch as "2024-01-01 10:53" (UTC) and as ISO 8601 "2024-01-01T10:53:07Z".
std::string utc_minute(int64_t ns);
std::string iso_time(int64_t ns);

// Seconds as "45.0 s", "12.5 min", "6.0 h" or "3.0 d".
std::string human_span(double seconds);
// Whether `a` equals `lower_b` (already lower case), ignoring the case of ASCII letters in `a`.
bool equals_ascii_ci(std::string_view a, std::string_view lower_b);

// A size as people read it: "730 B", "12.4 kB", "523.1 MB", "12.0 GB".
std::string byte_size(double bytes);

}  // namespace vigil
