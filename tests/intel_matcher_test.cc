// The threat-intel detector: indicators matched on connections, DNS queries and answers, SNI and Host,
// per internal host, with confidence by what was seen; background scanning from listed addresses does
// not count.
#include "detect/intel_matcher.h"

#include <gtest/gtest.h>

#include "intel/feed_loader.h"

namespace vigil {
namespace {

IndicatorSet feed() {
  IndicatorSet set;
  auto r = parse_feed_into(set, "203.0.113.0/24 hosting range\nevil.example C2 domain\n", FeedFormat::kPlain, "test-feed",
                           "test-feed.txt");
  EXPECT_TRUE(r.is_ok());
  return set;
}

ConnRecord conn(const char* orig, const char* resp, uint64_t sent, uint64_t received) {
  ConnRecord c;
  c.ts = Timestamp{1'704'067'200'000'000'000};
  c.orig_h = *IpAddr::parse(orig);
  c.resp_h = *IpAddr::parse(resp);
  c.resp_p = 443;
  c.orig_bytes = sent;
  c.resp_bytes = received;
  return c;
}

TEST(IntelMatcher, EachFieldAndItsConfidence) {
  IndicatorSet set = feed();
  Locality locality(NetSet::private_networks(), false);
  IntelMatcher m(set, locality);
  m.conn(conn("10.0.0.5", "203.0.113.9", 300, 900));    // outbound with data: 0.95
  m.conn(conn("198.51.100.1", "203.0.113.9", 1, 1));    // neither side internal
  m.conn(conn("203.0.113.77", "10.0.0.80", 60, 0));     // a scan of a server, no answer: ignored
  DnsRecord q;
  q.id.orig_h = *IpAddr::parse("10.0.0.6");
  q.query = "Cdn.EVIL.example.";
  m.dns(q);                                             // looked up only: 0.6
  SslRecord hello;
  hello.id.orig_h = *IpAddr::parse("10.0.0.7");
  hello.server_name = "a.evil.example";
  m.ssl(hello);                                         // a name used, no data counted: 0.8
  auto found = m.findings();
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0].host.to_string(), "10.0.0.5");
  EXPECT_DOUBLE_EQ(found[0].confidence, 0.95);
  EXPECT_EQ(found[0].feed, "test-feed");
  EXPECT_EQ(found[0].label, "hosting range");
  EXPECT_EQ(found[1].host.to_string(), "10.0.0.7");
  EXPECT_DOUBLE_EQ(found[1].confidence, 0.8);
  EXPECT_EQ(found[2].host.to_string(), "10.0.0.6");
  EXPECT_DOUBLE_EQ(found[2].confidence, 0.6);
  EXPECT_EQ(found[2].matched, "cdn.evil.example");
  EXPECT_NE(explain(found[2])[0].find("listed by feed test-feed as evil.example (C2 domain)"), std::string::npos);
}

TEST(IntelMatcher, AnsweredInboundConnectionsCountAtTheServer) {
  IndicatorSet set = feed();
  Locality locality(NetSet::private_networks(), false);
  IntelMatcher m(set, locality);
  m.conn(conn("203.0.113.77", "10.0.0.80", 600, 4000));
  auto found = m.findings();
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].host.to_string(), "10.0.0.80");
  EXPECT_TRUE(found[0].inbound_only);
}

}  // namespace
}  // namespace vigil
