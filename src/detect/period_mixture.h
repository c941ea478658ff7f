// The period as a mixture fit: each interval between seen check-ins is k attempted intervals (k-1 lost
// check-ins), so it is drawn from a sum of k jittered sleeps, modelled as Normal(k·P, k·w²) with k
// geometric (drop rate q), plus a uniform component for strays (intervals cut by someone else's check-in,
// share s). EM estimates P, w, q and s together; P comes out as the rhythm's intervals' total time over
// their expected number of attempts, so an interval's k is weighed, not rounded (design doc, "Method").
#pragma once

#include <span>

#include "detect/period_start.h"

namespace vigil::period_detail {

// One interval, or (for long series) the mean of a run of neighbouring sorted intervals and their count.
struct WeightedInterval {
  double seconds = 0;
  double weight = 1;
};

struct MixtureFit {
  double period = 0;     // mean attempted interval
  double width = 0;      // standard deviation of one attempted interval (seconds)
  double drop_rate = 0;  // share of attempts lost
  double stray = 0;      // share of intervals that are strays
  double loglik = 0;     // of the intervals within kMaxMultiple periods
  double explained = 0;  // their weight explained by the rhythm (the rest are strays)
  double strays = 0;     // their weight explained as strays
  double stray_seconds = 0;
  double attempts = 0;   // the attempts the rhythm's intervals span: sum of their expected k
};

MixtureFit fit_mixture(std::span<const WeightedInterval> intervals, StartGuess start);

// The log-likelihood etc. of given intervals under fixed parameters (period, width, drop_rate of `fit`).
MixtureFit evaluate_mixture(std::span<const WeightedInterval> intervals, const MixtureFit& fit);

}  // namespace vigil::period_detail
