// TLS records over filler: ClientHello, the server's first flight, then application data.
#include "tls_framing.h"

#include <algorithm>
#include <cstring>

#include "tls_hello.h"

namespace gencap {
namespace {

constexpr uint32_t kRecordHeader = 5;
constexpr uint32_t kTlsMaxRecord = kRecordHeader + 16384;  // header + maximum plaintext fragment
constexpr uint8_t kChangeCipherSpec[] = {0x14, 0x03, 0x03, 0x00, 0x01, 0x01};
constexpr uint32_t kCcsLen = sizeof kChangeCipherSpec;

// Copies the part of message bytes [start, start + n) that falls in this
// segment (message bytes [off, off + len)).
void overlay(uint8_t* payload, uint32_t off, uint32_t len, uint32_t start, const uint8_t* bytes, uint32_t n) {
  const uint32_t from = std::max(off, start);
  const uint32_t to = std::min(off + len, start + n);
  if (from < to) std::memcpy(payload + (from - off), bytes + (from - start), to - from);
}

// An application-data record's header for a record of `size` bytes, header included.
void record_header(uint8_t* payload, uint32_t off, uint32_t len, uint32_t start, uint32_t size) {
  const uint8_t header[kRecordHeader] = {0x17, 0x03, 0x03, static_cast<uint8_t>((size - kRecordHeader) >> 8),
                                         static_cast<uint8_t>(size - kRecordHeader)};
  overlay(payload, off, len, start, header, kRecordHeader);
}

// Application-data records splitting message bytes [0, msg_len) evenly,
// each at most the TLS maximum.
void data_records(uint8_t* payload, uint32_t off, uint32_t len, uint32_t msg_len) {
  if (msg_len < kRecordHeader + 1) return;
  const uint32_t count = (msg_len + kTlsMaxRecord - 1) / kTlsMaxRecord;
  const uint32_t base = msg_len / count;
  const uint32_t extra = msg_len % count;
  const uint32_t end = off + len;
  for (uint32_t j = off / (base + 1); j < count; ++j) {
    const uint32_t start = j * base + std::min(j, extra);
    if (start >= end) break;
    record_header(payload, off, len, start, base + (j < extra ? 1 : 0));
  }
}

void overlay_server_flight(uint8_t* payload, const TlsState& tls, uint32_t off, uint32_t len) {
  const TlsServerFlight flight = server_flight(tls);
  overlay(payload, off, len, 0, flight.hello, static_cast<uint32_t>(flight.hello_len));
  uint32_t start = static_cast<uint32_t>(flight.hello_len);
  for (uint8_t i = 0; i < flight.records; ++i) {
    record_header(payload, off, len, start, flight.record_len[i]);
    start += flight.record_len[i];
  }
}

}  // namespace

uint32_t tls_client_hello_len(const TlsState& tls) {
  uint8_t hello[kMaxClientHello];
  return static_cast<uint32_t>(write_client_hello(tls, hello));
}

uint32_t tls_server_flight_len(const TlsState& tls) { return server_flight(tls).total(); }

void apply_tls_framing(uint8_t* payload, const TlsState& tls, bool from_server, uint32_t msg_index,
                       uint32_t off, uint32_t len, uint32_t msg_len) {
  if (msg_index == 1 && from_server) {
    overlay_server_flight(payload, tls, off, len);
  } else if (msg_index == 1) {
    uint8_t hello[kMaxClientHello];
    const auto hello_len = static_cast<uint32_t>(write_client_hello(tls, hello));
    overlay(payload, off, len, 0, hello, hello_len);
  } else if (msg_index == 2 && !from_server && msg_len > kCcsLen) {
    // The client's ChangeCipherSpec comes with its next flight (Finished,
    // then the request), after the server's.
    overlay(payload, off, len, 0, kChangeCipherSpec, kCcsLen);
    if (off + len > kCcsLen) {
      const uint32_t skip = std::max(off, kCcsLen) - off;
      data_records(payload + skip, off + skip - kCcsLen, len - skip, msg_len - kCcsLen);
    }
  } else {
    data_records(payload, off, len, msg_len);
  }
}

}  // namespace gencap
