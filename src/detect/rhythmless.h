// What intervals look like without a machine rhythm, to weigh a fitted rhythm against: a Poisson stream
// (exponential intervals) or human activity (think times spread over orders of magnitude, roughly
// log-normal). Internal to estimate_period.
#pragma once

#include <span>

namespace vigil::period_detail {

// The log-likelihood of intervals known to lie in [lo, hi] (the ones the rhythm explains: bursts and
// silences set aside) under the best of exponentials and log-normals (spread at least kMinLogSpread),
// each truncated to [lo, hi]: the best explanation without a rhythm, seeing what the rhythm sees.
// `logs`: the intervals' natural logarithms.
// `stray`: the share of strays in the rhythm's fit; the null is allowed as many (uniform on (0, hi]).
double rhythmless_loglik(std::span<const double> intervals, std::span<const double> logs, double lo, double hi,
                         double stray);

// Kolmogorov–Smirnov: the probability that a Poisson stream's intervals lie as far from the exponential
// (same mean) as these do. `sorted`: ascending.
double exponential_ks_p(std::span<const double> sorted);

}  // namespace vigil::period_detail
