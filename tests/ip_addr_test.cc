// IpAddr: parsing, Zeek's text forms, IPv4 detection.
#include "core/ip_addr.h"

#include <gtest/gtest.h>

namespace vigil {
namespace {

TEST(IpAddr, ParsesAndFormatsIpv4) {
  auto a = IpAddr::parse("10.1.200.3");
  ASSERT_TRUE(a);
  EXPECT_TRUE(a->is_v4());
  EXPECT_EQ(a->v4_host_order(), 0x0a01c803u);
  EXPECT_EQ(a->to_string(), "10.1.200.3");
  EXPECT_EQ(IpAddr::v4(0).to_string(), "0.0.0.0");
  EXPECT_EQ(IpAddr::v4(0xffffffffu).to_string(), "255.255.255.255");
}

TEST(IpAddr, FormatsIpv6Compressed) {
  auto a = IpAddr::parse("2001:0db8:0000:0000:0000:0000:0000:0001");
  ASSERT_TRUE(a);
  EXPECT_FALSE(a->is_v4());
  EXPECT_EQ(a->to_string(), "2001:db8::1");
  EXPECT_EQ(IpAddr::parse("ff02::1:ff00:3")->to_string(), "ff02::1:ff00:3");
  EXPECT_EQ(IpAddr::parse("::")->to_string(), "::");
}

TEST(IpAddr, RejectsNonAddresses) {
  EXPECT_FALSE(IpAddr::parse(""));
  EXPECT_FALSE(IpAddr::parse("10.1.2"));
  EXPECT_FALSE(IpAddr::parse("10.1.2.256"));
  EXPECT_FALSE(IpAddr::parse("fd00::1::2"));
  EXPECT_FALSE(IpAddr::parse(std::string_view("10.0.0.1\0junk", 13)));
}

TEST(IpAddr, OrdersAndCompares) {
  EXPECT_EQ(*IpAddr::parse("10.0.0.1"), IpAddr::v4(0x0a000001));
  EXPECT_LT(*IpAddr::parse("10.0.0.1"), *IpAddr::parse("10.0.0.2"));
  EXPECT_NE(*IpAddr::parse("10.0.0.1"), *IpAddr::parse("::a00:1"));
}

}  // namespace
}  // namespace vigil
