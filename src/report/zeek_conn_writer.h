// ZeekConnWriter: writes ConnRecords as Zeek's conn.log, in its TSV format or its JSON-lines format.
#pragma once

#include <memory>
#include <string>

#include "core/conn_record.h"
#include "core/status.h"
#include "report/zeek_log_file.h"

namespace vigil {

class ZeekConnWriter {
 public:
  // Opens `path` for writing (a temporary name until close(), so a reader never sees half a log).
  static Result<std::unique_ptr<ZeekConnWriter>> open(const std::string& path, ZeekLogFormat format);
  void write(const ConnRecord& r);
  // Writes the #close line (TSV), flushes and renames into place.
  Status close();

 private:
  explicit ZeekConnWriter(std::unique_ptr<ZeekLogFile> file) : file_(std::move(file)) {}
  std::unique_ptr<ZeekLogFile> file_;
};

// The conn.log TSV line for one record (no newline); exposed for tests.
std::string zeek_tsv_line(const ConnRecord& r);
std::string zeek_json_line(const ConnRecord& r);

}  // namespace vigil
