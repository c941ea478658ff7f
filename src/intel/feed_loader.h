// Feed files into an IndicatorSet: plain lists, CSV and STIX 2.1 bundles. A malformed line or object is
// reported with its line (or object index and id) and the rest of the feed still loads; only an unreadable
// file or a bundle that is not JSON fails the feed as a whole.
//
//   IndicatorSet set;
//   for (const auto& path : feed_paths) {
//     Result<FeedReport> r = load_feed_into(set, path);          // feed named after the file stem
//     if (!r.is_ok()) { warn(r.status().to_string()); continue; }
//     for (const Status& p : r.value().problems) warn(p.to_string());
//   }
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "intel/indicator_set.h"

namespace vigil {

enum class FeedFormat { kPlain, kCsv, kStix };

// At most this many problems are kept per feed; `malformed` counts them all.
constexpr size_t kMaxStoredProblems = 100;

struct FeedReport {
  std::string feed;    // the name matches carry
  std::string origin;  // the file (or what the text was called)
  FeedFormat format = FeedFormat::kPlain;
  uint64_t loaded = 0;           // indicators added to the set
  uint64_t duplicates = 0;       // already listed by this or an earlier feed: the first listing is kept
  uint64_t malformed = 0;        // lines / objects / pattern values that could not be read
  uint64_t unsupported = 0;      // STIX indicators of kinds vigil does not match (hashes, URLs, AND, ...)
  uint64_t revoked = 0;          // STIX indicators with "revoked": true
  uint64_t other_objects = 0;    // STIX objects that are not indicators (identities, relationships, ...)
  std::vector<Status> problems;  // the first kMaxStoredProblems malformed entries, each located
};

struct FeedLoad {
  IndicatorSet indicators;
  FeedReport report;
};

// ".json"/".stix" or text starting with '{' → STIX; ".csv" → CSV; anything else a plain list.
FeedFormat detect_feed_format(std::string_view path, std::string_view text);
// The file's stem: "/feeds/abuse-ch.csv" → "abuse-ch".
std::string feed_name_from_path(const std::string& path);

// Reads `path` into `set` as a new feed called `feed_name` (the file stem when empty).
Result<FeedReport> load_feed_into(IndicatorSet& set, const std::string& path, std::string feed_name = {});
// The same into a fresh set.
Result<FeedLoad> load_feed(const std::string& path, std::string feed_name = {});

// From text already in memory (tests, fuzzing). `origin` names it in problems.
Result<FeedReport> parse_feed_into(IndicatorSet& set, std::string_view text, FeedFormat format, std::string feed_name,
                                   std::string origin = {});

}  // namespace vigil
