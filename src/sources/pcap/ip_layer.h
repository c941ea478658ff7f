// IP and transport decoding: from an IP packet to the fields the flow meter needs (Zeek's view of them).
#pragma once

#include <cstdint>

#include "core/ip_addr.h"
#include "sources/pcap/byte_reader.h"
#include "sources/pcap/link_layer.h"
#include "sources/pcap/skip_reason.h"

namespace vigil {

constexpr uint8_t kProtoIcmp = 1;
constexpr uint8_t kProtoTcp = 6;
constexpr uint8_t kProtoUdp = 17;
constexpr uint8_t kProtoIcmp6 = 58;

namespace tcp_flag {
constexpr uint8_t kFin = 0x01, kSyn = 0x02, kRst = 0x04, kPsh = 0x08, kAck = 0x10, kUrg = 0x20;
}

// One IP packet as the flow meter sees it. Spans point into the captured frame.
struct IpPacket {
  IpAddr src;
  IpAddr dst;
  bool v6 = false;
  uint8_t proto = 0;        // transport protocol, after any IPv6 extension headers
  uint32_t total_len = 0;   // Zeek's TotalLen: IPv4 total length; IPv6 payload length + 40
  uint32_t transport_len = 0;  // transport header + payload, per the IP header (not the capture)
  Bytes transport;          // the captured transport bytes, at most transport_len

  // Fragments (IPv4 flags/offset, IPv6 fragment header); the reassembler uses these.
  bool fragment = false;
  bool more_fragments = false;
  uint32_t fragment_offset = 0;  // bytes
  uint32_t fragment_id = 0;
};

// The transport header fields; ports hold ICMP type and code for ICMP.
struct TransportInfo {
  uint16_t sport = 0;
  uint16_t dport = 0;
  uint32_t seq = 0;
  uint32_t ack = 0;
  uint16_t window = 0;
  uint8_t flags = 0;
  uint32_t header_len = 0;
  uint32_t payload_len = 0;    // from the headers (TCP: IP length minus headers; UDP: its length field)
  Bytes payload;               // captured payload bytes, at most payload_len
};

// Decodes the IP header (and IPv6 extension headers). Drops what Zeek drops: bad IPv4 header checksums
// (unless ignore_checksums), header lengths that cannot be right, a total length beyond the wire length.
// `wire_ip_len` is how many bytes the IP packet had on the wire (capture truncation does not count).
SkipReason decode_ip(IpVersion version, Bytes ip, uint64_t wire_ip_len, bool ignore_checksums, IpPacket& out);

// Decodes TCP, UDP, ICMP or ICMPv6 headers of a non-fragmented (or reassembled) packet.
SkipReason decode_transport(const IpPacket& ip, TransportInfo& out);

// True when the transport checksum is right (TCP/UDP/ICMPv6 with the pseudo-header). Needs the whole
// segment captured; callers check transport.size() == transport_len first.
bool transport_checksum_ok(const IpPacket& ip);

}  // namespace vigil
