// What intervals look like without a machine rhythm, to weigh a fitted rhythm against: a Poisson stream
// (exponential intervals) or human activity (think times spread over orders of magnitude, roughly
// log-normal). Internal to estimate_period.
#pragma once

#include <span>

namespace vigil::period_detail {

// The log-likelihood of positive intervals under the better of an exponential and a log-normal whose
// spread is at least kMinLogSpread: the best explanation that has no rhythm.
double rhythmless_loglik(std::span<const double> intervals);

// Kolmogorov–Smirnov: the probability that a Poisson stream's intervals lie as far from the exponential
// (same mean) as these do. `sorted`: ascending.
double exponential_ks_p(std::span<const double> sorted);

}  // namespace vigil::period_detail
