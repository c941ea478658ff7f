// The per-format parsers behind feed_loader.h, and the sink they add indicators and problems to. Internal to
// src/intel/.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"
#include "intel/feed_loader.h"
#include "intel/feed_sink.h"
#include "intel/indicator_set.h"

namespace vigil {

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
