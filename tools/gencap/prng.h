// Small portable PRNG (xoshiro256**) and the draws the traffic model needs.
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>

namespace gencap {

// splitmix64 step; used to expand one seed into xoshiro state and to derive
// stable per-index values (addresses, MACs) without storing them.
inline uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

inline uint64_t mix64(uint64_t value) { return splitmix64(value); }

// Every draw uses integer arithmetic only (no libm, no float rounding
// differences), so one seed yields a byte-identical capture on any platform.
class Rng {
 public:
  Rng() : Rng(0) {}
  explicit Rng(uint64_t seed) {
    for (auto& word : s_) word = splitmix64(seed);
  }

  uint64_t next() {
    const uint64_t result = std::rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = std::rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, n); the modulo bias is far below anything observable here.
  uint64_t below(uint64_t n) { return n == 0 ? 0 : next() % n; }

  // Uniform in [lo, hi], inclusive.
  uint64_t range(uint64_t lo, uint64_t hi) { return lo + below(hi - lo + 1); }

  // True with probability `per_million` / 1e6; integer so it is exact.
  bool chance(uint32_t per_million) { return below(1000000) < per_million; }

  // Roughly log-uniform in [lo, hi]: pick a doubling uniformly, then a point
  // inside it. Durations and sizes in real traffic spread over decades, and
  // this gets that shape without calling log/exp.
  uint64_t log_uniform(uint64_t lo, uint64_t hi) {
    if (lo == 0) lo = 1;
    if (hi <= lo) return lo;
    const auto octaves = static_cast<uint64_t>(std::bit_width(hi / lo));
    for (;;) {  // redraw past hi rather than clamp, which would pile values on hi
      const uint64_t base = lo << below(octaves);
      const uint64_t value = base + below(base);
      if (value <= hi) return value;
    }
  }

  // Pareto with shape 1 (P(X > x) = xm / x), truncated at cap: each doubling
  // of size carries about the same number of bytes, the heavy tail seen in
  // real response sizes.
  uint64_t pareto(uint64_t xm, uint64_t cap) {
    const uint64_t u = 1 + below(1ULL << 32);
    return std::min(cap, (xm << 32) / u);
  }

 private:
  uint64_t s_[4];
};

}  // namespace gencap
