// IpAddr: parsing, Zeek's text forms, IPv4 detection.
#include "core/ip_addr.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

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

namespace vigil {
namespace {

// The hand-written IPv4 path must accept exactly what inet_pton accepts, with the same value.
TEST(IpAddr, FastIpv4ParseAgreesWithInetPton) {
  std::vector<std::string> cases = {"0.0.0.0", "255.255.255.255", "256.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4",
                                    "1.02.3.4", "1..2.3", ".1.2.3", "1.2.3.", "1.2.3.4 ", " 1.2.3.4", "1.2.3.-4",
                                    "1234.1.1.1", "1.2.3.4a", "", "0.0.0.00", "10.0.0.1", "a.b.c.d"};
  uint64_t x = 12345;
  for (int i = 0; i < 20000; ++i) {  // random strings over the characters that matter
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    std::string s;
    for (int j = 0, n = static_cast<int>(x >> 60) + 1; j < n; ++j) s += "0123456789..9"[(x >> (4 * j)) % 13];
    cases.push_back(s);
  }
  for (const auto& s : cases) {
    uint8_t buf[4];
    bool expected = inet_pton(AF_INET, s.c_str(), buf) == 1;
    auto got = IpAddr::parse(s);
    ASSERT_EQ(got.has_value() && got->is_v4(), expected) << "'" << s << "'";
    if (expected) {
      EXPECT_EQ(got->v4_host_order(), uint32_t{buf[0]} << 24 | uint32_t{buf[1]} << 16 | uint32_t{buf[2]} << 8 | buf[3]);
    }
  }
}

}  // namespace
}  // namespace vigil

namespace vigil {
namespace {

// The hand-written IPv6 text agrees with glibc's inet_ntop (what Zeek prints) on addresses built to hit
// every rule: zero runs of each length and place, ties between runs, leading-zero groups, and the forms
// with a dotted IPv4 tail.
TEST(IpAddr, Ipv6TextAgreesWithInetNtop) {
  uint64_t state = 0x9e3779b97f4a7c15ull;
  auto next = [&] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  std::vector<std::array<uint8_t, 16>> cases;
  for (int i = 0; i < 200000; ++i) {
    std::array<uint8_t, 16> b{};
    uint64_t r = next(), zero_mask = next();
    for (int w = 0; w < 8; ++w) {
      if ((zero_mask >> w) & 1) continue;  // about half the groups zero, so runs of every shape occur
      uint16_t v = static_cast<uint16_t>(r >> (w * 8));
      if ((r >> (40 + w)) & 1) v &= 0x00ff;  // leading zeros inside a group
      b[2 * w] = static_cast<uint8_t>(v >> 8);
      b[2 * w + 1] = static_cast<uint8_t>(v);
    }
    cases.push_back(b);
  }
  cases.push_back({});                                                    // ::
  cases.push_back({0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4});      // ::1.2.3.4
  cases.push_back({0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});      // ::1
  cases.push_back({0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0});      // ::1:0:0:0 vs tie
  for (const auto& b : cases) {
    IpAddr a = IpAddr::v6_bytes(std::span<const uint8_t, 16>(b.data(), 16));
    if (a.is_v4()) continue;
    char want[INET6_ADDRSTRLEN];
    ASSERT_NE(inet_ntop(AF_INET6, b.data(), want, sizeof want), nullptr);
    ASSERT_EQ(a.to_string(), want);
  }
}

}  // namespace
}  // namespace vigil
