// Zeek JSON lines through simdjson's on-demand parser; the same field setters as the TSV reader.
#include "sources/logs/zeek_json_reader.h"

#include <simdjson.h>

#include <cmath>
#include <deque>
#include <array>
#include <charconv>
#include <vector>

namespace vigil {
namespace {

namespace dom = simdjson::dom;

// One parsed line: its fields as (key, value) text pairs, in order.
struct JsonField {
  std::string_view key;  // into the parsed document, or for nested objects into JsonLine::nested_keys
  std::string_view text;
  bool is_null = false;
  bool is_list = false;
  size_t items_begin = 0, items_end = 0;  // into JsonLine::items
};
struct JsonLine {
  std::vector<JsonField> fields;
  size_t used = 0;
  std::vector<std::string_view> items;
  std::deque<std::string> nested_keys;  // "id." + "orig_h": built once per line, views stay valid
  size_t nested_used = 0;
  // Text of numbers (the parsed document keeps only their values), in fixed slots so views stay valid.
  std::deque<std::array<char, 32>> numbers;
  size_t numbers_used = 0;
  JsonField& add() {
    if (used == fields.size()) fields.emplace_back();
    JsonField& f = fields[used++];
    f.is_null = f.is_list = false;
    f.text = {};
    return f;
  }
  std::array<char, 32>& number_slot() {
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
std::string_view double_text(double v, std::array<char, 32>& slot) {
  if (!(v > -9e12 && v < 9e12)) return "nan";  // not a time or interval: a form the parsers reject
  long long micros = std::llround(v * 1e6);
  char* p = slot.data();
  if (micros < 0) {
    *p++ = '-';
    micros = -micros;
  }
  p = std::to_chars(p, slot.data() + 20, micros / 1'000'000).ptr;
  *p++ = '.';
  long long frac = micros % 1'000'000;
  for (long long div = 100'000; div > 0; div /= 10) *p++ = static_cast<char>('0' + (frac / div) % 10);
  return std::string_view(slot.data(), static_cast<size_t>(p - slot.data()));
}

template <typename Int>
std::string_view int_text(Int v, std::array<char, 32>& slot) {
  char* end = std::to_chars(slot.data(), slot.data() + slot.size(), v).ptr;
  return std::string_view(slot.data(), static_cast<size_t>(end - slot.data()));
}

// The text of a scalar: strings unescaped, numbers in Zeek's TSV form, booleans as Zeek's T/F.
bool scalar_text(dom::element v, JsonLine& line, std::string_view& out, bool& is_null) {
  switch (v.type()) {
    case dom::element_type::STRING: return v.get_string().get(out) == simdjson::SUCCESS;
    case dom::element_type::INT64: out = int_text(int64_t(v), line.number_slot()); return true;
    case dom::element_type::UINT64: out = int_text(uint64_t(v), line.number_slot()); return true;
    case dom::element_type::DOUBLE: out = double_text(double(v), line.number_slot()); return true;
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
    if (prefix.empty()) {
      f.key = key;
    } else {
      if (line.nested_used == line.nested_keys.size()) line.nested_keys.emplace_back();
      std::string& built = line.nested_keys[line.nested_used++];
      built.assign(prefix);
      built += key;
      f.key = built;
    }
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
  explicit Binder(std::span<const FieldDef<Record>> fields) : fields_(fields) {}
  // Fills a record from one line; false (with the bad column in `bad`) when a value is malformed or a
  // required field is missing.
  bool fill(const JsonLine& line, Record& r, std::string& bad) {
    seen_.assign(fields_.size(), false);
    FieldInput in;
    size_t hint = 0;
    for (size_t i = 0; i < line.used; ++i) {
      const JsonField& jf = line.fields[i];
      int f = lookup(jf.key, hint);
      if (f < 0 || jf.is_null) continue;
      in.text = jf.text;
      in.is_list = jf.is_list;
      in.items = std::span<const std::string_view>(line.items.data() + jf.items_begin, jf.items_end - jf.items_begin);
      if (!fields_[static_cast<size_t>(f)].set(r, in)) {
        bad = "bad value in field '" + std::string(jf.key) + "'";
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
  // Zeek writes a record's fields in the order of its definition, which the field tables follow, and
  // leaves unset ones out: the next key is nearly always at or just after the previous match.
  int lookup(std::string_view key, size_t& hint) const {
    for (size_t n = 0; n < fields_.size(); ++n) {
      size_t i = (hint + n) % fields_.size();
      if (fields_[i].name == key) {
        hint = i + 1;
        return static_cast<int>(i);
      }
    }
    return -1;
  }

  std::span<const FieldDef<Record>> fields_;
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
    const char* json = text.data();
    if (lines.readable_after(text) < simdjson::SIMDJSON_PADDING) {  // rare: copy to a padded buffer
      padded.assign(text);
      padded.reserve(text.size() + simdjson::SIMDJSON_PADDING);
      json = padded.data();
    }
    dom::element doc;
    dom::object obj;
    line.used = 0;
    line.numbers_used = 0;
    line.nested_used = 0;
    line.items.clear();
    if (parser.parse(json, text.size(), false).get(doc) != simdjson::SUCCESS ||
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
