// The long-connection detector on hand-made traffic: an hours-long shell to a rare bare address is found
// and said to be still open; the same session to a destination every host keeps (a push service) is
// not; many sessions adding up count; the name's finding replaces the address's; the allowlist works.
#include "detect/long_connections.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

namespace vigil {
namespace {

constexpr double kDay = 1'704'067'200;  // 2024-01-01 00:00 UTC

ConnRecord session(const std::string& uid, const std::string& host, const char* server, double start, double hours,
                   ConnState state = ConnState::kSF) {
  ConnRecord c;
  c.uid = uid;
  c.ts = Timestamp{static_cast<int64_t>(start * 1e9)};
  c.orig_h = *IpAddr::parse(host);
  c.resp_h = *IpAddr::parse(server);
  c.orig_p = 40000;
  c.resp_p = 4444;
  c.proto = TransportProto::kTcp;
  c.orig_bytes = 5000;
  c.resp_bytes = 90000;
  c.duration = Duration{static_cast<int64_t>(hours * 3600 * 1e9)};
  c.conn_state = state;
  return c;
}

struct Scene {
  ChannelTable table{NetSet::private_networks()};
  std::vector<LongConnectionFinding> run(const LongConnectionOptions& options = {}) {
    for (int h = 1; h <= 20; ++h)  // background: twenty hosts with short connections elsewhere
      table.add(session(std::string("B") + std::to_string(h), std::string("10.0.0.") + std::to_string(100 + h), "198.51.100.80", kDay + h, 0.01));
    size_t hosts = table.internal_hosts();
    ChannelMap channels = table.finish();
    return find_long_connections(channels, {hosts, {}, [](const IpAddr&) { return false; }}, options);
  }
};

TEST(LongConnections, AnHoursLongShellToARareBareAddressIsFoundStillOpen) {
  Scene s;
  s.table.add(session("C1", "10.0.0.5", "203.0.113.66", kDay + 3600, 3, ConnState::kS1));
  s.table.add(session("C2", "10.0.0.9", "198.51.100.80", kDay + 4 * 3600, 0.001));  // the data ends here
  auto found = s.run();
  ASSERT_EQ(found.size(), 1u);
  const LongConnectionFinding& f = found[0];
  EXPECT_EQ(f.channel.internal.to_string(), "10.0.0.5");
  EXPECT_NEAR(f.longest_s, 3 * 3600, 1);
  EXPECT_TRUE(f.open_at_end);
  EXPECT_TRUE(f.bare_ip);
  EXPECT_NEAR(f.confidence, 1.0, 1e-6);  // still going: 3 h so far counts as 6 h in all
  EXPECT_NE(explain(f)[0].find("still open when the data ends"), std::string::npos);
}

TEST(LongConnections, AClosedSessionIsNotStillOpen) {
  Scene s;
  s.table.add(session("C1", "10.0.0.5", "203.0.113.66", kDay + 3600, 3, ConnState::kSF));
  auto found = s.run();
  ASSERT_EQ(found.size(), 1u);
  EXPECT_FALSE(found[0].open_at_end);
  EXPECT_NEAR(found[0].confidence, std::log1p(3.0) / std::log1p(6.0), 1e-6);  // 3 h, over
}

TEST(LongConnections, ALongPollEveryHostKeepsIsNotAFinding) {
  Scene s;
  for (int h = 1; h <= 20; ++h)
    s.table.add(session(std::string("P") + std::to_string(h), std::string("10.0.0.") + std::to_string(100 + h), "203.0.113.5", kDay + h, 8));
  EXPECT_TRUE(s.run().empty());
}

TEST(LongConnections, ShortConnectionsAreNotConsideredUnlessTheyAddUp) {
  Scene s;
  for (int i = 0; i < 10; ++i)  // 10 x 20 min: 3.3 h connected, under the 4 h floor
    s.table.add(session(std::string("S") + std::to_string(i), "10.0.0.5", "203.0.113.66", kDay + i * 3600, 1.0 / 3));
  EXPECT_TRUE(s.run().empty());
  Scene more;
  for (int i = 0; i < 24; ++i)  // 24 x 30 min: 12 h connected over a day
    more.table.add(session(std::string("S") + std::to_string(i), "10.0.0.5", "203.0.113.66", kDay + i * 3600, 0.5));
  auto found = more.run();
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NEAR(found[0].connected_s, 12 * 3600, 1);
  EXPECT_EQ(found[0].long_sessions, 0u);
  EXPECT_NEAR(found[0].factors.duration, 1.0, 1e-9);  // half of 12 h connected = 6 h
}

TEST(LongConnections, TheNamesFindingReplacesTheAddresss) {
  Scene s;
  ConnRecord c = session("C1", "10.0.0.5", "203.0.113.66", kDay + 3600, 5);
  s.table.add(c);
  s.table.add(session("C2", "10.0.0.5", "203.0.113.66", kDay + 7 * 3600, 5));
  s.table.name("C1", "shell.example");  // one of the two sessions named: the address channel stays too
  auto found = s.run();
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].channel.name, "shell.example");
  EXPECT_FALSE(found[0].bare_ip);
  EXPECT_NEAR(found[0].factors.naming, 0.8, 1e-12);
}

TEST(LongConnections, TheAllowlistRemovesADestination) {
  Scene s;
  s.table.add(session("C1", "10.0.0.5", "203.0.113.66", kDay + 3600, 5));
  Allowlist allow = Allowlist::parse("203.0.113.0/24\n").take();
  LongConnectionOptions options;
  options.allowlist = &allow;
  EXPECT_TRUE(s.run(options).empty());
}

}  // namespace
}  // namespace vigil
