// The per-format parsers behind feed_loader.h, and the sink they add indicators and problems to. Internal to
// src/intel/.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"
#include "intel/feed_loader.h"
#include "intel/indicator_set.h"

namespace vigil {

// Where parsers put what they read. Indicators are added in batches of 32 whose table slots are prefetched
// first: the inserts were waiting on cache misses, and overlapping them took the benchmark's million-line
// loads from 0.49 to 0.42 s (plain) and 0.72 to 0.58 s (CSV), median CPU time against batches of 1.
// Order is kept, so "first listing wins" still holds.
class FeedSink {
 public:
  // `text` is the feed: labels viewing it are kept as views until the batch is added, others are copied.
  FeedSink(IndicatorSet& set, FeedId feed, FeedReport& report, std::string_view text)
      : set_(set), feed_(feed), report_(report), text_(text) {}
  ~FeedSink() { flush(); }
  FeedSink(const FeedSink&) = delete;
  FeedSink& operator=(const FeedSink&) = delete;

  void add(Indicator indicator, std::string_view label) {
    Pending& p = pending_[pending_count_++];
    p.indicator = std::move(indicator);
    p.label = label;
    auto here = reinterpret_cast<uintptr_t>(label.data()), begin = reinterpret_cast<uintptr_t>(text_.data());
    if (!label.empty() && (here < begin || here + label.size() > begin + text_.size())) {
      p.owned.assign(label);  // a CSV scratch string or simdjson's buffer: gone by the time the batch is added
      p.label = p.owned;
    }
    if (pending_count_ == kBatch) flush();
  }
  void malformed(Status problem) {
    ++report_.malformed;
    if (report_.problems.size() < kMaxStoredProblems) report_.problems.push_back(std::move(problem));
  }
  void flush() {
    for (size_t i = 0; i < pending_count_; ++i) set_.prefetch(pending_[i].indicator);
    for (size_t i = 0; i < pending_count_; ++i) {
      if (set_.add(feed_, std::move(pending_[i].indicator), pending_[i].label))
        ++report_.loaded;
      else
        ++report_.duplicates;
    }
    pending_count_ = 0;
  }
  // Undoes the feed: what is pending is dropped and what was added removed. For a STIX document found invalid
  // after some of its indicators were read (the feed fails as a whole, as if none had been).
  void discard() {
    pending_count_ = 0;
    set_.drop_feed(feed_);
  }
  FeedReport& report() { return report_; }
  const std::string& origin() const { return report_.origin; }

 private:
  static constexpr size_t kBatch = 32;
  struct Pending {
    Indicator indicator;
    std::string_view label;
    std::string owned;
  };
  IndicatorSet& set_;
  FeedId feed_;
  FeedReport& report_;
  std::string_view text_;
  std::array<Pending, kBatch> pending_;
  size_t pending_count_ = 0;
};

// Bytes simdjson may read past the end of a document (SIMDJSON_PADDING); a caller that has them spares a copy.
constexpr size_t kJsonPadding = 64;

// parse_feed_into, told that `readable` bytes from text.data() may be read (>= text.size()).
Result<FeedReport> parse_feed_text(IndicatorSet& set, std::string_view text, size_t readable, FeedFormat format,
                                   std::string feed_name, std::string origin);

void parse_plain_feed(std::string_view text, FeedSink& sink);
void parse_csv_feed(std::string_view text, FeedSink& sink);
// Fails only when the text is not JSON or not a bundle (or a single indicator object).
// `readable` as for parse_feed_text: with kJsonPadding bytes to spare the text is parsed in place.
Status parse_stix_feed(std::string_view text, size_t readable, FeedSink& sink);

// Shared by the line-based formats.
std::string_view trim_space(std::string_view s);

}  // namespace vigil
