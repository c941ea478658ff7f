// LogSink and ReadReport: where records read from logs go, and the account of what was read and skipped.
#pragma once

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
};

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
  uint64_t skipped_lines() const {
    uint64_t n = 0;
    for (const auto& [reason, s] : skipped) n += s.count;
    return n;
  }
};

}  // namespace vigil
