// splitmix64's finaliser: spreads every input bit over the whole 64-bit result, so that hash tables
// indexed by the low bits see all of a key (addresses differing only in their high bytes, say).
#pragma once

#include <cstdint>

namespace vigil {

inline uint64_t splitmix64_finalise(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace vigil
