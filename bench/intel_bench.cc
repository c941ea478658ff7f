// Threat-intel feeds at scale: loading a 1,000,000-indicator plain list, CSV and STIX 2.1 bundle, and
// lookups per second for IndicatorSet::match_address / match_name on the loaded set.
// Usage: intel_bench [--indicators N] [--dir DIR] [Google Benchmark flags]
//   Writes feed.txt, feed.csv and feed.json (N indicators each, default 1,000,000: 40% IPv4 addresses, 10% IPv4
//   CIDRs, 10% IPv6 addresses, 10% IPv6 CIDRs, 30% domains) into a fresh directory under DIR (default
//   $TMPDIR or /tmp), removed on exit.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "intel/feed_loader.h"

namespace {

uint64_t g_indicators = 1'000'000;
std::string g_dir;

std::string path(const char* name) { return g_dir + "/" + name; }

// Indicator i as text. IPv4 addresses come from an odd multiplier (a bijection on 32 bits), so they do not
// repeat; CIDRs may (a duplicate is counted, not loaded).
std::string indicator_text(uint64_t i, std::mt19937_64& rng) {
  char buf[96];
  auto v4 = [&](uint32_t a) {
    std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255);
    return std::string(buf);
  };
  auto mixed = static_cast<uint32_t>(i * 2654435761u);
  switch (i % 10) {
    case 0:
    case 1:
    case 2:
    case 3: return v4(mixed);
    case 4: {
      unsigned bits = 16 + static_cast<unsigned>(rng() % 13);  // /16 ... /28
      return v4(mixed & (~0u << (32 - bits))) + "/" + std::to_string(bits);
    }
    case 5:
      std::snprintf(buf, sizeof buf, "2001:db8:%x:%x::%x", static_cast<unsigned>(i >> 16),
                    static_cast<unsigned>(i & 0xffff), static_cast<unsigned>(rng() % 0xffff) + 1);
      return buf;
    case 6:
      std::snprintf(buf, sizeof buf, "2a0%x:%x:%x::/48", static_cast<unsigned>(rng() % 10),
                    static_cast<unsigned>(i >> 16), static_cast<unsigned>(i & 0xffff));
      return buf;
    default:
      std::snprintf(buf, sizeof buf, "c2-%llx.host%u.example%u.%s", static_cast<unsigned long long>(i),
                    static_cast<unsigned>(rng() % 1000), static_cast<unsigned>(i % 5000),
                    (i % 3 == 0)   ? "com"
                    : (i % 3 == 1) ? "net"
                                   : "xyz");
      return buf;
  }
}

const char* kLabels[] = {"Cobalt Strike C2", "Emotet epoch 5", "QakBot", "phishing kit", "scanner", "Sliver"};

void make_inputs() {
  std::FILE* plain = std::fopen(path("feed.txt").c_str(), "w");
  std::FILE* csv = std::fopen(path("feed.csv").c_str(), "w");
  std::FILE* stix = std::fopen(path("feed.json").c_str(), "w");
  if (plain == nullptr || csv == nullptr || stix == nullptr) std::abort();
  std::fputs("# synthetic feed for intel_bench\n", plain);
  std::fputs("first_seen,indicator,type,description\n", csv);
  std::fputs("{\"type\":\"bundle\",\"id\":\"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d\",\"objects\":[\n", stix);
  std::mt19937_64 rng(11);
  for (uint64_t i = 0; i < g_indicators; ++i) {
    std::string text = indicator_text(i, rng);
    const char* label = kLabels[i % 6];
    std::fprintf(plain, "%s\n", text.c_str());
    std::fprintf(csv, "2026-11-%02u,%s,%s,\"%s, seen %llu times\"\n", static_cast<unsigned>(1 + i % 28), text.c_str(),
                 i % 10 < 7 && i % 10 != 4 ? "ip"
                 : i % 10 < 7              ? "cidr"
                                           : "domain",
                 label, static_cast<unsigned long long>(i % 97));
    const char* object = i % 10 < 5 ? "ipv4-addr" : i % 10 < 7 ? "ipv6-addr" : "domain-name";
    std::fprintf(
        stix,
        "%s{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"indicator--%08llx-0000-4000-8000-000000000000\","
        "\"created\":\"2026-11-01T00:00:00.000Z\",\"modified\":\"2026-11-01T00:00:00.000Z\",\"name\":\"%s\","
        "\"indicator_types\":[\"malicious-activity\"],\"pattern\":\"[%s:value = '%s']\",\"pattern_type\":\"stix\","
        "\"valid_from\":\"2026-11-01T00:00:00Z\"}\n",
        i == 0 ? "" : ",", static_cast<unsigned long long>(i), label, object, text.c_str());
  }
  std::fputs("]}\n", stix);
  std::fclose(plain);
  std::fclose(csv);
  std::fclose(stix);
}

