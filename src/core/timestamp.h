// Timestamp and Duration: nanoseconds since the epoch / between two times, as Zeek prints them.
#pragma once

#include <cstdint>
#include <string>

namespace vigil {

struct Duration {
  int64_t ns = 0;
  static constexpr Duration seconds(int64_t s) { return {s * 1'000'000'000}; }
  friend constexpr auto operator<=>(Duration a, Duration b) = default;
};

struct Timestamp {
  int64_t ns = 0;
  // Seconds plus nanoseconds, clamped to about ±142 years around 1970 (1827–2112; a corrupt capture can
  // hold any seconds value). Within that range the difference of any two times, and any time plus a
  // timeout, fit in int64 nanoseconds.
  static constexpr int64_t kMaxSeconds = 4'500'000'000;
  static constexpr Timestamp from_parts(int64_t seconds, int64_t nanos) {
    if (seconds > kMaxSeconds) return {kMaxSeconds * 1'000'000'000};
    if (seconds < -kMaxSeconds) return {-kMaxSeconds * 1'000'000'000};
    return {seconds * 1'000'000'000 + nanos};
  }
  friend constexpr auto operator<=>(Timestamp a, Timestamp b) = default;
  friend constexpr Duration operator-(Timestamp a, Timestamp b) { return {a.ns - b.ns}; }
  friend constexpr Timestamp operator+(Timestamp a, Duration d) { return {a.ns + d.ns}; }
};

// Appends seconds with six decimals ("1700000000.123456"), Zeek's form for time and interval.
// Rounds to the nearest microsecond as Zeek's printf("%.6f") does.
void append_seconds(std::string& out, int64_t ns);

}  // namespace vigil
