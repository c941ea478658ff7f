// The rare-client detector: a client few hosts use must also reach a destination few hosts reach, and be
// used repeatedly; common clients, common destinations, one-off JA3s, lab-sized networks and traffic that
// is not outbound say nothing.
#include "detect/rare_clients.h"

#include "report/finding_view.h"

#include <gtest/gtest.h>

#include <string>

namespace vigil {
namespace {

constexpr int64_t kSecond = 1'000'000'000;
constexpr int64_t kT0 = 1'704'067'200 * kSecond;

std::string host(int i) { return "10.0." + std::to_string(i / 200) + "." + std::to_string(1 + i % 200); }

HttpRecord request(const std::string& client, const char* server, const char* name, const std::string& agent, int64_t t) {
  HttpRecord r;
  r.id.ts.ns = kT0 + t * kSecond;
  r.id.orig_h = *IpAddr::parse(client);
  r.id.resp_h = *IpAddr::parse(server);
  r.id.resp_p = 80;
  if (name) r.host = name;
  r.user_agent = agent;
  return r;
}

SslRecord hello(const std::string& client, const char* server, const char* name, const char* ja3, const char* ja4, int64_t t) {
  SslRecord r;
  r.id.ts.ns = kT0 + t * kSecond;
  r.id.orig_h = *IpAddr::parse(client);
  r.id.resp_h = *IpAddr::parse(server);
  r.id.resp_p = 443;
  if (name) r.server_name = name;
  if (ja3) r.ja3 = ja3;
  if (ja4) r.ja4 = ja4;
  return r;
}

// 50 hosts browsing the same three sites with the same browser: the population every test starts from.
struct Network {
  Locality locality{NetSet::private_networks(), false};
  RareClientTable table{locality};
  static constexpr int kHosts = 50;
  static constexpr const char* kBrowser = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0";
  Network() {
    const char* sites[] = {"news.example", "mail.example", "cdn.example"};
    for (int h = 0; h < kHosts; ++h)
      for (int s = 0; s < 3; ++s) {
        table.http(request(host(h), "198.51.100.10", sites[s], kBrowser, h * 10 + s));
        table.ssl(hello(host(h), "198.51.100.11", sites[s], "aaaa", "t13d1516h2_8daaf6152771_e5627efa2ab1", h * 10 + s));
      }
  }
};

TEST(RareClients, ARareClientToARareDestinationIsFound) {
  Network n;
  for (int i = 0; i < 5; ++i)
    n.table.http(request(host(7), "203.0.113.9", "update.evil.example:8080", "Mozilla/4.0 (compatible; MSIE 6.0)", 1000 + i * 60));
  auto found = n.table.findings(0, nullptr);
  ASSERT_EQ(found.size(), 1u);
  const RareClientFinding& f = found[0];
  EXPECT_EQ(f.host, *IpAddr::parse(host(7)));
  EXPECT_EQ(f.kind, ClientSignature::kUserAgent);
  EXPECT_EQ(f.signature, "Mozilla/4.0 (compatible; MSIE 6.0)");
  EXPECT_EQ(f.prevalence, 1u);
  EXPECT_EQ(f.internal_hosts, 50u);
  EXPECT_EQ(f.connections, 5u);
  ASSERT_EQ(f.destinations.size(), 1u);
  EXPECT_EQ(f.destinations[0].target, "update.evil.example");  // the port and the case go
  EXPECT_EQ(f.destinations[0].prevalence, 1u);
  EXPECT_EQ(f.first_ns, kT0 + 1000 * kSecond);
  EXPECT_EQ(f.last_ns, kT0 + 1240 * kSecond);
  EXPECT_GT(f.confidence, 0.7);
  EXPECT_LE(f.confidence, 0.8);
  bool says_why = false;
  for (const std::string& line : explain(f)) says_why |= line.find("used by 1 of the 50") != std::string::npos;
  EXPECT_TRUE(says_why);
}

TEST(RareClients, ARareClientToACommonDestinationIsNot) {
  Network n;  // a niche updater fetching from the CDN everyone uses
  for (int i = 0; i < 10; ++i) n.table.http(request(host(3), "198.51.100.10", "cdn.example", "AcmeUpdater/3.2", i * 60));
  EXPECT_TRUE(n.table.findings(0, nullptr).empty());
}

TEST(RareClients, ACommonClientToARareDestinationIsNot) {
  Network n;  // a browser on a little-known site
  for (int i = 0; i < 10; ++i) n.table.http(request(host(3), "203.0.113.9", "blog.example", Network::kBrowser, i * 60));
  EXPECT_TRUE(n.table.findings(0, nullptr).empty());
}

TEST(RareClients, FewerThanMinUsesIsNot) {
  Network n;
  for (size_t i = 0; i + 1 < RareClientTable::kMinUses; ++i)
    n.table.http(request(host(3), "203.0.113.9", "x.example", "curl/8.0", static_cast<int64_t>(i)));
  EXPECT_TRUE(n.table.findings(0, nullptr).empty());
  n.table.http(request(host(3), "203.0.113.9", "x.example", "curl/8.0", 99));
  EXPECT_EQ(n.table.findings(0, nullptr).size(), 1u);
}

TEST(RareClients, AClientOfMoreThanThreeHostsIsCommon) {
  Network n;
  for (int h = 0; h < 4; ++h)
    for (int i = 0; i < 5; ++i) n.table.http(request(host(h), "203.0.113.9", "x.example", "Go-http-client/1.1", i));
  EXPECT_TRUE(n.table.findings(0, nullptr).empty());
  Network m;  // three hosts: still rare, one finding each
  for (int h = 0; h < 3; ++h)
    for (int i = 0; i < 5; ++i) m.table.http(request(host(h), "203.0.113.9", "x.example", "Go-http-client/1.1", i));
  auto found = m.table.findings(0, nullptr);
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0].prevalence, 3u);
  EXPECT_EQ(found[0].destinations[0].prevalence, 3u);
}

