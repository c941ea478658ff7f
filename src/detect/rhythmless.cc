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
// Truncation makes the maximum-likelihood fit implicit; a few steps from the moment estimates (the
// spread first, truncation narrows it most; then the centre) get close at a fixed, small cost.
constexpr double kSpreadSteps[] = {1.0, 1.4, 2.0};
constexpr double kCentreSteps[] = {-0.5, 0.5};
constexpr double kRateSteps[] = {0.6, 1.0, 1.5};

struct LogSums {
  double n = 0, sum = 0, sum_sq = 0;  // of log intervals
};

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::numbers::sqrt2); }

// Sum of log densities of a log-normal(mean, sd) truncated to [lo, hi].
double log_normal_loglik(const LogSums& s, double mean, double sd, double lo, double hi) {
  double mass = normal_cdf((std::log(hi) - mean) / sd) - normal_cdf((std::log(lo) - mean) / sd);
  if (!(mass > 0)) return -INFINITY;
  double squares = s.sum_sq - 2 * mean * s.sum + s.n * mean * mean;
  return -s.sum - 0.5 * s.n * std::log(2 * std::numbers::pi * sd * sd) - squares / (2 * sd * sd) -
         s.n * std::log(mass);
}

double best_log_normal(std::span<const double> logs, double lo, double hi) {
  LogSums s{.n = static_cast<double>(logs.size())};
  for (double l : logs) s.sum += l, s.sum_sq += l * l;
  double mean = s.sum / s.n;
  double sd = std::max(kMinLogSpread, std::sqrt(std::max(0.0, s.sum_sq / s.n - mean * mean)));
  double best = -INFINITY, best_sd = sd;
  for (double widen : kSpreadSteps) {
    double l = log_normal_loglik(s, mean, sd * widen, lo, hi);
    if (l > best) best = l, best_sd = sd * widen;
  }
  for (double shift : kCentreSteps) best = std::max(best, log_normal_loglik(s, mean + shift * sd, best_sd, lo, hi));
  return best;
}

double best_exponential(std::span<const double> d, double lo, double hi) {
  double sum = 0;
  for (double x : d) sum += x;
  double n = static_cast<double>(d.size()), best = -INFINITY;
  for (double step : kRateSteps) {
    double rate = step * n / sum;
    double mass = std::exp(-rate * lo) - std::exp(-rate * hi);
    if (mass > 0) best = std::max(best, n * std::log(rate / mass) - rate * sum);
  }
  return best;
}

}  // namespace

double rhythmless_loglik(std::span<const double> intervals, std::span<const double> logs, double lo, double hi) {
  if (intervals.empty()) return 0;
  return std::max(best_exponential(intervals, lo, hi), best_log_normal(logs, lo, hi));
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
