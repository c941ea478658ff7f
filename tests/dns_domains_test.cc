// The DNS tunnel and beacon detector: registered domains, the per (host, domain) table under hostile input,
// tunnels and beacons found, benign look-alikes left alone, the resolver rule, and the evidence lines.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "core/app_records.h"
#include "detect/dns_domains.h"
#include "detect/dns_findings.h"
#include "detect/registered_domain.h"

namespace vigil {
namespace {

constexpr int64_t kNs = 1'000'000'000;
constexpr int64_t kStart = 1'700'000'000LL * kNs;  // 2023-11-14 22:13 UTC

IpAddr host(uint32_t n) { return IpAddr::v4(0x0a000000u + n); }  // 10.0.x.y
const IpAddr kResolver = IpAddr::v4(0x0a000035u);                 // 10.0.0.53
const IpAddr kUpstream = IpAddr::v4(0x08080808u);                 // 8.8.8.8

DnsRecord rec(int64_t ts_ns, IpAddr client, IpAddr server, std::string query, uint16_t qtype = 1, uint16_t rcode = 0) {
  DnsRecord r;
  r.id.ts = Timestamp{ts_ns};
  r.id.orig_h = client;
  r.id.orig_p = 50000;
  r.id.resp_h = server;
  r.id.resp_p = 53;
  r.query = std::move(query);
  r.qtype = qtype;
  r.rcode = rcode;
  return r;
}

std::string random_chars(std::mt19937_64& rng, size_t n, std::string_view alphabet) {
  std::string s(n, ' ');
  for (char& c : s) c = alphabet[rng() % alphabet.size()];
  return s;
}
constexpr std::string_view kHex = "0123456789abcdef";
constexpr std::string_view kBase32 = "abcdefghijklmnopqrstuvwxyz234567";
constexpr std::string_view kWords[] = {"www", "mail", "api", "static", "img", "cdn", "login", "apps", "docs", "news",
                                       "m", "video", "shop", "support", "accounts", "fonts", "maps", "drive"};

// Splits data into labels of at most 63 characters.
std::string labels(const std::string& data, size_t max_label = 63) {
  std::string out;
  for (size_t i = 0; i < data.size(); i += max_label) {
    if (!out.empty()) out += '.';
    out += data.substr(i, max_label);
  }
  return out;
}

// A network of `hosts` hosts browsing through the site resolver for `hours`: each host asks ~40 registered
// domains (a shared popular pool and a few of its own), a handful of word subdomains each, Poisson times.
void add_browsing(DnsDomainTable& t, uint32_t hosts, double hours, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::exponential_distribution<double> gap(1.0 / 30);  // a lookup every 30 s on average
  for (uint32_t h = 1; h <= hosts; ++h) {
    double s = 0;
    while ((s += gap(rng)) < hours * 3600) {
      std::string domain = rng() % 4 ? "popular" + std::to_string(rng() % 60) + ".com"
                                     : "site" + std::to_string(h) + "-" + std::to_string(rng() % 10) + ".org";
      std::string name = std::string(kWords[rng() % std::size(kWords)]) + "." + domain;
      uint16_t qtype = rng() % 3 ? 1 : 28;
      t.add(rec(kStart + static_cast<int64_t>(s * 1e9), host(100 + h), kResolver, name, qtype));
    }
  }
}

const DnsFinding* find(const std::vector<DnsFinding>& fs, const IpAddr& h, const std::string& domain) {
  for (const auto& f : fs)
    if (f.host == h && f.domain == domain) return &f;
  return nullptr;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& l : lines) s += l + "\n";
  return s;
}

// ---- registered domains ----

TEST(DnsRegisteredDomain, SplitsWithThePublicSuffixList) {
  RegisteredDomains psl;
  auto s = psl.split("a1b2.t.evil.co.uk");
  EXPECT_EQ(s.kind, NameKind::kRegistered);
  EXPECT_EQ(s.registered, "evil.co.uk");
  EXPECT_EQ(s.subdomain, "a1b2.t");
  EXPECT_EQ(psl.split("www.google.com").registered, "google.com");
  EXPECT_EQ(psl.split("google.com").subdomain, "");
  EXPECT_EQ(psl.split("x.y.abc.github.io").registered, "abc.github.io");  // private section: each site its own
  EXPECT_EQ(psl.split("com").kind, NameKind::kPublicSuffix);
  EXPECT_EQ(psl.split("co.uk").kind, NameKind::kPublicSuffix);
  EXPECT_EQ(psl.split("printer.local").kind, NameKind::kInternalSuffix);
  EXPECT_EQ(psl.split("dc1.ad.corp").kind, NameKind::kInternalSuffix);
  EXPECT_EQ(psl.split("nas.home.arpa").kind, NameKind::kInternalSuffix);
  EXPECT_EQ(psl.split("4.3.2.1.in-addr.arpa").kind, NameKind::kReverseLookup);
  EXPECT_EQ(psl.split("b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.0.0.0.0.1.2.3.4.ip6.arpa").kind,
            NameKind::kReverseLookup);
  auto odd = psl.split("deadbeefcafe.4.3.2.1.in-addr.arpa");  // data under the reverse tree: kept, grouped
  EXPECT_EQ(odd.kind, NameKind::kRegistered);
  EXPECT_EQ(odd.registered, "in-addr.arpa");
  EXPECT_TRUE(odd.grouped);
  EXPECT_EQ(psl.split("in-addr.arpa").kind, NameKind::kPublicSuffix);
  EXPECT_EQ(psl.split("a.b.foo.unknowntld").registered, "foo.unknowntld");  // implicit "*" rule
  // Deep private rules: the answer needs the last six labels.
  EXPECT_EQ(psl.split("q.w.bucket.s3.dualstack.us-east-1.amazonaws.com").registered,
            "bucket.s3.dualstack.us-east-1.amazonaws.com");
}

TEST(DnsRegisteredDomain, NonAsciiLabelsAreGroupedNotPassedToLibpsl) {
  RegisteredDomains psl;
  std::string name = "abc.\xff\xfe.evil.com";
  auto s = psl.split(name);
  EXPECT_EQ(s.kind, NameKind::kRegistered);
  EXPECT_EQ(s.registered, "evil.com");
  EXPECT_TRUE(s.grouped);
  std::string tld = "x.y\xc3\xa9";  // the last label itself is odd
  auto t = psl.split(tld);
  EXPECT_EQ(t.registered, "y\xc3\xa9");
  EXPECT_EQ(t.subdomain, "x");
}

TEST(DnsRegisteredDomain, CacheGivesTheSameAnswers) {
  RegisteredDomains psl;
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(psl.split("a.b.c.co.uk").registered, "c.co.uk");
    EXPECT_EQ(psl.split("b.c.co.uk").registered, "c.co.uk");
  }
  EXPECT_GE(psl.cache_hits(), 4u);
}

