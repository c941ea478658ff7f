// ZeekLogFile: temporary file, header, buffer, atomic rename.
#include "report/zeek_log_file.h"

#include <cerrno>
#include <cstring>
#include <ctime>

namespace vigil {
namespace {

constexpr size_t kFlushAt = 1 << 20;

// Zeek's #open/#close form; the wall clock, as Zeek writes it.
std::string zeek_now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char b[32];
  std::strftime(b, sizeof b, "%Y-%m-%d-%H-%M-%S", &tm);
  return b;
}

}  // namespace

Result<std::unique_ptr<ZeekLogFile>> ZeekLogFile::open(const std::string& path, ZeekLogFormat format,
                                                       std::string_view path_name,
                                                       std::string_view fields_and_types) {
  std::unique_ptr<ZeekLogFile> f(new ZeekLogFile());
  f->path_ = path;
  f->tmp_path_ = path + ".tmp";
  f->format_ = format;
  f->out_ = std::fopen(f->tmp_path_.c_str(), "wb");
  if (f->out_ == nullptr) return Status::io_error(std::strerror(errno)).at(f->tmp_path_);
  if (format == ZeekLogFormat::kTsv) {
    f->buf_ = "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\t";
    f->buf_ += path_name;
    f->buf_ += "\n#open\t" + zeek_now() + "\n";
    f->buf_ += fields_and_types;
  }
  return f;
}

ZeekLogFile::~ZeekLogFile() {
  if (out_ != nullptr) {
    std::fclose(out_);
    std::remove(tmp_path_.c_str());
  }
}

void ZeekLogFile::write_line(std::string_view line) {
  buf_ += line;
  buf_ += '\n';
  if (buf_.size() < kFlushAt) return;
  std::fwrite(buf_.data(), 1, buf_.size(), out_);
  buf_.clear();
}

Status ZeekLogFile::close() {
  if (out_ == nullptr) return Status::io_error("log already closed").at(path_);
  if (format_ == ZeekLogFormat::kTsv) buf_ += "#close\t" + zeek_now() + "\n";
  std::fwrite(buf_.data(), 1, buf_.size(), out_);
  buf_.clear();
  bool ok = std::fflush(out_) == 0 && !std::ferror(out_);
  ok = std::fclose(out_) == 0 && ok;
  out_ = nullptr;
  if (!ok || std::rename(tmp_path_.c_str(), path_.c_str()) != 0) {
    std::string why = std::strerror(errno);
    std::remove(tmp_path_.c_str());
    return Status::io_error("cannot write: " + why).at(path_);
  }
  return Status::ok();
}

}  // namespace vigil
