// Fuzzes the threat-intel feed parsers from text: the first byte picks the plain-list, CSV or STIX loader, the
// STIX pattern parser alone, or parse_indicator per line; the rest is the text. Checks what must always hold:
// every loaded indicator is counted once, problems are capped, an indicator's text parses back to itself and
// is then found by the matching lookup.
#include <cstdlib>
#include <string>
#include <string_view>

#include "intel/feed_loader.h"
#include "intel/indicator_text.h"
#include "intel/stix_pattern.h"

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

volatile size_t g_sink;

void round_trip(std::string_view line) {
  vigil::Result<vigil::Indicator> r = vigil::parse_indicator(line);
  if (!r.is_ok()) return;
  std::string text = r.value().to_string();
  vigil::Result<vigil::Indicator> again = vigil::parse_indicator(text);
  check(again.is_ok() && again.value().to_string() == text);
  vigil::IndicatorSet set;
  vigil::FeedId feed = set.add_feed("fuzz");
  check(set.add(feed, r.value(), line));
  if (r.value().kind == vigil::IndicatorKind::kName) {
    auto m = set.match_name("sub." + text);
    check(m.has_value() && m->name == text && m->feed == "fuzz");
  } else {
    auto m = set.match_address(r.value().address);
    check(m.has_value() && m->indicator() == text);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  unsigned mode = data[0] % 5;
  if (mode == 3) {
    vigil::ParsedPattern p = vigil::parse_stix_pattern(text);
    size_t sum = p.error.size();
    for (const auto& v : p.values) sum += v.value.size();
    g_sink = sum;
    return 0;
  }
  if (mode == 4) {
    size_t pos = 0;
    while (pos <= text.size()) {
      size_t eol = text.find('\n', pos);
      if (eol == std::string_view::npos) eol = text.size();
      round_trip(text.substr(pos, eol - pos));
      pos = eol + 1;
    }
    return 0;
  }
  vigil::FeedFormat format = mode == 0   ? vigil::FeedFormat::kPlain
                             : mode == 1 ? vigil::FeedFormat::kCsv
                                         : vigil::FeedFormat::kStix;
  vigil::IndicatorSet set;
  vigil::Result<vigil::FeedReport> r = vigil::parse_feed_into(set, text, format, "fuzz", "fuzz.txt");
  if (!r.is_ok()) return 0;
  const vigil::FeedReport& report = r.value();
  check(report.loaded == set.size());
  check(report.problems.size() <= vigil::kMaxStoredProblems && report.problems.size() <= report.malformed);
  size_t sum = 0;
  for (const auto& p : report.problems) sum += p.to_string().size();
  // Lookups on the lines themselves: hits must name the feed and carry a short label.
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    if (auto m = set.match_name(line)) {
      check(m->feed == "fuzz" && m->label.size() <= 200);
      sum += m->indicator().size();
    }
    if (auto a = vigil::IpAddr::parse(line)) {
      if (auto m = set.match_address(*a)) check(m->feed == "fuzz");
    }
    pos = eol + 1;
  }
  g_sink = sum;
  return 0;
}
