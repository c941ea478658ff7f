// The rhythmless alternatives. The log-normal's spread has a floor: a narrow log-normal *is* a rhythm, so
// letting it shrink would make the null explain every clean beacon. The floor, 0.8 in natural log units
// (intervals spread over a factor of about 2.2 either way), lies between the widest beacon the grid holds
// (90% symmetric jitter, about 0.6) and a Poisson stream (1.28); measured in bench/periodicity_sweep.cc.
#include "detect/rhythmless.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace vigil::period_detail {
namespace {

constexpr double kMinLogSpread = 0.8;

double exponential_loglik(std::span<const double> d) {
  double sum = 0;
  for (double x : d) sum += x;
  double n = static_cast<double>(d.size());
  return n * (std::log(n / sum) - 1);
}

double log_normal_loglik(std::span<const double> d) {
  double sum = 0, sum_sq = 0;
  for (double x : d) {
    double l = std::log(x);
    sum += l, sum_sq += l * l;
  }
  double n = static_cast<double>(d.size()), mean = sum / n;
  double var = std::max(kMinLogSpread * kMinLogSpread, sum_sq / n - mean * mean);
  // sum over intervals of log density: -log x - log(2 pi var)/2 - (log x - mean)^2 / (2 var)
  double squares = sum_sq - 2 * mean * sum + n * mean * mean;
  return -sum - 0.5 * n * std::log(2 * std::numbers::pi * var) - squares / (2 * var);
}

}  // namespace

double rhythmless_loglik(std::span<const double> intervals) {
  if (intervals.empty()) return 0;
  return std::max(exponential_loglik(intervals), log_normal_loglik(intervals));
}

double exponential_ks_p(std::span<const double> sorted) {
  if (sorted.empty()) return 1;
  double mean = 0;
  for (double x : sorted) mean += x;
  mean /= static_cast<double>(sorted.size());
  double n = static_cast<double>(sorted.size()), D = 0;
  for (size_t i = 0; i < sorted.size(); ++i) {
    double F = -std::expm1(-sorted[i] / mean);
    D = std::max({D, F - static_cast<double>(i) / n, static_cast<double>(i + 1) / n - F});
  }
  // Asymptotic distribution with Stephens' small-sample correction; the series converges fast.
  double lambda = (std::sqrt(n) + 0.12 + 0.11 / std::sqrt(n)) * D;
  double p = 0;
  for (int j = 1; j <= 100; ++j) {
    double term = 2 * std::exp(-2.0 * j * j * lambda * lambda);
    p += (j % 2) ? term : -term;
    if (term < 1e-12) break;
  }
  return std::clamp(p, 0.0, 1.0);
}

}  // namespace vigil::period_detail
