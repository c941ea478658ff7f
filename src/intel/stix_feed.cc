// STIX 2.1 bundles: every "indicator" object whose pattern is an OR of ipv4-addr, ipv6-addr or domain-name
// comparisons. Read with simdjson's On-Demand API in one pass over the text, fields in any order.
//
// The DOM parser used before built a tape and copied every string of the document: on the benchmark's 348 MB
// bundle its freshly touched memory (page faults) cost more than the parse itself. On-Demand reads in place,
// but it validates only what is visited, so every value of the document is visited here (`skim`), and strings
// with escapes are unescaped, which checks them. An invalid document therefore still fails as a whole, as
// with DOM (tests hold the two to the same verdicts); since indicators are added while reading, a failure
// found late undoes them (FeedSink::discard).
#include <simdjson.h>

#include "intel/feed_parsers.h"
#include "intel/indicator_text.h"
#include "intel/stix_pattern.h"

namespace vigil {
namespace {

namespace od = simdjson::ondemand;
using simdjson::error_code;
using simdjson::SUCCESS;

// DOM's nesting limit, which On-Demand does not enforce: a document DOM refused is refused here too.
constexpr size_t kMaxDepth = simdjson::DEFAULT_MAX_DEPTH;

// A value an indicator may need: a string (unescaped) or a boolean; anything else is kOther.
struct Scalar {
  enum Kind : uint8_t { kMissing, kString, kBool, kOther } kind = kMissing;
  std::string_view text;
  bool flag = false;

