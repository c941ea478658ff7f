// Whether a channel's check-in times follow a rhythm, and which: period, jitter, check-ins seen against
// expected, and how sure. A first building block of issue 5; docs/design/beacon-detection.md says why it
// works on intervals (an implant's check-ins are a renewal process, so phase-based periodograms lose the
// rhythm under jitter) and why intervals are first explained as multiples of the period (dropped
// check-ins alone would otherwise look like heavy jitter).
#pragma once

#include <cstddef>
#include <span>

namespace vigil {

struct PeriodEstimate {
  bool periodic = false;      // the rhythm is significant against a Poisson (rhythmless) stream
  double period_s = 0;        // mean interval between consecutive check-ins, drops accounted for
  double jitter = 0;          // coefficient of variation of the intervals, each divided by its multiple
  size_t check_ins = 0;       // check-ins seen
  size_t expected = 0;        // check-ins the period implies over the active time (seen + dropped)
  size_t long_gaps = 0;       // silences longer than kMaxMultiple periods (night, host off): not drops
  double poisson_p = 1;       // probability of intervals this unlike an exponential's if there were no rhythm
  double seen_fraction() const {
    return expected ? static_cast<double>(check_ins) / static_cast<double>(expected) : 0;
  }
};

// Intervals longer than this many periods are silences, not dropped check-ins.
inline constexpr int kMaxMultiple = 8;
// Fewer intervals than this give no verdict (periodic stays false).
inline constexpr size_t kMinIntervals = 6;

// `times_s`: check-in times in seconds, any order; simultaneous ones (one check-in opening several
// connections) should be merged by the caller.
PeriodEstimate estimate_period(std::span<const double> times_s);

}  // namespace vigil
