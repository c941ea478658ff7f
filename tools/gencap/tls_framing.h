// Lays TLS records over a TLS flow's messages: the handshake first, application data after it.
#pragma once

#include <cstdint>

#include "flow.h"

namespace gencap {

// Bytes of the first request and the first response: the handshake flights.
// The planner sizes those messages with these.
uint32_t tls_client_hello_len(const TlsState& tls);
uint32_t tls_server_flight_len(const TlsState& tls);

// Overwrites the TLS bytes of `payload`, the `len` bytes at offset `off` of
// the side's message number `msg_index` (1 = the handshake flight) whose
// length is `msg_len`. Handshake messages are written in full; in
// application-data records only the 5-byte headers are, over filler that
// stands in for ciphertext.
void apply_tls_framing(uint8_t* payload, const TlsState& tls, bool from_server, uint32_t msg_index,
                       uint32_t off, uint32_t len, uint32_t msg_len);

}  // namespace gencap
