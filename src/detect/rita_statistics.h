// The robust statistics RITA v5 scores beacons with: median, quartiles, MAD, Bowley skew, 3-decimal rounding.
//
// Reproduces RITA's choices exactly, because a baseline that differs in a quartile method is not RITA:
//   - quartiles are Tukey's hinges as github.com/montanaflynn/stats computes them (Quartile): the median of
//     the lower and of the upper half, the middle value left out of both halves when the count is odd;
//   - MAD is the unscaled median of |x - median| (stats.MedianAbsoluteDeviation, no 1.4826 factor);
//   - round3 is Go's math.Round(x*1000)/1000 (half away from zero), ceil3 is math.Ceil(x*1000)/1000.
// Source: activecm/rita analysis/beacons.go (calculateStatisticalScore, calculateBowleySkewness,
// calculateMedianAbsoluteDeviation).
#pragma once

#include <span>

namespace vigil {

// RITA's rounding to three decimals.
double round3(double x);
double ceil3(double x);

struct Quartiles {
  double q1 = 0;
  double q2 = 0;
  double q3 = 0;
};

// All take ascending-sorted, non-empty values.
double sorted_median(std::span<const double> sorted);
Quartiles sorted_quartiles(std::span<const double> sorted);
double sorted_median_absolute_deviation(std::span<const double> sorted);

// One half of RITA's timestamp and size scores: a regular series is symmetric and tightly spread.
struct RitaStatisticalScore {
  double skew = 0;        // Bowley skew, forced to 0 where RITA deems it unreliable
  double skew_score = 0;  // 1 - |skew|
  double mad = 0;         // median absolute deviation
  double mad_score = 0;   // max(0, (median - mad) / median), or the default when median < 1
  double score = 0;       // round3((skew_score + mad_score) / 2)
};

// `sorted` ascending with at least 3 values (RITA refuses fewer). `mad_score_when_median_below_one` is 1 for
// intervals and 0 for sizes, as in RITA.
RitaStatisticalScore rita_statistical_score(std::span<const double> sorted, double mad_score_when_median_below_one);

}  // namespace vigil
