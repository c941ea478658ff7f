// IPv4, IPv6 (extension headers), TCP, UDP and ICMP header decoding and checksums.
#include "sources/pcap/ip_layer.h"

#include <bit>
#include <cstring>

namespace vigil {
namespace {

constexpr int kMaxExtensionHeaders = 16;

uint16_t fold(uint64_t sum);

// RFC 1071 sum of `b` as big-endian 16-bit words, plus `sum`. The bytes are added eight at a time in the
// machine's order and swapped once at the end (the one's-complement sum does not care about byte order);
// this runs over every payload byte, so it must stay near memory speed.
uint32_t ones_complement_sum(Bytes b, uint32_t sum = 0) {
  uint64_t acc = 0;
  size_t i = 0;
  const uint8_t* p = b.data();
  for (; i + 8 <= b.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    acc += (w & 0xffffffffu) + (w >> 32);
  }
  for (; i + 1 < b.size(); i += 2) {
    uint16_t w;
    std::memcpy(&w, p + i, 2);
    acc += w;
  }
  if (i < b.size()) acc += p[i];  // lone last byte: the high half of a big-endian word, low in native order
  uint16_t native = fold(acc);
  if constexpr (std::endian::native == std::endian::little) native = static_cast<uint16_t>(native >> 8 | native << 8);
  return sum + native;
}

uint16_t fold(uint64_t sum) {
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<uint16_t>(sum);
}

SkipReason decode_ipv4(Bytes b, uint64_t wire_ip_len, bool ignore_checksums, IpPacket& out) {
  if (!has(b, 20)) return SkipReason::kTruncatedIp;
  if ((b[0] >> 4) != 4) return SkipReason::kBadIpHeader;
  uint32_t hlen = uint32_t{b[0] & 0x0fu} * 4;
  uint32_t total = be16(b, 2);
  if (hlen < 20 || total < hlen || total > wire_ip_len) return SkipReason::kBadIpHeader;
  if (!has(b, hlen)) return SkipReason::kTruncatedIp;
  if (!ignore_checksums && fold(ones_complement_sum(b.first(hlen))) != 0xffff) return SkipReason::kBadIpChecksum;
  out.v6 = false;
  out.src = IpAddr::v4_bytes(b.subspan<12, 4>());
  out.dst = IpAddr::v4_bytes(b.subspan<16, 4>());
  out.proto = b[9];
  out.total_len = total;
  out.transport_len = total - hlen;
  Bytes captured = b.first(std::min<size_t>(b.size(), total));  // drops Ethernet padding
  out.transport = captured.subspan(hlen);
  uint16_t frag = be16(b, 6);
  out.more_fragments = (frag & 0x2000) != 0;
  out.fragment_offset = uint32_t{frag & 0x1fffu} * 8;
  out.fragment = out.more_fragments || out.fragment_offset != 0;
  out.fragment_id = be16(b, 4);
  return SkipReason::kNone;
}

SkipReason decode_ipv6(Bytes b, uint64_t wire_ip_len, IpPacket& out) {
  if (!has(b, 40)) return SkipReason::kTruncatedIp;
  if ((b[0] >> 4) != 6) return SkipReason::kBadIpHeader;
  uint32_t total = uint32_t{be16(b, 4)} + 40;
  if (total > wire_ip_len) return SkipReason::kBadIpHeader;
  out.v6 = true;
  out.src = IpAddr::v6_bytes(b.subspan<8, 16>());
  out.dst = IpAddr::v6_bytes(b.subspan<24, 16>());
  out.total_len = total;
  Bytes captured = b.first(std::min<size_t>(b.size(), total));
  uint8_t next = b[6];
  size_t at = 40;
  for (int i = 0; i < kMaxExtensionHeaders; ++i) {
    switch (next) {
      case 0:    // hop-by-hop
      case 43:   // routing
      case 60:   // destination options
      case 139:  // HIP
      case 140:  // shim6
      case 51: {  // authentication header: its length counts 4-byte units
        if (!has(captured, at + 2)) return SkipReason::kTruncatedIp;
        size_t len = next == 51 ? (size_t{captured[at + 1]} + 2) * 4 : (size_t{captured[at + 1]} + 1) * 8;
        next = captured[at];
        at += len;
        if (at > total) return SkipReason::kBadIpHeader;
        continue;
      }
      case 44: {  // fragment
        if (!has(captured, at + 8)) return SkipReason::kTruncatedIp;
        uint16_t off = be16(captured, at + 2);
        out.fragment_offset = off & 0xfff8u;
        out.more_fragments = (off & 1) != 0;
        out.fragment = out.more_fragments || out.fragment_offset != 0;
        out.fragment_id = be32(captured, at + 4);
        next = captured[at];
        at += 8;
        if (out.fragment) break;  // the rest belongs to the reassembled datagram
        continue;                 // an atomic fragment: the payload follows directly
      }
      default: break;
    }
    break;
  }
  if (at > captured.size() && at <= total) return SkipReason::kTruncatedIp;
  out.proto = next;
  out.transport_len = static_cast<uint32_t>(total - std::min<size_t>(at, total));
  out.transport = at <= captured.size() ? captured.subspan(at) : Bytes{};
  return SkipReason::kNone;
}

}  // namespace

SkipReason decode_ip(IpVersion version, Bytes ip, uint64_t wire_ip_len, bool ignore_checksums, IpPacket& out) {
  out = IpPacket{};
  if (version == IpVersion::kV4) return decode_ipv4(ip, wire_ip_len, ignore_checksums, out);
  if (version == IpVersion::kV6) return decode_ipv6(ip, wire_ip_len, out);
  return SkipReason::kNotIp;
}

SkipReason decode_transport(const IpPacket& ip, TransportInfo& out) {
  out = TransportInfo{};
  Bytes t = ip.transport;
  switch (ip.proto) {
    case kProtoTcp: {
      if (!has(t, 20)) return SkipReason::kTruncatedTransport;
      uint32_t hlen = static_cast<uint32_t>(t[12] >> 4) * 4;
      if (hlen < 20 || hlen > ip.transport_len) return SkipReason::kBadTransportHeader;
      if (!has(t, hlen)) return SkipReason::kTruncatedTransport;
      out.sport = be16(t, 0);
      out.dport = be16(t, 2);
      out.seq = be32(t, 4);
      out.ack = be32(t, 8);
      out.flags = t[13];
      out.window = be16(t, 14);
      out.header_len = hlen;
      out.payload_len = ip.transport_len - hlen;
      out.payload = t.subspan(hlen);
      return SkipReason::kNone;
    }
    case kProtoUdp: {
      if (!has(t, 8)) return SkipReason::kTruncatedTransport;
      uint32_t ulen = be16(t, 4);
      if (ulen < 8 || ulen > ip.transport_len) return SkipReason::kBadTransportHeader;
      out.sport = be16(t, 0);
      out.dport = be16(t, 2);
      out.header_len = 8;
      out.payload_len = ulen - 8;
      out.payload = t.subspan(8, std::min<size_t>(t.size() - 8, out.payload_len));
      return SkipReason::kNone;
    }
    case kProtoIcmp:
    case kProtoIcmp6: {
      if (!has(t, 8) || ip.transport_len < 8) return SkipReason::kTruncatedTransport;
      out.sport = t[0];  // type
      out.dport = t[1];  // code; the flow meter maps request/reply types to their counterpart
      out.header_len = 8;
      out.payload_len = ip.transport_len - 8;
      out.payload = t.subspan(8);
      return SkipReason::kNone;
    }
    default: return SkipReason::kNone;  // another protocol: no ports, Zeek's "unknown_transport"
  }
}

bool transport_checksum_ok(const IpPacket& ip) {
  uint64_t sum = ones_complement_sum(ip.transport);
  if (ip.proto == kProtoIcmp) return fold(sum) == 0xffff;  // IPv4 ICMP has no pseudo-header
  if (ip.proto == kProtoUdp && !ip.v6 && has(ip.transport, 8) && be16(ip.transport, 6) == 0) return true;
  const auto& s = ip.src.bytes();
  const auto& d = ip.dst.bytes();
  size_t from = ip.v6 ? 0 : 12;
  sum += ones_complement_sum(Bytes(s).subspan(from)) + ones_complement_sum(Bytes(d).subspan(from));
  sum += ip.proto + ip.transport_len;
  return fold(sum) == 0xffff;
}

}  // namespace vigil
