// Zeek TSV: one header state machine, one column-binding per #fields line, one setter call per field.
#include "sources/logs/zeek_tsv_reader.h"

#include <bit>
#include <cstring>
#include <vector>

#include "sources/logs/zeek_values.h"

namespace vigil {
namespace {

struct Header {
  char separator = '\t';
  char set_separator = ',';
  std::string empty = "(empty)";
  std::string unset = "-";
  std::string path;
  LogKind kind = LogKind::kCount;
  bool bound = false;  // #fields seen and every required column present
  std::vector<int> field_of_column;
};

// Splits `line` at `sep` into `out`, eight bytes at a time: a word whose bytes equal `sep` has a zero byte
// after XOR, which the classic has-zero-byte test finds (each candidate is checked, since that test can
// also flag a byte just above a real match).
void split(std::string_view line, char sep, std::vector<std::string_view>& out) {
  out.clear();
  const char* p = line.data();
  const char* end = p + line.size();
  const char* start = p;
  const uint64_t pattern = 0x0101010101010101ull * static_cast<uint8_t>(sep);
  for (; p + 8 <= end; p += 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    w ^= pattern;
    uint64_t hits = (w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull;
    while (hits != 0) {
      const char* at = p + (std::countr_zero(hits) >> 3);
      hits &= hits - 1;
      if (*at != sep) continue;
      out.emplace_back(start, static_cast<size_t>(at - start));
      start = at + 1;
    }
  }
  for (; p != end; ++p) {
    if (*p == sep) {
      out.emplace_back(start, static_cast<size_t>(p - start));
      start = p + 1;
    }
  }
  out.emplace_back(start, static_cast<size_t>(end - start));
}

// Field text equal to a marker ("-", "(empty)"): most fields differ in length or first byte.
bool same(std::string_view a, const std::string& b) {
  return a.size() == b.size() && (a.empty() || (a[0] == b[0] && std::memcmp(a.data(), b.data(), a.size()) == 0));
}

// "#separator \x09" names its separator with an escape; the other directives are separated by it.
void parse_separator(std::string_view line, Header& h) {
  std::string value;
  unescape_zeek(line.substr(std::string_view("#separator ").size()), value);
  if (value.size() == 1) h.separator = value[0];
}

template <typename Record>
bool bind_columns(std::span<const FieldDef<Record>> fields, const std::vector<std::string_view>& columns, Header& h,
          std::string& missing) {
  h.field_of_column.assign(columns.size(), -1);
  std::vector<bool> present(fields.size(), false);
  for (size_t c = 0; c < columns.size(); ++c) {
    int f = find_field(fields, columns[c]);
    h.field_of_column[c] = f;
    if (f >= 0) present[static_cast<size_t>(f)] = true;
  }
  for (size_t f = 0; f < fields.size(); ++f) {
    if (fields[f].required && !present[f]) {
      missing = std::string(fields[f].name);
      return false;
    }
  }
  return true;
}

template <typename Record>
void read_row(std::span<const FieldDef<Record>> fields, const std::vector<std::string_view>& values, const Header& h,
              const std::function<void(Record&&)>& out, const std::string& path, uint64_t line, ReadReport& report,
              std::string& scratch) {
  Record r;
  FieldInput in;
  in.escaped = true;
  in.set_separator = h.set_separator;
  in.scratch = &scratch;
  for (size_t c = 0; c < values.size(); ++c) {
    int f = h.field_of_column[c];
    if (f < 0 || same(values[c], h.unset)) continue;
    in.text = same(values[c], h.empty) ? std::string_view{} : values[c];
    if (!fields[static_cast<size_t>(f)].set(r, in)) {
      report.skip("bad value in column '" + std::string(fields[static_cast<size_t>(f)].name) + "'", path, line);
      return;
    }
  }
  ++report.records[static_cast<size_t>(h.kind)];
  if (out) out(std::move(r));
}

}  // namespace

void read_zeek_tsv(LineReader& lines, const std::string& path, const LogSink& sink, ReadReport& report) {
  Header h;
  std::vector<std::string_view> values;
  std::string scratch;
  std::string_view line;
  for (;;) {
    LineStatus st = lines.next(line);
    if (st == LineStatus::kEnd) break;
    if (st == LineStatus::kTooLong) {
      report.skip("line longer than the limit", path, lines.line_number());
      continue;
    }
    if (!line.empty() && line[0] == '#') {
      if (line.starts_with("#separator ")) {
        parse_separator(line, h);
        continue;
      }
      split(line, h.separator, values);
      std::string_view directive = values[0];
      if (directive == "#set_separator" && values.size() > 1 && values[1].size() == 1) h.set_separator = values[1][0];
      else if (directive == "#empty_field" && values.size() > 1) h.empty = std::string(values[1]);
      else if (directive == "#unset_field" && values.size() > 1) h.unset = std::string(values[1]);
      else if (directive == "#path" && values.size() > 1) {
        h.path = std::string(values[1]);
        h.kind = log_kind_of_path(h.path);
        h.bound = false;
        if (h.kind == LogKind::kCount) report.ignored_files.push_back(path + ": a " + h.path + " log (not read)");
      } else if (directive == "#fields" && h.kind != LogKind::kCount) {
        values.erase(values.begin());
        std::string missing;
        bool ok = false;
        switch (h.kind) {
          case LogKind::kConn: ok = bind_columns(conn_fields(), values, h, missing); break;
          case LogKind::kDns: ok = bind_columns(dns_fields(), values, h, missing); break;
          case LogKind::kSsl: ok = bind_columns(ssl_fields(), values, h, missing); break;
          case LogKind::kHttp: ok = bind_columns(http_fields(), values, h, missing); break;
          case LogKind::kFtp: ok = bind_columns(ftp_fields(), values, h, missing); break;
          case LogKind::kCount: break;
        }
        h.bound = ok;
        if (!ok)
          report.errors.push_back(Status::corruption("the " + h.path + " log has no '" + missing +
                                                     "' column; its records are skipped")
                                      .at_line(path, lines.line_number()));
      }
      continue;  // #types, #open, #close and comments
    }
    ++report.lines;
    if (h.kind == LogKind::kCount) continue;  // a log vigil does not read, already reported
    if (!wants(sink, h.kind)) continue;       // a log this caller does not want now
    if (!h.bound) {
      report.skip(h.path.empty() ? "data before any #path/#fields header" : "no usable #fields header", path,
                  lines.line_number());
      continue;
    }
    split(line, h.separator, values);
    if (values.size() != h.field_of_column.size()) {
      report.skip("wrong number of fields", path, lines.line_number());
      continue;
    }
    uint64_t n = lines.line_number();
    switch (h.kind) {
      case LogKind::kConn: read_row(conn_fields(), values, h, sink.conn, path, n, report, scratch); break;
      case LogKind::kDns: read_row(dns_fields(), values, h, sink.dns, path, n, report, scratch); break;
      case LogKind::kSsl: read_row(ssl_fields(), values, h, sink.ssl, path, n, report, scratch); break;
      case LogKind::kHttp: read_row(http_fields(), values, h, sink.http, path, n, report, scratch); break;
      case LogKind::kFtp: read_row(ftp_fields(), values, h, sink.ftp, path, n, report, scratch); break;
      case LogKind::kCount: break;
    }
  }
  if (!lines.error().is_ok()) report.errors.push_back(lines.error());
}

}  // namespace vigil
