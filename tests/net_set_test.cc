// NetSet: CIDR membership for internal networks.
#include "core/net_set.h"

#include <gtest/gtest.h>

namespace vigil {
namespace {

bool in(const NetSet& s, const char* a) { return s.contains(*IpAddr::parse(a)); }

TEST(NetSet, MatchesPrefixesOfBothFamilies) {
  NetSet s;
  ASSERT_TRUE(s.add("10.0.0.0/8").is_ok());
  ASSERT_TRUE(s.add("192.168.1.0/25").is_ok());
  ASSERT_TRUE(s.add("fd00::/8").is_ok());
  ASSERT_TRUE(s.add("203.0.113.7").is_ok());
  EXPECT_TRUE(in(s, "10.255.1.1"));
  EXPECT_FALSE(in(s, "11.0.0.1"));
  EXPECT_TRUE(in(s, "192.168.1.127"));
  EXPECT_FALSE(in(s, "192.168.1.128"));
  EXPECT_TRUE(in(s, "fd12::1"));
  EXPECT_FALSE(in(s, "fe00::1"));
  EXPECT_TRUE(in(s, "203.0.113.7"));
  EXPECT_FALSE(in(s, "203.0.113.8"));
}

TEST(NetSet, HostBitsInThePrefixAreIgnored) {
  NetSet s;
  ASSERT_TRUE(s.add("10.1.2.3/16").is_ok());
  EXPECT_TRUE(in(s, "10.1.99.99"));
  EXPECT_FALSE(in(s, "10.2.0.0"));
}

TEST(NetSet, RejectsBadInput) {
  NetSet s;
  EXPECT_FALSE(s.add("10.0.0.0/33").is_ok());
  EXPECT_FALSE(s.add("fd00::/129").is_ok());
  EXPECT_FALSE(s.add("10.0.0.0/").is_ok());
  EXPECT_FALSE(s.add("10.0.0.0/8x").is_ok());
  EXPECT_FALSE(s.add("example.com/8").is_ok());
  EXPECT_EQ(s.add("nope").code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(s.empty());
}

TEST(NetSet, DefaultsArePrivateNetworks) {
  NetSet s = NetSet::private_networks();
  EXPECT_TRUE(in(s, "172.31.0.1"));
  EXPECT_FALSE(in(s, "172.32.0.1"));
  EXPECT_TRUE(in(s, "fe80::1"));
  EXPECT_FALSE(in(s, "8.8.8.8"));
}

}  // namespace
}  // namespace vigil
