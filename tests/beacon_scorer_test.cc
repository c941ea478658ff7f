// The beacon detector end to end on hand-made channels: a rare beacon is found with its evidence, the
// same rhythm shared by many hosts is not, rhythmless traffic is not, allowlists and name folding work,
// and the reports escape what came from the wire.
#include "detect/beacon_scorer.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <string>

#include "report/hunt_report.h"

namespace vigil {
namespace {

constexpr int64_t kStart = 1'700'000'000'000'000'000;  // 2023-11-14 22:13:20 UTC

ConnRecord conn(const std::string& uid, const std::string& orig, const std::string& resp, uint16_t port, double t) {
  ConnRecord c;
  c.uid = uid;
  c.ts = Timestamp{kStart + static_cast<int64_t>(t * 1e9)};
  c.orig_h = *IpAddr::parse(orig);
  c.resp_h = *IpAddr::parse(resp);
  c.resp_p = port;
  c.proto = TransportProto::kTcp;
  c.orig_bytes = 320;
  c.resp_bytes = 1200;
  c.duration = Duration{250'000'000};
  return c;
}

// "10.0.<subnet>.<n>" and "198.51.100.<n>" (built with snprintf: GCC 12 warns falsely on string +).
std::string host_number(int subnet, int n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "10.0.%d.%d", subnet, n);
  return buf;
}
std::string external_number(int n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "198.51.100.%d", n);
  return buf;
}

struct Scene {
  ChannelTable table{NetSet::private_networks(), NameOrder::kBeforeConnections};
  int next_uid = 0;
  std::string uid() {
    std::string id = "C";
    id += std::to_string(next_uid++);
    return id;
  }

  void beacon(const std::string& host, const std::string& dest, double period, int n, double jitter = 0,
              const char* sni = nullptr, unsigned seed = 1) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(0, 1);
    for (int i = 0; i < n; ++i) {
      std::string id = uid();
      if (sni) table.name(id, sni);
      table.add(conn(id, host, dest, 443, i * period - u(rng) * jitter * period));
    }
  }
  void poisson(const std::string& host, const std::string& dest, double mean, int n, unsigned seed) {
    std::mt19937_64 rng(seed);
    std::exponential_distribution<double> gap(1 / mean);
    double t = 0;
    for (int i = 0; i < n; ++i) table.add(conn(uid(), host, dest, 443, t += gap(rng)));
  }
  std::vector<BeaconFinding> run(const BeaconOptions& options = {}, BeaconRunStats* stats = nullptr) {
    BeaconContext context;
    context.internal_hosts = table.internal_hosts();
    context.was_resolved = [this](const IpAddr& a) { return table.was_resolved(a); };
    channels = table.finish();
    return find_beacons(channels, context, options, stats);
  }
  ChannelMap channels;
};

