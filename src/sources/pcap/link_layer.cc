// Link-layer decoders: Ethernet (VLAN, QinQ, MPLS, PPPoE, VN-Tag, PBB, FabricPath), SLL/SLL2, raw IP,
// BSD null/loop, PPP, NFLOG and 802.11 (plain and radiotap).
#include "sources/pcap/link_layer.h"

namespace vigil {
namespace {

constexpr uint16_t kEthIpv4 = 0x0800;
constexpr uint16_t kEthIpv6 = 0x86dd;
constexpr uint16_t kEthVlan = 0x8100;
constexpr uint16_t kEthQinQ = 0x88a8;
constexpr uint16_t kEthQinQOld = 0x9100;
constexpr uint16_t kEthMplsUnicast = 0x8847;
constexpr uint16_t kEthMplsMulticast = 0x8848;
constexpr uint16_t kEthPppoeSession = 0x8864;
constexpr uint16_t kEthVnTag = 0x8926;
constexpr uint16_t kEthPbb = 0x88e7;
constexpr uint16_t kEthFabricPath = 0x8903;
constexpr uint16_t kPppIpv4 = 0x0021;
constexpr uint16_t kPppIpv6 = 0x0057;
constexpr int kMaxEncapsulations = 16;  // VLAN/MPLS stacks deeper than this are not real traffic

LinkResult skip(SkipReason r) { return LinkResult{IpVersion::kNone, {}, r}; }

LinkResult ip_of(uint16_t ethertype, Bytes rest) {
  if (ethertype == kEthIpv4) return {IpVersion::kV4, rest, SkipReason::kNone};
  if (ethertype == kEthIpv6) return {IpVersion::kV6, rest, SkipReason::kNone};
  return skip(SkipReason::kNotIp);
}

LinkResult decode_mpls(Bytes b) {
  for (int i = 0; i < kMaxEncapsulations; ++i) {
    if (!has(b, 4)) return skip(SkipReason::kTruncatedLink);
    bool bottom = (b[2] & 0x01) != 0;
    b = b.subspan(4);
    if (bottom) return decode_raw_ip(b);
  }
  return skip(SkipReason::kTunnelTooDeep);
}

LinkResult decode_ppp_protocol(uint16_t proto, Bytes rest) {
  if (proto == kPppIpv4) return {IpVersion::kV4, rest, SkipReason::kNone};
  if (proto == kPppIpv6) return {IpVersion::kV6, rest, SkipReason::kNone};
  return skip(SkipReason::kNotIp);
}

LinkResult decode_pppoe(Bytes b) {  // 6-byte PPPoE session header, then the PPP protocol
  if (!has(b, 8)) return skip(SkipReason::kTruncatedLink);
  return decode_ppp_protocol(be16(b, 6), b.subspan(8));
}

LinkResult decode_ppp(Bytes b) {
  if (has(b, 2) && b[0] == 0xff && b[1] == 0x03) b = b.subspan(2);  // HDLC address and control
  if (!has(b, 2)) return skip(SkipReason::kTruncatedLink);
  return decode_ppp_protocol(be16(b, 0), b.subspan(2));
}

LinkResult decode_null(Bytes b, bool network_order) {
  if (!has(b, 4)) return skip(SkipReason::kTruncatedLink);
  // DLT_NULL stores the family in the capturing host's byte order, which the file does not record.
  uint32_t family = network_order ? be32(b, 0) : le32(b, 0);
  if (!network_order && family > 0xffff) family = be32(b, 0);
  if (family == 2) return {IpVersion::kV4, b.subspan(4), SkipReason::kNone};
  if (family == 24 || family == 28 || family == 30) return {IpVersion::kV6, b.subspan(4), SkipReason::kNone};
  return skip(SkipReason::kNotIp);
}

LinkResult decode_nflog(Bytes b) {
  if (!has(b, 4)) return skip(SkipReason::kTruncatedLink);
  uint8_t family = b[0];
  size_t at = 4;
  while (has(b, at + 4)) {
    size_t len = le16(b, at);
    uint16_t type = le16(b, at + 2);
    if (len < 4 || !has(b, at + len)) return skip(SkipReason::kTruncatedLink);
    if (type == 9) {  // NFULA_PAYLOAD: the packet itself
      Bytes payload = b.subspan(at + 4, len - 4);
      if (family == 2) return {IpVersion::kV4, payload, SkipReason::kNone};
      if (family == 10) return {IpVersion::kV6, payload, SkipReason::kNone};
      return skip(SkipReason::kNotIp);
    }
    at += (len + 3) & ~size_t{3};  // TLVs are padded to four bytes
  }
  return skip(SkipReason::kNotIp);
}

LinkResult decode_ieee80211(Bytes b) {
  if (!has(b, 24)) return skip(SkipReason::kTruncatedLink);
  uint16_t fc = le16(b, 0);
  unsigned type = (fc >> 2) & 0x3;
  unsigned subtype = (fc >> 4) & 0xf;
  if (type != 2) return skip(SkipReason::kNotIp);  // only data frames carry IP
  if (subtype & 0x4) return skip(SkipReason::kNotIp);  // null-data frames carry nothing
  if (fc & 0x4000) return skip(SkipReason::kNotIp);  // protected: encrypted payload
  size_t len = 24;
  if ((fc & 0x0300) == 0x0300) len += 6;  // to-DS and from-DS: a fourth address
  bool amsdu = false;
  if (subtype & 0x8) {                     // QoS data: QoS control, maybe an HT control field
    if (!has(b, len + 2)) return skip(SkipReason::kTruncatedLink);
    amsdu = b[len] & 0x80;                 // A-MSDU present: subframes follow, each with its own header
    len += 2;
    if (fc & 0x8000) len += 4;
  }
  if (amsdu) len += 14;  // the first subframe's destination, source and length; vigil reads that subframe
  if (!has(b, len + 8)) return skip(SkipReason::kTruncatedLink);
  Bytes llc = b.subspan(len);
  if (llc[0] != 0xaa || llc[1] != 0xaa || llc[2] != 0x03) return skip(SkipReason::kNotIp);
  return ip_of(be16(llc, 6), llc.subspan(8));
}

LinkResult decode_radiotap(Bytes b) {
  if (!has(b, 4)) return skip(SkipReason::kTruncatedLink);
  size_t len = le16(b, 2);
  if (len < 4 || !has(b, len)) return skip(SkipReason::kTruncatedLink);
  return decode_ieee80211(b.subspan(len));
}

}  // namespace

LinkResult decode_raw_ip(Bytes b) {
  if (!has(b, 1)) return skip(SkipReason::kTruncatedLink);
  unsigned v = b[0] >> 4;
  if (v == 4) return {IpVersion::kV4, b, SkipReason::kNone};
  if (v == 6) return {IpVersion::kV6, b, SkipReason::kNone};
  return skip(SkipReason::kNotIp);
}

LinkResult decode_ethernet(Bytes b) {
  if (!has(b, 14)) return skip(SkipReason::kTruncatedLink);
  uint16_t type = be16(b, 12);
  b = b.subspan(14);
  for (int i = 0; i < kMaxEncapsulations; ++i) {
    switch (type) {
      case kEthIpv4:
      case kEthIpv6: return ip_of(type, b);
      case kEthVlan:
      case kEthQinQ:
      case kEthQinQOld:
        if (!has(b, 4)) return skip(SkipReason::kTruncatedLink);
        type = be16(b, 2);
        b = b.subspan(4);
        break;
      case kEthVnTag:
        if (!has(b, 6)) return skip(SkipReason::kTruncatedLink);
        type = be16(b, 4);
        b = b.subspan(6);
        break;
      case kEthPbb:  // 802.1ah: I-TAG, then a whole customer Ethernet header
        if (!has(b, 18)) return skip(SkipReason::kTruncatedLink);
        type = be16(b, 16);
        b = b.subspan(18);
        break;
      case kEthMplsUnicast:
      case kEthMplsMulticast: return decode_mpls(b);
      case kEthPppoeSession: return decode_pppoe(b);
      default: return skip(SkipReason::kNotIp);
    }
  }
  return skip(SkipReason::kTunnelTooDeep);
}

bool link_type_supported(int t) {
  switch (t) {
    case kLinkNull: case kLinkEthernet: case kLinkPpp: case kLinkRawOpenBsd: case kLinkRawAlt: case kLinkPppHdlc:
    case kLinkPppEther: case kLinkRaw: case kLinkIeee80211: case kLinkLoop: case kLinkLinuxSll: case kLinkRadiotap:
    case kLinkIpv4: case kLinkIpv6: case kLinkNflog: case kLinkLinuxSll2: return true;
    default: return false;
  }
}

LinkResult decode_link(int link_type, Bytes b) {
  switch (link_type) {
    case kLinkEthernet:
      // Cisco FabricPath wraps a whole Ethernet frame in a 16-byte outer header.
      if (has(b, 14) && be16(b, 12) == kEthFabricPath) return has(b, 16) ? decode_ethernet(b.subspan(16))
                                                                         : skip(SkipReason::kTruncatedLink);
      return decode_ethernet(b);
    case kLinkLinuxSll:
      if (!has(b, 16)) return skip(SkipReason::kTruncatedLink);
      return ip_of(be16(b, 14), b.subspan(16));
    case kLinkLinuxSll2:
      if (!has(b, 20)) return skip(SkipReason::kTruncatedLink);
      return ip_of(be16(b, 0), b.subspan(20));
    case kLinkRaw:
    case kLinkRawOpenBsd:
    case kLinkRawAlt: return decode_raw_ip(b);
    case kLinkIpv4: return {IpVersion::kV4, b, SkipReason::kNone};
    case kLinkIpv6: return {IpVersion::kV6, b, SkipReason::kNone};
    case kLinkNull: return decode_null(b, false);
    case kLinkLoop: return decode_null(b, true);
    case kLinkPpp:
    case kLinkPppHdlc: return decode_ppp(b);
    case kLinkPppEther: return decode_pppoe(b);
    case kLinkNflog: return decode_nflog(b);
    case kLinkIeee80211: return decode_ieee80211(b);
    case kLinkRadiotap: return decode_radiotap(b);
    default: return skip(SkipReason::kUnsupportedLinkType);
  }
}

}  // namespace vigil
