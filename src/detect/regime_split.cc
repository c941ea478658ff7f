// A CUSUM of log-intervals: for a single renewal process the log-intervals are independent with one mean,
// so their centred running sum stays within about sd·sqrt(n) (a Brownian bridge); a change of sleep bends
// it. The largest deviation marks the split, kept only when it exceeds the bridge's 0.1% quantile — a
// split is only a candidate, which estimate_period then checks by fitting both sides.
#include "detect/regime_split.h"

#include <algorithm>
#include <cmath>

namespace vigil::period_detail {
namespace {

constexpr double kBridgeQuantile = 1.95;  // P(sup |Brownian bridge| > 1.95) ~ 0.001 (Kolmogorov)

}  // namespace

size_t sleep_change_point(std::span<const double> intervals, size_t min_side) {
  size_t n = intervals.size();
  if (n < 2 * min_side || n < 2) return 0;
  double sum = 0, sum_sq = 0;
  for (double x : intervals) {
    double l = std::log(x);
    sum += l, sum_sq += l * l;
  }
  double dn = static_cast<double>(n), mean = sum / dn;
  double sd = std::sqrt(std::max(0.0, sum_sq / dn - mean * mean));
  if (!(sd > 0)) return 0;
  double running = 0, widest = 0;
  size_t split = 0;
  for (size_t i = 0; i + 1 < n; ++i) {
    running += std::log(intervals[i]) - mean;
    if (i + 1 >= min_side && n - i - 1 >= min_side && std::abs(running) > widest) {
      widest = std::abs(running);
      split = i + 1;
    }
  }
  return widest > kBridgeQuantile * sd * std::sqrt(dn) ? split : 0;
}

}  // namespace vigil::period_detail
