// The period as a mixture fit: each interval between seen check-ins is k attempted intervals (k-1 lost
// check-ins), so it is drawn from a sum of k jittered sleeps, modelled as Normal(k·P, k·w²) with k
// geometric (drop rate q), plus a uniform component for strays (intervals cut by someone else's check-in,
// share s). EM estimates P, w, q and s together; P comes out as the rhythm's intervals' total time over
// their expected number of attempts, so an interval's k is weighed, not rounded (design doc, "Method").
#pragma once

#include <functional>
#include <span>

#include "detect/period_start.h"

namespace vigil::period_detail {

// The shape of one attempted interval around the period (k = 1; sums of several are near normal anyway).
// The frameworks draw jitter uniformly, a flat top with sharp edges; other implants and the network give
// rounder shapes. Both are fitted and the likelihood picks.
enum class Kernel {
  kNormal,
  kFlatTop,  // generalised normal of power 8: exp(-|d/a|^8), close to uniform with soft edges
};

// One interval, or (for long series) the mean of a run of neighbouring sorted intervals and their count.
struct WeightedInterval {
  double seconds = 0;
  double weight = 1;
};

struct MixtureFit {
  Kernel kernel = Kernel::kNormal;
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

// Asked every few rounds while a fit is still climbing: true stops it where it is. `headroom` is about
// the most log-likelihood the remaining rounds could still add (see fit_mixture). It lets the caller drop
// a fit that cannot become a rhythm worth reporting instead of letting it crawl to the round limit.
using GiveUp = std::function<bool(const MixtureFit& current, double headroom)>;

MixtureFit fit_mixture(std::span<const WeightedInterval> intervals, StartGuess start,
                       Kernel kernel = Kernel::kNormal, const GiveUp& give_up = {});

// The log-likelihood etc. of given intervals under fixed parameters (period, width, drop_rate of `fit`).
MixtureFit evaluate_mixture(std::span<const WeightedInterval> intervals, const MixtureFit& fit);

}  // namespace vigil::period_detail
