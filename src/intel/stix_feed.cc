// STIX 2.1 bundles: every "indicator" object whose pattern is an OR of ipv4-addr, ipv6-addr or domain-name
// comparisons. Read with simdjson's DOM parser; fields are read with error codes, never assumed.
#include <simdjson.h>

#include "intel/feed_parsers.h"
#include "intel/indicator_text.h"
#include "intel/stix_pattern.h"

namespace vigil {
namespace {

namespace dom = simdjson::dom;

// "object 12 (indicator--4f2e...)": where a problem is, since a bundle is often one long line.
std::string where(size_t index, std::string_view id) {
  std::string w = "object " + std::to_string(index);
  if (!id.empty()) w += " (" + printable_excerpt(id, 80) + ")";
  return w;
}

bool kind_fits(StixObject object, const Indicator& ind) {
  switch (object) {
    case StixObject::kIpv4: return ind.kind != IndicatorKind::kName && ind.address.is_v4();
    case StixObject::kIpv6: return ind.kind != IndicatorKind::kName && !ind.address.is_v4();
    case StixObject::kDomain: return ind.kind == IndicatorKind::kName;
  }
  return false;
}

void read_indicator(dom::object o, size_t index, FeedSink& sink) {
  std::string_view id;
  if (o["id"].get(id) != simdjson::SUCCESS) id = {};
  std::string_view pattern_type;
  if (o["pattern_type"].get(pattern_type) == simdjson::SUCCESS && pattern_type != "stix") {
    ++sink.report().unsupported;
    return;
  }
  // Revoked means the producer withdrew it (STIX 2.1 §3.2): matching it would raise findings it disowns.
  if (bool revoked = false; o["revoked"].get(revoked) == simdjson::SUCCESS && revoked) {
    ++sink.report().revoked;
    return;
  }
  std::string_view pattern;
  if (o["pattern"].get(pattern) != simdjson::SUCCESS) {
    sink.malformed(Status::corruption(where(index, id) + ": indicator without a string \"pattern\"").at(sink.origin()));
    return;
  }
  ParsedPattern parsed = parse_stix_pattern(pattern);
  if (parsed.outcome == PatternOutcome::kMalformed) {
    sink.malformed(Status::corruption(where(index, id) + ": " + parsed.error + ": '" + printable_excerpt(pattern) + "'")
                       .at(sink.origin()));
    return;
  }
  if (parsed.outcome == PatternOutcome::kUnsupported) {
    ++sink.report().unsupported;
    return;
  }
  std::string_view name;
  if (o["name"].get(name) != simdjson::SUCCESS) name = {};
  for (const StixValue& v : parsed.values) {
    // Values are exact: no URL reduction or refanging, which parse_indicator would do for list feeds.
    bool plain = find_any(v.value, "[({@?#\\ ") == std::string::npos && v.value.find("://") == std::string::npos &&
                 (v.object != StixObject::kDomain || find_any(v.value, ":/") == std::string::npos);
    Result<Indicator> ind = parse_indicator(v.value);
    if (!plain || !ind.is_ok() || !kind_fits(v.object, ind.value())) {
      sink.malformed(
          Status::corruption(where(index, id) + ": bad value '" + printable_excerpt(v.value) + "' in pattern")
              .at(sink.origin()));
      continue;
    }
    sink.add(ind.take(), name);
  }
}

}  // namespace

Status parse_stix_feed(std::string_view text, size_t readable, FeedSink& sink) {
  static_assert(kJsonPadding >= simdjson::SIMDJSON_PADDING);
  dom::parser parser;
  dom::element root;
  bool copy = readable < text.size() + simdjson::SIMDJSON_PADDING;
  if (auto err = parser.parse(text.data(), text.size(), copy).get(root); err != simdjson::SUCCESS)
    return Status::corruption(std::string("not a JSON document: ") + simdjson::error_message(err)).at(sink.origin());
  dom::object top;
  if (root.get(top) != simdjson::SUCCESS)
    return Status::corruption("not a STIX bundle: not a JSON object").at(sink.origin());
  dom::array objects;
  std::string_view type;
  if (top["objects"].get(objects) != simdjson::SUCCESS) {
    if (top["type"].get(type) == simdjson::SUCCESS && type == "indicator") {  // a lone indicator
      read_indicator(top, 0, sink);
      return Status::ok();
    }
    return Status::corruption("not a STIX bundle: no \"objects\" array").at(sink.origin());
  }
  size_t index = 0;
  for (dom::element e : objects) {
    dom::object o;
    if (e.get(o) != simdjson::SUCCESS) {
      sink.malformed(Status::corruption(where(index, {}) + ": not a JSON object").at(sink.origin()));
    } else if (o["type"].get(type) != simdjson::SUCCESS) {
      sink.malformed(Status::corruption(where(index, {}) + ": no \"type\"").at(sink.origin()));
    } else if (type == "indicator") {
      read_indicator(o, index, sink);
    } else {
      ++sink.report().other_objects;
    }
    ++index;
  }
  return Status::ok();
}

}  // namespace vigil
