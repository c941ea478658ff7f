// TLS 1.3 handshake flights: the client's ClientHello and the server's reply, as record bytes.
//
// Usage (the framing code lays these over a flow's first request and response):
//   uint8_t hello[kMaxClientHello];
//   const size_t n = write_client_hello(flow.tls, hello);
//   const TlsServerFlight flight = server_flight(flow.tls);
#pragma once

#include <cstddef>
#include <cstdint>

#include "flow.h"

namespace gencap {

// Room for the largest ClientHello either client shape writes (record header included).
inline constexpr size_t kMaxClientHello = 1024;
// Room for the ServerHello record and the ChangeCipherSpec record after it.
inline constexpr size_t kMaxServerHello = 160;
inline constexpr uint8_t kMaxServerRecords = 4;

// Writes the ClientHello record (header included) into `out`, which has
// kMaxClientHello bytes; returns its length. The same TlsState always gives
// the same bytes, so each segment of the message can rebuild it.
size_t write_client_hello(const TlsState& tls, uint8_t* out);

// The server's first flight: ServerHello and ChangeCipherSpec written in
// full, then encrypted handshake records (EncryptedExtensions, Certificate,
// CertificateVerify, Finished, seen only as application data) of which only
// the sizes are fixed here; their bodies are opaque filler.
struct TlsServerFlight {
  size_t hello_len = 0;  // ServerHello record + ChangeCipherSpec record
  uint8_t hello[kMaxServerHello] = {};
  uint8_t records = 0;
  uint16_t record_len[kMaxServerRecords] = {};  // each with its 5-byte header
  uint32_t total() const;
};

TlsServerFlight server_flight(const TlsState& tls);

}  // namespace gencap
