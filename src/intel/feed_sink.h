// FeedSink: where the feed parsers put what they read. Internal to src/intel/.
//
// Adding indicators to the tables waits on cache misses (the tables are larger than the cache, and a
// big feed's text streams through it), so indicators are added in batches of 32 whose table slots are
// prefetched first (the million-line plain and CSV loads went from 0.49 to 0.42 s and 0.72 to 0.58 s).
// A feed big enough to fill a hand-over batch is added on a thread of its own while the parser reads on:
// for a STIX bundle the JSON walk and the inserts take similar time. Order is kept either way, so "first
// listing wins" still holds.
#pragma once

#include <cstddef>
#include <exception>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/bounded_queue.h"
#include "core/status.h"
#include "intel/feed_loader.h"
#include "intel/indicator_set.h"

namespace vigil {

class FeedSink {
 public:
  // `text` is the feed: labels viewing it are kept as views until added, others are copied.
  FeedSink(IndicatorSet& set, FeedId feed, FeedReport& report, std::string_view text);
  ~FeedSink();  // flush(), with any failure of the inserting thread dropped
  FeedSink(const FeedSink&) = delete;
  FeedSink& operator=(const FeedSink&) = delete;

  void add(Indicator indicator, std::string_view label);
  void malformed(Status problem);
  // Everything added so far is in the set and counted in the report. Rethrows what the inserting thread
  // threw (out of memory).
  void flush();
  // Undoes the feed: what is pending is dropped and what was added removed. For a STIX document found invalid
  // after some of its indicators were read (the feed fails as a whole, as if none had been).
  void discard();
  FeedReport& report() { return report_; }
  const std::string& origin() const { return report_.origin; }

 private:
  struct Pending {
    Indicator indicator;
    std::string_view label;
    std::string owned;
  };
  using Batch = std::vector<Pending>;
  struct Counts {
    uint64_t loaded = 0, duplicates = 0;
  };

  void hand_over();
  void insert_pending_here();
  void count(const Counts& c);
  void insert_batches();
  static void insert(IndicatorSet& set, FeedId feed, Batch& batch, Counts& counts);
  void stop_inserting();

  IndicatorSet& set_;
  FeedId feed_;
  FeedReport& report_;
  std::string_view text_;
  Batch pending_;
  BoundedQueue<Batch> queue_;
  std::thread inserter_;   // started with the first full batch
  Counts inserted_;        // the inserting thread's, read after it is joined
  std::exception_ptr failure_;
  bool stopped_ = false;   // flush() or discard() ended the inserting thread; it is not restarted
};

}  // namespace vigil
