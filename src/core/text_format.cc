#include "core/text_format.h"

#include <ctime>

namespace vigil {
namespace {

std::string utc(int64_t ns, const char* pattern) {
  std::time_t t = static_cast<std::time_t>(ns / 1'000'000'000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, pattern, &tm);
  return buf;
}

}  // namespace

std::string utc_minute(int64_t ns) { return utc(ns, "%Y-%m-%d %H:%M"); }
std::string iso_time(int64_t ns) { return utc(ns, "%Y-%m-%dT%H:%M:%SZ"); }

bool equals_ascii_ci(std::string_view a, std::string_view lower_b) {
  if (a.size() != lower_b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char c = a[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower_b[i]) return false;
  }
  return true;
}

std::string byte_size(double b) {
  if (b < 10'000) return format("%.0f B", b);
  if (b < 10'000'000) return format("%.1f kB", b / 1e3);
  if (b < 10'000'000'000) return format("%.1f MB", b / 1e6);
  return format("%.1f GB", b / 1e9);
}

std::string human_span(double s) {
  if (s < 120) return format("%.1f s", s);
  if (s < 7200) return format("%.1f min", s / 60);
  if (s < 2 * 86400) return format("%.1f h", s / 3600);
  return format("%.1f d", s / 86400);
}

}  // namespace vigil