TEST(BeaconScorer, ARareBeaconIsFoundWithItsEvidence) {
  Scene s;
  s.beacon("10.0.0.7", "203.0.113.50", 60, 200, 0.3);
  s.poisson("10.0.0.8", "198.51.100.9", 60, 200, 7);
  BeaconRunStats stats;
  auto found = s.run({}, &stats);
  ASSERT_EQ(found.size(), 1u);
  const BeaconFinding& f = found[0];
  EXPECT_EQ(f.channel.internal, *IpAddr::parse("10.0.0.7"));
  EXPECT_NEAR(f.period.period_s, 60, 60 * 0.05);  // check-ins jittered around a 60 s grid
  EXPECT_GT(f.score, 0.5);
  EXPECT_TRUE(f.bare_ip);
  EXPECT_EQ(f.factors.naming, 1.0);
  EXPECT_EQ(f.prevalence, 1u);
  EXPECT_EQ(f.internal_hosts, 2u);
  EXPECT_EQ(f.connections, 200u);
  EXPECT_NEAR(f.sent.median, 320, 1e-9);
  EXPECT_EQ(f.sent.share_alike, 1.0);
  EXPECT_EQ(stats.channels, 2u);
  EXPECT_EQ(stats.scored, 2u);
  auto lines = explain(f);
  ASSERT_GE(lines.size(), 5u);
  EXPECT_NE(lines[0].find("checks in every"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("of "), std::string::npos);
  bool says_bare = false, says_hosts = false;
  for (const auto& l : lines) {
    says_bare |= l.find("bare IP") != std::string::npos;
    says_hosts |= l.find("1 of 2 internal hosts") != std::string::npos;
  }
  EXPECT_TRUE(says_bare);
  EXPECT_TRUE(says_hosts);
}

TEST(BeaconScorer, TheSameRhythmSharedByManyHostsIsNotAFinding) {
  Scene s;
  for (int h = 0; h < 60; ++h) s.beacon(host_number(1, h + 1), "203.0.113.80", 300, 100, 0.1, nullptr, h + 1u);
  EXPECT_TRUE(s.run().empty());  // rarity sqrt(3/60) = 0.22 keeps every score under 0.5
  Scene few;
  for (int h = 0; h < 3; ++h) few.beacon(host_number(1, h + 1), "203.0.113.80", 300, 100, 0.1, nullptr, h + 1u);
  for (int h = 3; h < 30; ++h) few.poisson(host_number(1, h + 1), external_number(h), 300, 20, h + 1u);
  EXPECT_EQ(few.run().size(), 3u);  // three infected hosts of thirty, one C2: still rare
  Scene fleet;  // the same in a network of 6: half the hosts run it, which is fleet software
  for (int h = 0; h < 3; ++h) fleet.beacon(host_number(1, h + 1), "203.0.113.80", 300, 100, 0.1, nullptr, h + 1u);
  for (int h = 3; h < 6; ++h) fleet.poisson(host_number(1, h + 1), external_number(h), 300, 20, h + 1u);
  EXPECT_TRUE(fleet.run().empty());
}

TEST(BeaconScorer, ResolvedAddressesAndNamesAreNotBareIps) {
  Scene s;
  s.table.resolved(*IpAddr::parse("10.0.0.7"), "cdn.example.net", *IpAddr::parse("203.0.113.50"));
  s.beacon("10.0.0.7", "203.0.113.50", 60, 100);
  auto found = s.run();
  ASSERT_EQ(found.size(), 1u);  // the address finding folds into the DNS-named one
  EXPECT_TRUE(found[0].channel.is_name());
  EXPECT_EQ(found[0].channel.name, "cdn.example.net");
  EXPECT_EQ(found[0].named_by_dns, 100u);
  EXPECT_FALSE(found[0].bare_ip);
  EXPECT_EQ(found[0].factors.naming, 0.9);
}

TEST(BeaconScorer, AnAddressChannelOfNamedConnectionsIsJudgedByItsName) {
  Scene s;
  s.beacon("10.0.0.7", "203.0.113.50", 60, 100, 0, "c2.example.org");
  BeaconRunStats stats;
  auto found = s.run({}, &stats);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].channel.name, "c2.example.org");
  EXPECT_EQ(stats.named_elsewhere, 1u);  // every connection of the address channel carries the name
  EXPECT_EQ(stats.merged_into_name, 0u);
}

TEST(BeaconScorer, AddressFindingsFoldIntoTheirNameFinding) {
  Scene s;
  // 70 check-ins with SNI, then 30 without (the implant switched to bare TLS): the address channel
  // is only 70% named, so it is scored too, and its finding folds into the name's.
  s.beacon("10.0.0.7", "203.0.113.50", 60, 70, 0, "c2.example.org");
  for (int i = 0; i < 30; ++i) s.table.add(conn(s.uid(), "10.0.0.7", "203.0.113.50", 443, 70 * 60 + i * 60.0));
  BeaconRunStats stats;
  auto found = s.run({}, &stats);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].channel.name, "c2.example.org");
  EXPECT_EQ(stats.named_elsewhere, 0u);
  EXPECT_EQ(stats.merged_into_name, 1u);
}

