// CheckInPlot: what a beacon finding's plots are drawn from, small enough to travel with every finding
// (a few hundred numbers): check-ins per time slice over the channel's life, intervals between check-ins
// as a histogram around the estimated period, and check-ins per hour of the day (UTC).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace vigil {

struct CheckInPlot {
  static constexpr size_t kTimelineBins = 96;
  static constexpr size_t kIntervalBins = 40;      // over [0, kIntervalPeriods x period)
  static constexpr double kIntervalPeriods = 4.0;  // wide enough to show missed check-ins at 2 and 3 periods

  int64_t start_ns = 0, end_ns = 0;  // the timeline's span: the first and last check-in
  std::vector<uint32_t> timeline;    // check-ins per slice of (end - start) / kTimelineBins
  double interval_bin_s = 0;         // width of one interval bin
  std::vector<uint32_t> intervals;   // intervals per bin; bin k holds [(k - 0.5), (k + 0.5)) x interval_bin_s
  uint32_t intervals_beyond = 0;     // intervals of kIntervalPeriods periods or more (silences)
  std::array<uint32_t, 24> hours{};  // check-ins per hour of the day, UTC

  bool empty() const { return timeline.empty(); }
};

// `times`: check-in times in seconds since 1970, sorted; `period_s`: the estimated period (> 0).
CheckInPlot plot_check_ins(const std::vector<double>& times, double period_s);

}  // namespace vigil