// The table hands libpsl only the last kMaxRuleLabels + 1 labels; that is exact only while no rule is deeper.
TEST(DnsRegisteredDomain, NoRuleOfTheSystemListIsDeeperThanAssumed) {
  std::ifstream in("/usr/share/publicsuffix/public_suffix_list.dat");
  if (!in) GTEST_SKIP() << "no system public suffix list";
  std::string line;
  size_t deepest = 0, rules = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line.starts_with("//")) continue;
    line = line.substr(0, line.find_first_of(" \t\r"));
    if (line.starts_with("!")) line.erase(0, 1);
    deepest = std::max(deepest, static_cast<size_t>(std::count(line.begin(), line.end(), '.')) + 1);
    ++rules;
  }
  EXPECT_GT(rules, 5000u);
  EXPECT_LE(deepest, RegisteredDomains::kMaxRuleLabels);
}

TEST(DnsRegisteredDomain, NormalisesNames) {
  std::string out;
  auto r = normalise_query_name("WWW..Example.COM.", out, 1024);
  EXPECT_EQ(out, "www.example.com");
  EXPECT_TRUE(r.empty_labels);
  r = normalise_query_name(".a.b.", out, 1024);
  EXPECT_EQ(out, "a.b");
  EXPECT_FALSE(r.empty_labels);
  std::string longname;
  for (int i = 0; i < 200; ++i) longname += "abcdefgh.";
  longname += "evil.com";
  r = normalise_query_name(longname, out, 100);
  EXPECT_TRUE(r.truncated);
  EXPECT_LE(out.size(), 100u);
  EXPECT_TRUE(out.ends_with(".evil.com"));
  EXPECT_TRUE(out.starts_with("abcdefgh."));  // whole labels kept
}

// ---- tunnels ----

