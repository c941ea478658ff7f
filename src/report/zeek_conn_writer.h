// ZeekConnWriter: writes ConnRecords as Zeek's conn.log, in its TSV format or its JSON-lines format.
#pragma once

#include <cstdio>
#include <memory>
#include <string>

#include "core/conn_record.h"
#include "core/status.h"

namespace vigil {

enum class ZeekLogFormat { kTsv, kJson };

class ZeekConnWriter {
 public:
  // Opens `path` for writing (a temporary name until close(), so a reader never sees half a log).
  static Result<std::unique_ptr<ZeekConnWriter>> open(const std::string& path, ZeekLogFormat format);
  ~ZeekConnWriter();
  void write(const ConnRecord& r);
  // Writes the #close line (TSV), flushes and renames into place.
  Status close();

 private:
  ZeekConnWriter() = default;
  void write_header();
  void write_tsv(const ConnRecord& r);
  void write_json(const ConnRecord& r);
  void flush_if_full();

  std::string path_;
  std::string tmp_path_;
  FILE* out_ = nullptr;
  ZeekLogFormat format_ = ZeekLogFormat::kTsv;
  std::string buf_;
};

// The conn.log TSV line for one record (no newline); exposed for tests.
std::string zeek_tsv_line(const ConnRecord& r);
std::string zeek_json_line(const ConnRecord& r);

}  // namespace vigil
