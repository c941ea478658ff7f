// The per-format parsers behind feed_loader.h, and the sink they add indicators and problems to. Internal to
// src/intel/.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "intel/feed_loader.h"
#include "intel/indicator_set.h"

namespace vigil {

class FeedSink {
 public:
  FeedSink(IndicatorSet& set, FeedId feed, FeedReport& report) : set_(set), feed_(feed), report_(report) {}
  void add(Indicator indicator, std::string_view label) {
    if (set_.add(feed_, std::move(indicator), label))
      ++report_.loaded;
    else
      ++report_.duplicates;
  }
  void malformed(Status problem) {
    ++report_.malformed;
    if (report_.problems.size() < kMaxStoredProblems) report_.problems.push_back(std::move(problem));
  }
  FeedReport& report() { return report_; }
  const std::string& origin() const { return report_.origin; }

 private:
  IndicatorSet& set_;
  FeedId feed_;
  FeedReport& report_;
};

void parse_plain_feed(std::string_view text, FeedSink& sink);
void parse_csv_feed(std::string_view text, FeedSink& sink);
// Fails only when the text is not JSON or not a bundle (or a single indicator object).
Status parse_stix_feed(std::string_view text, FeedSink& sink);

// Shared by the line-based formats.
std::string_view trim_space(std::string_view s);

}  // namespace vigil
