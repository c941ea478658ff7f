// SimRng: gencap's integer PRNG (the same seed gives the same stream on any platform) plus the few real
// valued draws the simulator needs, computed from integers so results do not depend on the C library.
#pragma once

#include <cmath>
#include <cstdint>
#include <string_view>

#include "prng.h"

namespace vigil::sim {

class SimRng {
 public:
  explicit SimRng(uint64_t seed) : rng_(seed) {}
  // A stream of its own for each (seed, stream, index): channels draw independently of each other, so
  // adding a profile does not change the background traffic.
  SimRng(uint64_t seed, uint64_t stream, uint64_t index)
      : rng_(gencap::mix64(seed ^ gencap::mix64(stream * 0x9e3779b97f4a7c15ULL + index))) {}

  uint64_t next() { return rng_.next(); }
  uint64_t below(uint64_t n) { return rng_.below(n); }
  // Uniform in [0, 1), 53 bits.
  double uniform() { return static_cast<double>(rng_.next() >> 11) * 0x1.0p-53; }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  bool chance(double p) { return uniform() < p; }
  // Exponential with the given mean: gaps between human actions.
  double exponential(double mean) { return -mean * std::log1p(-uniform()); }

 private:
  gencap::Rng rng_;
};

// A stable 64-bit hash of a name, for per-name properties (TLS client shape, address latency).
inline uint64_t hash_name(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : s) h = (h ^ static_cast<uint8_t>(c)) * 0x100000001b3ULL;
  return gencap::mix64(h);
}

inline constexpr int64_t kNsPerSec = 1'000'000'000;
inline int64_t to_ns(double seconds) { return static_cast<int64_t>(std::llround(seconds * 1e9)); }

}  // namespace vigil::sim
