// LineReader: zlib's gzread (which passes plain files through), memchr for line ends.
#include "sources/logs/line_reader.h"

#include <sys/stat.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>

namespace vigil {
namespace {
constexpr size_t kChunk = 1 << 20;
gzFile gz(void* p) { return static_cast<gzFile>(p); }
}  // namespace

Result<std::unique_ptr<LineReader>> LineReader::open(const std::string& path, size_t max_line) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return Status::not_found(std::strerror(errno)).at(path);
  if (S_ISDIR(st.st_mode)) return Status::invalid_argument("is a directory").at(path);
  gzFile g = gzopen(path.c_str(), "rb");
  if (g == nullptr) return Status::io_error(std::strerror(errno)).at(path);
  gzbuffer(g, 1 << 18);
  std::unique_ptr<LineReader> r(new LineReader());
  r->path_ = path;
  r->gz_ = g;
  r->file_size_ = static_cast<uint64_t>(st.st_size);
  r->max_line_ = max_line;
  r->buf_.resize(kChunk);
  r->refill();  // gzdirect() is only known after the first read
  r->compressed_ = gzdirect(g) == 0;
  return r;
}

LineReader::~LineReader() {
  if (gz_ != nullptr) gzclose(gz(gz_));
}

uint64_t LineReader::position() const {
  z_off_t at = gzoffset(gz(gz_));
  return at < 0 ? 0 : static_cast<uint64_t>(at);
}

bool LineReader::refill() {
  if (eof_) return false;
  if (begin_ > 0) {  // keep the unfinished line, at the front
    std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (end_ == buf_.size()) buf_.resize(buf_.size() * 2);
  int n = gzread(gz(gz_), buf_.data() + end_, static_cast<unsigned>(buf_.size() - end_));
  if (n > 0) {
    end_ += static_cast<size_t>(n);
    return true;
  }
  eof_ = true;
  int err = Z_OK;
  const char* msg = gzerror(gz(gz_), &err);
  if (n < 0 || (err != Z_OK && err != Z_STREAM_END)) {
    std::string what = err == Z_BUF_ERROR ? "compressed stream ends before its end marker" : msg;
    error_ = Status::corruption(what + " (after the last complete line)").at_line(path_, line_number_ + 1);
  }
  return false;
}

LineStatus LineReader::next(std::string_view& line) {
  size_t scanned = begin_;  // bytes of the current line already searched for '\n'
  bool too_long = false;
  for (;;) {
    const char* nl = static_cast<const char*>(std::memchr(buf_.data() + scanned, '\n', end_ - scanned));
    if (nl != nullptr) {
      size_t at = static_cast<size_t>(nl - buf_.data());
      if ((++line_number_ & 0xffff) == 0 && progress_) progress_(position(), line_number_);
      std::string_view l(buf_.data() + begin_, at - begin_);
      begin_ = at + 1;
      if (too_long) return LineStatus::kTooLong;
      if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
      line = l;
      return LineStatus::kLine;
    }
    if (end_ - begin_ > max_line_) {  // drop what we have of this line and keep looking for its end
      too_long = true;
      begin_ = end_;
    }
    scanned = end_ - begin_;
    if (!refill()) {
      if (begin_ == end_ && !too_long) return LineStatus::kEnd;
      ++line_number_;  // a last line without '\n'
      line = std::string_view(buf_.data() + begin_, end_ - begin_);
      begin_ = end_;
      return too_long ? LineStatus::kTooLong : LineStatus::kLine;
    }
    scanned += begin_;
  }
}

}  // namespace vigil
