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
// Below this share of strays in the rhythm's fit, the null's allowance for them is skipped (cost); long
// series are evaluated on a sample of this many intervals.
constexpr double kMinStrayShare = 0.01;
constexpr size_t kMaxStrayPoints = 512;

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

struct NullFit {
  double loglik = -INFINITY;
  double a = 0, b = 0, mass = 1;  // log-normal: mean and sd of the logs; exponential: rate
};

NullFit best_log_normal(std::span<const double> logs, double lo, double hi) {
  LogSums s{.n = static_cast<double>(logs.size())};
  for (double l : logs) s.sum += l, s.sum_sq += l * l;
  double mean = s.sum / s.n;
  double sd = std::max(kMinLogSpread, std::sqrt(std::max(0.0, s.sum_sq / s.n - mean * mean)));
  NullFit best;
  auto consider = [&](double m, double v) {
    double l = log_normal_loglik(s, m, v, lo, hi);
    if (l > best.loglik) best = {.loglik = l, .a = m, .b = v};
  };
  for (double widen : kSpreadSteps) consider(mean, sd * widen);
  double chosen_sd = best.b;
  for (double shift : kCentreSteps) consider(mean + shift * sd, chosen_sd);
  best.mass = normal_cdf((std::log(hi) - best.a) / best.b) - normal_cdf((std::log(lo) - best.a) / best.b);
  return best;
}

NullFit best_exponential(std::span<const double> d, double lo, double hi) {
  double sum = 0;
  for (double x : d) sum += x;
  double n = static_cast<double>(d.size());
  NullFit best;
  for (double step : kRateSteps) {
    double rate = step * n / sum;
    double mass = std::exp(-rate * lo) - std::exp(-rate * hi);
    double l = mass > 0 ? n * std::log(rate / mass) - rate * sum : -INFINITY;
    if (l > best.loglik) best = {.loglik = l, .a = rate, .mass = mass};
  }
  return best;
}

// The same null with the rhythm's allowance for strays: a share `stray` of intervals uniform on (0, hi].
// Without it, a rhythm whose fit sets a third of the intervals aside as strays beats human think times
// by tens of nats for that flexibility alone (bench/periodicity_sweep.cc, human sessions).
double with_strays(std::span<const double> d, std::span<const double> logs, const NullFit& log_normal,
                   const NullFit& exponential, double stray, double hi) {
  if (!(log_normal.mass > 0) || !(exponential.mass > 0)) return -INFINITY;
  const double uniform = stray / hi, keep = 1 - stray;
  const double ln_norm =
      -0.5 * std::log(2 * std::numbers::pi * log_normal.b * log_normal.b) - std::log(log_normal.mass);
  const double ex_norm = std::log(exponential.a / exponential.mass);
  // Long series: every step-th of the sorted intervals (a stratified sample), scaled up.
  const size_t step = (d.size() + kMaxStrayPoints - 1) / kMaxStrayPoints;
  double ln_total = 0, ex_total = 0, used = 0;
  for (size_t i = step / 2; i < d.size(); i += step) {
    double z = (logs[i] - log_normal.a) / log_normal.b;
    ln_total += std::log(keep * std::exp(ln_norm - logs[i] - 0.5 * z * z) + uniform);
    ex_total += std::log(keep * std::exp(ex_norm - exponential.a * d[i]) + uniform);
    used += 1;
  }
  return static_cast<double>(d.size()) / used * std::max(ln_total, ex_total);
}

}  // namespace

double rhythmless_loglik(std::span<const double> intervals, std::span<const double> logs, double lo, double hi,
                         double stray) {
  if (intervals.empty()) return 0;
  NullFit log_normal = best_log_normal(logs, lo, hi), exponential = best_exponential(intervals, lo, hi);
  double plain = std::max(exponential.loglik, log_normal.loglik);
  if (stray < kMinStrayShare) return plain;
  return std::max(plain, with_strays(intervals, logs, log_normal, exponential, stray, hi));
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