// iodine: long base32 labels (up to ~200 characters a name) in NULL queries, many a second, through the
// site resolver.
TEST(DnsTunnel, IodineLikeIsFound) {
  DnsDomainTable t;
  add_browsing(t, 300, 1, 1);
  std::mt19937_64 rng(7);
  const IpAddr victim = host(42);
  for (int i = 0; i < 20 * 600; ++i) {  // 20 queries/s for 10 min
    std::string name = labels(random_chars(rng, 180, kBase32));
    name.insert(0, 1, '0');
    name += ".t1.tunnel-example.net";
    t.add(rec(kStart + i * (kNs / 20), victim, kResolver, name, 10));
  }
  auto fs = find_dns_findings(t, {}, {});
  ASSERT_FALSE(fs.empty());
  EXPECT_EQ(fs[0].host, victim);
  EXPECT_EQ(fs[0].domain, "tunnel-example.net");
  EXPECT_EQ(fs[0].kind, DnsFindingKind::kTunnel);
  EXPECT_GT(fs[0].score, 0.9);
  EXPECT_TRUE(fs[0].distinct_estimated);
  EXPECT_NEAR(fs[0].distinct_subdomains, 12000, 12000 * 0.2);
  EXPECT_GT(fs[0].entropy_bits_per_char, 4.5);
  EXPECT_GT(fs[0].info_rate, 1000);
  EXPECT_EQ(fs.size(), 1u) << joined(explain(fs.back()));
}

// dnscat2: hex labels, TXT, CNAME and MX, about one query a second even when idle.
TEST(DnsTunnel, Dnscat2LikeIsFound) {
  DnsDomainTable t;
  add_browsing(t, 300, 1, 2);
  std::mt19937_64 rng(8);
  const IpAddr victim = host(43);
  const uint16_t types[] = {16, 5, 15};
  for (int i = 0; i < 3600; ++i) {
    size_t n = i % 10 == 0 ? 120 : 30;  // mostly idle polls, sometimes data
    std::string name = labels(random_chars(rng, n, kHex), 62) + ".dnscat.example.org";
    t.add(rec(kStart + i * kNs, victim, kResolver, name, types[i % 3]));
  }
  auto fs = find_dns_findings(t, {}, {});
  const DnsFinding* f = find(fs, victim, "example.org");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f, &fs[0]);
  EXPECT_EQ(f->kind, DnsFindingKind::kTunnel);
  EXPECT_GT(f->score, 0.8);
  EXPECT_GT(f->entropy_bits_per_char, 3.9);  // hex, dots, and the letters of "dnscat"
  EXPECT_LT(f->entropy_bits_per_char, 4.4);
  EXPECT_DOUBLE_EQ(f->factors.qtype, 1.0);            // all TXT/CNAME/MX
  EXPECT_EQ(fs.size(), 1u);
}

// Tunnels carrying 1, 10 and 100 bytes/s: long hex names, spaced out to give that rate.
class DnsTunnelRate : public ::testing::TestWithParam<double> {};

TEST_P(DnsTunnelRate, IsFoundAndItsRateEstimated) {
  const double bytes_per_s = GetParam();
  DnsDomainTable t;
  add_browsing(t, 300, 3, 3);
  std::mt19937_64 rng(9);
  const IpAddr victim = host(44);
  const size_t hex_chars = bytes_per_s >= 100 ? 120 : 60;  // 4 bits a character
  const double every_s = static_cast<double>(hex_chars) / 2 / bytes_per_s;
  const double hours = bytes_per_s < 5 ? 3 : 1;
  int n = 0;
  for (double s = 0; s < hours * 3600; s += every_s, ++n) {
    std::string name = labels(random_chars(rng, hex_chars, kHex), 60) + ".x.slow-exfil.example";
    t.add(rec(kStart + static_cast<int64_t>(s * 1e9), victim, kResolver, name, 1));
  }
  auto fs = find_dns_findings(t, {}, {});
  const DnsFinding* f = find(fs, victim, "slow-exfil.example");
  ASSERT_NE(f, nullptr) << bytes_per_s;
  EXPECT_EQ(f, &fs[0]);
  EXPECT_GT(f->score, 0.6);
  // The estimate counts the dots (a little entropy) and the hex characters at their alphabet entropy.
  EXPECT_NEAR(f->info_rate, bytes_per_s, bytes_per_s * 0.25) << joined(explain(*f));
  EXPECT_EQ(fs.size(), 1u);
}
INSTANTIATE_TEST_SUITE_P(BytesPerSecond, DnsTunnelRate, ::testing::Values(1.0, 10.0, 100.0));

