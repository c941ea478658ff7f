// Whether a channel's check-in times follow a machine rhythm, and which: period, jitter, check-ins seen
// against expected, bursts and silences set aside, a change of sleep, and how sure. Part of issue 5;
// docs/design/beacon-detection.md says why it works on intervals (an implant's check-ins are a renewal
// process, so phase-based periodograms lose the rhythm under jitter) and why each interval is explained as
// a multiple of the period by a likelihood fit (dropped check-ins would otherwise look like heavy jitter,
// and rounding to the nearest multiple drifts under heavy symmetric jitter).
//
//   PeriodEstimate e = estimate_period(times);
//   if (e.periodic) report(e.period_s, e.jitter, e.confidence);
#pragma once

#include <cstddef>
#include <span>

namespace vigil {

struct PeriodEstimate {
  bool periodic = false;      // confidence >= kPeriodicConfidence
  double confidence = 0;      // [0, 1]: how sure this is a machine rhythm (0 for Poisson or human traffic)
  double period_s = 0;        // mean interval between attempted check-ins (dropped ones counted)
  double jitter = 0;          // standard deviation of one attempted interval, as a share of period_s
  size_t check_ins = 0;       // the rhythm's check-ins seen: not bursts', not strays' (latest regime's if changed)
  size_t expected = 0;        // check-ins the period implies over the active time (seen + dropped)
  size_t long_gaps = 0;       // silences longer than kMaxMultiple periods (night, host off): not drops
  size_t burst_intervals = 0; // intervals far shorter than the period (an operator session), set aside
  size_t stray_intervals = 0; // intervals cut by a check-in that is not the rhythm's (a second stream)
  double evidence = 0;        // log-likelihood ratio (nats) of the rhythm against the best rhythmless model
  double poisson_p = 1;       // KS: probability of intervals this unlike a Poisson stream's (reported only)
  bool sleep_changed = false; // two regimes: the fields above describe the latest, from regime_start_s on
  double regime_start_s = 0;  // when the latest regime began (the first check-in time if it never changed)
  double previous_period_s = 0;  // the period before the change (0 if none)
  double seen_fraction() const {
    return expected ? static_cast<double>(check_ins) / static_cast<double>(expected) : 0;
  }
};

// Intervals longer than this many periods are silences, not dropped check-ins.
inline constexpr int kMaxMultiple = 8;
// Fewer intervals than this give no verdict (periodic stays false).
inline constexpr size_t kMinIntervals = 6;
// The confidence from which a rhythm is called periodic: evidence of about 10 nats with nothing set aside.
inline constexpr double kPeriodicConfidence = 0.4;

// `times_s`: check-in times in seconds, any order; simultaneous ones (one check-in opening several
// connections, less than about a second apart) should be merged by the caller. Non-finite times are
// ignored. Never throws.
PeriodEstimate estimate_period(std::span<const double> times_s);

}  // namespace vigil
