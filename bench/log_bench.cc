// Throughput (lines/s, MB/s) of reading Zeek conn.log: TSV and JSON lines, plain and gzip, single
// thread, through the same read_logs() the command line uses, into conn records.
// Usage: vigil_log_bench [--lines N] [--dir DIR] [Google Benchmark flags]
//   Writes DIR/bench-conn.{log,log.gz,json,json.gz} (N lines each, default 1,000,000; DIR default /tmp)
//   once, from synthetic connections with realistic field values, then times reading each.
#include <benchmark/benchmark.h>
#include <sys/stat.h>
#include <zlib.h>

#include <cstdio>
#include <cstring>
#include <random>
#include <string>

#include "report/zeek_conn_writer.h"
#include "sources/logs/log_input.h"

namespace {

uint64_t g_lines = 1'000'000;
std::string g_dir = "/tmp";

vigil::ConnRecord synthetic(std::mt19937_64& rng, uint64_t i) {
  static const char* kHistories[] = {"ShADadFf", "S", "ShADadfF", "Dd", "ShADadR", "ShR", "D", "ShAdDaFf"};
  static const char* kServices[] = {"", "ssl", "dns", "http", "ssl", ""};
  vigil::ConnRecord r;
  r.ts = vigil::Timestamp{1'700'000'000'000'000'000 + static_cast<int64_t>(i * 3'100'000)};
  char uid[24];
  std::snprintf(uid, sizeof uid, "C%017llu", static_cast<unsigned long long>(rng() % 100'000'000'000'000'000ull));
  r.uid = uid;
  r.orig_h = vigil::IpAddr::v4(0x0a000000u | static_cast<uint32_t>(rng() % 65536));
  r.resp_h = vigil::IpAddr::v4(static_cast<uint32_t>(rng()));
  r.orig_p = static_cast<uint16_t>(1024 + rng() % 60000);
  r.resp_p = std::array<uint16_t, 5>{443, 53, 80, 123, 22}[rng() % 5];
  r.proto = r.resp_p == 53 || r.resp_p == 123 ? vigil::TransportProto::kUdp : vigil::TransportProto::kTcp;
  r.ip_proto = r.proto == vigil::TransportProto::kUdp ? 17 : 6;
  r.service = kServices[rng() % 6];
  if (rng() % 4) {
    r.duration = vigil::Duration{static_cast<int64_t>(rng() % 100'000'000'000)};
    r.orig_bytes = rng() % 100'000;
    r.resp_bytes = rng() % 10'000'000;
  }
  r.conn_state = static_cast<vigil::ConnState>(rng() % 13);
  r.local_orig = true;
  r.local_resp = false;
  r.history = kHistories[rng() % 8];
  r.orig_pkts = rng() % 1000;
  r.orig_ip_bytes = r.orig_pkts * 60 + r.orig_bytes.value_or(0);
  r.resp_pkts = rng() % 1000;
  r.resp_ip_bytes = r.resp_pkts * 60 + r.resp_bytes.value_or(0);
  return r;
}

std::string path_of(bool json, bool gz) { return g_dir + "/bench-conn." + (json ? "json" : "log") + (gz ? ".gz" : ""); }

void make_inputs() {
  for (bool json : {false, true}) {
    std::string plain = path_of(json, false);
    struct stat st {};
    if (::stat(plain.c_str(), &st) != 0) {
      auto w = vigil::ZeekConnWriter::open(plain, json ? vigil::ZeekLogFormat::kJson : vigil::ZeekLogFormat::kTsv);
      if (!w.is_ok()) std::abort();
      std::mt19937_64 rng(42);
      for (uint64_t i = 0; i < g_lines; ++i) w.value()->write(synthetic(rng, i));
      if (!w.value()->close().is_ok()) std::abort();
    }
    std::string gz = path_of(json, true);
    if (::stat(gz.c_str(), &st) != 0) {
      std::string cmd = "gzip -c '" + plain + "' > '" + gz + "'";
      if (std::system(cmd.c_str()) != 0) std::abort();
    }
  }
}

void read_conn_log(benchmark::State& state, bool json, bool gz) {
  std::string path = path_of(json, gz);
  std::string plain = path_of(json, false);
  struct stat st {};
  ::stat(plain.c_str(), &st);
  uint64_t records = 0;
  for (auto _ : state) {
    uint64_t n = 0;
    vigil::LogSink sink;
    sink.conn = [&](vigil::ConnRecord&& r) { n += r.orig_pkts != 0 || true; };
    vigil::ReadReport report = vigil::read_logs({path}, std::nullopt, sink);
    if (!report.errors.empty() || report.skipped_lines() != 0) {
      state.SkipWithError("the benchmark input did not read cleanly");
      return;
    }
    records += n;
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * st.st_size);  // uncompressed bytes
  state.counters["lines/s"] = benchmark::Counter(static_cast<double>(records), benchmark::Counter::kIsRate);
}

void BM_ZeekConnTsv(benchmark::State& s) { read_conn_log(s, false, false); }
void BM_ZeekConnTsvGzip(benchmark::State& s) { read_conn_log(s, false, true); }
void BM_ZeekConnJson(benchmark::State& s) { read_conn_log(s, true, false); }
void BM_ZeekConnJsonGzip(benchmark::State& s) { read_conn_log(s, true, true); }
BENCHMARK(BM_ZeekConnTsv)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ZeekConnTsvGzip)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ZeekConnJson)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ZeekConnJsonGzip)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

int main(int argc, char** argv) {
  int out = 1;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--lines") == 0 && i + 1 < argc) g_lines = std::stoull(argv[++i]);
    else if (std::strcmp(argv[i], "--dir") == 0 && i + 1 < argc) g_dir = argv[++i];
    else argv[out++] = argv[i];
  }
  argc = out;
  make_inputs();
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
