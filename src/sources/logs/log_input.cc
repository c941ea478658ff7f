// Format detection from content, directory walking, and the read loop over log files.
#include "sources/logs/log_input.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <filesystem>

#include "sources/logs/line_reader.h"
#include "sources/logs/suricata_eve_reader.h"
#include "sources/logs/zeek_json_reader.h"
#include "sources/logs/zeek_tsv_reader.h"

namespace vigil {
namespace {

constexpr std::array<std::string_view, 5> kFormatNames = {"unknown", "capture", "zeek-tsv", "zeek-json",
                                                          "suricata-eve"};

bool is_capture_magic(const unsigned char* b) {
  uint32_t le = uint32_t{b[0]} | uint32_t{b[1]} << 8 | uint32_t{b[2]} << 16 | uint32_t{b[3]} << 24;
  uint32_t be = uint32_t{b[3]} | uint32_t{b[2]} << 8 | uint32_t{b[1]} << 16 | uint32_t{b[0]} << 24;
  for (uint32_t m : {0xa1b2c3d4u, 0xa1b23c4du, 0xa1b2cd34u})
    if (le == m || be == m) return true;
  return le == 0x0a0d0d0a;
}

}  // namespace

std::string_view to_string(InputFormat f) { return kFormatNames[static_cast<size_t>(f)]; }

std::optional<InputFormat> parse_input_format(std::string_view name) {
  if (name == "pcap" || name == "pcapng") return InputFormat::kCapture;
  for (size_t i = 1; i < kFormatNames.size(); ++i)
    if (kFormatNames[i] == name) return static_cast<InputFormat>(i);
  return std::nullopt;
}

InputFormat detect_format(const std::string& path) {
  gzFile g = gzopen(path.c_str(), "rb");
  if (g == nullptr) return InputFormat::kUnknown;
  std::array<unsigned char, 65536> buf{};
  int n = gzread(g, buf.data(), static_cast<unsigned>(buf.size()));
  gzclose(g);
  if (n < 4) return InputFormat::kUnknown;
  if (is_capture_magic(buf.data())) return InputFormat::kCapture;
  std::string_view text(reinterpret_cast<const char*>(buf.data()), static_cast<size_t>(n));
  if (text.starts_with("\xef\xbb\xbf")) text.remove_prefix(3);  // a UTF-8 byte-order mark
  size_t start = text.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return InputFormat::kUnknown;
  text.remove_prefix(start);
  if (text[0] == '#') {
    // Zeek's header (possibly after comment lines such as btest's): "#separator" then "#fields".
    bool zeek = text.find("#separator ") != std::string_view::npos || text.find("\n#fields") != std::string_view::npos;
    return zeek ? InputFormat::kZeekTsv : InputFormat::kUnknown;
  }
  if (text[0] != '{') return InputFormat::kUnknown;
  std::string_view first_line = text.substr(0, text.find('\n'));
  return first_line.find("\"event_type\"") != std::string_view::npos ? InputFormat::kSuricataEve
                                                                        : InputFormat::kZeekJson;
}

std::vector<std::string> expand_inputs(const std::vector<std::string>& paths, std::vector<Status>& errors) {
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<std::string> found;
      fs::recursive_directory_iterator it(p, fs::directory_options::skip_permission_denied, ec), end;
      for (; !ec && it != end; it.increment(ec)) {
        std::string name = it->path().filename().string();
        if (!name.empty() && name[0] == '.') {
          if (it->is_directory(ec)) it.disable_recursion_pending();
          continue;
        }
        if (it->is_regular_file(ec)) found.push_back(it->path().string());
      }
      if (ec) errors.push_back(Status::io_error(ec.message()).at(p));
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::exists(p, ec)) {
      files.push_back(p);
    } else {
      errors.push_back(Status::not_found("no such file or directory").at(p));
    }
  }
  return files;
}

ReadReport read_logs(const std::vector<std::string>& files, std::optional<InputFormat> forced, const LogSink& sink,
                     const LogProgress& on_progress) {
  ReadReport report;
  uint64_t total = 0, done = 0, lines_before = 0;
  std::error_code ec;
  for (const auto& path : files) total += std::filesystem::file_size(path, ec) * !ec;
  for (const auto& path : files) {
    InputFormat format = forced ? *forced : detect_format(path);
    if (format == InputFormat::kUnknown || format == InputFormat::kCapture) {
      report.ignored_files.push_back(path + (format == InputFormat::kCapture ? ": a packet capture"
                                                                              : ": not a log vigil recognises"));
      continue;
    }
    auto opened = LineReader::open(path);
    if (!opened.is_ok()) {
      report.errors.push_back(opened.status());
      continue;
    }
    ++report.files;
    LineReader& lines = *opened.value();
    if (on_progress)
      lines.on_progress([&](uint64_t at, uint64_t n) { on_progress(done + at, total, lines_before + n); });
    switch (format) {
      case InputFormat::kZeekTsv: read_zeek_tsv(lines, path, sink, report); break;
      case InputFormat::kZeekJson: read_zeek_json(lines, path, sink, report); break;
      case InputFormat::kSuricataEve: read_suricata_eve(lines, path, sink, report); break;
      default: break;
    }
    done += lines.file_size();
    lines_before += lines.line_number();
  }
  return report;
}

}  // namespace vigil
