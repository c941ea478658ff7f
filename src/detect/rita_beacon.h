// RITA v5's beacon score for one unit (source -> destination IP, or source -> domain), as a baseline to run
// side by side with vigil's own detector. Reimplemented from RITA's published source, not linked to it:
//   activecm/rita (v5, commit a3c5150 as cited in docs; read at 0b6db7a) analysis/beacons.go (the four
//   sub-scores and their weighting), analysis/analysis.go (who is scored: >= 4 unique timestamps and
//   < 86,400 connections), analysis/spagooper.go (the per-unit lists: timestamps in whole seconds, sorted,
//   duplicates kept, orig_ip_bytes per connection, connections from the start of the hour holding the
//   window start), config/config.go (default weights and thresholds).
// docs: ../shared/docs/DETECTION.md "RITA v5's beacon score, exactly"; src/detect/NOTES.md lists where
// RITA's code and that summary differ.
//
// Usage:
//   std::vector<RitaConnection> conns = ...;                       // one unit, any order
//   RitaWindow window = RitaWindow::from_dataset(first_ts, last_ts);  // the whole dataset's first/last time
//   RitaBeaconResult r = rita_beacon_score(conns, window);
//   if (r.scored()) use(r.score); else report(rita_skip_reason_name(r.skip));
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "core/timestamp.h"
#include "detect/rita_histogram.h"
#include "detect/rita_statistics.h"

namespace vigil {

// One connection of the unit: its start time (vigil's nanoseconds; RITA keeps whole seconds, so this is
// floored to the second) and the originator's IP-level bytes (Zeek's orig_ip_bytes).
struct RitaConnection {
  Timestamp ts;
  int64_t orig_ip_bytes = 0;
};

// The beacon window, in whole seconds. RITA takes it from the whole dataset, not from the unit: it ends at
// the dataset's last timestamp and starts 24 h earlier, or at the dataset's first timestamp if that is later.
struct RitaWindow {
  int64_t start_s = 0;
  int64_t end_s = 0;
  static RitaWindow from_dataset(Timestamp first, Timestamp last);
};

// Why a unit got no score. RITA checks these in this order and silently skips the unit.
enum class RitaSkip {
  kNone,                    // scored
  kTooFewUniqueTimestamps,  // fewer than 4 distinct seconds
  kStrobe,                  // 86,400 connections or more: RITA calls it a strobe instead
  kTooFewNonZeroIntervals,  // fewer than 3 intervals above 0 s (unreachable once 4 distinct seconds exist)
  kEmptyWindow,             // window end not after its start
};
std::string_view rita_skip_reason_name(RitaSkip skip);

// RITA's defaults (config/config.go); weights must sum to 1.
struct RitaBeaconConfig {
  int unique_timestamp_threshold = 4;
  double timestamp_weight = 0.25;
  double size_weight = 0.25;
  double duration_weight = 0.25;
  double histogram_weight = 0.25;
  int duration_min_non_empty_bins = 6;     // fewer non-empty hours: duration score 0
  int duration_ideal_consistent_bins = 12; // a run of this many non-empty hours gives consistency 1
  RitaHistogramConfig histogram;
};

struct RitaDurationScore {
  double coverage = 0;     // ceil3((last ts - first ts) / window length), at most 1
  double consistency = 0;  // ceil3(longest wrapping run / ideal run), at most 1
  double score = 0;        // max of both; 0 when too few bins are non-empty
};

struct RitaBeaconResult {
  RitaSkip skip = RitaSkip::kNone;
  bool scored() const { return skip == RitaSkip::kNone; }

  RitaWindow window;
  size_t connections = 0;        // in the window, as RITA counts them
  size_t unique_timestamps = 0;  // distinct whole seconds among them

  double score = 0;  // round3(weighted sum of the four below)
  RitaStatisticalScore timestamp;  // over the sorted non-zero intervals
  RitaStatisticalScore size;       // over orig_ip_bytes, zeros kept
  RitaHistogramScore histogram;
  RitaDurationScore duration;
};

RitaBeaconResult rita_beacon_score(std::span<const RitaConnection> connections, RitaWindow window,
                                   const RitaBeaconConfig& config = {});

// The parts, public so RITA's own unit tables can be replayed against them.
// Timestamp score over the non-zero intervals of ascending `sorted_seconds`; nullopt where RITA refuses
// (fewer than 4 timestamps or fewer than 3 non-zero intervals).
std::optional<RitaStatisticalScore> rita_timestamp_score(std::span<const int64_t> sorted_seconds);
// Size score over the bytes in any order, zeros kept; nullopt for fewer than 3 values, as in RITA.
std::optional<RitaStatisticalScore> rita_size_score(std::span<const int64_t> orig_ip_bytes);
// Duration score; needs last_s > first_s and window.end_s > window.start_s.
RitaDurationScore rita_duration_score(RitaWindow window, int64_t first_s, int64_t last_s,
                                      const RitaHistogramScore& histogram, const RitaBeaconConfig& config);

}  // namespace vigil
