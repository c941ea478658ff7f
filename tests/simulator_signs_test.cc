// The simulator's other signs of intrusion and their benign look-alikes (tools/simulate/sign_profile.h):
// profile sets, a truth row per sign with check-ins equal to its records, the tunnels' payload rates, the
// shell left open at the end, the inbound poller's orientation, direct-to-IP C2 without a name, the
// transfers' sizes and hours, the look-alikes' shapes, the threat-intel feed and its decoys, the truth
// file's new columns, runs without signs unchanged, and a capture of the signs read back by vigil convert.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/net_set.h"
#include "feed_file.h"
#include "report/zeek_app_writer.h"
#include "report/zeek_conn_writer.h"
#include "sign_profile.h"
#include "signs.h"
#include "sim_clock.h"
#include "simulator.h"
#include "truth_file.h"
#include "world.h"
#include "tsv_rows.h"

namespace vigil::sim {
namespace {

struct Captured {
  Scenario scenario;
  std::vector<ConnRecord> conns;
  std::vector<DnsRecord> dns;
  std::vector<SslRecord> ssl;
  std::vector<HttpRecord> http;
  std::vector<TruthChannel> truth;
  std::unordered_map<std::string, size_t> conn_by_uid;
  int64_t end_ns() const { return scenario.start_ns + to_ns(scenario.days * 86400); }
  const ConnRecord* conn(const std::string& uid) const { return &conns[conn_by_uid.at(uid)]; }
};

Captured run(const Scenario& s) {
  Captured c;
  c.scenario = s;
  SimSink sink;
  sink.conn = [&c](ConnRecord&& r) { c.conns.push_back(std::move(r)); };
  sink.dns = [&c](DnsRecord&& r) { c.dns.push_back(std::move(r)); };
  sink.ssl = [&c](SslRecord&& r) { c.ssl.push_back(std::move(r)); };
  sink.http = [&c](HttpRecord&& r) { c.http.push_back(std::move(r)); };
  c.truth = simulate(s, sink);
  for (size_t i = 0; i < c.conns.size(); ++i) c.conn_by_uid[c.conns[i].uid] = i;
  return c;
}

// A day of a small network with every sign, two instances of each malicious one: shared by many tests.
const Captured& signs_day() {
  static const Captured c = [] {
    Scenario s;
    s.seed = 11;
    s.hosts = 30;
    s.days = 1;
    s.signs = all_signs();
    s.signs_per_profile = 2;
    return run(s);
  }();
  return c;
}

std::vector<const TruthChannel*> rows_of(const Captured& c, const std::string& label) {
  std::vector<const TruthChannel*> out;
  for (const TruthChannel& t : c.truth)
    if (t.label == label) out.push_back(&t);
  return out;
}

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

bool contains(const std::vector<IpAddr>& v, const IpAddr& a) { return std::find(v.begin(), v.end(), a) != v.end(); }

// The connections of a truth row, found the way an evaluation would find them: DNS signs by the asking
// host and the domain its queries end in; inbound rows by peer and server; named TLS rows by SNI; the
// rest by host, address and port.
std::vector<const ConnRecord*> connections_of(const Captured& c, const TruthChannel& t) {
  std::vector<const ConnRecord*> out;
  if (t.proto == TransportProto::kUdp && t.port == 53) {
    for (const DnsRecord& d : c.dns)
      if (d.id.orig_h == t.internal && ends_with(*d.query, "." + t.name)) out.push_back(c.conn(d.id.uid));
  } else if (t.direction == "inbound") {
    for (const ConnRecord& r : c.conns)
      if (r.resp_h == t.internal && contains(t.addresses, r.orig_h) && r.resp_p == t.port) out.push_back(&r);
  } else if (!t.name.empty() && t.port == 443) {
    for (const SslRecord& s : c.ssl)
      if (s.id.orig_h == t.internal && *s.server_name == t.name) out.push_back(c.conn(s.id.uid));
  } else if (!t.name.empty() && t.port == 80) {  // plain HTTP to a name: CDN addresses are shared, Host is not
    for (const HttpRecord& h : c.http)
      if (h.id.orig_h == t.internal && h.host == t.name && h.id.resp_p == 80) out.push_back(c.conn(h.id.uid));
  } else {
    for (const ConnRecord& r : c.conns)
      if (r.orig_h == t.internal && contains(t.addresses, r.resp_h) && r.resp_p == t.port) out.push_back(&r);
  }
  return out;
}

double seconds(int64_t ns) { return static_cast<double>(ns) / 1e9; }
double end_of(const ConnRecord& r) { return seconds(r.ts.ns + (r.duration ? r.duration->ns : 0)); }

TEST(SimulatorSignProfiles, NamesDetectorsAndSets) {
  const std::set<std::string> detectors = {"beacon", "long-connection", "exfiltration", "dns-tunnel", "rare-client",
                                           "dns-beacon", "unnamed-destination", "threat-intel"};
  std::set<std::string> names;
  for (const SignProfile& p : all_signs()) {
    EXPECT_TRUE(names.insert(p.name).second) << p.name;
    EXPECT_EQ(p.name.rfind(p.malicious ? "sign/" : "benign/", 0), 0u) << p.name;
    EXPECT_TRUE(detectors.count(p.detector)) << p.name << " " << p.detector;
    EXPECT_TRUE(p.direction == "outbound" || p.direction == "inbound" || p.direction == "internal") << p.name;
  }
  EXPECT_EQ(intrusion_signs().size(), 10u);
  EXPECT_EQ(extra_signs().size(), 1u);
  EXPECT_EQ(benign_lookalikes().size(), 7u);
  for (const char* n : {"sign/dns-tunnel-1Bps", "sign/dns-tunnel-10Bps", "sign/dns-tunnel-100Bps", "sign/dns-beacon",
                        "sign/reverse-shell", "sign/shell-open-at-end", "sign/nightly-upload", "sign/direct-ip-c2",
                        "sign/web-shell-polling", "sign/feed-hit", "benign/cdn-long-poll", "benign/cloud-backup",
                        "benign/software-update", "benign/av-lookups", "benign/admin-ssh", "sign/rare-tool",
                        "benign/rare-updater", "benign/dev-tool"})
    EXPECT_TRUE(names.count(n)) << n;

  std::vector<SignProfile> set;
  std::string bad;
  ASSERT_TRUE(sign_set("all", set));
  EXPECT_EQ(set.size(), 18u);
  ASSERT_TRUE(sign_set("malicious", set));
  EXPECT_EQ(set.size(), 11u);
  ASSERT_TRUE(sign_set("benign", set));
  EXPECT_EQ(set.size(), 7u);
  ASSERT_TRUE(sign_set("none", set));
  EXPECT_TRUE(set.empty());
  ASSERT_TRUE(sign_set("sign/dns-beacon,benign/av-lookups,sign/dns-beacon", set));
  ASSERT_EQ(set.size(), 2u);
  EXPECT_EQ(set[0].name, "sign/dns-beacon");
  EXPECT_FALSE(sign_set("sign/dns-beacon,sign/bogus", set, &bad));
  EXPECT_EQ(bad, "sign/bogus");
}

// Every malicious sign has signs_per_profile rows on distinct hosts; every look-alike runs somewhere; the
// detector and direction come from the profile; each row's check-ins are the records found for it.
TEST(SimulatorSigns, TruthRowsForEverySignAndCheckInsEqualRecords) {
  const Captured& c = signs_day();
  std::set<IpAddr> malicious_hosts;
  size_t malicious_rows = 0;
  for (const SignProfile& p : all_signs()) {
    auto rows = rows_of(c, p.name);
    if (p.malicious) {
      EXPECT_EQ(rows.size(), 2u) << p.name;
    } else {
      EXPECT_GE(rows.size(), 1u) << p.name;
    }
    size_t check_ins = 0;
    for (const TruthChannel* t : rows) {
      EXPECT_EQ(t->implant, p.malicious) << p.name;
      EXPECT_EQ(t->detector, p.detector) << p.name;
      EXPECT_EQ(t->direction, p.direction) << p.name;
      EXPECT_EQ(connections_of(c, *t).size(), t->check_ins) << p.name << " " << t->internal.to_string() << " " << t->name;
      if (p.malicious) {
        EXPECT_GT(t->check_ins, 0u) << p.name;
        if (p.kind != SignKind::kInboundPoller) malicious_hosts.insert(t->internal);
        malicious_rows += p.kind != SignKind::kInboundPoller;
      }
      check_ins += t->check_ins;
    }
    EXPECT_GT(check_ins, 0u) << p.name;
  }
  EXPECT_EQ(malicious_hosts.size(), malicious_rows);  // 18 instances on 30 hosts: all distinct
  for (const TruthChannel& t : c.truth)
    if (t.label.rfind("sign/", 0) != 0 && t.label.rfind("benign/", 0) != 0) {
      EXPECT_EQ(t.detector, "beacon") << t.label;
    }
}

// The query names carry the profile's payload rate while a session runs: base32 labels in front of
// "<sequence>.t1.<domain>", 5 bits a character, over the time the session's queries span.
TEST(SimulatorSigns, TunnelUpstreamRateMatchesTheProfile) {
  const Captured& c = signs_day();
  for (const SignProfile& p : intrusion_signs()) {
    if (p.kind != SignKind::kDnsTunnel) continue;
    for (const TruthChannel* t : rows_of(c, p.name)) {
      std::vector<std::pair<double, size_t>> queries;  // time, payload characters
      std::set<uint16_t> qtypes;
      for (const DnsRecord& d : c.dns) {
        if (d.id.orig_h != t->internal || !ends_with(*d.query, ".t1." + t->name)) continue;
        std::string q = d.query->substr(0, d.query->size() - t->name.size() - 4);
        q = q.substr(0, q.rfind('.'));  // drop the sequence label
        size_t chars = 0, label = 0;
        for (char ch : q) {
          if (ch == '.') {
            EXPECT_LE(label, 63u);
            label = 0;
            continue;
          }
          ++chars, ++label;
          ASSERT_NE(std::string_view("abcdefghijklmnopqrstuvwxyz234567").find(ch), std::string_view::npos) << *d.query;
        }
        queries.emplace_back(seconds(d.id.ts.ns), chars);
        qtypes.insert(*d.qtype);
        ASSERT_EQ(d.answers.size(), 1u);  // data comes back
      }
      ASSERT_GT(queries.size(), 100u) << p.name;
      EXPECT_EQ(qtypes, (std::set<uint16_t>{5, 10, 16})) << p.name;
      double bytes = 0, active_s = 0, session_start = queries.front().first;
      for (size_t i = 0; i < queries.size(); ++i) {
        bytes += std::floor(static_cast<double>(queries[i].second) * 5 / 8);
        bool last = i + 1 == queries.size() || queries[i + 1].first - queries[i].first > 600;
        if (last) {
          active_s += queries[i].first - session_start;
          if (i + 1 < queries.size()) session_start = queries[i + 1].first;
        }
      }
      EXPECT_NEAR(bytes / active_s, p.bytes_per_s, 0.3 * p.bytes_per_s) << p.name;
      EXPECT_GE(active_s, 0.9 * p.session_min_s) << p.name;  // one session in the day
      EXPECT_LE(active_s, p.session_max_s) << p.name;
    }
  }
}

TEST(SimulatorSigns, DnsBeaconChecksInEveryMinuteWithTxtBursts) {
  const Captured& c = signs_day();
  for (const TruthChannel* t : rows_of(c, "sign/dns-beacon")) {
    std::vector<double> check_ins;
    size_t txt = 0;
    for (const DnsRecord& d : c.dns) {
      if (d.id.orig_h != t->internal || !ends_with(*d.query, "." + t->name)) continue;
      if (*d.qtype == 16) ++txt;
      if (*d.qtype == 1 && d.query->rfind("post.", 0) != 0) check_ins.push_back(seconds(d.id.ts.ns));
    }
    ASSERT_GT(check_ins.size(), 20u);
    std::vector<double> gaps;
    for (size_t i = 1; i < check_ins.size(); ++i) gaps.push_back(check_ins[i] - check_ins[i - 1]);
    std::sort(gaps.begin(), gaps.end());
    EXPECT_NEAR(gaps[gaps.size() / 2], 60, 6);
    EXPECT_GE(gaps.front(), 48 - 1e-3);
    if (check_ins.size() > 300) {
      EXPECT_GT(txt, 0u);  // about 3% of check-ins are tasked
    }
  }
}

TEST(SimulatorSigns, ReverseShellIsOneClosedSessionOfHoursToABareAddress) {
  const Captured& c = signs_day();
  std::set<std::string> answered;
  for (const DnsRecord& d : c.dns) answered.insert(d.answers.begin(), d.answers.end());
  for (const TruthChannel* t : rows_of(c, "sign/reverse-shell")) {
    auto conns = connections_of(c, *t);
    ASSERT_EQ(conns.size(), 1u);
    const ConnRecord& r = *conns[0];
    EXPECT_EQ(r.conn_state, ConnState::kSF);
    EXPECT_TRUE(r.service.empty());
    EXPECT_TRUE(t->port == 4444 || t->port == 443);
    EXPECT_GE(seconds(r.duration->ns), 2 * 3600 - 60);
    EXPECT_LE(seconds(r.duration->ns), 6 * 3600 + 600);
    EXPECT_LT(*r.orig_bytes + *r.resp_bytes, 5'000'000u);  // typing and output, both ways
    EXPECT_GT(*r.resp_bytes, 0u);
    EXPECT_FALSE(answered.count(r.resp_h.to_string()));  // no DNS, no SNI, no Host
    EXPECT_TRUE(t->name.empty());
  }
}

// Zeek logs a session still open when the capture ends at shutdown: no FIN, state S1, the duration up to
// its last packet, which is the end of the data.
TEST(SimulatorSigns, ShellOpenAtEndLastsToTheEndWithStateS1) {
  const Captured& c = signs_day();
  const double end = seconds(c.end_ns());
  double data_end = 0;
  for (const ConnRecord& r : c.conns) data_end = std::max(data_end, end_of(r));
  EXPECT_LE(data_end, end);  // nothing outlives the capture
  for (const TruthChannel* t : rows_of(c, "sign/shell-open-at-end")) {
    auto conns = connections_of(c, *t);
    ASSERT_EQ(conns.size(), 1u);
    const ConnRecord& r = *conns[0];
    EXPECT_EQ(r.conn_state, ConnState::kS1);
    EXPECT_EQ(r.history.find_first_of("Ff"), std::string::npos) << r.history;
    EXPECT_GE(end_of(r), end - 60);
    EXPECT_LE(end_of(r), end);
    EXPECT_GE(seconds(r.ts.ns), end - 4 * 3600 - 1);
    EXPECT_LE(seconds(r.ts.ns), end - 3600 + 1);
  }
}

TEST(SimulatorSigns, NightlyUploadsAreLargeLopsidedAndAtNight) {
  const Captured& c = signs_day();
  std::map<std::string, size_t> hosts_per_name;
  for (const TruthChannel& t : c.truth)
    if (t.detector == "exfiltration") ++hosts_per_name[t.name];
  for (const TruthChannel* t : rows_of(c, "sign/nightly-upload")) {
    EXPECT_EQ(hosts_per_name[t->name], 1u);  // a name nobody else uses
    for (const ConnRecord* r : connections_of(c, *t)) {
      EXPECT_GE(*r->orig_bytes, 200'000'000u);
      EXPECT_LE(*r->orig_bytes, 2'000'001'000u);
      EXPECT_LT(*r->resp_bytes, 10'000u);
      double hour = seconds(r->ts.ns - midnight_of(r->ts.ns)) / 3600;
      EXPECT_GE(hour, 1);
      EXPECT_LT(hour, 4);
      EXPECT_EQ(r->conn_state, ConnState::kSF);
      EXPECT_EQ(r->history, "ShADdaFf");
    }
  }
  EXPECT_GE(hosts_per_name[kBackupName], 3u);  // ~15% of 30 hosts share it
  for (const TruthChannel* t : rows_of(c, "benign/software-update"))
    for (const ConnRecord* r : connections_of(c, *t)) {
      EXPECT_GE(*r->resp_bytes, 100'000'000u);
      EXPECT_LT(*r->orig_bytes, 10'000u);
      EXPECT_TRUE(in_working_hours(r->ts.ns));
    }
}

TEST(SimulatorSigns, DirectIpC2IsNamedByNothingButItsAddress) {
  const Captured& c = signs_day();
  std::set<std::string> answered;
  for (const DnsRecord& d : c.dns) answered.insert(d.answers.begin(), d.answers.end());
  for (const TruthChannel* t : rows_of(c, "sign/direct-ip-c2")) {
    const std::string ip = t->addresses.front().to_string();
    EXPECT_FALSE(answered.count(ip));
    auto conns = connections_of(c, *t);
    ASSERT_GT(conns.size(), 100u);  // the campaign starts in the first half day
    std::set<std::string> uids;
    for (const ConnRecord* r : conns) uids.insert(r->uid);
    size_t http = 0;
    for (const HttpRecord& h : c.http)
      if (uids.count(h.id.uid)) {
        EXPECT_EQ(*h.host, ip);
        ++http;
      }
    EXPECT_EQ(http, conns.size());
    for (const SslRecord& s : c.ssl) EXPECT_FALSE(uids.count(s.id.uid));
    double mean = (seconds(conns.back()->ts.ns) - seconds(conns.front()->ts.ns)) / static_cast<double>(conns.size() - 1);
    EXPECT_NEAR(mean, 300, 30);
  }
}

// The web shell's connections come from outside: the external peer is the originator.
TEST(SimulatorSigns, InboundPollerRowsHaveTheExternalPeerAsOriginator) {
  const Captured& c = signs_day();
  NetSet priv = NetSet::private_networks();
  for (const TruthChannel* t : rows_of(c, "sign/web-shell-polling")) {
    ASSERT_EQ(t->addresses.size(), 1u);
    EXPECT_TRUE(priv.contains(t->internal));
    EXPECT_FALSE(priv.contains(t->addresses.front()));
    auto conns = connections_of(c, *t);
    ASSERT_GT(conns.size(), 20u);
    for (const ConnRecord* r : conns) {
      EXPECT_EQ(r->orig_h, t->addresses.front());
      EXPECT_EQ(r->resp_h, t->internal);
      EXPECT_EQ(r->resp_p, 443);
      EXPECT_EQ(r->service, "ssl");
      EXPECT_GE(r->orig_p, 32768);
    }
    for (const SslRecord& s : c.ssl)
      if (s.id.resp_h == t->internal) {
        EXPECT_EQ(*s.server_name, t->name);
      }
  }
}

TEST(SimulatorSigns, LookalikesHaveTheirShapes) {
  const Captured& c = signs_day();
  // Antivirus: every host, hashed labels of 32 or 40 hex digits, 127.0.0.x verdicts.
  auto av = rows_of(c, "benign/av-lookups");
  EXPECT_EQ(av.size(), c.scenario.hosts);
  for (const DnsRecord& d : c.dns) {
    if (!ends_with(*d.query, std::string(".") + kAvZone)) continue;
    std::string label = d.query->substr(0, d.query->find('.'));
    EXPECT_TRUE(label.size() == 32 || label.size() == 40) << label;
    EXPECT_EQ(label.find_first_not_of("0123456789abcdef"), std::string::npos) << label;
    ASSERT_EQ(d.answers.size(), 1u);
    EXPECT_EQ(d.answers[0].rfind("127.0.0.", 0), 0u);
  }
  for (const TruthChannel* t : av) {
    EXPECT_GE(t->check_ins, 10u);
    EXPECT_LE(t->check_ins, 600u);
  }
  // CDN long polls: ~40% of hosts, hour-long connections in working hours, on CDN addresses.
  World world(c.scenario.seed, c.scenario.hosts);
  std::set<IpAddr> cdn(world.cdn_pool().begin(), world.cdn_pool().end());
  auto polls = rows_of(c, "benign/cdn-long-poll");
  EXPECT_EQ(polls.size(), 12u);
  for (const TruthChannel* t : polls) {
    for (const IpAddr& a : t->addresses) EXPECT_TRUE(cdn.count(a));
    auto conns = connections_of(c, *t);
    ASSERT_GT(conns.size(), 4u);
    double longest = 0;
    for (const ConnRecord* r : conns) {
      EXPECT_TRUE(in_working_hours(r->ts.ns));
      longest = std::max(longest, seconds(r->duration->ns));
    }
    EXPECT_GT(longest, 3000);
  }
  // Admin SSH: 2–3 admin hosts, sessions of 1–8 h to internal servers in working hours.
  std::set<IpAddr> admins;
  for (const TruthChannel* t : rows_of(c, "benign/admin-ssh")) {
    admins.insert(t->internal);
    EXPECT_TRUE(world.is_internal(t->addresses.front()));
    for (const ConnRecord* r : connections_of(c, *t)) {
      EXPECT_EQ(r->service, "ssh");
      EXPECT_TRUE(in_working_hours(r->ts.ns));
      EXPECT_GE(seconds(r->duration->ns), 3600 - 60);
      EXPECT_LE(seconds(r->ts.ns) + seconds(r->duration->ns), seconds(midnight_of(r->ts.ns)) + 18 * 3600 + 600);
    }
  }
  EXPECT_GE(admins.size(), 2u);
  EXPECT_LE(admins.size(), 3u);
}

// The feed lists every feed-hit name; none of its decoys appears anywhere in the traffic.
TEST(SimulatorSigns, FeedHoldsFeedHitNamesAndNoDecoyAppearsInAnyRecord) {
  const Captured& c = signs_day();
  std::vector<std::string> feed = feed_indicators(c.truth, c.scenario.seed);
  ASSERT_GE(feed.size(), 50u);
  EXPECT_EQ(feed[0][0], '#');
  for (const TruthChannel* t : rows_of(c, "sign/feed-hit")) {
    EXPECT_TRUE(std::count(feed.begin(), feed.end(), t->name)) << t->name;
    EXPECT_GT(t->check_ins, 0u);
  }
  std::vector<std::string> decoys = feed_decoys(c.scenario.seed);
  EXPECT_GE(decoys.size(), 45u);
  EXPECT_EQ(feed.size(), 2 + decoys.size() + 2);  // two header lines, two feed-hit names
  std::set<std::string> names, addresses;
  std::vector<std::pair<IpAddr, int>> cidrs;
  for (const std::string& d : decoys) {
    size_t slash = d.find('/');
    if (slash != std::string::npos) {
      cidrs.emplace_back(*IpAddr::parse(d.substr(0, slash)), std::stoi(d.substr(slash + 1)));
    } else if (IpAddr::parse(d)) {
      addresses.insert(d);
    } else {
      names.insert(d);
    }
  }
  EXPECT_EQ(cidrs.size(), 1u);
  auto listed_address = [&](const IpAddr& a) {
    if (addresses.count(a.to_string())) return true;
    for (const auto& [net, bits] : cidrs)
      if ((a.v4_host_order() ^ net.v4_host_order()) >> (32 - bits) == 0) return true;
    return false;
  };
  auto listed_name = [&](const std::string& n) {
    for (const std::string& d : names)
      if (n == d || ends_with(n, "." + d)) return true;
    return false;
  };
  for (const ConnRecord& r : c.conns) ASSERT_FALSE(listed_address(r.orig_h) || listed_address(r.resp_h)) << r.uid;
  for (const DnsRecord& d : c.dns) {
    ASSERT_FALSE(listed_name(*d.query)) << *d.query;
    for (const std::string& a : d.answers) {
      auto ip = IpAddr::parse(a);
      ASSERT_FALSE(ip ? listed_address(*ip) : listed_name(a)) << a;
    }
  }
  for (const SslRecord& s : c.ssl) ASSERT_FALSE(listed_name(*s.server_name)) << *s.server_name;
  for (const HttpRecord& h : c.http) ASSERT_FALSE(listed_name(*h.host)) << *h.host;
}

TEST(SimulatorSigns, TruthFileRoundTripsWithDetectorAndDirection) {
  const Captured& c = signs_day();
  std::string header = truth_header();
  EXPECT_TRUE(ends_with(header, "\tlast_ts\tdetector\tdirection")) << header;
  std::string path = ::testing::TempDir() + "/vigil-sim-signs-truth.tsv";
  ASSERT_TRUE(write_truth(path, c.truth).is_ok());
  auto back = read_truth(path);
  ASSERT_TRUE(back.is_ok()) << back.status().to_string();
  ASSERT_EQ(back.value().size(), c.truth.size());
  std::set<std::string> directions;
  for (size_t i = 0; i < c.truth.size(); ++i) {
    const TruthChannel& t = back.value()[i];
    EXPECT_EQ(truth_row(t), truth_row(c.truth[i]));
    EXPECT_EQ(t.detector, c.truth[i].detector);
    EXPECT_EQ(t.direction, c.truth[i].direction);
    EXPECT_EQ(t.addresses, c.truth[i].addresses);
    directions.insert(t.direction);
  }
  EXPECT_EQ(directions, (std::set<std::string>{"outbound", "inbound", "internal"}));
}

TEST(SimulatorSigns, SameSeedSameRecords) {
  Scenario s;
  s.hosts = 6;
  s.days = 0.5;
  s.background = false;
  s.signs = intrusion_signs();
  s.signs_per_profile = 1;
  auto lines = [](const Captured& c) {
    std::vector<std::string> out;
    for (const ConnRecord& r : c.conns) out.push_back(zeek_tsv_line(r));
    for (const DnsRecord& r : c.dns) out.push_back(zeek_tsv_line(r));
    return out;
  };
  auto a = lines(run(s));
  ASSERT_GT(a.size(), 1000u);
  EXPECT_EQ(a, lines(run(s)));
  s.seed = 2;
  EXPECT_NE(a, lines(run(s)));
}

// FNV-1a over the TSV lines of each log, as written to the files.
struct LogHashes {
  uint64_t h[4] = {0xcbf29ce484222325ULL, 0xcbf29ce484222325ULL, 0xcbf29ce484222325ULL, 0xcbf29ce484222325ULL};
  size_t n[4] = {0, 0, 0, 0};
  void add(int log, const std::string& line) {
    for (unsigned char ch : line + "\n") h[log] = (h[log] ^ ch) * 0x100000001b3ULL;
    ++n[log];
  }
};

// Without signs the simulator writes what it wrote before they existed. The expected hashes are those of
// `vigil-simulate --hosts 30 --days 1 --seed 7 --profiles defaults --per-profile 2` built from main at
// 944a403 (before the signs), over each log's data lines.
TEST(SimulatorSigns, NoSignsLeaveTheRecordsAsBefore) {
  Scenario s;
  s.seed = 7;
  s.hosts = 30;
  s.days = 1;
  s.profiles = framework_defaults();
  s.implants_per_profile = 2;
  LogHashes hashes;
  SimSink sink;
  sink.conn = [&](ConnRecord&& r) { hashes.add(0, zeek_tsv_line(r)); };
  sink.dns = [&](DnsRecord&& r) { hashes.add(1, zeek_tsv_line(r)); };
  sink.ssl = [&](SslRecord&& r) { hashes.add(2, zeek_tsv_line(r)); };
  sink.http = [&](HttpRecord&& r) { hashes.add(3, zeek_tsv_line(r)); };
  auto truth = simulate(s, sink);
  EXPECT_EQ(hashes.n[0], 156889u);
  EXPECT_EQ(hashes.n[1], 39720u);
  EXPECT_EQ(hashes.n[2], 82587u);
  EXPECT_EQ(hashes.n[3], 21419u);
  EXPECT_EQ(hashes.h[0], 0xc11fec2689812920ULL);
  EXPECT_EQ(hashes.h[1], 0x367a099336f0de17ULL);
  EXPECT_EQ(hashes.h[2], 0x1c2985645659d227ULL);
  EXPECT_EQ(hashes.h[3], 0xb8f14b014b853328ULL);
  for (const TruthChannel& t : truth) {
    EXPECT_EQ(t.detector, "beacon");
    EXPECT_EQ(t.direction, "outbound");
  }
}

// A Zeek TSV log's rows keyed by (ts, orig_h, orig_p), without what a re-analysis cannot reproduce: uids,
// local_orig/local_resp, and the service of NTP and SSH (vigil convert has analyzers for neither).
std::map<std::string, std::map<std::string, std::string>> comparable_rows(const std::string& path) {
  std::map<std::string, std::map<std::string, std::string>> out;
  for (auto& row : test::read_tsv_log(path)) {
    std::string key = row["ts"] + " " + row["id.orig_h"] + " " + row["id.orig_p"];
    for (const char* f : {"uid", "local_orig", "local_resp"}) row.erase(f);
    if (row.count("service") && (row["service"] == "ntp" || row["service"] == "ssh")) row["service"] = "-";
    out[key] = std::move(row);
  }
  return out;
}

// Every sign but the bulk transfers goes into a capture; vigil convert gives back the same rows, the
// still-open shell's S1, the inbound orientation and the tunnels' NULL/TXT/CNAME answers included.
TEST(SimulatorSignsCapture, VigilConvertOfTheCaptureGivesTheSameRecords) {
  std::string dir = ::testing::TempDir() + "/vigil-sim-signs-capture";
  std::string signs =
      "sign/dns-tunnel-10Bps,sign/dns-beacon,sign/reverse-shell,sign/shell-open-at-end,sign/direct-ip-c2,"
      "sign/web-shell-polling,sign/feed-hit,benign/av-lookups,benign/cdn-long-poll,benign/admin-ssh";
  std::string sim = std::string(VIGIL_SIMULATE) + " --out " + dir + " --hosts 4 --days 0.5 --profiles none --signs " +
                    signs + " --per-sign 1 --pcap 2>/dev/null";
  ASSERT_EQ(std::system(sim.c_str()), 0);
  std::string convert = std::string(VIGIL_CLI) + " convert " + dir + "/capture.pcap -o " + dir + "/converted 2>/dev/null";
  ASSERT_EQ(std::system(convert.c_str()), 0);
  for (const char* log : {"conn.log", "dns.log", "ssl.log", "http.log"}) {
    auto want = comparable_rows(dir + "/" + log);
    auto have = comparable_rows(dir + "/converted/" + log);
    ASSERT_FALSE(want.empty()) << log;
    EXPECT_EQ(have, want) << log;
  }
  size_t open = 0;
  for (const auto& [key, row] : comparable_rows(dir + "/conn.log")) open += row.at("conn_state") == "S1";
  EXPECT_GE(open, 1u);
  EXPECT_TRUE(std::ifstream(dir + "/feed.txt").good());
  // Transfers of gigabytes are refused with a capture.
  std::string refused = std::string(VIGIL_SIMULATE) + " --out " + dir + "-refused --hosts 2 --days 1 --signs all --pcap 2>/dev/null";
  EXPECT_NE(std::system(refused.c_str()), 0);
}

}  // namespace
}  // namespace vigil::sim
