// LineReader: the lines of a text file, plain or gzip-compressed (recognised by content), streamed.
//
// Memory stays bounded whatever the file: lines longer than the limit are skipped (and reported as such),
// not buffered. A gzip stream that ends before its end marker, or a read error, is an error naming the
// file and the line; every line before it has been returned.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace vigil {

enum class LineStatus { kLine, kTooLong, kEnd };

class LineReader {
 public:
  static constexpr size_t kDefaultMaxLine = 64 << 20;
  static Result<std::unique_ptr<LineReader>> open(const std::string& path, size_t max_line = kDefaultMaxLine);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // kLine: `line` holds the next line without its "\n" (or "\r\n"), valid until the next call.
  // kTooLong: a line over the limit was skipped. kEnd: the end of the file, or an error (see error()).
  LineStatus next(std::string_view& line);
  uint64_t line_number() const { return line_number_; }  // of the line just returned or skipped
  // How many readable bytes of the buffer follow the end of `line` (from the last next()): a parser that
  // needs padding after its input (simdjson) can parse in place when there are enough.
  size_t readable_after(std::string_view line) const {
    return static_cast<size_t>(buf_.data() + buf_.size() - (line.data() + line.size()));
  }
  const Status& error() const { return error_; }
  bool compressed() const { return compressed_; }
  uint64_t file_size() const { return file_size_; }
  uint64_t position() const;  // on-disk bytes consumed so far, for progress
  // Called every 65,536 lines with position() and the line number, for a progress display.
  void on_progress(std::function<void(uint64_t position, uint64_t lines)> f) { progress_ = std::move(f); }

 private:
  LineReader() = default;
  bool refill();  // reads more after end_; false at end of input or error

  std::string path_;
  void* gz_ = nullptr;
  bool compressed_ = false;
  uint64_t file_size_ = 0;
  size_t max_line_ = kDefaultMaxLine;
  std::vector<char> buf_;
  size_t begin_ = 0, end_ = 0;
  bool eof_ = false;
  uint64_t line_number_ = 0;
  Status error_;
  std::function<void(uint64_t, uint64_t)> progress_;
};

}  // namespace vigil
