// estimate_period: candidate periods from the interval histogram, intervals explained as multiples of
// each, the best explanation kept, and a Kolmogorov–Smirnov test against a rhythmless (exponential) stream.
#include "detect/periodicity.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace vigil {
namespace {

constexpr double kLogBinWidth = 0.02;  // histogram bins in log10(seconds): each about 4.7% wide
constexpr int kSmoothBins = 2;         // the mode is taken over +-2 bins, so jitter does not split it
constexpr double kMaxPoissonP = 1e-3;  // a rhythm must be this unlikely under a Poisson stream
constexpr double kMaxJitter = 0.6;     // CV of normalised intervals; 99% subtractive jitter gives 0.57
constexpr int kFitRounds = 10;

struct Fit {
  double period = 0;
  double cv = 0;
  size_t used = 0;       // intervals explained as 1..kMaxMultiple periods
  size_t multiples = 0;  // the sum of their multiples: check-ins expected over them
  size_t gaps = 0;
};

std::vector<double> positive_intervals(std::span<const double> times_s) {
  std::vector<double> t(times_s.begin(), times_s.end());
  std::sort(t.begin(), t.end());
  std::vector<double> d;
  for (size_t i = 1; i < t.size(); ++i)
    if (t[i] > t[i - 1]) d.push_back(t[i] - t[i - 1]);
  return d;
}

// The most common interval, from a histogram in log space (smoothed over neighbouring bins).
double interval_mode(const std::vector<double>& d) {
  double lo = std::log10(*std::min_element(d.begin(), d.end()));
  double hi = std::log10(*std::max_element(d.begin(), d.end()));
  size_t bins = static_cast<size_t>((hi - lo) / kLogBinWidth) + 1;
  std::vector<size_t> count(bins, 0);
  for (double x : d) ++count[std::min(bins - 1, static_cast<size_t>((std::log10(x) - lo) / kLogBinWidth))];
  size_t best = 0, best_sum = 0;
  for (size_t b = 0; b < bins; ++b) {
    size_t sum = 0;
    for (size_t k = b >= kSmoothBins ? b - kSmoothBins : 0; k <= std::min(bins - 1, b + kSmoothBins); ++k) sum += count[k];
    if (sum > best_sum) {
      best_sum = sum;
      best = b;
    }
  }
  return std::pow(10.0, lo + (static_cast<double>(best) + 0.5) * kLogBinWidth);
}

int multiple_of(double interval, double period) {
  return std::max(1, static_cast<int>(std::lround(interval / period)));
}

double median(std::vector<double> v) {
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
  return v[v.size() / 2];
}

// Explains each interval as k periods and re-estimates the period as the median of interval/k, until
// stable. The median (not the mean) keeps a second, interleaved rhythm or a burst from pulling it.
Fit fit_period(const std::vector<double>& d, double start) {
  Fit f;
  f.period = start;
  std::vector<double> per_period;
  for (int round = 0; round < kFitRounds; ++round) {
    per_period.clear();
    for (double x : d) {
      int k = multiple_of(x, f.period);
      if (k <= kMaxMultiple) per_period.push_back(x / k);
    }
    if (per_period.empty()) return f;
    double next = median(per_period);
    bool stable = std::abs(next - f.period) <= 1e-9 * f.period;
    f.period = next;
    if (stable) break;
  }
  double sum = 0, sum_sq = 0;
  for (double x : d) {
    int k = multiple_of(x, f.period);
    if (k > kMaxMultiple) {
      ++f.gaps;
      continue;
    }
    double r = x / (k * f.period);
    sum += r;
    sum_sq += r * r;
    ++f.used;
    f.multiples += static_cast<size_t>(k);
  }
  if (f.used == 0) return f;
  double mean = sum / static_cast<double>(f.used);
  double var = std::max(0.0, sum_sq / static_cast<double>(f.used) - mean * mean);
  f.cv = std::sqrt(var) / mean;
  return f;
}

// Kolmogorov–Smirnov: the probability that intervals of a Poisson stream (exponential, same mean) lie as
// far from the exponential as these do. Asymptotic distribution with Stephens' small-sample correction.
double exponential_ks_p(std::vector<double> d) {
  std::sort(d.begin(), d.end());
  double mean = 0;
  for (double x : d) mean += x;
  mean /= static_cast<double>(d.size());
  double n = static_cast<double>(d.size()), D = 0;
  for (size_t i = 0; i < d.size(); ++i) {
    double F = 1 - std::exp(-d[i] / mean);
    D = std::max({D, F - static_cast<double>(i) / n, static_cast<double>(i + 1) / n - F});
  }
  double lambda = (std::sqrt(n) + 0.12 + 0.11 / std::sqrt(n)) * D;
  double p = 0;
  for (int j = 1; j <= 100; ++j) p += 2 * ((j % 2) ? 1 : -1) * std::exp(-2.0 * j * j * lambda * lambda);
  return std::clamp(p, 0.0, 1.0);
}

// The fit that best explains the intervals: regular (low CV) with few check-ins "dropped". Both terms
// matter: a half or a third of the true period can explain jittered intervals even more regularly (the
// division by k compresses their spread) but implies that half or two thirds of the check-ins were lost;
// a multiple of the period implies few losses but spreads the intervals. Weighing 0.6 of the implied loss
// against the CV keeps the true period in both cases for jitter up to 90% and drops up to 50% (see
// tests/periodicity_test.cc); fits that return to the same period (a start of 2P falls back to P) tie.
constexpr double kLossWeight = 0.6;

double misfit(const Fit& f) {
  double seen = static_cast<double>(f.used) / static_cast<double>(f.multiples);
  return f.cv + kLossWeight * (1 - seen);
}

Fit choose(const std::vector<Fit>& fits) {
  const Fit* chosen = nullptr;
  for (const Fit& f : fits)
    if (f.used > 0 && (!chosen || misfit(f) < misfit(*chosen))) chosen = &f;
  return chosen ? *chosen : Fit{};
}

}  // namespace

PeriodEstimate estimate_period(std::span<const double> times_s) {
  PeriodEstimate e;
  std::vector<double> d = positive_intervals(times_s);
  e.check_ins = d.size() + 1;
  if (d.size() < kMinIntervals) {
    e.check_ins = times_s.empty() ? 0 : e.check_ins;
    return e;
  }
  double mode = interval_mode(d);
  std::vector<Fit> fits;
  for (double start : {mode, mode / 2, mode / 3, median(d)}) fits.push_back(fit_period(d, start));
  Fit f = choose(fits);
  e.period_s = f.period;
  e.jitter = f.cv;
  e.long_gaps = f.gaps;
  e.expected = f.multiples + 1 + f.gaps;  // a silence still starts with one check-in after it
  // Over every interval, silences included: leaving out the long ones would truncate a Poisson stream's
  // exponential tail and make it look unlike an exponential, i.e. rhythmic.
  e.poisson_p = exponential_ks_p(d);
  e.periodic = f.used >= kMinIntervals && f.cv <= kMaxJitter && e.poisson_p < kMaxPoissonP;
  return e;
}

}  // namespace vigil