TEST(BeaconScorer, AllowlistedDestinationsAreLeftOut) {
  auto list = Allowlist::parse("# checked 2026-11-30\nexample.org\n203.0.113.0/28  # our CDN\n");
  ASSERT_TRUE(list.is_ok());
  EXPECT_EQ(list.value().size(), 2u);
  Scene s;
  s.beacon("10.0.0.7", "198.51.100.50", 60, 100, 0, "c2.example.org");  // name allowlisted (subdomain)
  s.beacon("10.0.0.8", "203.0.113.5", 60, 100);                         // address allowlisted
  s.beacon("10.0.0.9", "203.0.113.99", 60, 100);                        // outside the /28
  BeaconOptions options;
  options.allowlist = &list.value();
  BeaconRunStats stats;
  auto found = s.run(options, &stats);
  // c2.example.org's address channel is not allowlisted itself, but all its connections carry the
  // listed name, so it is judged through that name and stays silent too.
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].channel.external, *IpAddr::parse("203.0.113.99"));
  EXPECT_EQ(stats.allowlisted, 2u);
  EXPECT_EQ(stats.named_elsewhere, 1u);
}

TEST(Allowlist, MatchesOnLabelBoundariesAndRejectsGarbage) {
  auto list = Allowlist::parse("*.Example.COM.\n10.9.0.0/16\n");
  ASSERT_TRUE(list.is_ok());
  EXPECT_TRUE(list.value().allows_name("example.com"));
  EXPECT_TRUE(list.value().allows_name("a.b.example.com"));
  EXPECT_FALSE(list.value().allows_name("badexample.com"));
  EXPECT_FALSE(list.value().allows_name("example.com.evil.net"));
  EXPECT_TRUE(list.value().allows_address(*IpAddr::parse("10.9.3.4")));
  EXPECT_FALSE(list.value().allows_address(*IpAddr::parse("10.8.3.4")));
  auto bad = Allowlist::parse("ok.example\nnot a name\n", "list.txt");
  ASSERT_FALSE(bad.is_ok());
  EXPECT_NE(bad.status().to_string().find("list.txt"), std::string::npos);
  EXPECT_NE(bad.status().to_string().find("2"), std::string::npos);
  EXPECT_FALSE(Allowlist::parse("10.0.0.0/99\n").is_ok());
}

TEST(BeaconScorer, ABurstPerCheckInIsOneCheckIn) {
  // Like Cobalt Strike's DNS beacon fetching a task: every 10 s a burst of 3..30 connections 0.3 s apart.
  Scene s;
  std::mt19937_64 rng(5);
  for (int i = 0; i < 60; ++i) {
    int burst = 3 + static_cast<int>(rng() % 28);
    for (int k = 0; k < burst; ++k) s.table.add(conn(s.uid(), "10.0.0.7", "203.0.113.53", 53, i * 10.0 + k * 0.3));
  }
  auto found = s.run();
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NEAR(found[0].period.period_s, 10, 0.5);
  EXPECT_GE(found[0].check_in_gap_s, 2.0);
  bool says_bursts = false;
  for (const auto& l : explain(found[0])) says_bursts |= l.find("bursts") != std::string::npos;
  EXPECT_TRUE(says_bursts);
}

TEST(BeaconScorer, RhythmlessAndShortChannelsAreNotFindings) {
  Scene s;
  for (int h = 0; h < 20; ++h) s.poisson(host_number(2, h + 1), external_number(h + 1), 120, 300, h + 100u);
  s.beacon("10.0.3.1", "203.0.113.1", 60, 6);  // too few check-ins to judge
  BeaconRunStats stats;
  EXPECT_TRUE(s.run({}, &stats).empty());
  EXPECT_EQ(stats.scored, 20u);
}

TEST(BeaconScorer, ThreadsDoNotChangeTheResult) {
  auto build = [] {
    auto s = std::make_unique<Scene>();
    for (int h = 0; h < 400; ++h) {
      std::string host = host_number(10 + h / 200, h % 200 + 1);
      if (h % 7 == 0) s->beacon(host, external_number(h % 250 + 1), 30 + h, 40, 0.4, nullptr, h + 1u);
      else s->poisson(host, external_number(h % 250 + 1), 100, 40, h + 1u);
    }
    return s;
  };
  BeaconOptions one, two;
  one.threads = 1;
  two.threads = 2;
  auto a = build()->run(one), b = build()->run(two);
  ASSERT_EQ(a.size(), b.size());
  ASSERT_GT(a.size(), 30u);
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].channel, b[i].channel);
    EXPECT_EQ(a[i].score, b[i].score);
  }
}

