// Byte-level encoding of the link, network and transport headers.
#include "frame_builder.h"

#include <cstring>

#include "checksum.h"

namespace gencap {
namespace {

constexpr uint16_t kEtherIpv4 = 0x0800;
constexpr uint16_t kEtherIpv6 = 0x86dd;
constexpr uint16_t kEtherVlan = 0x8100;
constexpr size_t kIpv4HeaderLen = 20;
constexpr size_t kIpv6HeaderLen = 40;

size_t ip_offset(const L3Header& l3) { return l3.vlan != 0 ? 18 : 14; }

}  // namespace

size_t begin_frame(uint8_t* out, const L3Header& l3) {
  std::memcpy(out, l3.dst_mac.data(), 6);
  std::memcpy(out + 6, l3.src_mac.data(), 6);
  size_t pos = 12;
  if (l3.vlan != 0) {
    put_be16(out + pos, kEtherVlan);
    put_be16(out + pos + 2, static_cast<uint16_t>(l3.vlan & 0x0fff));  // PCP 0, DEI 0
    pos += 4;
  }
  put_be16(out + pos, l3.ipv6 ? kEtherIpv6 : kEtherIpv4);
  pos += 2;
  uint8_t* ip = out + pos;
  if (l3.ipv6) {
    put_be32(ip, 0x60000000u | (l3.flow_label & 0xfffff));
    ip[6] = l3.protocol;
    ip[7] = l3.ttl;
    std::memcpy(ip + 8, l3.src6.data(), 16);
    std::memcpy(ip + 24, l3.dst6.data(), 16);
    return pos + kIpv6HeaderLen;
  }
  ip[0] = 0x45;  // version 4, 20-byte header
  ip[1] = 0;
  put_be16(ip + 4, l3.ip_id);
  put_be16(ip + 6, 0x4000);  // DF: hosts doing PMTU discovery set it
  ip[8] = l3.ttl;
  ip[9] = l3.protocol;
  put_be16(ip + 10, 0);
  put_be32(ip + 12, l3.src4);
  put_be32(ip + 16, l3.dst4);
  return pos + kIpv4HeaderLen;
}

size_t finish_frame(uint8_t* out, const L3Header& l3, size_t l4, size_t l4_len,
                    size_t checksum_at) {
  uint8_t* ip = out + ip_offset(l3);
  uint8_t* l4p = out + l4;
  uint64_t sum = 0;
  if (l3.ipv6) {
    put_be16(ip + 4, static_cast<uint16_t>(l4_len));
    // Pseudo-header: addresses, 32-bit upper-layer length, next header.
    uint8_t tail[8] = {};
    put_be32(tail, static_cast<uint32_t>(l4_len));
    tail[7] = l3.protocol;
    sum = checksum_add(sum, ip + 8, 32);
    sum = checksum_add(sum, tail, sizeof tail);
  } else {
    put_be16(ip + 2, static_cast<uint16_t>(kIpv4HeaderLen + l4_len));
    put_be16(ip + 10, checksum_finish(checksum_add(0, ip, kIpv4HeaderLen)));
    if (l3.protocol != kProtoIcmp) {  // ICMPv4 has no pseudo-header
      uint8_t tail[4] = {0, l3.protocol, 0, 0};
      put_be16(tail + 2, static_cast<uint16_t>(l4_len));
      sum = checksum_add(sum, ip + 12, 8);
      sum = checksum_add(sum, tail, sizeof tail);
    }
  }
  put_be16(l4p + checksum_at, 0);
  uint16_t check = checksum_finish(checksum_add(sum, l4p, l4_len));
  // In UDP a zero checksum means "none", so a computed zero is sent as ones.
  if (check == 0 && l3.protocol == kProtoUdp) check = 0xffff;
  put_be16(l4p + checksum_at, check);
  return l4 + l4_len;
}

size_t write_tcp_header(uint8_t* out, uint16_t sport, uint16_t dport, uint32_t seq,
                        uint32_t ack, uint8_t flags, uint16_t window, const uint8_t* options,
                        size_t options_len) {
  const size_t len = 20 + options_len;
  put_be16(out, sport);
  put_be16(out + 2, dport);
  put_be32(out + 4, seq);
  put_be32(out + 8, ack);
  out[12] = static_cast<uint8_t>((len / 4) << 4);
  out[13] = flags;
  put_be16(out + 14, window);
  put_be16(out + 16, 0);
  put_be16(out + 18, 0);  // urgent pointer
  if (options_len != 0) std::memcpy(out + 20, options, options_len);
  return len;
}

size_t write_udp_header(uint8_t* out, uint16_t sport, uint16_t dport, size_t payload_len) {
  put_be16(out, sport);
  put_be16(out + 2, dport);
  put_be16(out + 4, static_cast<uint16_t>(8 + payload_len));
  put_be16(out + 6, 0);
  return 8;
}

size_t write_icmp_echo_header(uint8_t* out, uint8_t type, uint16_t id, uint16_t seq) {
  out[0] = type;
  out[1] = 0;  // code
  put_be16(out + 2, 0);
  put_be16(out + 4, id);
  put_be16(out + 6, seq);
  return 8;
}

}  // namespace gencap