// ---- beacons ----

// Cobalt Strike's DNS beacon: an A query every 60 s less up to 30% (subtractive jitter), each to a fresh
// hex subdomain naming the beacon; small, so no tunnel volume.
TEST(DnsBeacon, CobaltStrikeLikeIsFound) {
  DnsDomainTable t;
  add_browsing(t, 300, 8, 4);
  std::mt19937_64 rng(10);
  std::uniform_real_distribution<double> jitter(0, 0.3);
  const IpAddr victim = host(45);
  double s = 0;
  for (int i = 0; i < 8 * 60; ++i) {
    s += 60 * (1 - jitter(rng));
    char name[96];
    std::snprintf(name, sizeof name, "%07llx.19997cf2.cdn.update-service.example",
                  static_cast<unsigned long long>(rng() & 0xfffffff));
    t.add(rec(kStart + static_cast<int64_t>(s * 1e9), victim, kResolver, name, 1));
  }
  auto fs = find_dns_findings(t, {}, {});
  const DnsFinding* f = find(fs, victim, "update-service.example");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f, &fs[0]);
  EXPECT_EQ(f->kind, DnsFindingKind::kBeacon) << joined(explain(*f));
  EXPECT_GT(f->score, 0.5);
  EXPECT_NEAR(f->period.period_s, 51, 4);  // 60 × (1 − 0.15)
  EXPECT_LT(f->factors.tunnel, 0.5);
  EXPECT_EQ(fs.size(), 1u);
}

// Sliver's DNS C2: every 60–90 s a burst of base32 TXT queries (a message split into labels).
TEST(DnsBeacon, SliverLikeIsFound) {
  DnsDomainTable t;
  add_browsing(t, 300, 4, 5);
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> extra(0, 30);
  const IpAddr victim = host(46);
  double s = 0;
  while (s < 4 * 3600) {
    s += 60 + extra(rng);
    int burst = 2 + static_cast<int>(rng() % 4);
    for (int q = 0; q < burst; ++q) {
      std::string name = labels(random_chars(rng, 40 + rng() % 60, kBase32)) + ".sliver-c2.example";
      t.add(rec(kStart + static_cast<int64_t>((s + q * 0.05) * 1e9), victim, kResolver, name, 16));
    }
  }
  auto fs = find_dns_findings(t, {}, {});
  const DnsFinding* f = find(fs, victim, "sliver-c2.example");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f, &fs[0]);
  EXPECT_GT(f->score, 0.8) << joined(explain(*f));
  EXPECT_EQ(f->kind, DnsFindingKind::kTunnel);  // the volume alone says it; the rhythm is not computed then
  EXPECT_EQ(fs.size(), 1u);
}

// ---- benign look-alikes ----

TEST(DnsBenign, BrowsingRaisesNothing) {
  DnsDomainTable t;
  add_browsing(t, 300, 24, 6);
  DnsRunStats stats;
  auto fs = find_dns_findings(t, {}, {}, &stats);
  EXPECT_TRUE(fs.empty()) << joined(explain(fs[0]));
  EXPECT_GT(t.counts().kept, 500'000u);
}

// CDN names: a few edge names asked again and again, some every minute.
TEST(DnsBenign, CdnNamesRaiseNothing) {
  DnsDomainTable t;
  add_browsing(t, 300, 4, 7);
  for (int i = 0; i < 4 * 60; ++i) {
    for (uint32_t h : {201u, 202u}) {
      std::string edge = std::to_string(1000 + i % 12);
      edge.insert(0, 1, 'e');
      t.add(rec(kStart + i * 60 * kNs, host(h), kResolver, edge + ".dscb.akamaiedge.net", 1));
      std::string akamai = std::to_string(i % 9);
      akamai.insert(0, 1, 'a');
      t.add(rec(kStart + i * 60 * kNs + kNs / 10, host(h), kResolver, akamai + ".w10.akamai.net", 28));
    }
  }
  EXPECT_TRUE(find_dns_findings(t, {}, {}).empty());
}

// Antivirus cloud lookups: hashed labels (hex SHA-1), many of them, from 60 of 300 hosts. The domain is on
// no list: prevalence alone keeps it low.
TEST(DnsBenign, HashedReputationLookupsByManyHostsStayLow) {
  DnsDomainTable t;
  add_browsing(t, 300, 8, 8);
  std::mt19937_64 rng(12);
  for (uint32_t h = 1; h <= 60; ++h)
    for (int i = 0; i < 400; ++i) {
      std::string name = random_chars(rng, 40, kHex) + ".v2.filerep.av-cloud-example.net";
      t.add(rec(kStart + (static_cast<int64_t>(h) * 17 + i * 71) * kNs, host(100 + h), kResolver, name, 1,
                i % 2 ? 3 : 0));
    }
  DnsOptions o;
  o.min_score = 0;
  auto all = find_dns_findings(t, {}, o);
  const DnsFinding* f = find(all, host(101), "av-cloud-example.net");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->prevalence, 60u);
  EXPECT_LT(f->score, 0.2) << joined(explain(*f));
  EXPECT_TRUE(find_dns_findings(t, {}, {}).empty());
}