TEST(BeaconReport, HostileNamesAreEscapedInTheTableAndJson) {
  Scene s;
  const char* hostile = "evil\x1b[2J\"<img src=x onerror=alert(1)>.example";
  s.beacon("10.0.0.7", "203.0.113.50", 60, 100, 0, hostile);
  auto found = s.run();
  ASSERT_EQ(found.size(), 1u);
  HuntSummary summary;
  RankedFindings ranked = rank_findings({view_of(found[0])}, 0);
  std::string table = hunt_table(summary, ranked, true);
  EXPECT_EQ(table.find('\x1b'), std::string::npos);
  EXPECT_NE(table.find("\\x1b[2j"), std::string::npos);  // names are compared in lower case
  std::string json = hunt_json(summary, ranked);
  EXPECT_EQ(json.find('\x1b'), std::string::npos);
  EXPECT_NE(json.find("\\u001B[2j\\\"<img"), std::string::npos) << json.substr(0, 400);
  EXPECT_NE(json.find("\"period_s\":"), std::string::npos);
  EXPECT_NE(json.find("\"evidence\":[\"checks in every"), std::string::npos);
}

}  // namespace
}  // namespace vigil

namespace vigil {
namespace {

// One connection held open, the client speaking every 5 s inside it (STRRAT, AsyncRAT): its messages
// are the check-ins. A long connection with messages at human times is not a beacon.
TEST(BeaconScorer, ASingleSocketImplantChecksInWithMessages) {
  Scene s;
  ConnRecord held = conn(s.uid(), "10.0.0.7", "203.0.113.50", 8219, 0);
  held.duration = Duration{int64_t{600} * 1'000'000'000};
  for (int i = 0; i < 100; ++i) held.client_messages.push_back(held.ts.ns + int64_t{5'000'000'000} * i);
  s.table.add(held);
  ConnRecord chat = conn(s.uid(), "10.0.0.8", "198.51.100.9", 443, 0);
  std::mt19937_64 rng(3);
  std::exponential_distribution<double> gap(1 / 20.0);
  double t = 0;
  for (int i = 0; i < 100; ++i) chat.client_messages.push_back(chat.ts.ns + static_cast<int64_t>((t += gap(rng)) * 1e9));
  s.table.add(chat);
  auto found = s.run();
  ASSERT_EQ(found.size(), 1u);
  const BeaconFinding& f = found[0];
  EXPECT_EQ(f.channel.port, 8219);
  EXPECT_NEAR(f.period.period_s, 5, 0.05);
  EXPECT_EQ(f.messages, 100u);
  EXPECT_EQ(f.connections, 1u);
  EXPECT_EQ(f.last_ns - f.first_ns, int64_t{495'000'000'000});  // the messages' span, not the connection's start
  bool says_messages = false;
  for (const auto& l : explain(f)) says_messages |= l.find("100 messages the client sent inside 1 connection") != std::string::npos;
  EXPECT_TRUE(says_messages);
}

}  // namespace
}  // namespace vigil

namespace vigil {
namespace {

// From Zeek logs: an HTTP beacon keeping one connection alive shows as http.log rows of rising
// trans_depth on one uid; those requests are its check-ins. Requests read after their connection, or
// connections with one request, add nothing.
TEST(BeaconScorer, KeptAliveHttpRequestsFromLogsAreCheckIns) {
  Scene s;
  std::string id = s.uid();
  for (int i = 1; i < 60; ++i) s.table.request(id, kStart + int64_t{5'000'000'000} * i, static_cast<uint32_t>(i + 1));
  ConnRecord held = conn(id, "10.0.0.7", "203.0.113.50", 80, 0);
  held.duration = Duration{int64_t{300} * 1'000'000'000};
  s.table.add(held);
  std::string single = s.uid();
  s.table.request(single, kStart, 1);  // a first request: the connection's own start
  s.table.add(conn(single, "10.0.0.8", "198.51.100.9", 80, 0));
  auto found = s.run();
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].channel.internal.to_string(), "10.0.0.7");
  EXPECT_EQ(found[0].messages, 60u);  // the connection's start and 59 later requests
  EXPECT_NEAR(found[0].period.period_s, 5, 0.05);
}

}  // namespace
}  // namespace vigil
