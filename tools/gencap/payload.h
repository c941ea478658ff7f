// Payload bytes: prebuilt filler for bulk data, plus DNS, NTP, syslog and ping bodies.
#pragma once

#include <cstddef>
#include <cstdint>

#include "flow.h"

namespace gencap {

inline constexpr uint16_t kNtpLen = 48;

// Time of a packet as Unix seconds and microseconds.
struct WallTime {
  uint64_t sec = 0;
  uint32_t usec = 0;
};

// Random bytes for TCP/UDP payloads: `len` (<= kMaxFrame) bytes starting at a
// position picked from `offset`. Built once, so payload cost is a memcpy.
const uint8_t* filler(uint64_t offset);

uint16_t dns_query_len(const DnsState& dns);
uint16_t dns_response_len(const DnsState& dns);
uint16_t icmp_echo_len(const Flow& flow);

// Each writer fills exactly the length the planner chose for the step.
void write_dns(uint8_t* out, const DnsState& dns, bool response);
void write_ntp(uint8_t* out, bool response, WallTime now, uint64_t salt);
void write_syslog(uint8_t* out, size_t len, const Flow& flow, uint32_t index, WallTime now);
void write_icmp_echo_body(uint8_t* out, size_t len, WallTime sent);

}  // namespace gencap