// Sophos lookups from one host: on the list of reputation services, so left out (and the list is what does
// it: without it one host's hashed lookups look like exfiltration).
TEST(DnsBenign, KnownReputationServiceIsLeftOut) {
  DnsDomainTable t;
  add_browsing(t, 300, 2, 9);
  std::mt19937_64 rng(13);
  for (int i = 0; i < 2000; ++i) {
    std::string name = random_chars(rng, 64, kHex) + ".3.0.sxl.sophosxl.net";
    t.add(rec(kStart + i * 3 * kNs, host(150), kResolver, name, 1));
  }
  DnsRunStats stats;
  EXPECT_TRUE(find_dns_findings(t, {}, {}, &stats).empty());
  EXPECT_EQ(stats.lookup_services, 1u);
  DnsOptions no_list;
  no_list.skip_lookup_services = false;
  auto fs = find_dns_findings(t, {}, no_list);
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0].domain, "sophosxl.net");
}

// A mail server's DNSBL lookups (reversed client addresses) against a blocklist on no list.
TEST(DnsBenign, DnsblReverseIpLookupsRaiseNothing) {
  DnsDomainTable t;
  add_browsing(t, 300, 8, 10);
  std::mt19937_64 rng(14);
  for (int i = 0; i < 8 * 3600 / 2; ++i) {
    std::string ip = std::to_string(rng() % 256) + "." + std::to_string(rng() % 256) + "." +
                     std::to_string(rng() % 256) + "." + std::to_string(rng() % 223 + 1);
    t.add(rec(kStart + i * 2 * kNs, host(25), kResolver, ip + ".bl.private-dnsbl.example", 1, 3));
    t.add(rec(kStart + i * 2 * kNs + 1000, host(25), kResolver, ip + ".zen.spamhaus.org", 1, 3));
  }
  DnsOptions o;
  o.min_score = 0;
  auto all = find_dns_findings(t, {}, o);
  const DnsFinding* f = find(all, host(25), "private-dnsbl.example");
  ASSERT_NE(f, nullptr);
  EXPECT_DOUBLE_EQ(f->factors.shape, 0.0);
  EXPECT_DOUBLE_EQ(f->factors.novelty, 0.0);  // strictly periodic here, but the names are addresses
  EXPECT_LT(f->score, 0.1);
  EXPECT_TRUE(find_dns_findings(t, {}, {}).empty());
}

TEST(DnsBenign, PtrLookupsAreNotTunnels) {
  DnsDomainTable t;
  for (int i = 0; i < 20000; ++i) {
    std::string name = std::to_string(i % 250) + "." + std::to_string(i / 250 % 250) + ".168.192.in-addr.arpa";
    t.add(rec(kStart + i * kNs, host(9), kResolver, name, 12));
  }
  EXPECT_EQ(t.counts().reverse_lookup, 20000u);
  EXPECT_TRUE(t.keys().empty());
  EXPECT_TRUE(find_dns_findings(t, {}, {}).empty());
}

// ---- the resolver rule ----

void add_tunnel(DnsDomainTable& t, IpAddr client, IpAddr server, const std::string& domain, uint64_t seed) {
  std::mt19937_64 rng(seed);
  for (int i = 0; i < 1200; ++i)
    t.add(rec(kStart + i * kNs, client, server, labels(random_chars(rng, 100, kHex)) + "." + domain, 16));
}

