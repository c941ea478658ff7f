// Progress: a one-line progress display on stderr, only when stderr is a terminal.
#pragma once

#include <chrono>
#include <cstdint>

namespace vigil::cli {

class Progress {
 public:
  explicit Progress(const char* unit = "packets");
  // bytes done of total, units (packets, lines) so far; redraws at most a few times a second.
  void update(uint64_t bytes, uint64_t total, uint64_t count);
  void finish();

 private:
  const char* unit_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace vigil::cli
