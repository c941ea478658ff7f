// The unnamed-destination detector: a rare address reached without any DNS answer, SNI or Host naming
// it is found; named, resolved, by-design (NTP, DNS) and common addresses are not; without any DNS answer
// in the input nothing is said at all.
#include "detect/unnamed_destinations.h"

#include <gtest/gtest.h>

#include <string>

namespace vigil {
namespace {

ConnRecord conn(int n, const std::string& host, const std::string& server, uint16_t port, uint64_t received,
                TransportProto proto = TransportProto::kTcp) {
  ConnRecord c;
  c.uid.assign(1, 'U');
  c.uid += std::to_string(n);
  c.ts = Timestamp{1'704'067'200'000'000'000 + n * 1'000'000'000LL};
  c.orig_h = *IpAddr::parse(host);
  c.resp_h = *IpAddr::parse(server);
  c.orig_p = 40000;
  c.resp_p = port;
  c.proto = proto;
  c.orig_bytes = 300;
  c.resp_bytes = received;
  return c;
}

struct Scene {
  ChannelTable table{NetSet::private_networks()};
  int n = 0;
  bool dns = true;
  void add(const std::string& host, const std::string& server, uint16_t port, uint64_t received = 500,
           TransportProto proto = TransportProto::kTcp) {
    table.add(conn(++n, host, server, port, received, proto));
  }
  std::vector<UnnamedFinding> run() {
    for (int h = 1; h <= 20; ++h) add(std::string("10.0.0.") + std::to_string(100 + h), "198.51.100.1", 443);
    if (dns) table.resolved(*IpAddr::parse("10.0.0.101"), "www.example", *IpAddr::parse("198.51.100.1"));
    size_t hosts = table.internal_hosts();
    bool saw = table.saw_dns_answers();
    ChannelMap channels = table.finish();
    return find_unnamed_destinations(channels, {hosts, [this](const IpAddr& a) { return resolved(a); }, saw}, {});
  }
  bool resolved(const IpAddr& a) const { return a.to_string() == "198.51.100.1"; }
};

TEST(UnnamedDestinations, ARareAddressThatAnsweredIsFound) {
  Scene s;
  s.add("10.0.0.5", "203.0.113.66", 4444);
  s.add("10.0.0.5", "203.0.113.66", 4444);
  s.add("10.0.0.5", "203.0.113.77", 8080, 0);  // never answered: half the weight
  auto found = s.run();
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].host.to_string(), "10.0.0.5");
  EXPECT_EQ(found[0].total_destinations, 2u);
  EXPECT_EQ(found[0].destinations[0].address.to_string(), "203.0.113.66");
  EXPECT_NEAR(found[0].destinations[0].weight, 0.5, 1e-12);
  EXPECT_NEAR(found[0].destinations[1].weight, 0.25, 1e-12);
  EXPECT_NEAR(found[0].confidence, 1 - 0.5 * 0.75, 1e-12);
  EXPECT_NE(explain(found[0])[1].find("203.0.113.66:4444/tcp: 2 connections"), std::string::npos);
}

TEST(UnnamedDestinations, NamedResolvedAndByDesignAddressesAreNot) {
  Scene s;
  s.add("10.0.0.5", "203.0.113.10", 123, 48, TransportProto::kUdp);  // NTP by address
  s.add("10.0.0.5", "203.0.113.11", 53, 80, TransportProto::kUdp);   // a resolver
  s.add("10.0.0.5", "198.51.100.1", 8443);                            // an address a DNS answer gave
  s.table.add(conn(99, "10.0.0.5", "203.0.113.12", 443, 900));
  s.table.name("U99", "named-by-sni.example");                        // named by SNI
  EXPECT_TRUE(s.run().empty());
}

TEST(UnnamedDestinations, NothingWithoutAnyDnsInTheInput) {
  Scene s;
  s.dns = false;
  s.add("10.0.0.5", "203.0.113.66", 4444);
  EXPECT_TRUE(s.run().empty());
}

}  // namespace
}  // namespace vigil
