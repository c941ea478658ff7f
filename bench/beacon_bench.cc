// The beacon detector's speed at scale (issue 5: score 10 M connections in 1 M channels in < 5 s on
// 2 cores) and its memory per channel.
// Usage: vigil_beacon_bench [--connections N] [--channels M] [Google Benchmark flags]
//   Builds N connections (default 10,000,000) over M channels (default 1,000,000: 100,000 internal hosts
//   with 10 destinations each). Connections per channel are skewed as in real traffic (most channels
//   have a handful, a few have hundreds); 5% of channels beacon, the rest are Poisson. Then it times
//   folding them into a ChannelTable (records/s), finish(), and find_beacons() on 1 and 2 threads.
//   Memory: resident-set growth while the table is built, divided by channels, and the encoded bytes
//   per connection.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <unistd.h>

#include "detect/beacon_scorer.h"

namespace {

uint64_t g_connections = 10'000'000;
uint64_t g_channels = 1'000'000;
constexpr int64_t kStart = 1'700'000'000'000'000'000;
constexpr int kDestinationsPerHost = 10;

double resident_mb() {
  long pages = 0, resident = 0;
  FILE* f = std::fopen("/proc/self/statm", "r");
  if (!f) return 0;
  if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
  std::fclose(f);
  return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / 1e6;
}

// Connections per channel: a geometric-like skew with the requested mean.
std::vector<uint32_t> channel_sizes(std::mt19937_64& rng) {
  std::vector<uint32_t> n(g_channels);
  double mean = static_cast<double>(g_connections) / static_cast<double>(g_channels);
  std::exponential_distribution<double> e(1 / mean);
  uint64_t total = 0;
  for (auto& x : n) total += x = 1 + static_cast<uint32_t>(e(rng));
  // Trim or pad round-robin so the total is exactly what was asked.
  for (size_t i = 0; total > g_connections; i = (i + 1) % n.size())
    if (n[i] > 1) --n[i], --total;
  for (size_t i = 0; total < g_connections; i = (i + 7919) % n.size()) ++n[i], ++total;
  return n;
}

struct Built {
  std::unique_ptr<vigil::ChannelTable> table;
  vigil::ChannelMap channels;
  size_t internal_hosts = 0;
};

Built& built() {
  static Built b;
  return b;
}

vigil::ConnRecord record(uint64_t channel, double t, std::mt19937_64& rng) {
  vigil::ConnRecord c;
  uint64_t host = channel / kDestinationsPerHost;
  c.ts = vigil::Timestamp{kStart + static_cast<int64_t>(t * 1e9)};
  c.orig_h = vigil::IpAddr::v4(0x0a000000u | static_cast<uint32_t>(host));
  c.resp_h = vigil::IpAddr::v4(0x2d000000u | static_cast<uint32_t>(channel % 5'000'000));
  c.resp_p = 443;
  c.proto = vigil::TransportProto::kTcp;
  c.orig_bytes = 200 + rng() % 2000;
  c.resp_bytes = 500 + rng() % 20000;
  c.duration = vigil::Duration{static_cast<int64_t>(rng() % 5'000'000'000)};
  return c;
}

void BM_ChannelTableAdd(benchmark::State& state) {
  std::mt19937_64 rng(1);
  std::vector<uint32_t> sizes = channel_sizes(rng);
  for (auto _ : state) {
    Built& b = built();
    b.table = std::make_unique<vigil::ChannelTable>(vigil::NetSet::private_networks(), vigil::NameOrder::kBeforeConnections);
    double rss0 = resident_mb();
    auto t0 = std::chrono::steady_clock::now();
    for (uint64_t ch = 0; ch < g_channels; ++ch) {
      bool beacon = ch % 20 == 0;
      double period = 30 + static_cast<double>(ch % 600), t = static_cast<double>(rng() % 86400);
      std::exponential_distribution<double> gap(1 / period);
      std::uniform_real_distribution<double> jitter(0.7, 1.0);
      for (uint32_t i = 0; i < sizes[ch]; ++i) {
        t += beacon ? period * jitter(rng) : gap(rng);
        b.table->add(record(ch, t, rng));
      }
    }
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    b.internal_hosts = b.table->internal_hosts();
    b.channels = b.table->finish();
    double rss = resident_mb() - rss0;
    size_t encoded = 0;
    for (const auto& [k, s] : b.channels) encoded += s.series.encoded_bytes();
    state.SetIterationTime(secs);
    state.counters["records_per_s"] = static_cast<double>(g_connections) / secs;
    state.counters["channels"] = static_cast<double>(b.channels.size());
    state.counters["rss_MB"] = rss;
    state.counters["bytes_per_channel"] = rss * 1e6 / static_cast<double>(b.channels.size());
    state.counters["encoded_bytes_per_conn"] = static_cast<double>(encoded) / static_cast<double>(g_connections);
  }
}
BENCHMARK(BM_ChannelTableAdd)->Iterations(1)->UseManualTime()->Unit(benchmark::kMillisecond);

void BM_FindBeacons(benchmark::State& state) {
  Built& b = built();
  vigil::BeaconContext context;
  context.internal_hosts = b.internal_hosts;
  vigil::BeaconOptions options;
  options.threads = static_cast<unsigned>(state.range(0));
  size_t found = 0;
  vigil::BeaconRunStats stats;
  for (auto _ : state) {
    auto findings = vigil::find_beacons(b.channels, context, options, &stats);
    found = findings.size();
    benchmark::DoNotOptimize(findings.data());
  }
  state.counters["findings"] = static_cast<double>(found);
  state.counters["channels_scored"] = static_cast<double>(stats.scored);
  state.counters["connections_per_s"] =
      benchmark::Counter(static_cast<double>(g_connections), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_FindBeacons)->Arg(1)->Arg(2)->Iterations(2)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--connections") == 0) g_connections = std::stoull(argv[i + 1]);
    if (std::strcmp(argv[i], "--channels") == 0) g_channels = std::stoull(argv[i + 1]);
  }
  std::vector<char*> rest = {argv[0]};
  for (int i = 1; i < argc; ++i) {
    if ((std::strcmp(argv[i], "--connections") == 0 || std::strcmp(argv[i], "--channels") == 0) && i + 1 < argc) {
      ++i;
      continue;
    }
    rest.push_back(argv[i]);
  }
  int n = static_cast<int>(rest.size());
  benchmark::Initialize(&n, rest.data());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
