// Zeek JSON lines through simdjson's on-demand parser; the same field setters as the TSV reader.
#include "sources/logs/zeek_json_reader.h"

#include <simdjson.h>

#include "sources/logs/json_lines.h"

#include <cmath>
#include <deque>
#include <array>
#include <charconv>
#include <vector>

namespace vigil {
namespace {

namespace dom = simdjson::dom;

// Per-line scratch space for the text of numbers (the parsed document keeps only their values) and of
// nested keys, in slots that do not move while the line is being read.
struct LineScratch {
  std::deque<std::array<char, 32>> numbers;
  size_t numbers_used = 0;
  std::deque<std::string> keys;
  size_t keys_used = 0;
  std::vector<std::string_view> items;
  void reset() {
    numbers_used = keys_used = 0;
    items.clear();
  }
  std::array<char, 32>& number_slot() {
    if (numbers_used == numbers.size()) numbers.emplace_back();
    return numbers[numbers_used++];
  }
  std::string_view join(std::string_view prefix, std::string_view key) {
    if (keys_used == keys.size()) keys.emplace_back();
    std::string& k = keys[keys_used++];
    k.assign(prefix);
    k += '.';
    k += key;
    return k;
  }
};

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

// The text of a scalar: strings unescaped, numbers in Zeek's TSV form, booleans as Zeek's T/F. False for
// what a scalar field cannot hold (objects, arrays).
bool scalar_text(dom::element v, LineScratch& scratch, std::string_view& out, bool& is_null) {
  is_null = false;
  switch (v.type()) {
    case dom::element_type::STRING: return v.get_string().get(out) == simdjson::SUCCESS;
    case dom::element_type::INT64: out = int_text(int64_t(v), scratch.number_slot()); return true;
    case dom::element_type::UINT64: out = int_text(uint64_t(v), scratch.number_slot()); return true;
    case dom::element_type::DOUBLE: out = double_text(double(v), scratch.number_slot()); return true;
    case dom::element_type::BOOL: out = bool(v) ? "T" : "F"; return true;
    case dom::element_type::NULL_VALUE: is_null = true; return true;
    default: return false;
  }
}

// Every key of an object, nested ones as "id.orig_h": used once per file to tell which log it is.
void collect_keys(dom::object obj, std::string_view prefix, LineScratch& scratch, std::vector<std::string_view>& keys,
                  int depth) {
  for (auto [key, v] : obj) {
    std::string_view full = prefix.empty() ? key : scratch.join(prefix, key);
    if (v.type() == dom::element_type::OBJECT && depth < 3) collect_keys(dom::object(v), full, scratch, keys, depth + 1);
    else keys.push_back(full);
  }
}

// Fills one record straight from the parsed object: each key is matched to its field, and only values of
// known fields are converted.
template <typename Record>
class Filler {
 public:
  explicit Filler(std::span<const FieldDef<Record>> fields) : fields_(fields) {}

  // False (with the reason in `bad`) when a value is malformed or a required field is missing.
  bool fill(dom::object obj, Record& r, LineScratch& scratch, std::string& bad) {
    seen_.assign(fields_.size(), false);
    hint_ = 0;
    if (!walk(obj, {}, r, scratch, bad, 0)) return false;
    for (size_t f = 0; f < fields_.size(); ++f) {
      if (fields_[f].required && !seen_[f]) {
        bad = "missing field '" + std::string(fields_[f].name) + "'";
        return false;
      }
    }
    return true;
  }

