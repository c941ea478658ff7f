// The exfiltration detector on hand-made traffic: a workstation's nightly upload to a rare address is
// found with its numbers; downloads, a busy server's many uploads, and a destination every host uses are
// not; the allowlist works.
#include "detect/exfiltration.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

namespace vigil {
namespace {

constexpr double kDay = 1'704'067'200;  // 2024-01-01 00:00 UTC

ConnRecord transfer(int n, const std::string& host, const std::string& server, double start, uint64_t sent,
                    uint64_t received) {
  ConnRecord c;
  c.uid = std::string("X") + std::to_string(n);
  c.ts = Timestamp{static_cast<int64_t>(start * 1e9)};
  c.orig_h = *IpAddr::parse(host);
  c.resp_h = *IpAddr::parse(server);
  c.orig_p = 40000;
  c.resp_p = 443;
  c.proto = TransportProto::kTcp;
  c.orig_bytes = sent;
  c.resp_bytes = received;
  c.duration = Duration{60'000'000'000};
  return c;
}

struct Scene {
  ChannelTable table{NetSet::private_networks()};
  int n = 0;
  void add(const std::string& host, const std::string& server, double start, uint64_t sent, uint64_t received) {
    table.add(transfer(++n, host, server, start, sent, received));
  }
  std::vector<ExfiltrationFinding> run(const ExfiltrationOptions& options = {}) {
    for (int h = 1; h <= 30; ++h)  // thirty hosts browsing the same site
      add(std::string("10.0.1.") + std::to_string(h), "198.51.100.80", kDay + 9 * 3600 + h, 20'000, 2'000'000);
    size_t hosts = table.internal_hosts();
    ChannelMap channels = table.finish();
    return find_exfiltration(channels, {hosts, [](const IpAddr&) { return false; }}, options);
  }
};

TEST(Exfiltration, ANightlyUploadToARareAddressIsFound) {
  Scene s;
  for (int night = 0; night < 3; ++night) s.add("10.0.1.7", "203.0.113.66", kDay + night * 86400 + 2 * 3600, 400'000'000, 50'000);
  auto found = s.run();
  ASSERT_EQ(found.size(), 1u);
  const ExfiltrationFinding& f = found[0];
  EXPECT_EQ(f.sent, 1'200'000'000u);
  EXPECT_NEAR(f.off_hours_share, 1.0, 1e-12);
  EXPECT_NEAR(f.factors.volume, 1.0, 1e-12);  // over 1 GB
  EXPECT_NEAR(f.factors.share, 1.0, 1e-12);   // nearly all the host sent
  EXPECT_NEAR(f.factors.lopsided, (1.2e9 - 1.5e5) / (1.2e9 + 1.5e5), 1e-9);
  EXPECT_TRUE(f.bare_ip);
  uint64_t plotted = 0;
  for (uint64_t b : f.sent_over_time) plotted += b;
  EXPECT_EQ(plotted, f.sent);
  EXPECT_EQ(f.sent_by_hour[2], f.sent);
  EXPECT_NE(explain(f)[0].find("sent 1200.0 MB, received 150.0 kB"), std::string::npos);
}

TEST(Exfiltration, DownloadsAreNotExfiltration) {
  Scene s;
  s.add("10.0.1.7", "203.0.113.66", kDay + 2 * 3600, 30'000'000, 900'000'000);  // an update: mostly received
  EXPECT_TRUE(s.run().empty());
}

TEST(Exfiltration, OneOfABusyServersManyUploadsIsItsBaseline) {
  Scene s;
  for (int i = 0; i < 40; ++i)  // a server sending 100 MB to each of forty rare peers
    s.add("10.0.1.50", std::string("203.0.113.") + std::to_string(i + 1), kDay + 3600 + i, 100'000'000, 10'000);
  auto found = s.run();
  EXPECT_TRUE(found.empty()) << found.size() << " findings, the first at " << found[0].confidence;
}

TEST(Exfiltration, ADestinationEveryHostUsesIsNotRare) {
  Scene s;
  for (int h = 1; h <= 30; ++h)  // every host backs up to the same cloud address at night
    s.add(std::string("10.0.1.") + std::to_string(h), "192.0.2.10", kDay + 3 * 3600 + h, 500'000'000, 10'000);
  EXPECT_TRUE(s.run().empty());
}

TEST(Exfiltration, TheAllowlistRemovesADestination) {
  Scene s;
  s.add("10.0.1.7", "203.0.113.66", kDay + 2 * 3600, 800'000'000, 50'000);
  Allowlist allow = Allowlist::parse("203.0.113.66\n").take();
  ExfiltrationOptions options;
  options.allowlist = &allow;
  EXPECT_TRUE(s.run(options).empty());
}

}  // namespace
}  // namespace vigil
