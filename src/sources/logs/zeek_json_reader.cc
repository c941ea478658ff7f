// Zeek JSON lines through simdjson's on-demand parser; the same field setters as the TSV reader.
#include "sources/logs/zeek_json_reader.h"

#include <simdjson.h>

#include <cmath>
#include <deque>
#include <unordered_map>
#include <vector>

namespace vigil {
namespace {

namespace dom = simdjson::dom;

// One parsed line: its fields as (key, value) text pairs, in order.
struct JsonField {
  std::string key;  // owned: keys of nested objects are built ("id." + "orig_h")
  std::string_view text;
  bool is_null = false;
  bool is_list = false;
  size_t items_begin = 0, items_end = 0;  // into JsonLine::items
};
struct JsonLine {
  std::vector<JsonField> fields;
  size_t used = 0;
  std::vector<std::string_view> items;
  std::deque<std::string> numbers;  // text of numbers (the document does not keep it); a deque keeps views valid
  size_t numbers_used = 0;
  JsonField& add() {
    if (used == fields.size()) fields.emplace_back();
    JsonField& f = fields[used++];
    f.is_null = f.is_list = false;
    f.text = {};
    return f;
  }
  std::string& number_slot() {
    if (numbers_used == numbers.size()) numbers.emplace_back();
    return numbers[numbers_used++];
  }
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

// A double as Zeek's TSV writer would print it: to the microsecond ("1700000000.123456"). Zeek's times and
// intervals have microsecond precision, and a double holds an epoch time to well under that.
void double_text(double v, std::string& out) {
  out.clear();
  if (!(v > -9e12 && v < 9e12)) {  // not a time or interval: keep a form the parsers reject
    out = "nan";
    return;
  }
  long long micros = std::llround(v * 1e6);
  if (micros < 0) {
    out += '-';
    micros = -micros;
  }
  out += std::to_string(micros / 1'000'000);
  std::string frac = std::to_string(micros % 1'000'000);
  out += '.';
  out.append(6 - frac.size(), '0');
  out += frac;
}

// The text of a scalar: strings unescaped, numbers in Zeek's TSV form, booleans as Zeek's T/F.
bool scalar_text(dom::element v, JsonLine& line, std::string_view& out, bool& is_null) {
  switch (v.type()) {
    case dom::element_type::STRING: return v.get_string().get(out) == simdjson::SUCCESS;
    case dom::element_type::INT64: {
      std::string& slot = line.number_slot();
      slot = std::to_string(int64_t(v));
      out = slot;
      return true;
    }
    case dom::element_type::UINT64: {
      std::string& slot = line.number_slot();
      slot = std::to_string(uint64_t(v));
      out = slot;
      return true;
    }
    case dom::element_type::DOUBLE: {
      std::string& slot = line.number_slot();
      double_text(double(v), slot);
      out = slot;
      return true;
    }
    case dom::element_type::BOOL: out = bool(v) ? "T" : "F"; return true;
    case dom::element_type::NULL_VALUE: is_null = true; return true;
    default: return false;
  }
}

bool collect(dom::object obj, const std::string& prefix, JsonLine& line, int depth) {
  for (auto [key, v] : obj) {
    if (v.type() == dom::element_type::OBJECT) {
      if (depth > 2) return false;
      if (!collect(dom::object(v), prefix + std::string(key) + ".", line, depth + 1)) return false;
      continue;
    }
    JsonField& f = line.add();
    f.key = prefix;
    f.key += key;
    if (v.type() == dom::element_type::ARRAY) {
      f.is_list = true;
      f.items_begin = line.items.size();
      for (dom::element element : dom::array(v)) {
        std::string_view text;
        bool null = false;
        if (!scalar_text(element, line, text, null)) return false;
        if (!null) line.items.push_back(text);
      }
      f.items_end = line.items.size();
      continue;
    }
    if (!scalar_text(v, line, f.text, f.is_null)) return false;
  }
  return true;
}

template <typename Record>
class Binder {
 public:
  explicit Binder(std::span<const FieldDef<Record>> fields) : fields_(fields) {
    for (size_t i = 0; i < fields.size(); ++i) index_.emplace(fields[i].name, static_cast<int>(i));
  }
  // Fills a record from one line; false (with the bad column in `bad`) when a value is malformed or a
  // required field is missing.
  bool fill(const JsonLine& line, Record& r, std::string& bad) {
    if (cache_.size() < line.used) cache_.resize(line.used);
    seen_.assign(fields_.size(), false);
    FieldInput in;
    for (size_t i = 0; i < line.used; ++i) {
      const JsonField& jf = line.fields[i];
      // Zeek writes the keys of a log in the same order on every line: remember where each key went.
      if (cache_[i].first != jf.key) {
        auto it = index_.find(jf.key);
        cache_[i] = {jf.key, it == index_.end() ? -1 : it->second};
      }
      int f = cache_[i].second;
      if (f < 0 || jf.is_null) continue;
      in.text = jf.text;
      in.is_list = jf.is_list;
      in.items = std::span<const std::string_view>(line.items.data() + jf.items_begin, jf.items_end - jf.items_begin);
      if (!fields_[static_cast<size_t>(f)].set(r, in)) {
        bad = "bad value in field '" + jf.key + "'";
        return false;
      }
      seen_[static_cast<size_t>(f)] = true;
    }
    for (size_t f = 0; f < fields_.size(); ++f) {
      if (fields_[f].required && !seen_[f]) {
        bad = "missing field '" + std::string(fields_[f].name) + "'";
        return false;
      }
    }
    return true;
  }