 private:
  bool walk(dom::object obj, std::string_view prefix, Record& r, LineScratch& scratch, std::string& bad, int depth) {
    for (auto [key, v] : obj) {
      std::string_view full = prefix.empty() ? key : scratch.join(prefix, key);
      dom::element_type type = v.type();
      if (type == dom::element_type::OBJECT) {
        if (depth >= 3) continue;  // Zeek nests nothing this deep
        if (!walk(dom::object(v), full, r, scratch, bad, depth + 1)) return false;
        continue;
      }
      int f = lookup(full);
      if (f < 0) continue;
      FieldInput in;
      bool is_null = false;
      bool ok = true;
      if (type == dom::element_type::ARRAY) {
        size_t begin = scratch.items.size();
        for (dom::element element : dom::array(v)) {
          std::string_view text;
          bool null = false;
          if (!scalar_text(element, scratch, text, null)) ok = false;
          else if (!null) scratch.items.push_back(text);
        }
        in.is_list = true;
        in.items = std::span<const std::string_view>(scratch.items.data() + begin, scratch.items.size() - begin);
      } else if (type == dom::element_type::UINT64 || (type == dom::element_type::INT64 && int64_t(v) >= 0)) {
        in.number = FieldInput::Number::kUnsigned;  // the value itself; text only for string setters
        in.unsigned_value = type == dom::element_type::UINT64 ? uint64_t(v) : static_cast<uint64_t>(int64_t(v));
        in.text = int_text(in.unsigned_value, scratch.number_slot());
      } else if (type == dom::element_type::DOUBLE) {
        in.number = FieldInput::Number::kDouble;
        in.double_value = double(v);
        in.text = double_text(in.double_value, scratch.number_slot());
      } else {
        ok = scalar_text(v, scratch, in.text, is_null);
      }
      if (is_null) continue;
      if (!ok || !fields_[static_cast<size_t>(f)].set(r, in)) {
        bad = "bad value in field '" + std::string(full) + "'";
        return false;
      }
      seen_[static_cast<size_t>(f)] = true;
    }
    return true;
  }

  // Zeek writes a record's fields in the order of its definition, which the field tables follow, and
  // leaves unset ones out: the next key is nearly always at or just after the previous match.
  int lookup(std::string_view key) {
    for (size_t n = 0; n < fields_.size(); ++n) {
      size_t i = (hint_ + n) % fields_.size();
      if (fields_[i].name == key) {
        hint_ = i + 1;
        return static_cast<int>(i);
      }
    }
    return -1;
  }

  std::span<const FieldDef<Record>> fields_;
  std::vector<bool> seen_;
  size_t hint_ = 0;
};

template <typename Record>
bool deliver(Filler<Record>& filler, dom::object obj, LineScratch& scratch, std::string& bad,
             const std::function<void(Record&&)>& out) {
  Record r;
  if (!filler.fill(obj, r, scratch, bad)) return false;
  if (out) out(std::move(r));
  return true;
}

}  // namespace

void read_zeek_json(LineReader& lines, const std::string& path, const LogSink& sink, ReadReport& report) {
  LineScratch scratch;
  LogKind file_kind = LogKind::kCount;
  bool kind_known = false;
  Filler<ConnRecord> conn(conn_fields());
  Filler<DnsRecord> dns(dns_fields());
  Filler<SslRecord> ssl(ssl_fields());
  Filler<HttpRecord> http(http_fields());
  Filler<FtpRecord> ftp(ftp_fields());
  std::vector<std::string_view> keys;
  std::string bad;
  for_each_json_object(lines, path, report, [&](dom::object obj, uint64_t n) {
    scratch.reset();
    LogKind kind = file_kind;
    std::string_view named;
    if (obj["_path"].get(named) == simdjson::SUCCESS) {
      kind = log_kind_of_path(named);
    } else if (!kind_known) {
      keys.clear();
      collect_keys(obj, {}, scratch, keys, 0);
      file_kind = kind = log_kind_of_keys(keys);
      kind_known = true;
      if (kind == LogKind::kCount) report.ignored_files.push_back(path + ": JSON records of a log vigil does not read");
    }
    if (kind != LogKind::kCount && !wants(sink, kind)) return;  // a log this caller does not want now
    bool ok = true;
    switch (kind) {
      case LogKind::kConn: ok = deliver(conn, obj, scratch, bad, sink.conn); break;
      case LogKind::kDns: ok = deliver(dns, obj, scratch, bad, sink.dns); break;
      case LogKind::kSsl: ok = deliver(ssl, obj, scratch, bad, sink.ssl); break;
      case LogKind::kHttp: ok = deliver(http, obj, scratch, bad, sink.http); break;
      case LogKind::kFtp: ok = deliver(ftp, obj, scratch, bad, sink.ftp); break;
      case LogKind::kCount: return;  // a log vigil does not read, already reported
    }
    if (ok) ++report.records[static_cast<size_t>(kind)];
    else report.skip(bad, path, n);
  });
}

}  // namespace vigil
