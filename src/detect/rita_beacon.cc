// RITA v5's beacon score for one unit (see rita_beacon.h for the sources).
#include "detect/rita_beacon.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace vigil {
namespace {

constexpr int64_t kNanosPerSecond = 1'000'000'000;
constexpr int64_t kSecondsPerHour = 3600;
constexpr int64_t kWindowSeconds = 24 * kSecondsPerHour;
// At one connection a second for a day RITA stops calling it a beacon and calls it a strobe.
constexpr size_t kStrobeConnections = 86'400;
constexpr int kMinNonZeroIntervals = 3;
constexpr size_t kMinTimestamps = 4;
constexpr size_t kMinSizes = 3;

int64_t floor_div(int64_t a, int64_t b) {
  const int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

int64_t whole_seconds(Timestamp t) { return floor_div(t.ns, kNanosPerSecond); }

// RITA selects a unit's connections by hour bucket (`hour >= toStartOfHour(min_ts)` in spagooper.go), so the
// part of the hour before the window start is included too.
int64_t first_selected_second(const RitaWindow& window) {
  return floor_div(window.start_s, kSecondsPerHour) * kSecondsPerHour;
}

struct UnitLists {
  std::vector<int64_t> seconds;  // sorted, duplicates kept
  std::vector<int64_t> bytes;
};

UnitLists select_connections(std::span<const RitaConnection> connections, const RitaWindow& window) {
  UnitLists lists;
  const int64_t first = first_selected_second(window);
  for (const RitaConnection& c : connections) {
    const int64_t s = whole_seconds(c.ts);
    if (s < first || s > window.end_s) continue;
    lists.seconds.push_back(s);
    lists.bytes.push_back(c.orig_ip_bytes);
  }
  std::sort(lists.seconds.begin(), lists.seconds.end());
  return lists;
}

size_t count_unique(const std::vector<int64_t>& sorted) {
  if (sorted.empty()) return 0;
  size_t unique = 1;
  for (size_t i = 1; i < sorted.size(); ++i) unique += sorted[i] != sorted[i - 1] ? 1 : 0;
  return unique;
}

RitaSkip admission(const RitaBeaconResult& r, const RitaBeaconConfig& config) {
  if (r.unique_timestamps < static_cast<size_t>(config.unique_timestamp_threshold)) {
    return RitaSkip::kTooFewUniqueTimestamps;
  }
  if (r.connections >= kStrobeConnections) return RitaSkip::kStrobe;
  if (r.window.end_s <= r.window.start_s) return RitaSkip::kEmptyWindow;
  return RitaSkip::kNone;
}

double weighted_total(const RitaBeaconResult& r, const RitaBeaconConfig& config) {
  return round3(r.timestamp.score * config.timestamp_weight + r.size.score * config.size_weight +
                r.duration.score * config.duration_weight + r.histogram.score * config.histogram_weight);
}

}  // namespace

RitaWindow RitaWindow::from_dataset(Timestamp first, Timestamp last) {
  const int64_t end = whole_seconds(last);
  return {std::max(whole_seconds(first), end - kWindowSeconds), end};
}

std::string_view rita_skip_reason_name(RitaSkip skip) {
  switch (skip) {
    case RitaSkip::kNone: return "scored";
    case RitaSkip::kTooFewUniqueTimestamps: return "fewer than 4 unique timestamps";
    case RitaSkip::kStrobe: return "strobe (86,400 or more connections)";
    case RitaSkip::kTooFewNonZeroIntervals: return "fewer than 3 non-zero intervals";
    case RitaSkip::kEmptyWindow: return "window end not after window start";
  }
  return "unknown";
}

std::optional<RitaStatisticalScore> rita_timestamp_score(std::span<const int64_t> sorted_seconds) {
  if (sorted_seconds.size() < kMinTimestamps) return std::nullopt;
  // Intervals between the full list (duplicates give zeros), sorted; the score uses only those above zero,
  // which is the same as the intervals between unique timestamps.
  std::vector<double> intervals;
  for (size_t i = 1; i < sorted_seconds.size(); ++i) {
    const int64_t gap = sorted_seconds[i] - sorted_seconds[i - 1];
    if (gap > 0) intervals.push_back(static_cast<double>(gap));
  }
  if (intervals.size() < kMinNonZeroIntervals) return std::nullopt;
  std::sort(intervals.begin(), intervals.end());
  // An interval median under 1 s cannot occur, but RITA's default for it is a perfect MAD score.
  return rita_statistical_score(intervals, 1.0);
}

std::optional<RitaStatisticalScore> rita_size_score(std::span<const int64_t> orig_ip_bytes) {
  if (orig_ip_bytes.size() < kMinSizes) return std::nullopt;
  std::vector<double> sizes;
  sizes.reserve(orig_ip_bytes.size());
  for (int64_t b : orig_ip_bytes) sizes.push_back(static_cast<double>(b));
  std::sort(sizes.begin(), sizes.end());
  // Median size under 1 byte means the unit sends nothing: no evidence of regular payloads, MAD score 0.
  return rita_statistical_score(sizes, 0.0);
}

RitaDurationScore rita_duration_score(RitaWindow window, int64_t first_s, int64_t last_s,
                                      const RitaHistogramScore& histogram, const RitaBeaconConfig& config) {
  RitaDurationScore d;
  if (histogram.non_empty_bins < config.duration_min_non_empty_bins) return d;
  const double span = static_cast<double>(last_s - first_s);
  d.coverage = std::min(1.0, ceil3(span / static_cast<double>(window.end_s - window.start_s)));
  d.consistency = std::min(1.0, ceil3(static_cast<double>(histogram.longest_run) /
                                      config.duration_ideal_consistent_bins));
  d.score = std::max(d.coverage, d.consistency);
  return d;
}

RitaBeaconResult rita_beacon_score(std::span<const RitaConnection> connections, RitaWindow window,
                                   const RitaBeaconConfig& config) {
  RitaBeaconResult r;
  r.window = window;
  const UnitLists lists = select_connections(connections, window);
  r.connections = lists.seconds.size();
  r.unique_timestamps = count_unique(lists.seconds);
  r.skip = admission(r, config);
  if (!r.scored()) return r;

  const std::optional<RitaStatisticalScore> timestamp = rita_timestamp_score(lists.seconds);
  if (!timestamp) {
    r.skip = RitaSkip::kTooFewNonZeroIntervals;
    return r;
  }
  r.timestamp = *timestamp;
  r.size = rita_size_score(lists.bytes).value_or(RitaStatisticalScore{});
  r.histogram = rita_histogram_score(window.start_s, window.end_s, lists.seconds, config.histogram);
  r.duration = rita_duration_score(window, lists.seconds.front(), lists.seconds.back(), r.histogram, config);
  r.score = weighted_total(r, config);
  return r;
}

}  // namespace vigil
