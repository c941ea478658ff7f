// Progress line: bytes, packets, rate and ETA, redrawn in place with a carriage return.
#include "cli/progress.h"

#include <unistd.h>

#include <cstdio>

namespace vigil::cli {

Progress::Progress(const char* unit)
    : unit_(unit), enabled_(isatty(STDERR_FILENO) == 1), start_(std::chrono::steady_clock::now()) {}

void Progress::update(uint64_t bytes, uint64_t total, uint64_t count) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_draw_ < std::chrono::milliseconds(250)) return;
  last_draw_ = now;
  drawn_ = true;
  double secs = std::chrono::duration<double>(now - start_).count();
  double rate = secs > 0 ? static_cast<double>(bytes) / secs : 0;
  double eta = rate > 0 && total > bytes ? static_cast<double>(total - bytes) / rate : 0;
  double pct = total > 0 ? 100.0 * static_cast<double>(bytes) / static_cast<double>(total) : 0;
  std::fprintf(stderr, "\r%5.1f%%  %.1f / %.1f MB  %llu %s  %.0f MB/s  ETA %.0f s   ", pct, static_cast<double>(bytes) / 1e6,
               static_cast<double>(total) / 1e6, static_cast<unsigned long long>(count), unit_, rate / 1e6, eta);
}

void Progress::finish() {
  if (enabled_ && drawn_) std::fputs("\r\033[K", stderr);
}

}  // namespace vigil::cli
