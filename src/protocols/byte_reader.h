// ByteReader: a bounds-checked, big-endian cursor over attacker-written bytes (TLS messages).
//
// Every read checks the remaining length first. A read past the end returns zero (or an empty span),
// consumes nothing and latches ok() to false, so a parser can read a whole structure and check once:
//   ByteReader r(body);
//   uint16_t version = r.u16();
//   auto session_id = r.block8();
//   if (!r.ok()) return false;
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace vigil {

class ByteReader {
 public:
  explicit ByteReader(std::span<const uint8_t> bytes) : bytes_(bytes) {}

  uint8_t u8() { return static_cast<uint8_t>(read_uint(1)); }
  uint16_t u16() { return static_cast<uint16_t>(read_uint(2)); }
  uint32_t u24() { return read_uint(3); }
  uint32_t u32() { return read_uint(4); }

  // The next `n` bytes, or an empty span (and !ok()) when fewer remain.
  std::span<const uint8_t> take(size_t n) {
    if (!ok_ || n > remaining()) {
      ok_ = false;
      return {};
    }
    std::span<const uint8_t> out = bytes_.subspan(pos_, n);
    pos_ += n;
    return out;
  }
  // A block behind a 1-, 2- or 3-byte length, as TLS writes vectors (RFC 8446 section 3.4).
  std::span<const uint8_t> block8() { return take(u8()); }
  std::span<const uint8_t> block16() { return take(u16()); }
  std::span<const uint8_t> block24() { return take(u24()); }
  std::span<const uint8_t> rest() { return take(remaining()); }

  bool ok() const { return ok_; }
  size_t remaining() const { return bytes_.size() - pos_; }
  bool empty() const { return remaining() == 0; }

 private:
  uint32_t read_uint(size_t n) {
    std::span<const uint8_t> b = take(n);
    uint32_t v = 0;
    for (uint8_t byte : b) v = v << 8 | byte;
    return v;
  }

  std::span<const uint8_t> bytes_;
  size_t pos_ = 0;
  bool ok_ = true;
};

}  // namespace vigil
