// Feed loading: read the file, pick the format, hand the text to that format's parser.
#include "intel/feed_loader.h"

#include <sys/mman.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include "intel/feed_parsers.h"

namespace vigil {
namespace {

bool ends_with_ci(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  s = s.substr(s.size() - suffix.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != suffix[i]) return false;
  }
  return true;
}

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

// A feed's bytes followed by kJsonPadding zero bytes (simdjson reads past the end, so a bundle is parsed
// in place). A regular file is read into memory mapped and faulted in at once (MAP_POPULATE): a 350 MB
// bundle spent a fifth of its load in page faults and in zero-filling a std::string it then overwrote.
// Anything else (a pipe) is read into a string.
class FeedText {
 public:
  std::string_view view() const { return {data(), size_}; }
  size_t readable() const { return size_ + kJsonPadding; }
  const char* data() const { return mapped_ ? static_cast<const char*>(mapped_) : text_.data(); }

  Status read(std::FILE* f, size_t expected) {
    void* p = expected > 0 ? ::mmap(nullptr, expected + kJsonPadding, PROT_READ | PROT_WRITE,
                                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0)
                           : MAP_FAILED;
    if (p != MAP_FAILED) {  // else (a pipe, or no mapping to be had) the string below takes it all
      mapped_ = p;
      length_ = expected + kJsonPadding;
      size_ = std::fread(mapped_, 1, expected, f);
      if (size_ == expected && std::fgetc(f) == EOF) return read_error(f);
      // The file changed size under us: go on in a string, from what was read.
      text_.assign(static_cast<const char*>(mapped_), size_);
      unmap();
      if (!std::ferror(f) && !std::feof(f)) std::fseek(f, static_cast<long>(size_), SEEK_SET);
    }
    char buf[1 << 16];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text_.append(buf, n);
    size_ = text_.size();
    text_.append(kJsonPadding, '\0');
    return read_error(f);
  }
  FeedText() = default;
  FeedText(const FeedText&) = delete;
  FeedText& operator=(const FeedText&) = delete;
  ~FeedText() { unmap(); }

 private:
  static Status read_error(std::FILE* f) {
    if (std::ferror(f)) return Status::io_error(std::string("cannot read feed: ") + std::strerror(errno));
    return Status::ok();
  }
  void unmap() {
    if (mapped_) ::munmap(mapped_, length_);
    mapped_ = nullptr;
  }
  void* mapped_ = nullptr;  // anonymous memory holding the bytes (zero padding included)
  size_t length_ = 0;
  std::string text_;
  size_t size_ = 0;
};

Status read_file(const std::string& path, FeedText& out) {
  std::unique_ptr<std::FILE, FileCloser> f(std::fopen(path.c_str(), "rb"));
  if (!f) {
    int err = errno;
    std::string why = std::string("cannot open feed: ") + std::strerror(err);
    return (err == ENOENT ? Status::not_found(why) : Status::io_error(why)).at(path);
  }
  struct stat st {};
  if (::fstat(::fileno(f.get()), &st) != 0)
    return Status::io_error(std::string("cannot read feed: ") + std::strerror(errno)).at(path);
  if (S_ISDIR(st.st_mode)) return Status::io_error("cannot read feed: is a directory").at(path);
  size_t expected = S_ISREG(st.st_mode) && st.st_size > 0 ? static_cast<size_t>(st.st_size) : 0;
  if (Status st_read = out.read(f.get(), expected); !st_read.is_ok()) return std::move(st_read).at(path);
  return Status::ok();
}

}  // namespace

std::string_view trim_space(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

FeedFormat detect_feed_format(std::string_view path, std::string_view text) {
  if (ends_with_ci(path, ".json") || ends_with_ci(path, ".stix")) return FeedFormat::kStix;
  if (ends_with_ci(path, ".csv")) return FeedFormat::kCsv;
  if (text.starts_with("\xef\xbb\xbf")) text.remove_prefix(3);
  size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && text[first] == '{') return FeedFormat::kStix;
  return FeedFormat::kPlain;
}

std::string feed_name_from_path(const std::string& path) {
  std::string stem = std::filesystem::path(path).stem().string();
  return stem.empty() ? path : stem;
}

Result<FeedReport> parse_feed_into(IndicatorSet& set, std::string_view text, FeedFormat format, std::string feed_name,
                                   std::string origin) {
  return parse_feed_text(set, text, 0, format, std::move(feed_name), std::move(origin));
}

Result<FeedReport> parse_feed_text(IndicatorSet& set, std::string_view text, size_t readable, FeedFormat format,
                                   std::string feed_name, std::string origin) {
  FeedReport report;
  report.origin = origin.empty() ? feed_name : std::move(origin);
  report.feed = std::move(feed_name);
  report.format = format;
  if (text.starts_with("\xef\xbb\xbf")) {  // a UTF-8 byte order mark
    text.remove_prefix(3);
    readable = readable >= 3 ? readable - 3 : 0;
  }
  FeedSink sink(set, set.add_feed(report.feed), report, text);
  switch (format) {
    case FeedFormat::kPlain: parse_plain_feed(text, sink); break;
    case FeedFormat::kCsv: parse_csv_feed(text, sink); break;
    case FeedFormat::kStix:
      if (Status st = parse_stix_feed(text, readable, sink); !st.is_ok()) {
        sink.discard();
        return st;
      }
      break;
  }
  sink.flush();
  return report;
}

Result<FeedReport> load_feed_into(IndicatorSet& set, const std::string& path, std::string feed_name) {
  FeedText text;
  if (Status st = read_file(path, text); !st.is_ok()) return st;
  if (feed_name.empty()) feed_name = feed_name_from_path(path);
  return parse_feed_text(set, text.view(), text.readable(), detect_feed_format(path, text.view()),
                         std::move(feed_name), path);
}

Result<FeedLoad> load_feed(const std::string& path, std::string feed_name) {
  FeedLoad load;
  Result<FeedReport> r = load_feed_into(load.indicators, path, std::move(feed_name));
  if (!r.is_ok()) return r.status();
  load.report = r.take();
  return load;
}

}  // namespace vigil
