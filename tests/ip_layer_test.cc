// IP and transport decoding: header fields, extension headers, Zeek's drop rules, checksums.
#include "sources/pcap/ip_layer.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "sources/pcap/capture_file.h"

namespace vigil {
namespace {

using Frame = std::vector<uint8_t>;

void set16(Frame& f, size_t at, uint16_t v) {
  f[at] = static_cast<uint8_t>(v >> 8);
  f[at + 1] = static_cast<uint8_t>(v);
}

uint16_t checksum(const Frame& f, size_t from, size_t to, uint32_t sum = 0) {
  for (size_t i = from; i < to; i += 2) sum += (uint32_t{f[i]} << 8) | (i + 1 < to ? f[i + 1] : 0);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<uint16_t>(~sum);
}

// IPv4 + TCP with `payload` bytes, checksums right.
Frame ipv4_tcp(size_t payload, uint8_t flags = tcp_flag::kAck) {
  Frame f(40 + payload, 0);
  f[0] = 0x45;
  set16(f, 2, static_cast<uint16_t>(f.size()));
  f[8] = 64;
  f[9] = kProtoTcp;
  uint8_t addrs[8] = {10, 0, 0, 1, 192, 0, 2, 9};
  std::copy(addrs, addrs + 8, f.begin() + 12);
  set16(f, 10, checksum(f, 0, 20));
  set16(f, 20, 40000);
  set16(f, 22, 443);
  f[24] = 0x11;  // seq 0x11000000
  f[32] = 5 << 4;
  f[33] = flags;
  set16(f, 34, 512);
  for (size_t i = 0; i < payload; ++i) f[40 + i] = static_cast<uint8_t>(i);
  uint32_t pseudo = 0x0a00 + 0x0001 + 0xc000 + 0x0209 + kProtoTcp + static_cast<uint32_t>(20 + payload);
  set16(f, 36, checksum(f, 20, f.size(), pseudo));
  return f;
}

TEST(IpLayer, DecodesIpv4Tcp) {
  Frame f = ipv4_tcp(100);
  IpPacket ip;
  ASSERT_EQ(decode_ip(IpVersion::kV4, f, f.size(), false, ip), SkipReason::kNone);
  EXPECT_EQ(ip.src.to_string(), "10.0.0.1");
  EXPECT_EQ(ip.dst.to_string(), "192.0.2.9");
  EXPECT_EQ(ip.total_len, 140u);
  EXPECT_EQ(ip.transport_len, 120u);
  EXPECT_FALSE(ip.fragment);
  EXPECT_TRUE(transport_checksum_ok(ip));
  TransportInfo t;
  ASSERT_EQ(decode_transport(ip, t), SkipReason::kNone);
  EXPECT_EQ(t.sport, 40000);
  EXPECT_EQ(t.dport, 443);
  EXPECT_EQ(t.seq, 0x11000000u);
  EXPECT_EQ(t.flags, tcp_flag::kAck);
  EXPECT_EQ(t.payload_len, 100u);
  EXPECT_EQ(t.payload.size(), 100u);
}

TEST(IpLayer, DropsWhatZeekDrops) {
  Frame f = ipv4_tcp(10);
  IpPacket ip;
  Frame bad_sum = f;
  bad_sum[8] = 63;  // TTL changed, header checksum not
  EXPECT_EQ(decode_ip(IpVersion::kV4, bad_sum, bad_sum.size(), false, ip), SkipReason::kBadIpChecksum);
  EXPECT_EQ(decode_ip(IpVersion::kV4, bad_sum, bad_sum.size(), true, ip), SkipReason::kNone);
  // Total length larger than the packet was on the wire.
  EXPECT_EQ(decode_ip(IpVersion::kV4, f, f.size() - 1, false, ip), SkipReason::kBadIpHeader);
  Frame short_ihl = f;
  short_ihl[0] = 0x44;
  EXPECT_EQ(decode_ip(IpVersion::kV4, short_ihl, f.size(), true, ip), SkipReason::kBadIpHeader);
  Frame cut(f.begin(), f.begin() + 19);
  EXPECT_EQ(decode_ip(IpVersion::kV4, cut, f.size(), false, ip), SkipReason::kTruncatedIp);
}

TEST(IpLayer, PayloadChangeBreaksTransportChecksum) {
  Frame f = ipv4_tcp(10);
  f.back() ^= 1;
  IpPacket ip;
  ASSERT_EQ(decode_ip(IpVersion::kV4, f, f.size(), false, ip), SkipReason::kNone);
  EXPECT_FALSE(transport_checksum_ok(ip));
}

TEST(IpLayer, SnaplenTruncationKeepsHeaderLengths) {
  Frame f = ipv4_tcp(1000);
  Frame cut(f.begin(), f.begin() + 60);
  IpPacket ip;
  ASSERT_EQ(decode_ip(IpVersion::kV4, cut, f.size(), false, ip), SkipReason::kNone);
  TransportInfo t;
  ASSERT_EQ(decode_transport(ip, t), SkipReason::kNone);
  EXPECT_EQ(ip.total_len, 1040u);
  EXPECT_EQ(t.payload_len, 1000u);
  EXPECT_EQ(t.payload.size(), 20u);
}

TEST(IpLayer, Ipv6ExtensionHeadersAndFragments) {
  // IPv6 | hop-by-hop (8) | fragment (8, first piece, more follow) | UDP header
  Frame f(40 + 8 + 8 + 8, 0);
  f[0] = 0x60;
  set16(f, 4, 24);
  f[6] = 0;  // hop-by-hop
  f[8] = 0xfd;
  f[24] = 0xfd;
  f[40] = 44;  // next: fragment; length 0 => 8 bytes
  f[48] = kProtoUdp;
  set16(f, 50, 0x0001);  // offset 0, more fragments
  f[55] = 7;             // id
  IpPacket ip;
  ASSERT_EQ(decode_ip(IpVersion::kV6, f, f.size(), false, ip), SkipReason::kNone);
  EXPECT_TRUE(ip.v6);
  EXPECT_TRUE(ip.fragment);
  EXPECT_TRUE(ip.more_fragments);
  EXPECT_EQ(ip.fragment_id, 7u);
  EXPECT_EQ(ip.proto, kProtoUdp);
  EXPECT_EQ(ip.total_len, 64u);
  EXPECT_EQ(ip.transport_len, 8u);
  // An extension header claiming to run past the packet is a bad header, not a read past the end.
  Frame bad = f;
  bad[41] = 200;
  EXPECT_EQ(decode_ip(IpVersion::kV6, bad, bad.size(), false, ip), SkipReason::kBadIpHeader);
}

TEST(IpLayer, EveryTruncationIsSafe) {
  Frame f = ipv4_tcp(30);
  for (size_t n = 0; n <= f.size(); ++n) {
    Frame cut(f.begin(), f.begin() + static_cast<long>(n));
    IpPacket ip;
    if (decode_ip(IpVersion::kV4, cut, f.size(), true, ip) != SkipReason::kNone) continue;
    TransportInfo t;
    (void)decode_transport(ip, t);
    EXPECT_LE(t.payload.size(), t.payload_len);
  }
}

// Independent check: every packet vigil-gencap writes carries checksums that tshark verifies as right,
// so vigil must decode all of them and find every checksum right.
TEST(IpLayer, GeneratedCaptureDecodesWithValidChecksums) {
  std::string path = "/tmp/vigil-ip-layer-test.pcap";
  std::string cmd = std::string(VIGIL_GENCAP) + " --out " + path + " --bytes 3M --seed 3 --ipv6-share 0.3 2>/dev/null";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  auto f = CaptureFile::open(path);
  ASSERT_TRUE(f.is_ok());
  RawPacket pkt;
  uint64_t packets = 0, tcp = 0, udp = 0, icmp = 0;
  while (f.value()->next(pkt)) {
    ++packets;
    LinkResult link = decode_link(pkt.link_type, pkt.data);
    ASSERT_NE(link.version, IpVersion::kNone);
    IpPacket ip;
    ASSERT_EQ(decode_ip(link.version, link.ip, link.ip.size(), false, ip), SkipReason::kNone) << "packet " << packets;
    ASSERT_TRUE(transport_checksum_ok(ip)) << "packet " << packets;
    TransportInfo t;
    ASSERT_EQ(decode_transport(ip, t), SkipReason::kNone);
    tcp += ip.proto == kProtoTcp;
    udp += ip.proto == kProtoUdp;
    icmp += ip.proto == kProtoIcmp || ip.proto == kProtoIcmp6;
  }
  std::remove(path.c_str());
  EXPECT_GT(packets, 2000u);
  EXPECT_GT(tcp, 0u);
  EXPECT_GT(udp, 0u);
  EXPECT_GT(icmp, 0u);
}

}  // namespace
}  // namespace vigil
