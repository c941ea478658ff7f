// ChannelTable: which connections are channels, address and name channels, names arriving before or after
// their connection, server-name normalisation, and merging summaries.
#include "detect/channel.h"

#include <gtest/gtest.h>

#include <string>

namespace vigil {
namespace {

ConnRecord conn(const std::string& uid, const char* orig, const char* resp, uint16_t port, double t,
                uint64_t orig_bytes = 100) {
  ConnRecord c;
  c.uid = uid;
  c.ts = Timestamp{static_cast<int64_t>(t * 1e9)};
  c.orig_h = *IpAddr::parse(orig);
  c.resp_h = *IpAddr::parse(resp);
  c.orig_p = 50000;
  c.resp_p = port;
  c.proto = TransportProto::kTcp;
  c.orig_bytes = orig_bytes;
  c.resp_bytes = 2 * orig_bytes;
  c.duration = Duration{1'000'000};
  return c;
}

ChannelKey address_key(const char* internal, const char* external, uint16_t port) {
  return {*IpAddr::parse(internal), *IpAddr::parse(external), port, TransportProto::kTcp, {}};
}

ChannelKey name_key(const char* internal, const std::string& name, uint16_t port) {
  return {*IpAddr::parse(internal), IpAddr{}, port, TransportProto::kTcp, name};
}

TEST(ChannelTable, ChannelsInEveryDirection) {
  ChannelTable table(NetSet::private_networks());
  table.add(conn("C1", "10.0.0.5", "203.0.113.9", 443, 100));
  table.add(conn("C2", "10.0.0.5", "203.0.113.9", 443, 40));  // same channel, earlier
  table.add(conn("C3", "10.0.0.5", "203.0.113.9", 8443, 50));  // another port: another channel
  table.add(conn("C4", "203.0.113.9", "10.0.0.5", 22, 60));   // inbound: about the server 10.0.0.5
  table.add(conn("C5", "10.0.0.5", "10.0.0.6", 445, 70));     // internal to internal: about the client
  table.add(conn("C6", "198.51.100.1", "203.0.113.9", 80, 80));  // neither side internal
  table.add(conn("C7", "10.0.0.5", "224.0.0.252", 5355, 90));     // multicast (LLMNR)
  table.add(conn("C8", "10.0.0.5", "255.255.255.255", 67, 91));   // broadcast
  table.add(conn("C9", "fe80::1", "ff02::1:3", 5355, 92));        // IPv6 multicast
  EXPECT_EQ(table.hosts(Direction::kOutbound), 1u);
  EXPECT_EQ(table.hosts(Direction::kInbound), 1u);
  EXPECT_EQ(table.connections(Direction::kInternal), 1u);
  ChannelMap channels = table.finish();
  ASSERT_EQ(channels.size(), 4u);
  const auto s = channels.at(address_key("10.0.0.5", "203.0.113.9", 443)).connections();
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].start_ns, 40'000'000'000);  // in start order
  EXPECT_EQ(s[1].orig_bytes, 100u);
  EXPECT_EQ(s[1].resp_bytes, 200u);
  EXPECT_EQ(s[1].duration_ns, 1'000'000);
  EXPECT_TRUE(channels.at(address_key("10.0.0.5", "203.0.113.9", 443)).addresses.empty());  // an address channel does not list its one address
  EXPECT_TRUE(channels.contains(address_key("10.0.0.5", "203.0.113.9", 8443)));
  ChannelKey inbound = address_key("10.0.0.5", "203.0.113.9", 22);
  inbound.direction = Direction::kInbound;
  EXPECT_TRUE(channels.contains(inbound));
  ChannelKey internal = address_key("10.0.0.5", "10.0.0.6", 445);
  internal.direction = Direction::kInternal;
  EXPECT_TRUE(channels.contains(internal));
}

TEST(ChannelTable, ZeeksLocalFieldsDecideWhenTrusted) {
  // The sensor called 147.32.80.37 local (a university's public space); without the logs' word it is external.
  ConnRecord c = conn("C1", "147.32.80.37", "203.0.113.9", 443, 1);
  c.local_orig = true;
  c.local_resp = false;
  ChannelTable trusting(Locality(NetSet::private_networks(), true), NameOrder::kAny);
  trusting.add(c);
  trusting.resolved(*IpAddr::parse("147.32.80.37"), "c2.example", *IpAddr::parse("203.0.113.9"));
  EXPECT_EQ(trusting.locality().decided_by_log_fields(), 2u);
  EXPECT_TRUE(trusting.locality().internal(*IpAddr::parse("147.32.80.37")));  // learned, for DNS clients
  ChannelMap channels = trusting.finish();
  EXPECT_TRUE(channels.contains(address_key("147.32.80.37", "203.0.113.9", 443)));
  EXPECT_TRUE(channels.contains(name_key("147.32.80.37", "c2.example", 443)));
  ChannelTable configured(Locality(NetSet::private_networks(), false), NameOrder::kAny);
  configured.add(c);
  EXPECT_TRUE(configured.finish().empty());
}

TEST(ChannelTable, ABeaconSpreadOverCdnAddressesIsOneNameChannel) {
  ChannelTable table(NetSet::private_networks());
  const char* cdn[] = {"192.0.2.10", "192.0.2.11", "198.51.100.20"};
  for (int i = 0; i < 9; ++i) {
    std::string uid = "C";
    uid += std::to_string(i);  // not "C" + ...: GCC 12 gives a false -Wrestrict for it
    bool name_first = i % 2 == 0;  // ssl.log before or after conn.log: both must work
    if (name_first) table.name(uid, i % 3 ? "Updates.Example.NET" : "updates.example.net.");
    table.add(conn(uid, "10.1.1.1", cdn[i % 3], 443, 60.0 * i));
    if (!name_first) table.name(uid, "updates.example.net");
  }
  table.add(conn("Cx", "10.1.1.1", "192.0.2.10", 443, 1000));  // no name ever: address channel only
  ChannelMap channels = table.finish();
  const ChannelSummary& named = channels.at(name_key("10.1.1.1", "updates.example.net", 443));
  const auto connections = named.connections();
  EXPECT_EQ(connections.size(), 9u);
  EXPECT_EQ(named.addresses.size(), 3u);
  EXPECT_EQ(named.named_by_dns, 0u);
  for (size_t i = 1; i < connections.size(); ++i) EXPECT_LT(connections[i - 1].start_ns, connections[i].start_ns);
  EXPECT_EQ(channels.at(address_key("10.1.1.1", "192.0.2.10", 443)).count(), 4u);
  EXPECT_EQ(channels.size(), 4u);  // three address channels and one name channel
}

TEST(ChannelTable, NamesOfConnectionsThatAreNotChannelsAreDropped) {
  ChannelTable table(NetSet::private_networks());
  table.name("C1", "www.victim.example");
  table.add(conn("C1", "203.0.113.7", "10.0.0.80", 80, 1));  // inbound: the name is the server's own
  table.name("C2", "elsewhere.example");
  table.add(conn("C2", "198.51.100.1", "203.0.113.9", 80, 2));  // not a channel at all
  table.name("C9", "never.example");  // no such connection
  ChannelMap channels = table.finish();
  ASSERT_EQ(channels.size(), 1u);
  EXPECT_EQ(channels.begin()->first.direction, Direction::kInbound);
  EXPECT_FALSE(channels.begin()->first.is_name());
}

TEST(ChannelSummary, MergeKeepsStartOrderAndDistinctAddresses) {
  ChannelSummary a, b;
  IpAddr x = *IpAddr::parse("192.0.2.1"), y = *IpAddr::parse("192.0.2.2");
  a.add({10'000, 1, 1, 1'000}, x, true);  // times in ns, kept to the microsecond
  a.add({30'000, 1, 1, 1'000}, x, true);
  b.add({20'000, 2, 2, 2'000}, y, true);
  b.add({40'000, 2, 2, 2'000}, x, true);
  a.merge(b);
  const auto merged = a.connections();
  ASSERT_EQ(merged.size(), 4u);
  for (size_t i = 0; i < 4; ++i) EXPECT_EQ(merged[i].start_ns, static_cast<int64_t>(10'000 * (i + 1)));
  EXPECT_EQ(a.addresses.size(), 2u);
}

TEST(ChannelTable, ADnsAnswerNamesConnectionsWithoutServerName) {
  for (NameOrder order : {NameOrder::kAny, NameOrder::kBeforeConnections}) {
    ChannelTable table(NetSet::private_networks(), order);
    IpAddr client = *IpAddr::parse("10.1.1.1"), other = *IpAddr::parse("10.1.1.2");
    table.resolved(client, "C2.Example.ORG", *IpAddr::parse("192.0.2.10"));
    table.resolved(client, "c2.example.org", *IpAddr::parse("192.0.2.11"));
    table.add(conn("C1", "10.1.1.1", "192.0.2.10", 443, 10));
    table.add(conn("C2", "10.1.1.1", "192.0.2.11", 443, 70));
    table.add(conn("C3", "10.1.1.2", "192.0.2.11", 443, 70));  // another client, not told: address only
    table.name("C4", "sni.example.net");  // SNI wins over the DNS answer
    table.add(conn("C4", "10.1.1.1", "192.0.2.10", 443, 130));
    EXPECT_TRUE(table.was_resolved(*IpAddr::parse("192.0.2.11")));
    EXPECT_FALSE(table.was_resolved(*IpAddr::parse("192.0.2.12")));
    EXPECT_EQ(table.internal_hosts(), 2u);
    EXPECT_EQ(table.connections(), 4u);
    ChannelMap channels = table.finish();
    const ChannelSummary& named = channels.at(name_key("10.1.1.1", "c2.example.org", 443));
    EXPECT_EQ(named.count(), 2u);
    EXPECT_EQ(named.named_by_dns, 2u);
    EXPECT_EQ(named.addresses.size(), 2u);
    EXPECT_EQ(channels.at(name_key("10.1.1.1", "sni.example.net", 443)).count(), 1u);
    EXPECT_FALSE(channels.contains(name_key("10.1.1.2", "c2.example.org", 443)));
    (void)other;
  }
}

TEST(ConnectionSeries, RoundTripsInAnyOrderAndMerges) {
  ConnectionSeries s;
  std::vector<ChannelConnection> in = {{5'000'000'123'000, 300, 4000, 1'500'000},
                                       {-2'000'000, 0, 0, 0},
                                       {5'060'000'000'000, 1ull << 40, 7, 86'400'000'000'000},
                                       {5'000'000'123'000, 301, 1, 2'000}};
  for (const auto& c : in) s.append(c);
  EXPECT_EQ(s.size(), 4u);
  EXPECT_LT(s.encoded_bytes(), 4 * sizeof(ChannelConnection));
  auto out = s.decode();
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[0], in[1]);
  EXPECT_EQ(out[1], in[0]);  // equal starts keep their order of arrival
  EXPECT_EQ(out[2], in[3]);
  EXPECT_EQ(out[3], in[2]);
  ConnectionSeries t;
  t.append({5'030'000'000'000, 9, 9, 9'000});
  s.merge(t);
  out = s.decode();
  ASSERT_EQ(out.size(), 5u);
  EXPECT_EQ(out[3].orig_bytes, 9u);
  ConnectionSeries sub_us;
  sub_us.append({1'999, 1, 1, 999});  // below the microsecond: rounded down
  EXPECT_EQ(sub_us.decode()[0].start_ns, 1'000);
  EXPECT_EQ(sub_us.decode()[0].duration_ns, 0);
}

TEST(ConnectionSeries, StaysSmallForASteadyBeacon) {
  ConnectionSeries s;
  for (int i = 0; i < 1000; ++i) s.append({1'700'000'000'000'000'000 + i * 60'000'000'000LL, 320, 1200, 250'000'000});
  EXPECT_LE(s.encoded_bytes(), 1000u * 12 + 16);  // delta 60 s = 4 bytes, sizes 2+2, duration 4
}

TEST(ChannelTable, ServerNamesAreNormalised) {
  EXPECT_EQ(normalise_server_name("Example.COM"), "example.com");
  EXPECT_EQ(normalise_server_name("example.com:8080"), "example.com");
  EXPECT_EQ(normalise_server_name("example.com."), "example.com");
  EXPECT_EQ(normalise_server_name("[2001:db8::1]:443"), "2001:db8::1");
  EXPECT_EQ(normalise_server_name("2001:db8::1"), "2001:db8::1");  // bare IPv6: colons are not a port
  EXPECT_EQ(normalise_server_name(""), "");
  EXPECT_EQ(normalise_server_name(":80"), "");
}

}  // namespace
}  // namespace vigil
