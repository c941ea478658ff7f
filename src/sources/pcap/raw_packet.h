// RawPacket: one captured frame as a capture reader hands it out.
#pragma once

#include <cstdint>
#include <span>

#include "core/timestamp.h"

namespace vigil {

struct RawPacket {
  Timestamp ts;
  uint32_t wire_len = 0;          // length on the wire
  std::span<const uint8_t> data;  // the captured bytes (may be shorter than wire_len); the reader says how long they stay valid
  int link_type = 0;              // the DLT_ value of the file
};

}  // namespace vigil