void load(benchmark::State& state, const char* name) {
  uint64_t loaded = 0;
  for (auto _ : state) {
    auto r = vigil::load_feed(path(name));
    if (!r.is_ok() || r.value().report.malformed != 0) {
      state.SkipWithError("the benchmark feed did not load cleanly");
      return;
    }
    loaded = r.value().report.loaded;
    state.PauseTiming();  // freeing a million nodes is not loading
    { vigil::FeedLoad gone = r.take(); }
    state.ResumeTiming();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * std::filesystem::file_size(path(name))));
  state.counters["MB"] = static_cast<double>(std::filesystem::file_size(path(name))) / 1e6;
  state.counters["indicators"] = static_cast<double>(loaded);
  state.counters["indicators/s"] = benchmark::Counter(
      static_cast<double>(loaded) * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

void BM_LoadPlain(benchmark::State& s) { load(s, "feed.txt"); }
void BM_LoadCsv(benchmark::State& s) { load(s, "feed.csv"); }
void BM_LoadStix(benchmark::State& s) { load(s, "feed.json"); }
BENCHMARK(BM_LoadPlain)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(5);
BENCHMARK(BM_LoadCsv)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(5);
BENCHMARK(BM_LoadStix)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

const vigil::IndicatorSet& loaded_set() {
  static const vigil::IndicatorSet set = [] {
    auto r = vigil::load_feed(path("feed.txt"));
    if (!r.is_ok()) std::abort();
    return std::move(r.take().indicators);
  }();
  return set;
}

// Half the queries are listed (or inside a listed network), half random: the hit rate of a busy sensor is far
// lower, so misses (which probe every prefix length or every label) are the figure that matters.
void BM_MatchAddress(benchmark::State& state) {
  const vigil::IndicatorSet& set = loaded_set();
  std::mt19937_64 rng(3);
  std::vector<vigil::IpAddr> queries;
  for (size_t i = 0; i < 1 << 20; ++i) {
    uint64_t n = rng() % g_indicators;
    if (i % 2 == 0 && n % 10 < 4)
      queries.push_back(vigil::IpAddr::v4(static_cast<uint32_t>(n * 2654435761u)));
    else if (i % 4 == 1)
      queries.push_back(*vigil::IpAddr::parse("2001:db8:" + std::to_string(n % 9999) + "::1"));
    else
      queries.push_back(vigil::IpAddr::v4(static_cast<uint32_t>(rng())));
  }
  size_t hits = 0, i = 0;
  for (auto _ : state) {
    hits += set.match_address(queries[i++ & (queries.size() - 1)]).has_value();
  }
  state.counters["hit%"] = 100.0 * static_cast<double>(hits) / static_cast<double>(state.iterations());
  state.counters["lookups/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_MatchAddress);

void BM_MatchName(benchmark::State& state) {
  const vigil::IndicatorSet& set = loaded_set();
  std::mt19937_64 rng(5), gen(11);
  std::vector<std::string> listed;
  for (uint64_t i = 0; i < g_indicators && listed.size() < 100'000; ++i) {
    std::string t = indicator_text(i, gen);
    if (i % 10 >= 7) listed.push_back("WWW." + t + ".");  // case and trailing dot as DNS gives them
  }
  std::vector<std::string> queries;
  for (size_t i = 0; i < 1 << 18; ++i) {
    if (i % 2 == 0)
      queries.push_back(listed[rng() % listed.size()]);
    else
      queries.push_back("cdn" + std::to_string(rng() % 100000) + ".static.example" + std::to_string(rng() % 5000) +
                        ".com");
  }
  size_t hits = 0, i = 0;
  for (auto _ : state) {
    hits += set.match_name(queries[i++ & (queries.size() - 1)]).has_value();
  }
  state.counters["hit%"] = 100.0 * static_cast<double>(hits) / static_cast<double>(state.iterations());
  state.counters["lookups/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_MatchName);

}  // namespace

int main(int argc, char** argv) {
  std::string parent;
  if (const char* t = std::getenv("TMPDIR"); t != nullptr && *t != '\0')
    parent = t;
  else
    parent = "/tmp";
  int out = 1;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--indicators") == 0 && i + 1 < argc)
      g_indicators = std::stoull(argv[++i]);
    else if (std::strcmp(argv[i], "--dir") == 0 && i + 1 < argc)
      parent = argv[++i];
    else
      argv[out++] = argv[i];
  }
  argc = out;
  std::string templ = parent + "/vigil-intel-bench-XXXXXX";
  if (::mkdtemp(templ.data()) == nullptr) {
    std::perror("mkdtemp");
    return 1;
  }
  g_dir = templ;
  make_inputs();
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  std::filesystem::remove_all(g_dir);
  return 0;
}
