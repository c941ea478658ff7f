// Tunnel headers, each checked against the captured length before any field is read.
#include "sources/pcap/tunnel_layer.h"

namespace vigil {
namespace {

constexpr uint8_t kProtoIpInIp = 4;
constexpr uint8_t kProtoIpv6InIp = 41;
constexpr uint8_t kProtoGre = 47;
constexpr uint16_t kPortVxlan = 4789, kPortGeneve = 6081, kPortGreUdp = 4754, kPortTeredo = 3544,
                   kPortAyiya = 5072, kPortGtpUser = 2152;
constexpr uint16_t kEtherIpv4 = 0x0800, kEtherIpv6 = 0x86dd, kEtherTeb = 0x6558, kEtherErspan2 = 0x88be,
                   kEtherErspan3 = 0x22eb, kEtherPpp = 0x880b;

LinkResult none(SkipReason r) { return LinkResult{IpVersion::kNone, {}, r}; }

// The payload after a GRE-style protocol number (GRE and GENEVE share the Ethernet type space).
LinkResult by_ethertype(uint16_t type, Bytes b) {
  switch (type) {
    case kEtherIpv4: return {IpVersion::kV4, b, SkipReason::kNone};
    case kEtherIpv6: return {IpVersion::kV6, b, SkipReason::kNone};
    case kEtherTeb: return decode_ethernet(b);
    default: return none(SkipReason::kNotIp);
  }
}

LinkResult decode_gre(Bytes b) {
  if (!has(b, 4)) return none(SkipReason::kTruncatedLink);
  uint16_t flags = be16(b, 0), type = be16(b, 2);
  unsigned version = flags & 0x7;
  bool checksum = flags & 0x8000, key = flags & 0x2000, sequence = flags & 0x1000;
  size_t len = 4 + (checksum ? 4 : 0) + (key ? 4 : 0) + (sequence ? 4 : 0);
  if (version == 1) {  // PPTP's enhanced GRE: key always present, optional acknowledgement, PPP inside
    if (flags & 0x0080) len += 4;
    if (type != kEtherPpp || !has(b, len)) return none(SkipReason::kTruncatedLink);
    return decode_link(kLinkPpp, b.subspan(len));
  }
  if (version != 0) return none(SkipReason::kBadTransportHeader);
  if (!has(b, len)) return none(SkipReason::kTruncatedLink);
  Bytes rest = b.subspan(len);
  if (type == kEtherErspan2) {  // ERSPAN type II has a sequence number and an 8-byte header; type I has neither
    if (!sequence) return decode_ethernet(rest);
    if (!has(rest, 8)) return none(SkipReason::kTruncatedLink);
    return decode_ethernet(rest.subspan(8));
  }
  if (type == kEtherErspan3) {  // 12-byte header, 8 more when the O bit announces platform-specific data
    if (!has(rest, 12)) return none(SkipReason::kTruncatedLink);
    size_t header = (rest[11] & 0x01) ? 20 : 12;
    if (!has(rest, header)) return none(SkipReason::kTruncatedLink);
    return decode_ethernet(rest.subspan(header));
  }
  if (type >= 0x8200 && type <= 0x8250) return decode_link(kLinkIeee80211, rest);  // Aruba access points
  return by_ethertype(type, rest);
}

LinkResult decode_vxlan(Bytes b) {
  if (!has(b, 8)) return none(SkipReason::kTruncatedLink);
  return decode_ethernet(b.subspan(8));
}

LinkResult decode_geneve(Bytes b) {
  if (!has(b, 8)) return none(SkipReason::kTruncatedLink);
  if ((b[0] >> 6) != 0) return none(SkipReason::kBadTransportHeader);  // version 0 only
  size_t len = 8 + size_t{static_cast<uint8_t>(b[0] & 0x3f)} * 4;
  if (!has(b, len)) return none(SkipReason::kTruncatedLink);
  return by_ethertype(be16(b, 2), b.subspan(len));
}

// Teredo (RFC 4380): optional authentication and origin indication, then an IPv6 packet whose length
// fits what is there. Relays use any port, so (as Zeek's signature does) any UDP port qualifies when the
// IPv6 packet has a Teredo address (2001:0::/32) at one end; port 3544 qualifies with any addresses.
// Bubbles (an IPv6 header with no payload) only keep NAT mappings open and carry nothing.
LinkResult decode_teredo(Bytes b, bool on_teredo_port) {
  if (has(b, 2) && b[0] == 0 && b[1] == 1) {  // authentication: ids, nonce, confirmation byte
    if (!has(b, 4)) return none(SkipReason::kTruncatedLink);
    size_t len = 4 + size_t{b[2]} + size_t{b[3]} + 8 + 1;
    if (!has(b, len)) return none(SkipReason::kTruncatedLink);
    b = b.subspan(len);
  }
  if (has(b, 2) && b[0] == 0 && b[1] == 0) {  // origin indication
    if (!has(b, 8)) return none(SkipReason::kTruncatedLink);
    b = b.subspan(8);
  }
  if (!has(b, 40) || (b[0] >> 4) != 6) return none(SkipReason::kNotIp);
  uint16_t payload = be16(b, 4);
  if (payload + 40u > b.size()) return none(SkipReason::kNotIp);
  auto teredo_address = [&b](size_t at) { return b[at] == 0x20 && b[at + 1] == 0x01 && b[at + 2] == 0 && b[at + 3] == 0; };
  if (!on_teredo_port && !teredo_address(8) && !teredo_address(24)) return none(SkipReason::kNotIp);
  if (payload == 0 && b[6] == 59) return none(SkipReason::kNotIp);  // a bubble
  return {IpVersion::kV6, b, SkipReason::kNone};
}

// AYIYA: identity and signature lengths in the header, next header 4 (IPv4) or 41 (IPv6), opcode 1.
LinkResult decode_ayiya(Bytes b) {
  if (!has(b, 8)) return none(SkipReason::kTruncatedLink);
  size_t identity = size_t{1} << (b[0] >> 4), signature = size_t{static_cast<uint8_t>(b[1] >> 4)} * 4;
  if ((b[2] & 0x0f) != 1) return none(SkipReason::kNotIp);  // only "forward" carries a packet
  size_t len = 8 + identity + signature;
  if (!has(b, len)) return none(SkipReason::kTruncatedLink);
  if (b[3] == kProtoIpInIp) return {IpVersion::kV4, b.subspan(len), SkipReason::kNone};
  if (b[3] == kProtoIpv6InIp) return {IpVersion::kV6, b.subspan(len), SkipReason::kNone};
  return none(SkipReason::kNotIp);
}

// GTPv1-U: version 1, protocol type GTP, a T-PDU message; optional fields and extension headers.
LinkResult decode_gtp(Bytes b) {
  if (!has(b, 8)) return none(SkipReason::kTruncatedLink);
  if ((b[0] >> 5) != 1 || !(b[0] & 0x10) || b[1] != 0xff) return none(SkipReason::kNotIp);
  size_t at = 8;
  if (b[0] & 0x07) {  // E, S or PN: sequence number, N-PDU number and next extension type follow
    if (!has(b, 12)) return none(SkipReason::kTruncatedLink);
    uint8_t next = b[11];
    at = 12;
    for (int i = 0; next != 0 && i < 16; ++i) {  // each extension: length in 4-byte units, ..., next type
      if (!has(b, at + 1) || b[at] == 0) return none(SkipReason::kTruncatedLink);
      size_t len = size_t{b[at]} * 4;
      if (!has(b, at + len)) return none(SkipReason::kTruncatedLink);
      next = b[at + len - 1];
      at += len;
    }
    if (next != 0) return none(SkipReason::kTunnelTooDeep);
  }
  return decode_raw_ip(b.subspan(at));
}

}  // namespace

Decapsulated decapsulate(const IpPacket& ip, const TransportInfo& t) {
  switch (ip.proto) {
    case kProtoIpInIp: return {TunnelKind::kIp, {IpVersion::kV4, ip.transport, SkipReason::kNone}};
    case kProtoIpv6InIp: return {TunnelKind::kIp, {IpVersion::kV6, ip.transport, SkipReason::kNone}};
    case kProtoGre: return {TunnelKind::kGre, decode_gre(ip.transport)};
    case kProtoUdp: break;
    default: return {};
  }
  auto on = [&t](uint16_t port) { return t.sport == port || t.dport == port; };
  if (on(kPortVxlan)) return {TunnelKind::kVxlan, decode_vxlan(t.payload)};
  if (on(kPortGeneve)) return {TunnelKind::kGeneve, decode_geneve(t.payload)};
  if (on(kPortGreUdp)) return {TunnelKind::kGre, decode_gre(t.payload)};
  if (on(kPortGtpUser)) return {TunnelKind::kGtp, decode_gtp(t.payload)};
  if (on(kPortAyiya)) return {TunnelKind::kAyiya, decode_ayiya(t.payload)};
  LinkResult teredo = decode_teredo(t.payload, on(kPortTeredo));
  if (teredo.version != IpVersion::kNone) return {TunnelKind::kTeredo, teredo};
  return {};  // not a tunnel: an ordinary UDP packet (a bubble included)
}

std::string_view tunnel_kind_name(TunnelKind kind) {
  switch (kind) {
    case TunnelKind::kNone: return "none";
    case TunnelKind::kIp: return "ip";
    case TunnelKind::kGre: return "gre";
    case TunnelKind::kVxlan: return "vxlan";
    case TunnelKind::kGeneve: return "geneve";
    case TunnelKind::kTeredo: return "teredo";
    case TunnelKind::kAyiya: return "ayiya";
    case TunnelKind::kGtp: return "gtpv1";
  }
  return "?";
}

}  // namespace vigil
