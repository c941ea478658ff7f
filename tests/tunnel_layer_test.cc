// Tunnel decapsulation: each encapsulation's header rules, what is not a tunnel, hostile lengths; and the
// whole pipeline on a capture with VXLAN and GRE: inner connections metered, named after their tunnel.
#include "sources/pcap/tunnel_layer.h"

#include <gtest/gtest.h>

#include <map>
#include <vector>

#include "capture_fixtures.h"
#include "sources/pcap/packet_pipeline.h"

namespace vigil {
namespace {

using Buf = std::vector<uint8_t>;

Buf cat(std::initializer_list<Buf> parts) {
  Buf out;
  for (const Buf& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}
void set16(Buf& b, size_t at, uint16_t v) {
  b[at] = static_cast<uint8_t>(v >> 8);
  b[at + 1] = static_cast<uint8_t>(v);
}

// IPv4 header (checksum right) carrying `payload` with protocol `proto`.
Buf ipv4(uint8_t proto, const Buf& payload, uint8_t last_src = 1, uint8_t last_dst = 2) {
  Buf h(20, 0);
  h[0] = 0x45;
  set16(h, 2, static_cast<uint16_t>(20 + payload.size()));
  h[8] = 64;
  h[9] = proto;
  h[12] = 10, h[15] = last_src;
  h[16] = 10, h[19] = last_dst;
  uint32_t sum = 0;
  for (size_t i = 0; i < 20; i += 2) sum += uint32_t{h[i]} << 8 | h[i + 1];
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  set16(h, 10, static_cast<uint16_t>(~sum));
  return cat({h, payload});
}
// UDP header (checksum 0: not computed) and payload.
Buf udp(uint16_t sport, uint16_t dport, const Buf& payload) {
  Buf h(8, 0);
  set16(h, 0, sport);
  set16(h, 2, dport);
  set16(h, 4, static_cast<uint16_t>(8 + payload.size()));
  return cat({h, payload});
}
Buf ether(uint16_t type, const Buf& payload) {
  Buf h(14, 0);
  h[0] = 0x02, h[6] = 0x04;
  set16(h, 12, type);
  return cat({h, payload});
}
Buf ipv6_bubble_or_udp(bool teredo_addresses, bool bubble) {
  Buf h(40, 0);
  h[0] = 0x60;
  Buf payload = bubble ? Buf{} : udp(1000, 2000, Buf(4, 0x61));
  set16(h, 4, static_cast<uint16_t>(payload.size()));
  h[6] = bubble ? 59 : 17;
  h[7] = 64;
  if (teredo_addresses) h[8] = 0x20, h[9] = 0x01;
  h[23] = 1, h[39] = 2;
  return cat({h, payload});
}
const Buf kInner = ipv4(17, udp(5353, 53, Buf(12, 0x42)), 7, 8);

Buf keep;  // the packet run() decoded last; the spans of its result point into it

// Decodes an outer IPv4 packet fully and decapsulates it.
Decapsulated run(const Buf& outer) {
  keep = outer;
  IpPacket ip;
  EXPECT_EQ(decode_ip(IpVersion::kV4, keep, keep.size(), true, ip), SkipReason::kNone);
  TransportInfo t;
  EXPECT_EQ(decode_transport(ip, t), SkipReason::kNone);
  return decapsulate(ip, t);
}

void expect_inner(const Decapsulated& d, TunnelKind kind, const Buf& inner = kInner) {
  EXPECT_EQ(d.kind, kind) << tunnel_kind_name(d.kind);
  ASSERT_EQ(d.inner.version, inner[0] >> 4 == 6 ? IpVersion::kV6 : IpVersion::kV4);
  EXPECT_EQ(Buf(d.inner.ip.begin(), d.inner.ip.end()), inner);
}

TEST(Tunnel, IpInIp) { expect_inner(run(ipv4(4, kInner)), TunnelKind::kIp); }

TEST(Tunnel, GreWithEveryOptionalField) {
  expect_inner(run(ipv4(47, cat({{0x00, 0x00, 0x08, 0x00}, kInner}))), TunnelKind::kGre);
  Buf flags = {0xb0, 0x00, 0x08, 0x00, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2};  // checksum, key, sequence
  expect_inner(run(ipv4(47, cat({flags, kInner}))), TunnelKind::kGre);
  expect_inner(run(ipv4(47, cat({{0x00, 0x00, 0x65, 0x58}, ether(0x0800, kInner)}))), TunnelKind::kGre);
}

TEST(Tunnel, ErspanTypesOneTwoThree) {
  expect_inner(run(ipv4(47, cat({{0x00, 0x00, 0x88, 0xbe}, ether(0x0800, kInner)}))), TunnelKind::kGre);
  Buf type2 = {0x10, 0x00, 0x88, 0xbe, 0, 0, 0, 9, 0x10, 0, 0, 1, 0, 0, 0, 0};  // sequence + 8-byte header
  expect_inner(run(ipv4(47, cat({type2, ether(0x0800, kInner)}))), TunnelKind::kGre);
  Buf type3(4 + 4 + 20, 0);
  type3[0] = 0x10, type3[2] = 0x22, type3[3] = 0xeb;
  type3[8 + 11] = 0x01;  // O bit: 8 bytes of platform data follow the 12-byte header
  expect_inner(run(ipv4(47, cat({type3, ether(0x0800, kInner)}))), TunnelKind::kGre);
}

TEST(Tunnel, PptpGreCarriesPpp) {
  Buf h = {0x30, 0x01, 0x88, 0x0b, 0, 0, 0, 0, 0, 0, 0, 1};  // version 1, key and sequence
  expect_inner(run(ipv4(47, cat({h, {0xff, 0x03, 0x00, 0x21}, kInner}))), TunnelKind::kGre);
  Buf with_ack = {0x30, 0x81, 0x88, 0x0b, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1};  // and an acknowledgement
  expect_inner(run(ipv4(47, cat({with_ack, {0xff, 0x03, 0x00, 0x21}, kInner}))), TunnelKind::kGre);
}

TEST(Tunnel, UdpTunnelsOnTheirPorts) {
  expect_inner(run(ipv4(17, udp(40000, 4789, cat({Buf{8, 0, 0, 0, 0, 0, 1, 0}, ether(0x0800, kInner)})))),
               TunnelKind::kVxlan);
  Buf geneve = {0x02, 0x00, 0x08, 0x00, 0, 0, 1, 0, 1, 2, 3, 4, 5, 6, 7, 8};  // two option words
  expect_inner(run(ipv4(17, udp(40000, 6081, cat({geneve, kInner})))), TunnelKind::kGeneve);
  expect_inner(run(ipv4(17, udp(40000, 4754, cat({Buf{0, 0, 0x08, 0x00}, kInner})))), TunnelKind::kGre);
  Buf gtp = {0x34, 0xff, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0x85, 1, 0x10, 0x20, 0};  // one extension header
  expect_inner(run(ipv4(17, udp(2152, 2152, cat({gtp, kInner})))), TunnelKind::kGtp);
  Buf ayiya = {0x11, 0x10, 0x01, 4, 0, 0, 0, 0, 0xaa, 0xbb, 1, 2, 3, 4};  // 2-byte id, 4-byte signature
  expect_inner(run(ipv4(17, udp(40000, 5072, cat({ayiya, kInner})))), TunnelKind::kAyiya);
}

TEST(Tunnel, TeredoOnAnyPortWhenATeredoAddressIsThere) {
  Buf with_origin = cat({{0, 0, 1, 2, 3, 4, 5, 6}, ipv6_bubble_or_udp(true, false)});
  expect_inner(run(ipv4(17, udp(40000, 50000, with_origin))), TunnelKind::kTeredo, ipv6_bubble_or_udp(true, false));
  EXPECT_EQ(run(ipv4(17, udp(40000, 50000, ipv6_bubble_or_udp(false, false)))).kind, TunnelKind::kNone);
  expect_inner(run(ipv4(17, udp(40000, 3544, ipv6_bubble_or_udp(false, false)))), TunnelKind::kTeredo,
               ipv6_bubble_or_udp(false, false));
  EXPECT_EQ(run(ipv4(17, udp(40000, 3544, ipv6_bubble_or_udp(true, true)))).kind, TunnelKind::kNone);  // bubble
}

TEST(Tunnel, WhatIsNotATunnelStaysOrdinary) {
  EXPECT_EQ(run(ipv4(17, udp(40000, 53, kInner))).kind, TunnelKind::kNone);
  EXPECT_EQ(run(ipv4(6, Buf{0, 80, 0, 80, 0, 0, 0, 0, 0, 0, 0, 0, 0x50, 0x10, 0, 0, 0, 0, 0, 0})).kind,
            TunnelKind::kNone);
  Decapsulated arp = run(ipv4(17, udp(40000, 4789, cat({Buf(8, 0), ether(0x0806, Buf(28, 0))}))));
  EXPECT_EQ(arp.kind, TunnelKind::kVxlan);
  EXPECT_EQ(arp.inner.version, IpVersion::kNone);
  Decapsulated false_gtp = run(ipv4(17, udp(2152, 2152, cat({Buf{0x30, 0x01, 0, 0, 0, 0, 0, 1}, kInner}))));
  EXPECT_EQ(false_gtp.inner.version, IpVersion::kNone);  // an echo request, not a T-PDU
}

TEST(Tunnel, HostileLengthsNeverReadPastTheEnd) {
  // Every prefix of every tunnel header: no inner packet, or one that lies inside the packet (ASan watches
  // the reads themselves).
  std::vector<std::pair<uint8_t, Buf>> cases = {
      {47, {0xb0, 0x00, 0x08, 0x00, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2}},
      {47, {0x10, 0x00, 0x22, 0xeb, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}},
      {17, udp(1, 6081, Buf{0x3f, 0, 0x08, 0, 0, 0, 0, 0})},  // 63 option words announced, none there
      {17, udp(1, 2152, Buf{0x34, 0xff, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0x85, 0xff})},
      {17, udp(1, 5072, Buf{0xf1, 0xf0, 0x01, 4, 0, 0, 0, 0})},
      {17, udp(1, 3544, Buf{0, 1, 0xff, 0xff})},
  };
  for (auto& [proto, payload] : cases) {
    for (size_t cut = 0; cut <= payload.size(); ++cut) {
      Buf p(payload.begin(), payload.begin() + static_cast<std::ptrdiff_t>(cut));
      if (proto == 17 && cut < 8) continue;  // not a UDP header at all
      if (proto == 17) set16(p, 4, static_cast<uint16_t>(p.size()));
      Decapsulated d = run(ipv4(proto, p));
      if (d.inner.version == IpVersion::kNone) continue;
      bool inside = d.inner.ip.data() >= keep.data() && d.inner.ip.data() + d.inner.ip.size() <= keep.data() + keep.size();
      EXPECT_TRUE(inside) << "proto " << int{proto} << " cut " << cut;
      EXPECT_EQ(cut, payload.size()) << "an inner packet from a cut header, proto " << int{proto};
    }
  }
}

// A capture: VXLAN carrying a client's DNS query and answer, then GRE carrying the same flow again.
TEST(Tunnel, PipelineMetersInnerConnectionsAndNamesTheirTunnels) {
  Buf query = ipv4(17, udp(5353, 53, Buf(20, 1)), 7, 8), answer = ipv4(17, udp(53, 5353, Buf(60, 2)), 8, 7);
  auto vxlan = [](const Buf& inner) {
    return ether(0x0800, ipv4(17, udp(40000, 4789, cat({Buf{8, 0, 0, 0, 0, 0, 1, 0}, ether(0x0800, inner)}))));
  };
  auto gre = [](const Buf& inner) { return ether(0x0800, ipv4(47, cat({{0x00, 0x00, 0x08, 0x00}, inner}), 3, 4)); };
  Bytes8 file = pcap_header();
  uint32_t sec = 1'700'000'000;
  for (const Buf& frame : {vxlan(query), vxlan(answer), gre(query), gre(answer)}) {
    put32(file, sec++);
    put32(file, 0);
    put32(file, static_cast<uint32_t>(frame.size()));
    put32(file, static_cast<uint32_t>(frame.size()));
    file.insert(file.end(), frame.begin(), frame.end());
  }
  TempFile t(file);
  std::vector<ConnRecord> conns;
  PipelineOptions options;
  options.meter.ignore_checksums = true;
  PipelineStats stats = run_pipeline({t.path()}, options, [&](ConnRecord&& r) { conns.push_back(std::move(r)); });
  EXPECT_EQ(stats.packets, 4u);
  ASSERT_EQ(conns.size(), 2u);  // the outer VXLAN flow and the inner DNS flow; outer GRE is no connection
  std::map<uint16_t, const ConnRecord*> by_port;
  for (const auto& c : conns) by_port[c.resp_p] = &c;
  ASSERT_TRUE(by_port.count(4789) && by_port.count(53));
  const ConnRecord& outer = *by_port[4789];
  const ConnRecord& inner = *by_port[53];
  EXPECT_TRUE(outer.tunnel_parents.empty());
  EXPECT_EQ(inner.orig_h.to_string(), "10.0.0.7");
  EXPECT_EQ(inner.orig_pkts, 2u);
  EXPECT_EQ(inner.resp_pkts, 2u);
  ASSERT_EQ(inner.tunnel_parents.size(), 2u);  // through VXLAN, then through GRE
  EXPECT_EQ(inner.tunnel_parents[0], outer.uid);
  EXPECT_NE(inner.tunnel_parents[1], outer.uid);
  EXPECT_EQ(inner.tunnel_parents[1].substr(0, 1), "C");
}

}  // namespace
}  // namespace vigil
