// Fuzzes the log readers on whole files: the first byte picks Zeek TSV, Zeek JSON or Suricata EVE (or
// detection from content), the rest is the file. Every record is delivered to a sink that touches its
// strings, so a bad view into freed or foreign memory shows under ASan.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "sources/logs/log_input.h"

namespace {

const std::string& temp_path() {
  static const std::string* path = [] {
    const char* dir = std::getenv("TMPDIR");
    auto* p = new std::string(std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") + "/vigil-fuzz-log-" +
                              std::to_string(getpid()));
    std::atexit([] { std::remove(temp_path().c_str()); });
    return p;
  }();
  return *path;
}

volatile size_t g_sink;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const std::string& path = temp_path();
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) std::abort();
  if (size > 1 && std::fwrite(data + 1, 1, size - 1, f) != size - 1) std::abort();
  std::fclose(f);
  std::optional<vigil::InputFormat> format;
  switch (data[0] % 4) {
    case 0: format = vigil::InputFormat::kZeekTsv; break;
    case 1: format = vigil::InputFormat::kZeekJson; break;
    case 2: format = vigil::InputFormat::kSuricataEve; break;
    default: break;  // detect from content
  }
  size_t sum = 0;
  vigil::LogSink sink;
  sink.conn = [&](vigil::ConnRecord&& r) { sum += r.uid.size() + r.history.size() + r.service.size(); };
  sink.dns = [&](vigil::DnsRecord&& r) { sum += r.query.value_or("").size() + r.answers.size(); };
  sink.ssl = [&](vigil::SslRecord&& r) { sum += r.server_name.value_or("").size(); };
  sink.http = [&](vigil::HttpRecord&& r) { sum += r.uri.value_or("").size() + r.host.value_or("").size(); };
  vigil::ReadReport report = vigil::read_logs({path}, format, sink);
  g_sink = sum + report.skipped_lines();
  return 0;
}
