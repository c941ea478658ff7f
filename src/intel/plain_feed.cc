// Plain-list feeds: one indicator per line, '#' comments; text after the indicator becomes its label.
#include "intel/feed_parsers.h"
#include "intel/indicator_text.h"

namespace vigil {
namespace {

constexpr std::string_view kSeparators = " \t,;";

// A hosts-file line ("0.0.0.0 evil.com") lists the name, not the sinkhole address.
bool is_sinkhole(std::string_view s) { return s == "0.0.0.0" || s == "127.0.0.1" || s == "::" || s == "::1"; }

// string_view::find_first_of calls memchr on the set once per byte; this is the per-line hot path.
size_t find_separator(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i)
    if (s[i] == ' ' || s[i] == '\t' || s[i] == ',' || s[i] == ';') return i;
  return std::string_view::npos;
}

bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

}  // namespace

void parse_plain_feed(std::string_view text, FeedSink& sink) {
  uint64_t line_no = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    if (size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    line = trim_space(line);
    if (line.empty()) continue;
    size_t sep = find_separator(line);
    std::string_view token = line.substr(0, sep);
    std::string_view rest = sep == std::string_view::npos ? std::string_view{} : line.substr(sep);
    rest = trim_space(rest);
    if (is_sinkhole(token) && !rest.empty() && is_alnum(rest.front())) {
      sep = find_separator(rest);
      token = rest.substr(0, sep);
      rest = sep == std::string_view::npos ? std::string_view{} : rest.substr(sep);
    }
    while (!rest.empty() && kSeparators.find(rest.front()) != std::string_view::npos) rest.remove_prefix(1);
    Result<Indicator> ind = parse_indicator(token);
    if (!ind.is_ok()) {
      sink.malformed(Status(ind.status()).at_line(sink.origin(), line_no));
      continue;
    }
    sink.add(ind.take(), trim_space(rest));
  }
}

}  // namespace vigil
