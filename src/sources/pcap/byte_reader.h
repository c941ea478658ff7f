// Bounds-checked reads of big- and little-endian integers from a byte span.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace vigil {

using Bytes = std::span<const uint8_t>;

// Every read states the length it needs; callers check has(n) first, the reads assert nothing.
inline bool has(Bytes b, size_t n) { return b.size() >= n; }
inline uint8_t u8(Bytes b, size_t at) { return b[at]; }
inline uint16_t be16(Bytes b, size_t at) { return static_cast<uint16_t>(uint16_t{b[at]} << 8 | b[at + 1]); }
inline uint16_t le16(Bytes b, size_t at) { return static_cast<uint16_t>(uint16_t{b[at + 1]} << 8 | b[at]); }
inline uint32_t be32(Bytes b, size_t at) {
  return uint32_t{b[at]} << 24 | uint32_t{b[at + 1]} << 16 | uint32_t{b[at + 2]} << 8 | b[at + 3];
}
inline uint32_t le32(Bytes b, size_t at) {
  return uint32_t{b[at + 3]} << 24 | uint32_t{b[at + 2]} << 16 | uint32_t{b[at + 1]} << 8 | b[at];
}

}  // namespace vigil
