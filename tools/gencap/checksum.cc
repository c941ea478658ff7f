// Internet checksum arithmetic: 16-bit big-endian words summed in 64 bits, folded once.
#include "checksum.h"

namespace gencap {

uint64_t checksum_add(uint64_t sum, const uint8_t* data, size_t len) {
  // A 64-bit accumulator never overflows for frame-sized inputs, so carries
  // are folded once at the end instead of per word.
  size_t i = 0;
  for (; i + 1 < len; i += 2) {
    sum += static_cast<uint32_t>(data[i] << 8 | data[i + 1]);
  }
  if (i < len) sum += static_cast<uint32_t>(data[i] << 8);
  return sum;
}

uint16_t checksum_finish(uint64_t sum) {
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<uint16_t>(~sum & 0xffff);
}

}  // namespace gencap
