// RITA v5's connection histogram over the beacon window: per-bin counts, the flatness (CV) and bimodal-fit
// scores, and the facts the duration score needs (non-empty bins, longest run of them with wrap-around).
//
// Source: activecm/rita analysis/beacons.go (getHistogramScore, computeHistogramBins, createHistogram,
// getFrequencyCounts, calculateCoefficientOfVariationScore, calculateBimodalFitScore).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace vigil {

// RITA's configurable histogram knobs; the defaults are RITA's (config/config.go defaultConfig).
struct RitaHistogramConfig {
  int bins = 24;                         // one bin per hour of a 24 h window
  double mode_sensitivity = 0.05;        // bucket width for bar heights, as a fraction of the tallest bar
  int bimodal_outlier_removal = 1;       // bars allowed outside the two most common buckets
  int bimodal_min_non_empty_bins = 11;   // below this the bimodal fit is 0 (values < 6 mean 11, as in RITA)
};

struct RitaHistogramScore {
  std::vector<int> counts;   // connections per bin
  int non_empty_bins = 0;    // RITA's "total bars"
  int longest_run = 0;       // longest run of non-empty bins, wrapping from the last bin to the first
  double cv_score = 0;       // round3(1 - population sd / mean), 0 when CV > 1
  double bimodal_score = 0;  // round3(share of bars in the two most common height buckets), at most 1
  double score = 0;          // max(cv_score, bimodal_score)
};

// `sorted_seconds` ascending, non-empty; window_end_s > window_start_s. Timestamps below the first edge
// count in the first bin and those at or past the last edge in the last bin, as RITA's loop does.
RitaHistogramScore rita_histogram_score(int64_t window_start_s, int64_t window_end_s,
                                        std::span<const int64_t> sorted_seconds, const RitaHistogramConfig& config);

}  // namespace vigil
