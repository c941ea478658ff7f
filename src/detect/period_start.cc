// guess_period: the most common interval (log histogram), half and a third of it and the median, each
// refined by rounding intervals to multiples; the explanation with the best regularity/loss balance wins.
// Rounding drifts under heavy symmetric jitter (design doc), which is why this is only a start.
#include "detect/period_start.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include "detect/periodicity.h"

namespace vigil::period_detail {
namespace {

constexpr double kLogBinWidth = 0.046;  // histogram bins in ln(seconds): each about 4.7% wide
constexpr int kSmoothBins = 2;         // the mode is taken over +-2 bins, so jitter does not split it
constexpr size_t kMaxBins = 2048;      // a range wider than 10^40 is hostile input; coarser bins do
constexpr int kFitRounds = 4;
constexpr double kSameStart = 0.01;  // candidates closer than this (relative) are fitted once
// A half or a third of the period explains jittered intervals more regularly but implies that half or two
// thirds of the check-ins were lost; weighing 0.6 of the implied loss against the CV balances the two.
constexpr double kLossWeight = 0.6;

struct Rounding {
  double period = 0, sum = 0, sum_sq = 0, used = 0, multiples = 0;
  double spread = 0;  // robust: 1.4826 median absolute deviations of interval/k (sd for a normal)
  double cv() const {
    double mean = sum / used;
    return std::sqrt(std::max(0.0, sum_sq / used - mean * mean)) / mean;
  }
  double misfit() const { return cv() + kLossWeight * (1 - used / multiples); }
};

double interval_mode(std::span<const double> logs) {
  double lo = logs.front(), hi = logs.back();
  double width = std::max(kLogBinWidth, (hi - lo) / static_cast<double>(kMaxBins - 1));
  size_t bins = static_cast<size_t>((hi - lo) / width) + 1;
  // Short series span few bins: counted on the stack (this runs for every channel scored).
  std::array<unsigned, 256> small{};
  std::vector<unsigned> large(bins > small.size() ? bins : 0, 0);
  unsigned* count = bins > small.size() ? large.data() : small.data();
  for (double l : logs) ++count[std::min(bins - 1, static_cast<size_t>((l - lo) / width))];
  // The sum over bins b-2 .. b+2, slid along: the first bin with the largest sum wins, as before.
  size_t best = 0, best_sum = 0, sum = 0;
  for (size_t k = 0; k <= std::min(bins - 1, size_t{kSmoothBins}); ++k) sum += count[k];
  for (size_t b = 0; b < bins; ++b) {
    if (b > 0) {
      if (b + kSmoothBins < bins) sum += count[b + kSmoothBins];
      if (b > kSmoothBins) sum -= count[b - kSmoothBins - 1];
    }
    if (sum > best_sum) best_sum = sum, best = b;
  }
  return std::exp(lo + (static_cast<double>(best) + 0.5) * width);
}

// At least 1; kMaxMultiple + 1 stands for anything longer (also keeps huge ratios out of the cast).
double nearest_multiple(double interval, double period) {
  double ratio = interval / period;
  if (!(ratio < kMaxMultiple + 0.5)) return kMaxMultiple + 1;
  return std::max(1.0, static_cast<double>(static_cast<int>(ratio + 0.5)));
}

// Rounds each interval to k periods (k <= kMaxMultiple) and moves the period to the median of interval/k.
// `per_period`: scratch space, reused across candidates.
Rounding round_to_multiples(std::span<const double> sorted, double period, std::vector<double>& per_period) {
  for (int round = 0; round < kFitRounds; ++round) {
    per_period.clear();
    for (double x : sorted) {
      double k = nearest_multiple(x, period);
      if (k <= kMaxMultiple) per_period.push_back(x / k);
    }
    if (per_period.empty()) return {};
    auto mid = per_period.begin() + static_cast<std::ptrdiff_t>(per_period.size() / 2);
    std::nth_element(per_period.begin(), mid, per_period.end());
    bool stable = std::abs(*mid - period) <= 1e-9 * period;
    period = *mid;
    if (stable) break;
  }
  Rounding r{.period = period};
  for (double& v : per_period) v = std::abs(v - period);
  auto mid = per_period.begin() + static_cast<std::ptrdiff_t>(per_period.size() / 2);
  std::nth_element(per_period.begin(), mid, per_period.end());
  r.spread = 1.4826 * *mid;
  for (double x : sorted) {
    double k = nearest_multiple(x, period);
    if (k > kMaxMultiple) continue;
    double norm = x / (k * period);
    r.sum += norm, r.sum_sq += norm * norm, r.used += 1, r.multiples += k;
  }
  return r;
}

}  // namespace

StartGuess guess_period(std::span<const double> sorted, std::span<const double> logs) {
  if (sorted.empty() || logs.size() != sorted.size()) return {};
  double mode = interval_mode(logs);
  double median = sorted[sorted.size() / 2];
  Rounding best;
  std::vector<double> per_period;
  per_period.reserve(sorted.size());
  bool median_is_mode = std::abs(median - mode) <= kSameStart * mode;
  for (double start : {mode, mode / 2, mode / 3, median}) {
    if (start == median && median_is_mode) continue;
    Rounding r = round_to_multiples(sorted, start, per_period);
    if (r.used > 0 && (best.used == 0 || r.misfit() < best.misfit())) best = r;
  }
  if (best.used == 0) return {};
  // The width from the median deviation, not the CV: a few strays (a second stream's check-ins cutting
  // intervals) would otherwise start EM so wide that it takes them in and pulls the period to their rate.
  return {.period = best.period, .width = best.spread, .drop_rate = 1 - best.used / best.multiples};
}

}  // namespace vigil::period_detail