  bool string(std::string_view& out) const {
    if (kind == kString) out = text;
    return kind == kString;
  }
};

// The members read_indicator looks at. A repeated key keeps its first value, as DOM's lookup did.
struct IndicatorFields {
  Scalar type, id, pattern_type, revoked, pattern, name;
};

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

// `parsed` is scratch space, passed in so its memory is reused from one indicator to the next.
void read_indicator(const IndicatorFields& f, size_t index, ParsedPattern& parsed, FeedSink& sink) {
  std::string_view id;
  f.id.string(id);
  if (std::string_view pattern_type; f.pattern_type.string(pattern_type) && pattern_type != "stix") {
    ++sink.report().unsupported;
    return;
  }
  // Revoked means the producer withdrew it (STIX 2.1 §3.2): matching it would raise findings it disowns.
  if (f.revoked.kind == Scalar::kBool && f.revoked.flag) {
    ++sink.report().revoked;
    return;
  }
  std::string_view pattern;
  if (!f.pattern.string(pattern)) {
    sink.malformed(Status::corruption(where(index, id) + ": indicator without a string \"pattern\"").at(sink.origin()));
    return;
  }
  parse_stix_pattern(pattern, parsed);
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
  f.name.string(name);
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

// ---- The walk ----

// A string value's text. Without a backslash it is the text between the quotes (stage 1 has already checked
// its UTF-8 and control bytes); with one it is unescaped into the parser, which rejects a bad escape as DOM did.
// Either way the value is consumed: one left unread is skipped, and the skipper takes `"a":` inside an array
// for a key, letting a stray colon through.
error_code read_string(od::value& v, std::string_view& out) {
  std::string_view token = v.raw_json_token();  // the quoted string and any whitespace after it
  std::string_view inner = token.substr(1, token.find_last_of('"') - 1);
  if (inner.find('\\') != std::string_view::npos) return v.get_string().get(out);
  out = inner;
  od::raw_json_string consumed;
  return v.get_raw_json_string().get(consumed);
}

// A key's text, unescaped when it has escapes (DOM compared unescaped keys, and rejected bad escapes in them).
error_code read_key(od::field& f, std::string_view& out) {
  const char* k = f.key().raw();
  size_t n = 0;
  bool escaped = false;
  for (; k[n] != '"'; ++n) {
    if (k[n] == '\\') {
      escaped = true;
      ++n;
    }
  }
  if (!escaped) {
    out = {k, n};
    return SUCCESS;
  }
  return f.unescaped_key().get(out);
}

error_code skim(od::value v, size_t depth, Scalar* out = nullptr);

error_code skim_object(od::object o, size_t depth) {
  for (auto member : o) {
    od::field f;
    std::string_view key;
    if (auto err = std::move(member).get(f); err != SUCCESS) return err;
    if (auto err = read_key(f, key); err != SUCCESS) return err;
    if (auto err = skim(f.value(), depth + 1); err != SUCCESS) return err;
  }
  return SUCCESS;
}

// Checks `v` through and through (nothing is skipped unread: On-Demand would not validate what it skips); when
// `out` is given, a string or boolean is kept there.
error_code skim(od::value v, size_t depth, Scalar* out) {
  od::json_type type;
  if (auto err = v.type().get(type); err != SUCCESS) return err;
  if (out != nullptr) out->kind = Scalar::kOther;
  switch (type) {
    case od::json_type::object: {
      od::object o;
      if (depth > kMaxDepth) return simdjson::DEPTH_ERROR;
      if (auto err = v.get_object().get(o); err != SUCCESS) return err;
      return skim_object(o, depth);
    }
    case od::json_type::array: {
      od::array a;
      if (depth > kMaxDepth) return simdjson::DEPTH_ERROR;
      if (auto err = v.get_array().get(a); err != SUCCESS) return err;
      for (auto element : a) {
        od::value e;
        if (auto err = std::move(element).get(e); err != SUCCESS) return err;
        if (auto err = skim(e, depth + 1); err != SUCCESS) return err;
      }
      return SUCCESS;
    }
    case od::json_type::string: {
      std::string_view s;
      if (auto err = read_string(v, s); err != SUCCESS) return err;
      if (out != nullptr) *out = {Scalar::kString, s, false};
      return SUCCESS;
    }
    case od::json_type::number: {
      od::number n;
      return v.get_number().get(n);
    }
    case od::json_type::boolean: {
      bool b = false;
      if (auto err = v.get_bool().get(b); err != SUCCESS) return err;
      if (out != nullptr) *out = {Scalar::kBool, {}, b};
      return SUCCESS;
    }
    case od::json_type::null: {
      bool null = false;
      if (auto err = v.is_null().get(null); err != SUCCESS) return err;
      return null ? SUCCESS : simdjson::N_ATOM_ERROR;
    }
  }
  return simdjson::TAPE_ERROR;
}

// Where a field's value goes: one of `f`'s members (only the first time the key appears), or nowhere.
Scalar* slot_for(std::string_view key, IndicatorFields& f) {
  Scalar* s = nullptr;
  if (key == "type") s = &f.type;
  else if (key == "id") s = &f.id;
  else if (key == "pattern") s = &f.pattern;
  else if (key == "pattern_type") s = &f.pattern_type;
  else if (key == "revoked") s = &f.revoked;
  else if (key == "name") s = &f.name;
  return s != nullptr && s->kind == Scalar::kMissing ? s : nullptr;
}

class BundleReader {
 public:
  explicit BundleReader(FeedSink& sink) : sink_(sink) {}

  // The document's root object: a bundle when its first "objects" member is an array, else perhaps a lone
  // indicator. Fails only when the document is not valid JSON.
  error_code read_root(od::object root) {
    IndicatorFields fields;
    bool objects_seen = false;
    for (auto member : root) {
      od::field f;
      std::string_view key;
      if (auto err = std::move(member).get(f); err != SUCCESS) return err;
      if (auto err = read_key(f, key); err != SUCCESS) return err;
      if (key == "objects" && !objects_seen) {
        objects_seen = true;
        od::json_type type;
        if (auto err = f.value().type().get(type); err != SUCCESS) return err;
        if (type == od::json_type::array) {
          bundle_ = true;
          if (auto err = read_objects(f.value()); err != SUCCESS) return err;
          continue;
        }
      }
      if (auto err = skim(f.value(), 2, slot_for(key, fields)); err != SUCCESS) return err;
    }
    std::string_view type;
    if (!bundle_ && fields.type.string(type) && type == "indicator") {
      lone_indicator_ = true;
      read_indicator(fields, 0, pattern_, sink_);
    }
    return SUCCESS;
  }
  bool bundle() const { return bundle_; }
  bool lone_indicator() const { return lone_indicator_; }

 private:
  error_code read_objects(od::value value) {
    od::array objects;
    if (auto err = value.get_array().get(objects); err != SUCCESS) return err;
    size_t index = 0;
    for (auto element : objects) {
      od::value v;
      od::json_type type;
      if (auto err = std::move(element).get(v); err != SUCCESS) return err;
      if (auto err = v.type().get(type); err != SUCCESS) return err;
      if (type == od::json_type::object) {
        if (auto err = read_object(v, index); err != SUCCESS) return err;
      } else {
        if (auto err = skim(v, 3); err != SUCCESS) return err;
        sink_.malformed(Status::corruption(where(index, {}) + ": not a JSON object").at(sink_.origin()));
      }
      ++index;
    }
    return SUCCESS;
  }

  // One member of "objects" (depth 3: root, array, object).
  error_code read_object(od::value value, size_t index) {
    od::object o;
    if (auto err = value.get_object().get(o); err != SUCCESS) return err;
    IndicatorFields fields;
    for (auto member : o) {
      od::field f;
      std::string_view key;
      if (auto err = std::move(member).get(f); err != SUCCESS) return err;
      if (auto err = read_key(f, key); err != SUCCESS) return err;
      if (auto err = skim(f.value(), 4, slot_for(key, fields)); err != SUCCESS) return err;
    }
    std::string_view type;
    if (!fields.type.string(type))
      sink_.malformed(Status::corruption(where(index, {}) + ": no \"type\"").at(sink_.origin()));
    else if (type == "indicator")
      read_indicator(fields, index, pattern_, sink_);
    else
      ++sink_.report().other_objects;
    return SUCCESS;
  }

  FeedSink& sink_;
  ParsedPattern pattern_;
  bool bundle_ = false, lone_indicator_ = false;
};

Status not_json(error_code err, const std::string& origin) {
  return Status::corruption(std::string("not a JSON document: ") + simdjson::error_message(err)).at(origin);
}

// A root that is not an object fails the feed either way; DOM tells which of the two messages it deserves.
Status refuse_non_object(const char* data, size_t size, const std::string& origin) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto err = parser.parse(data, size, true).get(root); err != SUCCESS) return not_json(err, origin);
  return Status::corruption("not a STIX bundle: not a JSON object").at(origin);
}

}  // namespace

