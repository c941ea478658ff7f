// RITA v5's histogram score (see rita_histogram.h).
#include "detect/rita_histogram.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "detect/rita_statistics.h"

namespace vigil {
namespace {

// RITA refuses a bimodal minimum under 6 bins: with 1-2 bars a histogram is trivially "bimodal".
constexpr int kLowestBimodalMinimum = 6;
constexpr int kBimodalMinimumFallback = 11;

// Edges computed as RITA does: start + i*step in double, first and last edge set exactly.
std::vector<double> bin_edges(int64_t start, int64_t end, int bins) {
  const double step = static_cast<double>(end - start) / bins;
  std::vector<double> edges(static_cast<size_t>(bins) + 1);
  edges.front() = static_cast<double>(start);
  for (int i = 1; i < bins; ++i) edges[static_cast<size_t>(i)] = static_cast<double>(start) + i * step;
  edges.back() = static_cast<double>(end);
  return edges;
}

std::vector<int> bin_counts(const std::vector<double>& edges, std::span<const int64_t> sorted_seconds) {
  std::vector<int> counts(edges.size() - 1, 0);
  size_t bin = 0;
  for (int64_t ts : sorted_seconds) {
    const auto t = static_cast<double>(ts);
    while (bin + 1 < counts.size() && t >= edges[bin + 1]) ++bin;
    ++counts[bin];
  }
  return counts;
}

int longest_wrapping_run(const std::vector<int>& counts) {
  // Walking the bins twice finds runs that cross from the last bin to the first.
  int longest = 0;
  int current = 0;
  for (size_t i = 0; i < counts.size() * 2; ++i) {
    current = counts[i % counts.size()] > 0 ? current + 1 : 0;
    longest = std::max(longest, current);
  }
  return std::min(longest, static_cast<int>(counts.size()));
}

double cv_score(const std::vector<int>& counts) {
  double total = 0;
  for (int c : counts) total += c;
  const double mean = total / static_cast<double>(counts.size());
  double squares = 0;
  for (int c : counts) squares += (c - mean) * (c - mean);
  const double cv = std::sqrt(squares / static_cast<double>(counts.size())) / mean;
  return cv > 1 ? 0 : std::min(1.0, round3(1 - cv));
}

// How many non-empty bins fall in each height bucket; buckets are ceil(sensitivity x tallest bar) wide so bars
// of nearly equal height count as one mode.
std::map<int64_t, int> height_buckets(const std::vector<int>& counts, double mode_sensitivity) {
  const int tallest = *std::max_element(counts.begin(), counts.end());
  const double width = std::ceil(tallest * mode_sensitivity);
  std::map<int64_t, int> buckets;
  for (int c : counts) {
    if (c > 0) ++buckets[static_cast<int64_t>(std::floor(c / width) * width)];
  }
  return buckets;
}

double bimodal_score(const std::vector<int>& counts, int non_empty, const RitaHistogramConfig& config) {
  const int minimum = config.bimodal_min_non_empty_bins < kLowestBimodalMinimum ? kBimodalMinimumFallback
                                                                                 : config.bimodal_min_non_empty_bins;
  if (non_empty < minimum) return 0;
  int largest = 0;
  int second = 0;
  for (const auto& [height, bars] : height_buckets(counts, config.mode_sensitivity)) {
    if (bars > largest) {
      second = largest;
      largest = bars;
    } else if (bars > second) {
      second = bars;
    }
  }
  const double denominator = std::max(non_empty - config.bimodal_outlier_removal, 1);
  return std::min(1.0, round3((largest + second) / denominator));
}

}  // namespace

RitaHistogramScore rita_histogram_score(int64_t window_start_s, int64_t window_end_s,
                                        std::span<const int64_t> sorted_seconds, const RitaHistogramConfig& config) {
  RitaHistogramScore h;
  h.counts = bin_counts(bin_edges(window_start_s, window_end_s, config.bins), sorted_seconds);
  h.non_empty_bins = static_cast<int>(std::count_if(h.counts.begin(), h.counts.end(), [](int c) { return c > 0; }));
  h.longest_run = longest_wrapping_run(h.counts);
  h.cv_score = cv_score(h.counts);
  h.bimodal_score = bimodal_score(h.counts, h.non_empty_bins, config);
  h.score = std::max(h.cv_score, h.bimodal_score);
  return h;
}

}  // namespace vigil
