// Lays HTTP/1.1, TLS record or DNS-over-TCP framing over filler payload.
#pragma once

#include <cstdint>

#include "flow.h"

namespace gencap {

// Overwrites the parts of `payload` (the bytes of TCP `step`) that belong to
// application headers: HTTP request/response heads on ports 80 and 8080, TLS
// handshakes and record headers on TLS flows (443 and 8443), whole messages
// for DNS over TCP. Other flows are left as filler. Cheap: it touches only
// the header bytes that fall inside this segment.
void apply_app_framing(uint8_t* payload, const Flow& flow, const Step& step);

}  // namespace gencap
