// Calendar arithmetic on scenario time (nanoseconds since 1970, UTC, taken as the site's local time).
#pragma once

#include <cstdint>

namespace vigil::sim {

inline constexpr int64_t kNsPerHour = 3'600'000'000'000LL;
inline constexpr int64_t kNsPerDay = 24 * kNsPerHour;
inline constexpr int kWorkStartHour = 8;
inline constexpr int kWorkEndHour = 18;

inline int64_t day_of(int64_t ns) { return ns >= 0 ? ns / kNsPerDay : (ns - kNsPerDay + 1) / kNsPerDay; }
// 0 = Monday ... 6 = Sunday (1970-01-01 was a Thursday).
inline int weekday_of(int64_t ns) { return static_cast<int>(((day_of(ns) + 3) % 7 + 7) % 7); }
inline int64_t midnight_of(int64_t ns) { return day_of(ns) * kNsPerDay; }

// 08:00–18:00, Monday to Friday.
inline bool in_working_hours(int64_t ns) {
  if (weekday_of(ns) >= 5) return false;
  int64_t into_day = ns - midnight_of(ns);
  return into_day >= kWorkStartHour * kNsPerHour && into_day < kWorkEndHour * kNsPerHour;
}

// `ns` itself when it is in working hours, else the start of the next working day's hours.
inline int64_t next_working_time(int64_t ns) {
  if (in_working_hours(ns)) return ns;
  int64_t day = midnight_of(ns);
  if (ns - day >= kWorkStartHour * kNsPerHour) day += kNsPerDay;
  while (weekday_of(day) >= 5) day += kNsPerDay;
  return day + kWorkStartHour * kNsPerHour;
}

}  // namespace vigil::sim
