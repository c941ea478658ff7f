// The wrong-port detector: TLS on 53, HTTP on 443, DNS on a high port are found per host and peer; the
// expected protocols, unknown services and external-only traffic are not.
#include "detect/port_mismatch.h"

#include <gtest/gtest.h>

namespace vigil {
namespace {

ConnRecord conn(const char* orig, const char* resp, uint16_t port, const char* service,
                TransportProto proto = TransportProto::kTcp) {
  ConnRecord c;
  c.uid.assign(1, 'C');  // not = "C": GCC 12 warns falsely (-Wrestrict)
  c.ts = Timestamp{1'704'067'200'000'000'000};
  c.orig_h = *IpAddr::parse(orig);
  c.resp_h = *IpAddr::parse(resp);
  c.resp_p = port;
  c.proto = proto;
  c.service = service;
  c.orig_bytes = 100;
  c.resp_bytes = 200;
  return c;
}

TEST(PortMismatch, Rules) {
  EXPECT_NE(port_rule(53, TransportProto::kTcp, "ssl"), nullptr);
  EXPECT_EQ(port_rule(53, TransportProto::kUdp, "dns"), nullptr);
  EXPECT_NE(port_rule(443, TransportProto::kTcp, "http"), nullptr);
  EXPECT_EQ(port_rule(443, TransportProto::kTcp, "ssl,http"), nullptr);  // TLS carrying HTTP: the first decides
  EXPECT_NE(port_rule(40000, TransportProto::kUdp, "dns"), nullptr);
  EXPECT_EQ(port_rule(5353, TransportProto::kUdp, "dns"), nullptr);
  EXPECT_NE(port_rule(80, TransportProto::kTcp, "ssl"), nullptr);
  EXPECT_EQ(port_rule(8443, TransportProto::kTcp, "ssl"), nullptr);  // TLS on a high port: common, not judged
  EXPECT_EQ(port_rule(443, TransportProto::kTcp, ""), nullptr);      // nothing known about the content
}

TEST(PortMismatch, FoundPerHostAndPeerInEveryDirection) {
  Locality locality(NetSet::private_networks(), false);
  PortMismatchTable table(locality);
  table.conn(conn("10.0.0.5", "203.0.113.9", 53, "ssl"));
  table.conn(conn("10.0.0.5", "203.0.113.9", 53, "ssl"));
  table.conn(conn("198.51.100.7", "10.0.0.80", 443, "http"));      // inbound: about the server
  table.conn(conn("10.0.0.5", "203.0.113.9", 443, "ssl"));          // fits
  table.conn(conn("198.51.100.7", "203.0.113.9", 53, "ssl"));       // neither side internal
  auto found = table.findings(0.5, nullptr);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].host.to_string(), "10.0.0.5");
  EXPECT_EQ(found[0].connections, 2u);
  EXPECT_EQ(found[0].service, "ssl");
  EXPECT_NEAR(found[0].confidence, 0.9, 1e-12);
  EXPECT_EQ(found[1].host.to_string(), "10.0.0.80");
  EXPECT_EQ(found[1].direction, Direction::kInbound);
  Allowlist allow = Allowlist::parse("203.0.113.0/24\n").take();
  EXPECT_EQ(table.findings(0.5, &allow).size(), 1u);
  EXPECT_NE(explain(found[0])[0].find("ssl on port 53/tcp, which is for dns"), std::string::npos);
}

}  // namespace
}  // namespace vigil