TEST(DnsResolver, FindingNamesTheAskingClient) {
  DnsDomainTable t;
  add_browsing(t, 50, 1, 11);
  // The client asks the site resolver; the resolver asks upstream with the same names.
  add_tunnel(t, host(77), kResolver, "exfil-example.net", 1);
  add_tunnel(t, kResolver, kUpstream, "exfil-example.net", 1);
  DnsRunStats stats;
  auto fs = find_dns_findings(t, {}, {}, &stats);
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0].host, host(77));
  EXPECT_TRUE(fs[0].via_resolver);
  EXPECT_FALSE(fs[0].host_is_resolver);
  EXPECT_EQ(fs[0].prevalence, 1u);
  EXPECT_GE(stats.resolver_duplicates, 1u);
  EXPECT_NE(joined(explain(fs[0])).find("asked through resolver 10.0.0.53"), std::string::npos);
}

TEST(DnsResolver, OnlyUpstreamVisibleNamesTheResolver) {
  DnsDomainTable t;
  add_browsing(t, 50, 1, 12);  // clients ask the resolver other names: it is a resolver
  add_tunnel(t, kResolver, kUpstream, "exfil-example.net", 2);
  auto fs = find_dns_findings(t, {}, {});
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0].host, kResolver);
  EXPECT_TRUE(fs[0].host_is_resolver);
  EXPECT_NE(joined(explain(fs[0])).find("10.0.0.53 is a resolver; the asking client is not visible"),
            std::string::npos);
}

// A client that asked the domain once does not hide the resolver's tunnel from an unseen client.
TEST(DnsResolver, AFewVisibleQueriesDoNotHideTheRest) {
  DnsDomainTable t;
  add_browsing(t, 50, 1, 13);
  t.add(rec(kStart, host(120), kResolver, "www.exfil-example.net", 1));
  add_tunnel(t, kResolver, kUpstream, "exfil-example.net", 3);
  auto fs = find_dns_findings(t, {}, {});
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0].host, kResolver);
}

// ---- evidence ----

TEST(DnsEvidence, ExplainsInWordsAndNumbers) {
  DnsDomainTable t;
  add_browsing(t, 300, 1, 14);
  add_tunnel(t, host(78), kResolver, "exfil-example.net", 4);
  auto fs = find_dns_findings(t, {}, {});
  ASSERT_EQ(fs.size(), 1u);
  const DnsFinding& f = fs[0];
  std::string text = joined(explain(f));
  EXPECT_NE(text.find("distinct subdomains of exfil-example.net"), std::string::npos) << text;
  EXPECT_NE(text.find("100% TXT"), std::string::npos) << text;
  EXPECT_NE(text.find("bytes/s"), std::string::npos) << text;
  EXPECT_NE(text.find("asked by 1 of 301 internal hosts"), std::string::npos) << text;
  EXPECT_NE(text.find("first seen 2023-11-14 22:13 UTC"), std::string::npos) << text;
  EXPECT_NE(text.find("score "), std::string::npos);
  // The score is the product of the factors shown.
  EXPECT_NEAR(f.score, f.factors.volume * f.factors.shape * f.factors.qtype * f.factors.rarity, 1e-12);
  ASSERT_EQ(f.examples.size(), 3u);
  for (const auto& e : f.examples) EXPECT_LE(e.size(), 80u);
  uint32_t in_hist = 0;
  for (uint32_t c : f.length_histogram) in_hist += c;
  EXPECT_GT(in_hist, 1000u);
  EXPECT_GT(f.length_histogram[15], 1000u);  // 100 hex + a dot: the 60+ bucket
}

// ---- hostile and malformed input ----

