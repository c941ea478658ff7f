// Internet (RFC 1071) checksum used by IPv4, TCP, UDP, ICMP and ICMPv6.
#pragma once

#include <cstddef>
#include <cstdint>

namespace gencap {

// Adds the big-endian 16-bit words of `data` to `sum` without folding, so a
// pseudo-header, a header and a payload can be summed in pieces. Only the last
// piece may have odd length (it is padded with a zero byte, as the RFC says).
uint64_t checksum_add(uint64_t sum, const uint8_t* data, size_t len);

// Folds the carries and complements: the value to store in the header.
uint16_t checksum_finish(uint64_t sum);

}  // namespace gencap
