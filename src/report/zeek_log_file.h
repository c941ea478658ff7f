// ZeekLogFile: the file side of every Zeek log vigil writes: a temporary name until close() (so a reader
// never sees half a log), Zeek's TSV header and #close line, and buffered writes of whole lines.
#pragma once

#include <cstdio>
#include <memory>
#include <string>

#include "core/status.h"

namespace vigil {

enum class ZeekLogFormat { kTsv, kJson };

class ZeekLogFile {
 public:
  // `path_name` is the #path ("conn", "dns", ...); `fields_and_types` the #fields and #types lines
  // (ZeekRow in header mode). JSON files have no header.
  static Result<std::unique_ptr<ZeekLogFile>> open(const std::string& path, ZeekLogFormat format,
                                                   std::string_view path_name, std::string_view fields_and_types);
  ~ZeekLogFile();  // without close(): the temporary file is removed
  ZeekLogFile(const ZeekLogFile&) = delete;
  ZeekLogFile& operator=(const ZeekLogFile&) = delete;

  ZeekLogFormat format() const { return format_; }
  void write_line(std::string_view line);
  // Writes the #close line (TSV), flushes and renames into place.
  Status close();

 private:
  ZeekLogFile() = default;

  std::string path_;
  std::string tmp_path_;
  FILE* out_ = nullptr;
  ZeekLogFormat format_ = ZeekLogFormat::kTsv;
  std::string buf_;
};

}  // namespace vigil
