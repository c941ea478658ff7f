// Encodes Ethernet/802.1Q, IPv4/IPv6 and TCP/UDP/ICMP headers with correct checksums.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace gencap {

using MacAddr = std::array<uint8_t, 6>;
using Ipv6Addr = std::array<uint8_t, 16>;

inline constexpr uint8_t kProtoIcmp = 1;
inline constexpr uint8_t kProtoTcp = 6;
inline constexpr uint8_t kProtoUdp = 17;
inline constexpr uint8_t kProtoIcmpv6 = 58;

inline constexpr uint8_t kTcpFin = 0x01;
inline constexpr uint8_t kTcpSyn = 0x02;
inline constexpr uint8_t kTcpRst = 0x04;
inline constexpr uint8_t kTcpPsh = 0x08;
inline constexpr uint8_t kTcpAck = 0x10;

// Largest frame we build: 1500-byte IP packet plus Ethernet and one VLAN tag.
inline constexpr size_t kMaxFrame = 1518;

// Everything below layer 4 for one packet.
struct L3Header {
  MacAddr src_mac{};
  MacAddr dst_mac{};
  uint16_t vlan = 0;  // 0 = untagged
  bool ipv6 = false;
  uint32_t src4 = 0;
  uint32_t dst4 = 0;
  Ipv6Addr src6{};
  Ipv6Addr dst6{};
  uint8_t ttl = 64;         // hop limit for IPv6
  uint16_t ip_id = 0;       // IPv4 only
  uint32_t flow_label = 0;  // IPv6 only
  uint8_t protocol = 0;
};

// Writes Ethernet (+VLAN) and IP headers with length fields left for
// finish_frame. Returns the offset where the layer-4 header starts.
size_t begin_frame(uint8_t* out, const L3Header& l3);

// Fills the IP length fields, the IPv4 header checksum and the layer-4
// checksum found at `l4 + checksum_at` (pseudo-header included except for
// ICMPv4). Returns the total frame length.
size_t finish_frame(uint8_t* out, const L3Header& l3, size_t l4, size_t l4_len,
                    size_t checksum_at);

// Layer-4 header writers; each returns the header length. `options` must be a
// multiple of 4 bytes long.
size_t write_tcp_header(uint8_t* out, uint16_t sport, uint16_t dport, uint32_t seq,
                        uint32_t ack, uint8_t flags, uint16_t window, const uint8_t* options,
                        size_t options_len);
size_t write_udp_header(uint8_t* out, uint16_t sport, uint16_t dport, size_t payload_len);
size_t write_icmp_echo_header(uint8_t* out, uint8_t type, uint16_t id, uint16_t seq);

inline constexpr size_t kTcpChecksumAt = 16;
inline constexpr size_t kUdpChecksumAt = 6;
inline constexpr size_t kIcmpChecksumAt = 2;

inline void put_be16(uint8_t* out, uint16_t value) {
  out[0] = static_cast<uint8_t>(value >> 8);
  out[1] = static_cast<uint8_t>(value);
}

inline void put_be32(uint8_t* out, uint32_t value) {
  out[0] = static_cast<uint8_t>(value >> 24);
  out[1] = static_cast<uint8_t>(value >> 16);
  out[2] = static_cast<uint8_t>(value >> 8);
  out[3] = static_cast<uint8_t>(value);
}

}  // namespace gencap
