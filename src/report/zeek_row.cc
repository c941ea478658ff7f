// ZeekRow: each typed field in the three forms (TSV value, JSON member, header name and type).
#include "report/zeek_row.h"

#include "report/zeek_log_text.h"

namespace vigil {
namespace {
constexpr size_t kTypicalLine = 256;  // most rows fit: one allocation per line
}  // namespace

ZeekRow::ZeekRow(Mode mode) : mode_(mode) {
  out_.reserve(kTypicalLine);
  if (mode_ == Mode::kJson) out_ += '{';
  if (mode_ == Mode::kHeader) {
    out_.append("#fields");
    types_.append("#types");
  }
}

bool ZeekRow::begin(std::string_view name, std::string_view type, bool set) {
  switch (mode_) {
    case Mode::kHeader:
      out_ += '\t';
      out_ += name;
      types_ += '\t';
      types_ += type;
      return false;
    case Mode::kTsv:
      if (!first_) out_ += '\t';
      first_ = false;
      if (!set) out_ += '-';
      return set;
    case Mode::kJson:
      if (!set) return false;
      if (!first_) out_ += ',';
      first_ = false;
      out_ += '"';
      out_ += name;  // field names are ours: plain ASCII, nothing to escape
      out_ += "\":";
      return true;
  }
  return false;
}

void ZeekRow::time(std::string_view name, Timestamp t) {
  if (!begin(name, "time", true)) return;
  if (mode_ == Mode::kTsv) append_seconds(out_, t.ns);
  else append_json_seconds(out_, t.ns);
}

void ZeekRow::epoch_seconds(std::string_view name, std::optional<int64_t> seconds) {
  if (!begin(name, "time", seconds.has_value())) return;
  int64_t s = *seconds;
  if (s < 0) out_ += '-';
  append_u64(out_, s < 0 ? 0 - static_cast<uint64_t>(s) : static_cast<uint64_t>(s));
  out_ += mode_ == Mode::kTsv ? ".000000" : ".0";
}

void ZeekRow::addr(std::string_view name, const IpAddr& a) {
  if (!begin(name, "addr", true)) return;
  if (mode_ == Mode::kJson) out_ += '"';
  a.append_to(out_);  // digits, dots, colons and hex: nothing to escape
  if (mode_ == Mode::kJson) out_ += '"';
}

void ZeekRow::port(std::string_view name, uint16_t p) {
  if (begin(name, "port", true)) append_u64(out_, p);
}

void ZeekRow::string(std::string_view name, std::string_view v, std::string_view type) {
  if (!begin(name, type, true)) return;
  if (mode_ == Mode::kTsv) append_tsv_string(out_, v);
  else append_json_string(out_, v);
}

void ZeekRow::opt_string(std::string_view name, const std::optional<std::string>& v, std::string_view type) {
  if (!begin(name, type, v.has_value())) return;
  if (mode_ == Mode::kTsv) append_tsv_string(out_, *v);
  else append_json_string(out_, *v);
}

void ZeekRow::string_or_unset(std::string_view name, std::string_view v) {
  if (!begin(name, "string", !v.empty())) return;
  if (mode_ == Mode::kTsv) append_tsv_string(out_, v);
  else append_json_string(out_, v);
}

void ZeekRow::count(std::string_view name, std::optional<uint64_t> v) {
  if (begin(name, "count", v.has_value())) append_u64(out_, *v);
}

void ZeekRow::interval(std::string_view name, std::optional<Duration> d) {
  if (!begin(name, "interval", d.has_value())) return;
  if (mode_ == Mode::kTsv) append_seconds(out_, d->ns);
  else append_json_seconds(out_, d->ns);
}

void ZeekRow::boolean(std::string_view name, std::optional<bool> v) {
  if (!begin(name, "bool", v.has_value())) return;
  if (mode_ == Mode::kTsv) out_ += *v ? 'T' : 'F';
  else out_ += *v ? "true" : "false";
}

void ZeekRow::strings(std::string_view name, std::string_view type, const std::vector<std::string>* v) {
  if (!begin(name, type, v != nullptr)) return;
  if (mode_ == Mode::kTsv) {
    if (v->empty()) out_ += "(empty)";
    for (size_t i = 0; i < v->size(); ++i) {
      if (i) out_ += ',';
      append_tsv_string(out_, (*v)[i], /*in_set=*/true);
    }
    return;
  }
  out_ += '[';
  for (size_t i = 0; i < v->size(); ++i) {
    if (i) out_ += ',';
    append_json_string(out_, (*v)[i]);
  }
  out_ += ']';
}

void ZeekRow::intervals(std::string_view name, const std::vector<Duration>* v) {
  if (!begin(name, "vector[interval]", v != nullptr)) return;
  if (mode_ == Mode::kTsv && v->empty()) out_ += "(empty)";
  if (mode_ == Mode::kJson) out_ += '[';
  for (size_t i = 0; i < v->size(); ++i) {
    if (i) out_ += ',';
    if (mode_ == Mode::kTsv) append_seconds(out_, (*v)[i].ns);
    else append_json_seconds(out_, (*v)[i].ns);
  }
  if (mode_ == Mode::kJson) out_ += ']';
}

void ZeekRow::unset(std::string_view name, std::string_view type) { begin(name, type, false); }

std::string ZeekRow::take() {
  if (mode_ == Mode::kJson) out_ += '}';
  if (mode_ == Mode::kHeader) {
    out_ += '\n';
    out_ += types_;
    out_ += '\n';
  }
  return std::move(out_);
}

}  // namespace vigil