TEST(DnsHostile, MalformedNamesAreCountedAndSurvived) {
  DnsDomainTable t;
  std::string deep;
  for (int i = 0; i < 127; ++i) deep += "a.";
  deep += "deep-example.com";
  t.add(rec(kStart, host(5), kResolver, deep));
  std::string longname = labels(std::string(600, 'q')) + ".long-example.com";
  t.add(rec(kStart, host(5), kResolver, longname));
  t.add(rec(kStart, host(5), kResolver, "a...b..empty-example.com."));
  t.add(rec(kStart, host(5), kResolver, std::string("\x01\xff\x80.\xfe.binary-example.com", 24)));
  t.add(rec(kStart, host(5), kResolver, "x.y.some-unknown-tld-zz"));
  DnsRecord missing = rec(kStart, host(5), kResolver, "");
  missing.query.reset();
  t.add(missing);
  t.add(rec(kStart, host(5), kResolver, ""));
  t.add(rec(kStart, host(5), kResolver, "..."));
  t.add(rec(kStart, host(5), kResolver, "com"));
  t.add(rec(kStart, kUpstream, host(5), "www.inbound-example.com"));  // an outsider asking us
  DnsRecord mdns = rec(kStart, host(5), IpAddr::v4(0xe00000fbu), "printer.example.com");
  mdns.id.resp_p = 5353;
  t.add(mdns);
  const auto& c = t.counts();
  EXPECT_EQ(c.records, 11u);
  EXPECT_EQ(c.missing_query, 3u);
  EXPECT_EQ(c.public_suffix, 1u);
  EXPECT_EQ(c.external_asker, 1u);
  EXPECT_EQ(c.multicast, 1u);
  EXPECT_EQ(c.empty_labels, 1u);
  EXPECT_EQ(c.kept, 5u);
  std::vector<std::string> domains;
  for (size_t i = 0; i < t.domain_count(); ++i) domains.push_back(t.domain_name(static_cast<uint32_t>(i)));
  std::sort(domains.begin(), domains.end());
  EXPECT_EQ(domains, (std::vector<std::string>{"binary-example.com", "deep-example.com", "empty-example.com",
                                               "long-example.com", "y.some-unknown-tld-zz"}));
  for (const auto& [key, k] : t.keys()) {
    if (t.domain_name(key.domain) == "deep-example.com") {
      EXPECT_EQ(k.max_length, 127u * 2 - 1);
    }
    if (t.domain_name(key.domain) == "long-example.com") {
      EXPECT_EQ(k.max_length, 600u + 9);
    }
  }
  EXPECT_TRUE(find_dns_findings(t, {}, {}).empty());
}

// 10,000 distinct subdomains a second from one host: memory stops growing once the sketch and the
// check-in cap are reached, and the distinct count stays estimated within the sketch's error.
TEST(DnsHostile, TenThousandDistinctSubdomainsASecondStayBounded) {
  DnsTableLimits limits;
  limits.max_check_ins = 16;  // reached in the first 40 s (a check-in every 2 s)
  DnsDomainTable t(NetSet::private_networks(), limits);
  const IpAddr attacker = host(66);
  const int seconds = 120;  // each add costs ~0.5 us: the full hour is BM_HostileHour in bench/dns_bench
  size_t after_first_half = 0;
  uint64_t counter = 0;
  char name[64];
  for (int s = 0; s < seconds; ++s) {
    for (int i = 0; i < 10'000; ++i) {
      std::snprintf(name, sizeof name, "%016llx.flood-example.com", static_cast<unsigned long long>(++counter * 0x9e3779b97f4a7c15ULL));
      t.add(rec(kStart + s * kNs + i * 100'000, attacker, kResolver, name, 16));
    }
    if (s == seconds / 2) after_first_half = t.memory_bytes();
  }
  EXPECT_EQ(t.keys().size(), 1u);
  EXPECT_EQ(t.memory_bytes(), after_first_half);  // nothing grew in the second half
  EXPECT_LT(t.memory_bytes(), 2u << 20);
  const DnsKeyStats& k = t.keys().begin()->second;
  EXPECT_LT(k.memory_bytes(), 8u << 10);
  EXPECT_NEAR(k.distinct_subdomains(), static_cast<double>(counter), static_cast<double>(counter) * 0.2);
  auto fs = find_dns_findings(t, {}, {});
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0].host, attacker);
}

// 10,000 distinct registered domains a second: keys stop at the per-host cap, the rest is counted.
TEST(DnsHostile, DistinctDomainsStopAtTheKeyCaps) {
  DnsTableLimits limits;
  limits.max_domains_per_host = 5'000;
  limits.max_keys = 8'000;
  DnsDomainTable t(NetSet::private_networks(), limits);
  char name[64];
  for (int i = 0; i < 60'000; ++i) {
    std::snprintf(name, sizeof name, "www.d%08x.com", i);
    t.add(rec(kStart + static_cast<int64_t>(i) * 100'000, host(67 + static_cast<uint32_t>(i % 2)), kResolver, name));
  }
  EXPECT_EQ(t.keys().size(), 8'000u);
  EXPECT_EQ(t.counts().dropped_key_limit, 52'000u);
  EXPECT_LE(t.domain_count(), 8'000u);
}

}  // namespace
}  // namespace vigil
