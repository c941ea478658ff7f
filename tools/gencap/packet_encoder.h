// Turns a planned flow step into the bytes of an Ethernet frame.
#pragma once

#include <cstddef>
#include <cstdint>

#include "flow.h"

namespace gencap {

// Encodes `step` of `flow` sent at `ts_ps` (picoseconds after the capture
// start at `start_epoch`) into `out` (at least kMaxFrame bytes). Advances the
// flow's per-packet state (IP IDs, TCP timestamps). Returns the frame length.
size_t encode_step(uint8_t* out, Flow& flow, const Step& step, uint64_t ts_ps,
                   uint64_t start_epoch);

}  // namespace gencap
