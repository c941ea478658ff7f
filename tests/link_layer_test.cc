// Link-layer decoding: each encapsulation reaches its IP packet; every truncation is a counted skip.
#include "sources/pcap/link_layer.h"

#include <gtest/gtest.h>

#include <vector>

namespace vigil {
namespace {

using Frame = std::vector<uint8_t>;

const Frame kIpv4 = {0x45, 0, 0, 20, 0, 0, 0x40, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2};
const Frame kIpv6Start = {0x60, 0, 0, 0, 0, 0, 59, 64};

Frame cat(std::initializer_list<Frame> parts) {
  Frame f;
  for (const auto& p : parts) f.insert(f.end(), p.begin(), p.end());
  return f;
}

const Frame kMacs(12, 0xaa);

void expect_ip(int link, const Frame& f, IpVersion v, size_t ip_offset) {
  LinkResult r = decode_link(link, f);
  ASSERT_EQ(r.version, v) << "skip reason " << static_cast<int>(r.skip);
  EXPECT_EQ(r.ip.data(), f.data() + ip_offset);
  EXPECT_EQ(r.ip.size(), f.size() - ip_offset);
}

TEST(LinkLayer, EthernetAndItsTags) {
  expect_ip(kLinkEthernet, cat({kMacs, {0x08, 0x00}, kIpv4}), IpVersion::kV4, 14);
  expect_ip(kLinkEthernet, cat({kMacs, {0x86, 0xdd}, kIpv6Start}), IpVersion::kV6, 14);
  // QinQ: 802.1ad outer tag, 802.1Q inner tag.
  expect_ip(kLinkEthernet, cat({kMacs, {0x88, 0xa8, 0, 1, 0x81, 0x00, 0, 2, 0x08, 0x00}, kIpv4}), IpVersion::kV4, 22);
  // MPLS: two labels, the second with bottom-of-stack set.
  expect_ip(kLinkEthernet, cat({kMacs, {0x88, 0x47, 0, 0, 0x10, 64, 0, 0, 0x21, 64}, kIpv4}), IpVersion::kV4, 22);
  // PPPoE session carrying IPv4.
  expect_ip(kLinkEthernet, cat({kMacs, {0x88, 0x64, 0x11, 0, 0, 1, 0, 22, 0x00, 0x21}, kIpv4}), IpVersion::kV4, 22);
  // VLAN inside which sits MPLS.
  expect_ip(kLinkEthernet, cat({kMacs, {0x81, 0x00, 0, 5, 0x88, 0x47, 0, 0, 0x11, 64}, kIpv4}), IpVersion::kV4, 22);
}

TEST(LinkLayer, OtherLinkTypes) {
  Frame sll(16, 0);
  sll[14] = 0x08;
  expect_ip(kLinkLinuxSll, cat({sll, kIpv4}), IpVersion::kV4, 16);
  Frame sll2(20, 0);
  sll2[0] = 0x86;
  sll2[1] = 0xdd;
  expect_ip(kLinkLinuxSll2, cat({sll2, kIpv6Start}), IpVersion::kV6, 20);
  expect_ip(kLinkRaw, kIpv4, IpVersion::kV4, 0);
  expect_ip(kLinkRaw, kIpv6Start, IpVersion::kV6, 0);
  expect_ip(kLinkNull, cat({{2, 0, 0, 0}, kIpv4}), IpVersion::kV4, 4);      // little-endian host
  expect_ip(kLinkNull, cat({{0, 0, 0, 30}, kIpv6Start}), IpVersion::kV6, 4);  // big-endian host
  expect_ip(kLinkLoop, cat({{0, 0, 0, 2}, kIpv4}), IpVersion::kV4, 4);
  expect_ip(kLinkPpp, cat({{0xff, 0x03, 0x00, 0x21}, kIpv4}), IpVersion::kV4, 4);
  expect_ip(kLinkPpp, cat({{0x00, 0x57}, kIpv6Start}), IpVersion::kV6, 2);
}

TEST(LinkLayer, NonIpIsSkippedAsSuch) {
  EXPECT_EQ(decode_link(kLinkEthernet, cat({kMacs, {0x08, 0x06}, Frame(28, 0)})).skip, SkipReason::kNotIp);
  EXPECT_EQ(decode_link(kLinkRaw, Frame{0x50, 0, 0}).skip, SkipReason::kNotIp);
  EXPECT_EQ(decode_link(kLinkNull, Frame{7, 0, 0, 0, 1}).skip, SkipReason::kNotIp);
  EXPECT_EQ(decode_link(12345, kIpv4).skip, SkipReason::kUnsupportedLinkType);
  EXPECT_FALSE(link_type_supported(12345));
  EXPECT_TRUE(link_type_supported(kLinkLinuxSll2));
}

TEST(LinkLayer, EveryTruncationIsSafe) {
  // Each prefix of each frame must decode to an IP span inside the frame or to a skip; ASan checks bounds.
  std::vector<std::pair<int, Frame>> frames = {
      {kLinkEthernet, cat({kMacs, {0x88, 0xa8, 0, 1, 0x81, 0x00, 0, 2, 0x08, 0x00}, kIpv4})},
      {kLinkEthernet, cat({kMacs, {0x88, 0x47, 0, 0, 0x10, 64, 0, 0, 0x21, 64}, kIpv4})},
      {kLinkEthernet, cat({kMacs, {0x88, 0x64, 0x11, 0, 0, 1, 0, 22, 0x00, 0x21}, kIpv4})},
      {kLinkLinuxSll2, cat({{0x08, 0x00}, Frame(18, 0), kIpv4})},
      {kLinkNflog, cat({{2, 0, 0, 0, 24, 0, 9, 0}, kIpv4})},
      {kLinkRadiotap, cat({{0, 0, 8, 0, 0, 0, 0, 0}, {0x08, 0x01}, Frame(22, 0), {0xaa, 0xaa, 3, 0, 0, 0, 8, 0}, kIpv4})},
  };
  for (const auto& [link, full] : frames) {
    EXPECT_NE(decode_link(link, full).version, IpVersion::kNone) << "link " << link;
    for (size_t n = 0; n < full.size(); ++n) {
      Frame cut(full.begin(), full.begin() + static_cast<long>(n));
      LinkResult r = decode_link(link, cut);
      if (r.version == IpVersion::kNone) {
        EXPECT_NE(r.skip, SkipReason::kNone);
      } else {
        EXPECT_GE(r.ip.data(), cut.data());
        EXPECT_LE(r.ip.data() + r.ip.size(), cut.data() + cut.size());
      }
    }
  }
}

TEST(LinkLayer, EndlessVlanStackStops) {
  Frame f = kMacs;
  for (int i = 0; i < 100; ++i) f.insert(f.end(), {0x81, 0x00, 0, 1});
  EXPECT_EQ(decode_link(kLinkEthernet, f).skip, SkipReason::kTunnelTooDeep);
}

}  // namespace
}  // namespace vigil