 private:
  std::span<const FieldDef<Record>> fields_;
  std::unordered_map<std::string_view, int> index_;
  std::vector<std::pair<std::string, int>> cache_;
  std::vector<bool> seen_;
};

}  // namespace

void read_zeek_json(LineReader& lines, const std::string& path, const LogSink& sink, ReadReport& report) {
  dom::parser parser;
  std::string padded;
  JsonLine line;
  LogKind file_kind = LogKind::kCount;
  bool kind_known = false;
  Binder<ConnRecord> conn(conn_fields());
  Binder<DnsRecord> dns(dns_fields());
  Binder<SslRecord> ssl(ssl_fields());
  Binder<HttpRecord> http(http_fields());
  std::vector<std::string_view> keys;
  std::string bad;
  std::string_view text;
  for (;;) {
    LineStatus st = lines.next(text);
    if (st == LineStatus::kEnd) break;
    uint64_t n = lines.line_number();
    if (st == LineStatus::kTooLong) {
      report.skip("line longer than the limit", path, n);
      continue;
    }
    if (trim(text).empty()) continue;
    ++report.lines;
    padded.assign(text);
    padded.reserve(text.size() + simdjson::SIMDJSON_PADDING);
    dom::element doc;
    dom::object obj;
    line.used = 0;
    line.numbers_used = 0;
    line.items.clear();
    if (parser.parse(padded.data(), padded.size(), false).get(doc) != simdjson::SUCCESS ||
        doc.get_object().get(obj) != simdjson::SUCCESS || !collect(obj, "", line, 0)) {
      report.skip("not a JSON object", path, n);
      continue;
    }
    LogKind kind = file_kind;
    bool has_path = false;
    for (size_t i = 0; i < line.used; ++i) {
      if (line.fields[i].key == "_path") {
        kind = log_kind_of_path(line.fields[i].text);
        has_path = true;
      }
    }
    if (!has_path && !kind_known) {
      keys.clear();
      for (size_t i = 0; i < line.used; ++i) keys.emplace_back(line.fields[i].key);
      file_kind = kind = log_kind_of_keys(keys);
      kind_known = true;
      if (kind == LogKind::kCount) report.ignored_files.push_back(path + ": JSON records of a log vigil does not read");
    }
    if (kind == LogKind::kCount) continue;
    bool ok = false;
    switch (kind) {
      case LogKind::kConn: {
        ConnRecord r;
        if ((ok = conn.fill(line, r, bad)) && sink.conn) sink.conn(std::move(r));
        break;
      }
      case LogKind::kDns: {
        DnsRecord r;
        if ((ok = dns.fill(line, r, bad)) && sink.dns) sink.dns(std::move(r));
        break;
      }
      case LogKind::kSsl: {
        SslRecord r;
        if ((ok = ssl.fill(line, r, bad)) && sink.ssl) sink.ssl(std::move(r));
        break;
      }
      case LogKind::kHttp: {
        HttpRecord r;
        if ((ok = http.fill(line, r, bad)) && sink.http) sink.http(std::move(r));
        break;
      }
      case LogKind::kCount: break;
    }
    if (ok) ++report.records[static_cast<size_t>(kind)];
    else report.skip(bad, path, n);
  }
  if (!lines.error().is_ok()) report.errors.push_back(lines.error());
}

}  // namespace vigil
