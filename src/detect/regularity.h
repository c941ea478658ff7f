// How alike a channel's connections are in one measure (bytes sent, bytes received, duration): the
// median and the share of connections close to it. Supporting evidence for a beacon, never a condition:
// an implant's check-ins are alike when idle and vary when it is tasked.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace vigil {

struct Regularity {
  double median = 0;
  double share_alike = 0;  // connections within kAlikeFraction of the median (or kAlikeFloor units of it)
};

// Within 10% of the median, or within `floor` units (bytes: 32, so tiny values are not split by a
// header field; durations: 50 ms).
inline constexpr double kAlikeFraction = 0.10;

Regularity regularity_of(std::span<const double> values, double floor);

}  // namespace vigil
