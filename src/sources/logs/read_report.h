// LogSink and ReadReport: where records read from logs go, and the account of what was read and skipped.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/app_records.h"
#include "core/conn_record.h"
#include "core/status.h"
#include "sources/logs/zeek_schema.h"

namespace vigil {

struct LogSink {
  std::function<void(ConnRecord&&)> conn;
  std::function<void(DnsRecord&&)> dns;
  std::function<void(SslRecord&&)> ssl;
  std::function<void(HttpRecord&&)> http;
  std::function<void(FtpRecord&&)> ftp;
};

// Whether `sink` takes records of `kind`. Readers do not parse, count or report rows nobody takes, so
// that a caller can read the same files twice for different logs (vigil hunt reads names first).
inline bool wants(const LogSink& sink, LogKind kind) {
  switch (kind) {
    case LogKind::kConn: return static_cast<bool>(sink.conn);
    case LogKind::kDns: return static_cast<bool>(sink.dns);
    case LogKind::kSsl: return static_cast<bool>(sink.ssl);
    case LogKind::kHttp: return static_cast<bool>(sink.http);
    case LogKind::kFtp: return static_cast<bool>(sink.ftp);
    case LogKind::kCount: return false;
  }
  return false;
}

// Every input path reports what it read; nothing is dropped without a line here.
struct ReadReport {
  static constexpr size_t kExamples = 3;
  struct Skipped {
    uint64_t count = 0;
    std::vector<std::string> examples;  // "file:line", the first few
  };
  uint64_t files = 0;
  uint64_t lines = 0;  // data lines seen (not headers)
  std::array<uint64_t, static_cast<size_t>(LogKind::kCount)> records{};
  std::map<std::string, Skipped> skipped;  // by reason
  std::vector<std::string> ignored_files;  // not a log vigil reads (with why)
  std::vector<Status> errors;              // files that could not be read to their end

  void skip(const std::string& reason, const std::string& file, uint64_t line) {
    Skipped& s = skipped[reason];
    ++s.count;
    if (s.examples.size() < kExamples) s.examples.push_back(file + ":" + std::to_string(line));
  }
  // Folds in the report of a second pass over the same files that took other kinds of records: records
  // add up; files, lines and ignored files are the same in both and kept once; an error seen in both
  // passes is kept once. A skip reason keeps the larger of the two counts: reasons about the line itself
  // (not JSON, an event type vigil does not read) are seen by both passes alike, while a reason shared by
  // rows of two kinds (a bad 'ts' in conn and dns rows) is then under-counted, never over-counted.
  void absorb_second_pass(const ReadReport& other) {
    for (size_t k = 0; k < records.size(); ++k) records[k] += other.records[k];
    for (const auto& [reason, s] : other.skipped) {
      Skipped& mine = skipped[reason];
      mine.count = std::max(mine.count, s.count);
      for (const auto& e : s.examples)
        if (mine.examples.size() < kExamples) mine.examples.push_back(e);
    }
    for (const Status& e : other.errors) {
      bool known = false;
      for (const Status& m : errors) known = known || m.to_string() == e.to_string();
      if (!known) errors.push_back(e);
    }
  }
  uint64_t skipped_lines() const {
    uint64_t n = 0;
    for (const auto& [reason, s] : skipped) n += s.count;
    return n;
  }
};

}  // namespace vigil
