// The labelled simulator (tools/simulate): determinism, the jitter models' means and ranges, drops,
// working hours, truth counts against the records, CDN fronting, public external addresses, uid links,
// the truth file round trip, and a capture that `vigil convert` turns back into the same connections.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/net_set.h"
#include "report/zeek_app_writer.h"
#include "report/zeek_conn_writer.h"
#include "sim_clock.h"
#include "simulator.h"
#include "truth_file.h"
#include "tsv_rows.h"
#include "world.h"

namespace vigil::sim {
namespace {

struct Captured {
  std::vector<ConnRecord> conns;
  std::vector<DnsRecord> dns;
  std::vector<SslRecord> ssl;
  std::vector<HttpRecord> http;
  std::vector<TruthChannel> truth;
};

Captured run(const Scenario& s) {
  Captured c;
  SimSink sink;
  sink.conn = [&c](ConnRecord&& r) { c.conns.push_back(std::move(r)); };
  sink.dns = [&c](DnsRecord&& r) { c.dns.push_back(std::move(r)); };
  sink.ssl = [&c](SslRecord&& r) { c.ssl.push_back(std::move(r)); };
  sink.http = [&c](HttpRecord&& r) { c.http.push_back(std::move(r)); };
  c.truth = simulate(s, sink);
  return c;
}

ImplantProfile profile(const std::string& name, double sleep_s, JitterModel m, double jitter, double drop = 0) {
  ImplantProfile p;
  p.name = name;
  p.sleep_s = sleep_s;
  p.model = m;
  p.jitter = jitter;
  p.drop = drop;
  return p;
}

// Implants only, one of each profile, on a few hosts.
Scenario implants_only(std::vector<ImplantProfile> profiles, double days = 2) {
  Scenario s;
  s.hosts = 5;
  s.days = days;
  s.background = false;
  s.implants_per_profile = 1;
  s.profiles = std::move(profiles);
  return s;
}

// A week of a small network with the framework defaults and the special profiles: shared by many tests.
const Captured& week() {
  static const Captured c = [] {
    Scenario s;
    s.hosts = 10;
    s.days = 7;
    s.implants_per_profile = 2;
    s.profiles = framework_defaults();
    for (auto& p : special_profiles()) s.profiles.push_back(p);
    return run(s);
  }();
  return c;
}

// The server name of every connection that has one (TLS SNI or HTTP Host), by uid.
std::unordered_map<std::string, std::string> names_by_uid(const Captured& c) {
  std::unordered_map<std::string, std::string> out;
  for (const auto& s : c.ssl) out[s.id.uid] = *s.server_name;
  for (const auto& h : c.http) out[h.id.uid] = *h.host;
  return out;
}

// A channel as the truth file names it: host and server name for TCP, host and address for UDP (NTP).
std::string channel_key(const IpAddr& internal, TransportProto proto, uint16_t port, const std::string& name_or_addr) {
  return internal.to_string() + " " + std::string(to_string(proto)) + " " + std::to_string(port) + " " + name_or_addr;
}

// Start times (seconds) of every channel's connections, built in one pass.
std::unordered_map<std::string, std::vector<double>> times_by_channel(const Captured& c) {
  auto names = names_by_uid(c);
  std::unordered_map<std::string, std::vector<double>> out;
  for (const auto& r : c.conns) {
    std::string what;
    if (r.proto == TransportProto::kUdp) {
      what = r.resp_h.to_string();
    } else {
      auto it = names.find(r.uid);
      if (it == names.end()) continue;
      what = it->second;
    }
    out[channel_key(r.orig_h, r.proto, r.resp_p, what)].push_back(static_cast<double>(r.ts.ns) / 1e9);
  }
  return out;
}

// The start times (seconds) of the connections of truth row `t`.
std::vector<double> check_in_times(const std::unordered_map<std::string, std::vector<double>>& index,
                                   const TruthChannel& t) {
  std::string what = t.proto == TransportProto::kUdp ? t.addresses.front().to_string() : t.name;
  auto it = index.find(channel_key(t.internal, t.proto, t.port, what));
  return it == index.end() ? std::vector<double>{} : it->second;
}

std::vector<double> check_in_times(const Captured& c, const TruthChannel& t) {
  return check_in_times(times_by_channel(c), t);
}

std::vector<double> intervals(const std::vector<double>& times) {
  std::vector<double> out;
  for (size_t i = 1; i < times.size(); ++i) out.push_back(times[i] - times[i - 1]);
  return out;
}

double mean(const std::vector<double>& v) {
  double sum = 0;
  for (double x : v) sum += x;
  return v.empty() ? 0 : sum / static_cast<double>(v.size());
}

std::vector<std::string> conn_lines(const Captured& c) {
  std::vector<std::string> out;
  for (const auto& r : c.conns) out.push_back(zeek_tsv_line(r));
  return out;
}

TEST(SimulatorProfiles, NamesAreStableAndUnique) {
  auto grid = profile_grid();
  EXPECT_EQ(grid.size(), 5u * 4 * 3 * 3);
  std::set<std::string> names;
  for (const auto& p : grid) names.insert(p.name);
  EXPECT_EQ(names.size(), grid.size());
  EXPECT_TRUE(names.count("grid/p60/sub/j50/d30"));
  EXPECT_TRUE(names.count("grid/p86400/sym/j90/d0"));
  auto defaults = framework_defaults();
  ASSERT_EQ(defaults.size(), 4u);
  EXPECT_EQ(defaults[0].name, "cobalt-strike-default");
  EXPECT_EQ(defaults[1].name, "sliver-default");
  EXPECT_DOUBLE_EQ(mean_interval_s(defaults[1].model, defaults[1].sleep_s, defaults[1].jitter), 75);
  std::vector<ImplantProfile> all;
  EXPECT_TRUE(profile_set("all", all));
  EXPECT_EQ(all.size(), 4 + grid.size() + special_profiles().size());
  EXPECT_FALSE(profile_set("bogus", all));
}

TEST(Simulator, SameSeedSameOutputOtherSeedOtherOutput) {
  Scenario s;
  s.hosts = 6;
  s.days = 1;
  s.implants_per_profile = 1;
  s.profiles = framework_defaults();
  auto a = conn_lines(run(s));
  auto b = conn_lines(run(s));
  ASSERT_GT(a.size(), 1000u);
  EXPECT_EQ(a, b);
  s.seed = 2;
  EXPECT_NE(a, conn_lines(run(s)));
}

// Subtractive P(1 − U(0,J)), additive P(1 + U(0,J)), symmetric P·U(1 − J, 1 + J): mean and range.
TEST(Simulator, JitterModelsGiveTheirMeansAndRanges) {
  const double P = 60, J = 0.5;
  Captured c = run(implants_only({profile("sub", P, JitterModel::kSubtractive, J),
                                  profile("add", P, JitterModel::kAdditive, J),
                                  profile("sym", P, JitterModel::kSymmetric, J)}));
  ASSERT_EQ(c.truth.size(), 3u);
  const std::map<std::string, std::pair<double, double>> range = {
      {"sub", {P * (1 - J), P}}, {"add", {P, P * (1 + J)}}, {"sym", {P * (1 - J), P * (1 + J)}}};
  for (const TruthChannel& t : c.truth) {
    auto d = intervals(check_in_times(c, t));
    ASSERT_GT(d.size(), 1000u) << t.label;
    EXPECT_NEAR(mean(d), t.mean_interval_s, 0.02 * t.mean_interval_s) << t.label;
    auto [lo, hi] = range.at(t.label);
    for (double x : d) {
      ASSERT_GE(x, lo - 1e-3) << t.label;
      ASSERT_LE(x, hi + 1e-3) << t.label;
    }
    EXPECT_NEAR(t.mean_interval_s, mean_interval_s(t.label == "sub"   ? JitterModel::kSubtractive
                                                   : t.label == "add" ? JitterModel::kAdditive
                                                                      : JitterModel::kSymmetric,
                                                   P, J),
                1e-9);
  }
}

// Without jitter every interval is a whole number of sleeps; the share of check-ins seen is 1 − drop.
TEST(Simulator, DroppedCheckInsMatchTheDropRate) {
  for (double drop : {0.3, 0.5}) {
    Captured c = run(implants_only({profile("d", 60, JitterModel::kNone, 0, drop)}, 3));
    auto d = intervals(check_in_times(c, c.truth[0]));
    double slots = 0;
    for (double x : d) {
      double k = std::round(x / 60);
      ASSERT_NEAR(x, 60 * k, 1e-3);
      slots += k;
    }
    EXPECT_NEAR(static_cast<double>(d.size()) / slots, 1 - drop, 0.04) << drop;
  }
}

// Operator sessions: runs of ~1 s check-ins among the 300 s ones.
TEST(Simulator, BurstProfileHasInteractiveSessions) {
  ImplantProfile p = profile("bursts", 300, JitterModel::kSubtractive, 0.3);
  p.bursts = true;
  Captured c = run(implants_only({p}, 3));
  auto d = intervals(check_in_times(c, c.truth[0]));
  size_t fast = 0, regular = 0;
  for (double x : d) {
    if (x < 1.3) ++fast;
    if (x >= 300 * 0.7 - 1e-3 && x <= 300 + 1e-3) ++regular;
  }
  EXPECT_GT(fast, 100u);     // at least one session of a few minutes
  EXPECT_GT(regular, 400u);  // 3 days of 300 s sleeps
}

// The sleep is multiplied halfway through the campaign: the second half's intervals are 10 times longer.
TEST(Simulator, SleepChangeHalfway) {
  ImplantProfile p = profile("change", 60, JitterModel::kNone, 0);
  p.sleep_change = 10;
  Captured c = run(implants_only({p}, 1));
  auto d = intervals(check_in_times(c, c.truth[0]));
  ASSERT_GT(d.size(), 100u);
  EXPECT_NEAR(d.front(), 60, 1e-3);
  EXPECT_NEAR(d.back(), 600, 1e-3);
  EXPECT_NEAR(c.truth[0].sleep_s, 60, 1e-9);  // the truth keeps the first sleep
}

TEST(Simulator, WorkingHoursImplantsCheckInOnlyInWorkingHours) {
  const Captured& c = week();
  auto index = times_by_channel(c);
  size_t seen = 0;
  for (const TruthChannel& t : c.truth) {
    if (!t.working_hours) continue;
    for (double ts : check_in_times(index, t)) {
      ASSERT_TRUE(in_working_hours(static_cast<int64_t>(ts * 1e9))) << t.label << " at " << ts;
      ++seen;
    }
  }
  EXPECT_GT(seen, 1000u);
}

TEST(Simulator, TruthCheckInsEqualConnectionsOnTheChannel) {
  const Captured& c = week();
  auto index = times_by_channel(c);
  size_t implants = 0, benign = 0;
  for (const TruthChannel& t : c.truth) {
    auto times = check_in_times(index, t);
    ASSERT_EQ(times.size(), t.check_ins) << t.label << " " << t.name;
    if (!times.empty()) {
      EXPECT_EQ(static_cast<int64_t>(std::llround(times.front() * 1e6)), t.first_ns / 1000);
      EXPECT_EQ(static_cast<int64_t>(std::llround(times.back() * 1e6)), t.last_ns / 1000);
    }
    (t.implant ? implants : benign) += 1;
  }
  EXPECT_EQ(implants, 2u * (4 + 4) + 2 * 3);  // the multi-implant profile puts 3 on each host
  EXPECT_GT(benign, 10u * 5);                 // ntp, update, telemetry, mail and push on every host
  std::set<std::string> labels;
  for (const TruthChannel& t : c.truth)
    if (!t.implant) labels.insert(t.label);
  for (const char* l : {"ntp", "os-update", "telemetry", "mail-poll", "push", "cron-api-poll"})
    EXPECT_TRUE(labels.count(l)) << l;
}

TEST(Simulator, CdnFrontedImplantUsesExactlyItsAddressesWhichBenignSitesShare) {
  const Captured& c = week();
  auto names = names_by_uid(c);
  std::set<std::string> implant_names;
  for (const TruthChannel& t : c.truth)
    if (t.implant) implant_names.insert(t.name);
  std::set<IpAddr> benign_addresses;
  for (const auto& r : c.conns) {
    auto it = names.find(r.uid);
    if (it != names.end() && !implant_names.count(it->second)) benign_addresses.insert(r.resp_h);
  }
  size_t checked = 0;
  for (const TruthChannel& t : c.truth) {
    if (t.label != "special/cdn-fronted") continue;
    ASSERT_EQ(t.addresses.size(), 8u);
    std::set<IpAddr> used;
    for (const auto& r : c.conns) {
      auto it = names.find(r.uid);
      if (it != names.end() && it->second == t.name) used.insert(r.resp_h);
    }
    EXPECT_EQ(used, std::set<IpAddr>(t.addresses.begin(), t.addresses.end()));
    for (const IpAddr& a : t.addresses) EXPECT_TRUE(benign_addresses.count(a)) << a.to_string();
    ++checked;
  }
  EXPECT_EQ(checked, 2u);
}

TEST(Simulator, ExternalAddressesArePublic) {
  const Captured& c = week();
  NetSet priv = NetSet::private_networks();
  const IpAddr resolver = *IpAddr::parse("10.0.0.53");
  for (const auto& r : c.conns) {
    ASSERT_TRUE(priv.contains(r.orig_h));
    if (r.resp_h == resolver) continue;
    ASSERT_FALSE(priv.contains(r.resp_h)) << r.resp_h.to_string();
    ASSERT_TRUE(is_public_v4(r.resp_h.v4_host_order())) << r.resp_h.to_string();
  }
  for (const auto& d : c.dns)
    for (const auto& a : d.answers) ASSERT_TRUE(is_public_v4(IpAddr::parse(a)->v4_host_order())) << a;
  EXPECT_FALSE(is_public_v4(0xc0a80101));  // 192.168.1.1
  EXPECT_FALSE(is_public_v4(0xe0000001));  // 224.0.0.1
  EXPECT_FALSE(is_public_v4(0x64400001));  // 100.64.0.1
  EXPECT_TRUE(is_public_v4(0x08080808));
}

TEST(Simulator, UidsAreUniqueAndAppRowsLinkToConnections) {
  const Captured& c = week();
  std::unordered_set<std::string> uids;
  for (const auto& r : c.conns) {
    ASSERT_EQ(r.uid.size(), 18u);
    ASSERT_EQ(r.uid[0], 'C');
    ASSERT_TRUE(uids.insert(r.uid).second) << r.uid;
  }
  for (const auto& s : c.ssl) ASSERT_TRUE(uids.count(s.id.uid));
  for (const auto& h : c.http) ASSERT_TRUE(uids.count(h.id.uid));
  for (const auto& d : c.dns) ASSERT_TRUE(uids.count(d.id.uid));
  EXPECT_GT(c.ssl.size(), 1000u);
  EXPECT_GT(c.http.size(), 100u);
}

TEST(Simulator, RecordsComeInTimeOrderWithinTwoSeconds) {
  const Captured& c = week();
  int64_t latest = 0;
  for (const auto& r : c.conns) {
    ASSERT_GT(r.ts.ns, latest - 2'000'000'000LL);
    latest = std::max(latest, r.ts.ns);
  }
}

TEST(Simulator, CampaignsAreCappedAndSlowBeaconsLast) {
  Captured c = run(implants_only({profile("fast", 10, JitterModel::kNone, 0),
                                  profile("slow", 86400, JitterModel::kNone, 0)}, 7));
  EXPECT_LE(c.truth[0].check_ins, 8641u);  // one day of 10 s check-ins
  EXPECT_GE(c.truth[0].check_ins, 8639u);
  EXPECT_GE(c.truth[1].check_ins, 6u);  // starts in the first day, runs to the end
}

TEST(SimulatorTruthFile, RoundTrips) {
  const Captured& c = week();
  std::string path = ::testing::TempDir() + "/vigil-sim-truth.tsv";
  ASSERT_TRUE(write_truth(path, c.truth).is_ok());
  auto back = read_truth(path);
  ASSERT_TRUE(back.is_ok()) << back.status().to_string();
  ASSERT_EQ(back.value().size(), c.truth.size());
  for (size_t i = 0; i < c.truth.size(); ++i) EXPECT_EQ(truth_row(back.value()[i]), truth_row(c.truth[i]));
  std::ofstream(path) << "not a truth file\n";
  EXPECT_FALSE(read_truth(path).is_ok());
}

using test::read_tsv_log;

// (orig_h, resp_h, resp_p, proto) -> connections.
std::map<std::string, int> channel_counts(const std::vector<std::map<std::string, std::string>>& rows) {
  std::map<std::string, int> out;
  for (const auto& row : rows)
    ++out[row.at("id.orig_h") + " " + row.at("id.resp_h") + " " + row.at("id.resp_p") + " " + row.at("proto")];
  return out;
}

// Rows keyed by (ts, orig_h, orig_p), without the fields a re-analysis cannot reproduce: uids are drawn
// afresh, vigil sets local_orig/local_resp from its default internal networks and has no NTP analyzer.
std::map<std::string, std::map<std::string, std::string>> comparable(std::vector<std::map<std::string, std::string>> rows) {
  std::map<std::string, std::map<std::string, std::string>> out;
  for (auto& row : rows) {
    std::string key = row["ts"] + " " + row["id.orig_h"] + " " + row["id.orig_p"];
    for (const char* f : {"uid", "local_orig", "local_resp"}) row.erase(f);
    if (row.count("service") && row["service"] == "ntp") row["service"] = "-";
    out[key] = std::move(row);
  }
  return out;
}

TEST(SimulatorCapture, VigilConvertOfTheCaptureGivesTheSameConnections) {
  std::string dir = ::testing::TempDir() + "/vigil-sim-capture";
  std::string sim = std::string(VIGIL_SIMULATE) + " --out " + dir +
                    " --hosts 3 --days 0.5 --profiles defaults --per-profile 1 --pcap 2>/dev/null";
  ASSERT_EQ(std::system(sim.c_str()), 0);
  std::string convert = std::string(VIGIL_CLI) + " convert " + dir + "/capture.pcap -o " + dir + "/converted 2>/dev/null";
  ASSERT_EQ(std::system(convert.c_str()), 0);
  auto expected = read_tsv_log(dir + "/conn.log");
  auto got = read_tsv_log(dir + "/converted/conn.log");
  ASSERT_GT(expected.size(), 5000u);
  EXPECT_EQ(channel_counts(got), channel_counts(expected));
  // Beyond the counts: every field of conn, dns, ssl and http rows agrees.
  for (const char* log : {"conn.log", "dns.log", "ssl.log", "http.log"}) {
    auto want = comparable(read_tsv_log(dir + "/" + log));
    auto have = comparable(read_tsv_log(dir + "/converted/" + log));
    ASSERT_FALSE(want.empty()) << log;
    EXPECT_EQ(have, want) << log;
  }
}

}  // namespace
}  // namespace vigil::sim
