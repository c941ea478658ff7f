// The columns of Zeek's conn, dns, ssl, http and ftp logs and how each fills a record. Shared by the TSV and
// JSON readers, so both read a field the same way. Unknown columns are ignored; the connection id
// columns are required (a log without them cannot be tied to anything).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/app_records.h"
#include "core/conn_record.h"

namespace vigil {

enum class LogKind : uint8_t { kConn, kDns, kSsl, kHttp, kFtp, kCount };
std::string_view to_string(LogKind k);  // "conn", "dns", "ssl", "http", "ftp"
// The kind a Zeek #path (or JSON _path) names; kCount when vigil does not read that log.
LogKind log_kind_of_path(std::string_view path);

// One field's value as a reader found it: text (TSV: still \x-escaped; JSON: already unescaped), or for a
// set/vector field the list of its elements.
struct FieldInput {
  std::string_view text;
  bool escaped = false;                     // TSV text: undo \xNN escapes
  bool is_list = false;                     // JSON array: `items` holds the elements
  std::span<const std::string_view> items;  // elements of a JSON array
  char set_separator = ',';                 // TSV: how elements of a set are separated in `text`
  // JSON numbers arrive parsed: setters of counts and times use these instead of re-parsing text.
  enum class Number : uint8_t { kNone, kUnsigned, kDouble } number = Number::kNone;
  uint64_t unsigned_value = 0;
  double double_value = 0;
  std::string* scratch = nullptr;           // for unescaping
};

template <typename Record>
struct FieldDef {
  std::string_view name;
  bool (*set)(Record&, const FieldInput&);  // false: the value is malformed
  bool required;
};

std::span<const FieldDef<ConnRecord>> conn_fields();
std::span<const FieldDef<DnsRecord>> dns_fields();
std::span<const FieldDef<SslRecord>> ssl_fields();
std::span<const FieldDef<HttpRecord>> http_fields();
std::span<const FieldDef<FtpRecord>> ftp_fields();

// Index of `name` in `fields`, or -1.
template <typename Record>
int find_field(std::span<const FieldDef<Record>> fields, std::string_view name) {
  for (size_t i = 0; i < fields.size(); ++i)
    if (fields[i].name == name) return static_cast<int>(i);
  return -1;
}

// Guesses the kind of a Zeek JSON log from the keys of one record (Zeek's JSON writer does not name it).
LogKind log_kind_of_keys(std::span<const std::string_view> keys);

}  // namespace vigil
