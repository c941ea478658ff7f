// RITA v5's robust statistics (see rita_statistics.h for the exact choices and their source).
#include "detect/rita_statistics.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace vigil {
namespace {

// RITA leaves the skew at zero when the quartiles are too close for the ratio to mean anything: an IQR under
// 10 (seconds or bytes) or a median equal to a quartile.
constexpr double kMinInterquartileRange = 10;

double bowley_skew(const Quartiles& q) {
  const double iqr = q.q3 - q.q1;
  if (iqr < kMinInterquartileRange || q.q2 == q.q1 || q.q2 == q.q3) return 0;
  return (q.q1 + q.q3 - 2 * q.q2) / iqr;
}

double mad_score(double median, double mad, double when_median_below_one) {
  const double score = median >= 1 ? (median - mad) / median : when_median_below_one;
  return (score < 0 || std::isnan(score)) ? 0 : score;
}

}  // namespace

double round3(double x) { return std::round(x * 1000) / 1000; }
double ceil3(double x) { return std::ceil(x * 1000) / 1000; }

double sorted_median(std::span<const double> sorted) {
  const size_t n = sorted.size();
  if (n % 2 == 1) return sorted[n / 2];
  return (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

Quartiles sorted_quartiles(std::span<const double> sorted) {
  const size_t n = sorted.size();
  // The halves exclude the middle value when n is odd (montanaflynn/stats Quartile).
  const size_t lower_end = n / 2;
  const size_t upper_begin = n % 2 == 0 ? n / 2 : n / 2 + 1;
  return {sorted_median(sorted.first(lower_end)), sorted_median(sorted),
          sorted_median(sorted.subspan(upper_begin))};
}

double sorted_median_absolute_deviation(std::span<const double> sorted) {
  const double median = sorted_median(sorted);
  std::vector<double> deviations;
  deviations.reserve(sorted.size());
  for (double x : sorted) deviations.push_back(std::fabs(x - median));
  std::sort(deviations.begin(), deviations.end());
  return sorted_median(deviations);
}

RitaStatisticalScore rita_statistical_score(std::span<const double> sorted, double mad_score_when_median_below_one) {
  RitaStatisticalScore s;
  s.skew = bowley_skew(sorted_quartiles(sorted));
  s.skew_score = 1 - std::fabs(s.skew);
  s.mad = sorted_median_absolute_deviation(sorted);
  s.mad_score = mad_score(sorted_median(sorted), s.mad, mad_score_when_median_below_one);
  s.score = round3((s.skew_score + s.mad_score) / 2);
  return s;
}

}  // namespace vigil
