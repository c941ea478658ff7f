// The DNS detector's speed: 2 million synthetic dns.log rows (300 hosts browsing for a day, antivirus
// hashed lookups on 60 of them, and four tunnels and a DNS beacon) through DnsDomainTable::add and
// find_dns_findings, on one core; and a hostile hour (10,000 new subdomains a second from one host).
// Usage: vigil_dns_bench [Google Benchmark flags]
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "detect/dns_findings.h"

namespace {

using namespace vigil;

constexpr int64_t kNs = 1'000'000'000;
constexpr int64_t kStart = 1'700'000'000LL * kNs;
constexpr size_t kRecords = 2'000'000;
constexpr uint32_t kHosts = 300;

struct Row {
  int64_t ts;
  uint32_t host;  // 10.0.x.y
  uint16_t qtype;
  uint16_t rcode;
  std::string name;
};

std::string random_chars(std::mt19937_64& rng, size_t n, std::string_view alphabet) {
  std::string s(n, ' ');
  for (char& c : s) c = alphabet[rng() % alphabet.size()];
  return s;
}

std::string in_labels(const std::string& data) {
  std::string out;
  for (size_t i = 0; i < data.size(); i += 60) {
    if (!out.empty()) out += '.';
    out.append(data, i, 60);
  }
  return out;
}

const std::vector<Row>& rows() {
  static const std::vector<Row> all = [] {
    std::vector<Row> v;
    v.reserve(kRecords);
    std::mt19937_64 rng(1);
    constexpr std::string_view kHex = "0123456789abcdef", kB32 = "abcdefghijklmnopqrstuvwxyz234567";
    const char* words[] = {"www", "mail", "api", "static", "img", "cdn", "login", "apps", "docs", "news", "m", "video"};
    // Tunnels and a beacon (about 60,000 rows).
    for (int i = 0; i < 6 * 3600; ++i)  // dnscat2-like, 1 query/s for 6 h
      v.push_back({kStart + i * kNs, 11, 16, 0, in_labels(random_chars(rng, 30 + rng() % 90, kHex)) + ".dnscat.example.org"});
    for (int i = 0; i < 20 * 1800; ++i)  // iodine-like, 20 queries/s for 30 min
      v.push_back({kStart + 3600 * kNs + i * (kNs / 20), 12, 10, 0, in_labels(random_chars(rng, 180, kB32)) + ".t.iodine.example"});
    for (int i = 0; i < 6 * 120; ++i)  // 1 byte/s for 6 h
      v.push_back({kStart + i * 30 * kNs, 13, 1, 0, random_chars(rng, 60, kHex) + ".slow.example"});
    for (int i = 0; i < 24 * 60; ++i)  // a DNS beacon every 60 s
      v.push_back({kStart + i * 60 * kNs + static_cast<int64_t>(rng() % (10 * kNs)), 14, 1, 0,
                   random_chars(rng, 7, kHex) + ".19997cf2.beacon.example"});
    // Antivirus hashed lookups from 60 hosts (24,000 rows).
    for (uint32_t h = 0; h < 60; ++h)
      for (int i = 0; i < 400; ++i)
        v.push_back({kStart + static_cast<int64_t>(rng() % (86400 * kNs)), 100 + h, 1, static_cast<uint16_t>(i % 2 ? 3 : 0),
                     random_chars(rng, 40, kHex) + ".filerep.av-example.net"});
    // Browsing fills the rest: every host, Poisson over the day.
    while (v.size() < kRecords) {
      auto h = static_cast<uint32_t>(100 + rng() % kHosts);
      std::string name = words[rng() % std::size(words)];
      if (rng() % 4) {
        name.append(".popular").append(std::to_string(rng() % 400)).append(".com");
      } else {
        name.append(".site").append(std::to_string(h)).append("-").append(std::to_string(rng() % 30)).append(".org");
      }
      v.push_back({kStart + static_cast<int64_t>(rng() % (86400 * kNs)), h, static_cast<uint16_t>(rng() % 3 ? 1 : 28), 0,
                   std::move(name)});
    }
    std::sort(v.begin(), v.end(), [](const Row& a, const Row& b) { return a.ts < b.ts; });
    return v;
  }();
  return all;
}

void fill(DnsRecord& r, const Row& row) {
  r.id.ts = Timestamp{row.ts};
  r.id.orig_h = IpAddr::v4(0x0a000000u + row.host);
  r.query = row.name;
  r.qtype = row.qtype;
  r.rcode = row.rcode;
}

DnsRecord base_record() {
  DnsRecord r;
  r.id.resp_h = IpAddr::v4(0x0a000035u);
  r.id.orig_p = 50000;
  r.id.resp_p = 53;
  return r;
}

void BM_AddAndScore(benchmark::State& state) {
  const auto& v = rows();
  size_t findings = 0, keys = 0, memory = 0;
  double add_s = 0, score_s = 0;
  for (auto _ : state) {
    DnsDomainTable table;
    DnsRecord r = base_record();
    auto t0 = std::chrono::steady_clock::now();
    for (const Row& row : v) {
      fill(r, row);
      table.add(r);
    }
    auto t1 = std::chrono::steady_clock::now();
    auto fs = find_dns_findings(table, {}, {});
    auto t2 = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(fs.data());
    add_s += std::chrono::duration<double>(t1 - t0).count();
    score_s += std::chrono::duration<double>(t2 - t1).count();
    findings = fs.size();
    keys = table.keys().size();
    memory = table.memory_bytes();
  }
  double n = static_cast<double>(state.iterations());
  state.counters["records_per_s"] = benchmark::Counter(static_cast<double>(v.size()) * n / (add_s + score_s));
  state.counters["add_s"] = add_s / n;
  state.counters["score_s"] = score_s / n;
  state.counters["keys"] = static_cast<double>(keys);
  state.counters["findings"] = static_cast<double>(findings);
  state.counters["table_MB"] = static_cast<double>(memory) / 1e6;
}
BENCHMARK(BM_AddAndScore)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

// The hostile hour: 36 million queries, each a new subdomain, from one host. Time and the table's size.
void BM_HostileHour(benchmark::State& state) {
  for (auto _ : state) {
    DnsDomainTable table;
    DnsRecord r = base_record();
    r.id.orig_h = IpAddr::v4(0x0a000042u);
    r.qtype = 16;
    char name[64];
    uint64_t counter = 0;
    for (int s = 0; s < 3600; ++s)
      for (int i = 0; i < 10'000; ++i) {
        std::snprintf(name, sizeof name, "%016llx.flood.example", static_cast<unsigned long long>(++counter * 0x9e3779b97f4a7c15ULL));
        r.id.ts = Timestamp{kStart + s * kNs + i * 100'000};
        r.query = name;
        table.add(r);
      }
    auto fs = find_dns_findings(table, {}, {});
    benchmark::DoNotOptimize(fs.data());
    state.counters["table_MB"] = static_cast<double>(table.memory_bytes()) / 1e6;
    state.counters["records_per_s"] = benchmark::Counter(36e6, benchmark::Counter::kIsRate);
  }
}
BENCHMARK(BM_HostileHour)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
