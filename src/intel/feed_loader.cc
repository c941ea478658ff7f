// Feed loading: read the file, pick the format, hand the text to that format's parser.
#include "intel/feed_loader.h"

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

Result<std::string> read_file(const std::string& path) {
  std::unique_ptr<std::FILE, FileCloser> f(std::fopen(path.c_str(), "rb"));
  if (!f) {
    int err = errno;
    std::string why = std::string("cannot open feed: ") + std::strerror(err);
    return (err == ENOENT ? Status::not_found(why) : Status::io_error(why)).at(path);
  }
  std::string text;
  // Sized up front (growing by appends copied a 300 MB bundle several times), with room for simdjson's
  // padding so a bundle is parsed in place.
  struct stat st {};
  if (::fstat(::fileno(f.get()), &st) != 0)
    return Status::io_error(std::string("cannot read feed: ") + std::strerror(errno)).at(path);
  if (S_ISDIR(st.st_mode)) return Status::io_error("cannot read feed: is a directory").at(path);
  if (S_ISREG(st.st_mode) && st.st_size > 0) {  // straight into the string; the loop below catches any growth
    text.reserve(static_cast<size_t>(st.st_size) + kJsonPadding);
    text.resize(static_cast<size_t>(st.st_size));
    text.resize(std::fread(text.data(), 1, text.size(), f.get()));
  }
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f.get())) > 0) text.append(buf, n);
  if (std::ferror(f.get())) return Status::io_error(std::string("cannot read feed: ") + std::strerror(errno)).at(path);
  return text;
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
  Result<std::string> text = read_file(path);
  if (!text.is_ok()) return text.status();
  if (feed_name.empty()) feed_name = feed_name_from_path(path);
  std::string& t = text.value();
  size_t size = t.size();
  t.resize(size + kJsonPadding, '\0');  // within the capacity reserved; defined bytes for simdjson to read
  std::string_view view(t.data(), size);
  return parse_feed_text(set, view, t.size(), detect_feed_format(path, view), std::move(feed_name), path);
}

Result<FeedLoad> load_feed(const std::string& path, std::string feed_name) {
  FeedLoad load;
  Result<FeedReport> r = load_feed_into(load.indicators, path, std::move(feed_name));
  if (!r.is_ok()) return r.status();
  load.report = r.take();
  return load;
}

}  // namespace vigil