TEST(RareClients, Ja4WinsOverJa3AndJa3CountsWithoutIt) {
  Network n;
  // The same JA4 as everyone, a JA3 of its own (extension order shuffled): common, by JA4.
  for (int i = 0; i < 5; ++i)
    n.table.ssl(hello(host(9), "203.0.113.20", "c2.example", "ffff", "t13d1516h2_8daaf6152771_e5627efa2ab1", i));
  EXPECT_TRUE(n.table.findings(0, nullptr).empty());
  // A JA3-only record (Zeek's ja3 package): the JA3 decides.
  for (int i = 0; i < 5; ++i) n.table.ssl(hello(host(9), "203.0.113.20", "c2.example", "ffff", nullptr, i));
  auto found = n.table.findings(0, nullptr);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].kind, ClientSignature::kJa3);
  EXPECT_EQ(found[0].signature, "ffff");
}

TEST(RareClients, ARareJa4IsFoundAndNamelessServersGoByAddress) {
  Network n;
  for (int i = 0; i < 4; ++i) n.table.ssl(hello(host(11), "203.0.113.30", nullptr, nullptr, "t13d190900_9dc949149365_97f8aa674fd9", i));
  auto found = n.table.findings(0, nullptr);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].kind, ClientSignature::kJa4);
  EXPECT_EQ(found[0].destinations[0].target, "203.0.113.30");
}

TEST(RareClients, OnlyOutboundCountsAndSmallNetworksSayNothing) {
  Network n;
  for (int i = 0; i < 5; ++i) {
    n.table.http(request("203.0.113.5", "10.0.0.80", "intranet.example", "sqlmap/1.7", i));  // inbound
    n.table.http(request(host(1), "10.0.9.9", "wiki.corp", "sqlmap/1.7", i));               // internal
  }
  EXPECT_TRUE(n.table.findings(0, nullptr).empty());

  Locality locality(NetSet::private_networks(), false);
  RareClientTable lab(locality);  // a lab capture: two hosts, everything is "rare"
  for (int i = 0; i < 5; ++i) {
    lab.http(request(host(1), "203.0.113.9", "x.example", "curl/8.0", i));
    lab.http(request(host(2), "203.0.113.8", "y.example", "wget/1.21", i));
  }
  EXPECT_TRUE(lab.findings(0, nullptr).empty());
}

TEST(RareClients, AllowlistedDestinationsAndThresholdLeaveItOut) {
  Network n;
  for (int i = 0; i < 5; ++i) n.table.http(request(host(7), "203.0.113.9", "tool.vendor.example", "VendorAgent/1", i));
  Allowlist allow = Allowlist::parse("vendor.example\n").take();
  EXPECT_TRUE(n.table.findings(0, &allow).empty());
  EXPECT_EQ(n.table.findings(0, nullptr).size(), 1u);
  EXPECT_TRUE(n.table.findings(0.9, nullptr).empty());
}

TEST(RareClients, HostileSignaturesAreBounded) {
  Network n;
  std::string huge(100'000, 'A');
  for (int i = 0; i < 5; ++i) n.table.http(request(host(7), "203.0.113.9", "x.example", huge, i));
  auto found = n.table.findings(0, nullptr);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].signature.size(), RareClientTable::kMaxSignatureBytes);
}

TEST(RareClients, TheViewIsLowWithItsFieldsForMachines) {
  Network n;
  const std::string agent = "Evil \"Agent\" <b>";  // wire text: quoted in JSON, never markup
  for (int i = 0; i < 4; ++i) n.table.http(request(host(5), "203.0.113.9", "c2.example", agent, i));
  auto found = n.table.findings(0, nullptr);
  ASSERT_EQ(found.size(), 1u);
  FindingView v = view_of(found[0]);
  EXPECT_EQ(v.detector, "rare-client");
  EXPECT_EQ(v.severity, Severity::kLow);
  EXPECT_EQ(v.targets, std::vector<std::string>{"c2.example"});
  EXPECT_NEAR(v.score(), 0.3 * found[0].confidence, 1e-12);
  EXPECT_NE(v.json_fields.find("\"signature_kind\":\"user-agent\""), std::string::npos) << v.json_fields;
  EXPECT_NE(v.json_fields.find("\"signature\":\"Evil \\\"Agent\\\" <b>\""), std::string::npos) << v.json_fields;
  EXPECT_NE(v.json_fields.find("\"destinations\":[\"c2.example\"]"), std::string::npos) << v.json_fields;
  EXPECT_NE(v.json_fields.find("\"destination_prevalence\":[1]"), std::string::npos) << v.json_fields;
  EXPECT_NE(v.json_fields.find("\"connections\":4"), std::string::npos) << v.json_fields;
}

}  // namespace
}  // namespace vigil