Status parse_stix_feed(std::string_view text, size_t readable, FeedSink& sink) {
  static_assert(kJsonPadding >= simdjson::SIMDJSON_PADDING);
  simdjson::padded_string copy;  // only when the caller's text has no padding to spare
  std::string_view json = text;
  if (readable < text.size() + simdjson::SIMDJSON_PADDING) {
    copy = simdjson::padded_string(text);
    json = copy;
  }
  od::parser parser;
  od::document doc;
  if (auto err = parser.iterate(json.data(), json.size(), json.size() + simdjson::SIMDJSON_PADDING).get(doc);
      err != SUCCESS)
    return not_json(err, sink.origin());
  od::object root;
  if (doc.get_object().get(root) != SUCCESS) return refuse_non_object(json.data(), json.size(), sink.origin());
  BundleReader reader(sink);
  if (auto err = reader.read_root(root); err != SUCCESS) return not_json(err, sink.origin());
  // Nothing may follow the root: current_location() is out of bounds only at the end of the document.
  if (const char* rest = nullptr; doc.current_location().get(rest) != simdjson::OUT_OF_BOUNDS)
    return not_json(simdjson::TRAILING_CONTENT, sink.origin());
  if (!reader.bundle() && !reader.lone_indicator())
    return Status::corruption("not a STIX bundle: no \"objects\" array").at(sink.origin());
  return Status::ok();
}

}  // namespace vigil
