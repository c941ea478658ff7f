// ZeekRow: builds one line of a Zeek log from typed fields, as TSV (unset '-', empty "(empty)") or as a
// JSON object (unset fields left out, as Zeek's JSON writer does), or the log's #fields/#types header
// from the same calls, so a log's columns are written down in one place.
//
//   ZeekRow row(ZeekRow::Mode::kTsv);
//   row.time("ts", r.id.ts);
//   row.opt_string("query", r.query);
//   std::string line = row.take();
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ip_addr.h"
#include "core/timestamp.h"

namespace vigil {

class ZeekRow {
 public:
  enum class Mode : uint8_t { kTsv, kJson, kHeader };
  explicit ZeekRow(Mode mode);

  void time(std::string_view name, Timestamp t);
  // A time given in whole seconds, for dates a Timestamp cannot hold (certificate validity up to 9999).
  void epoch_seconds(std::string_view name, std::optional<int64_t> seconds);
  void addr(std::string_view name, const IpAddr& a);
  void port(std::string_view name, uint16_t p);
  // A string that is always set; `type` is "string" or "enum".
  void string(std::string_view name, std::string_view v, std::string_view type = "string");
  void opt_string(std::string_view name, const std::optional<std::string>& v, std::string_view type = "string");
  // A string Zeek leaves unset when it is empty (conn.log's service and history).
  void string_or_unset(std::string_view name, std::string_view v);
  void count(std::string_view name, std::optional<uint64_t> v);
  void interval(std::string_view name, std::optional<Duration> d);
  void boolean(std::string_view name, std::optional<bool> v);
  // A set or vector of strings (`type` "set[string]", "vector[string]", "set[enum]"): nullptr is unset.
  void strings(std::string_view name, std::string_view type, const std::vector<std::string>* v);
  void intervals(std::string_view name, const std::vector<Duration>* v);  // vector[interval]
  // A field vigil does not fill, written as Zeek writes an unset one.
  void unset(std::string_view name, std::string_view type);

  // The line without its newline (TSV, JSON), or "#fields\t...\n#types\t...\n" (header).
  std::string take();

 private:
  // Starts a field: TSV separator, JSON key (for set values only), header name and type.
  bool begin(std::string_view name, std::string_view type, bool set);

  Mode mode_;
  std::string out_;
  std::string types_;  // header mode
  bool first_ = true;
};

}  // namespace vigil
