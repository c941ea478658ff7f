// The loop both JSON-lines readers (Zeek JSON, Suricata EVE) share: every non-blank line within the
// length limit is parsed with simdjson's DOM parser (in place when the line buffer has room for
// simdjson's padding, else from a padded copy) and handed over as an object; a line that is not a JSON
// object is skipped with the reason ("malformed JSON", "not a JSON object"); a read error ends up in report.errors.
#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>

#include "sources/logs/line_reader.h"
#include "sources/logs/read_report.h"

namespace vigil {

// on_object(simdjson::dom::object, uint64_t line_number) is called for each object line.
template <typename OnObject>
void for_each_json_object(LineReader& lines, const std::string& path, ReadReport& report, OnObject&& on_object) {
  simdjson::dom::parser parser;
  std::string padded;
  std::string_view text;
  for (;;) {
    LineStatus st = lines.next(text);
    if (st == LineStatus::kEnd) break;
    uint64_t n = lines.line_number();
    if (st == LineStatus::kTooLong) {
      report.skip("line longer than the limit", path, n);
      continue;
    }
    if (text.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    ++report.lines;
    const char* json = text.data();
    if (lines.readable_after(text) < simdjson::SIMDJSON_PADDING) {
      padded.assign(text);
      padded.reserve(text.size() + simdjson::SIMDJSON_PADDING);
      json = padded.data();
    }
    simdjson::dom::element doc;
    simdjson::dom::object obj;
    if (parser.parse(json, text.size(), false).get(doc) != simdjson::SUCCESS) {
      report.skip("malformed JSON", path, n);
      continue;
    }
    if (doc.get_object().get(obj) != simdjson::SUCCESS) {
      report.skip("not a JSON object", path, n);
      continue;
    }
    on_object(obj, n);
  }
  if (!lines.error().is_ok()) report.errors.push_back(lines.error());
}

}  // namespace vigil
