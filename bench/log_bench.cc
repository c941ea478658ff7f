// Throughput (lines/s, MB/s) of reading logs: Zeek conn.log in TSV and JSON lines, plain and gzip, and
// Suricata EVE (flow, dns, tls events), single thread, through the same read_logs() the command line
// uses, into records.
// Usage: vigil_log_bench [--lines N] [--dir DIR] [Google Benchmark flags]
//   Writes DIR/bench-conn.{log,log.gz,json,json.gz} and DIR/bench-eve.json (N lines each, default
//   1,000,000; DIR default /tmp) once, from synthetic records with realistic values, then times reading.
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
std::string eve_path() { return g_dir + "/bench-eve.json"; }

// Suricata EVE: mostly flow events, with dns and tls events between them, as a sensor writes them.
void make_eve(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "w");
  if (f == nullptr) std::abort();
  std::mt19937_64 rng(7);
  for (uint64_t i = 0; i < g_lines; ++i) {
    unsigned a = static_cast<unsigned>(rng() % 65536), b = static_cast<unsigned>(rng());
    unsigned sec = static_cast<unsigned>(i / 1000 % 60), usec = static_cast<unsigned>(rng() % 1000000);
    char ts[64];
    std::snprintf(ts, sizeof ts, "2026-11-01T10:%02u:%02u.%06u+0000", static_cast<unsigned>(i / 60000 % 60), sec, usec);
    const char* head = "{\"timestamp\":\"%s\",\"flow_id\":%llu,\"in_iface\":\"eth0\",\"event_type\":\"%s\","
                       "\"src_ip\":\"10.0.%u.%u\",\"src_port\":%u,\"dest_ip\":\"%u.%u.%u.%u\",\"dest_port\":%u,"
                       "\"proto\":\"%s\",";
    unsigned kind = static_cast<unsigned>(rng() % 10);
    const char* type = kind < 7 ? "flow" : kind < 9 ? "dns" : "tls";
    std::fprintf(f, head, ts, static_cast<unsigned long long>(rng() % 2000000000000000ull), type, a >> 8, a & 255,
                 1024 + static_cast<unsigned>(rng() % 60000), b >> 24, (b >> 16) & 255, (b >> 8) & 255, b & 255,
                 kind < 7 ? 443u : kind < 9 ? 53u : 443u, kind >= 7 && kind < 9 ? "UDP" : "TCP");
    if (kind < 7) {
      std::fprintf(f, "\"app_proto\":\"tls\",\"flow\":{\"pkts_toserver\":%u,\"pkts_toclient\":%u,\"bytes_toserver\":%u,"
                   "\"bytes_toclient\":%u,\"start\":\"%s\",\"end\":\"%s\",\"age\":1,\"state\":\"closed\","
                   "\"reason\":\"timeout\",\"alerted\":false},\"tcp\":{\"tcp_flags\":\"1b\",\"tcp_flags_ts\":\"1b\","
                   "\"tcp_flags_tc\":\"1b\",\"syn\":true,\"fin\":true,\"psh\":true,\"ack\":true,\"state\":\"closed\"}}\n",
                   static_cast<unsigned>(rng() % 100), static_cast<unsigned>(rng() % 100),
                   static_cast<unsigned>(rng() % 100000), static_cast<unsigned>(rng() % 1000000), ts, ts);
    } else if (kind < 9) {
      std::fprintf(f, "\"dns\":{\"version\":2,\"type\":\"answer\",\"id\":%u,\"flags\":\"8180\",\"qr\":true,\"rd\":true,"
                   "\"ra\":true,\"rrname\":\"host%u.example.com\",\"rrtype\":\"A\",\"rcode\":\"NOERROR\","
                   "\"answers\":[{\"rrname\":\"host%u.example.com\",\"rrtype\":\"A\",\"ttl\":300,\"rdata\":\"93.184.216.%u\"}]}}\n",
                   static_cast<unsigned>(rng() % 65536), a, a, b & 255);
    } else {
      std::fprintf(f, "\"tls\":{\"subject\":\"CN=host%u.example.com\",\"issuerdn\":\"CN=Example CA\",\"sni\":\"host%u.example.com\","
                   "\"version\":\"TLS 1.3\",\"ja3\":{\"hash\":\"e7d705a3286e19ea42f587b344ee6865\"},"
                   "\"ja3s\":{\"hash\":\"f4febc55ea12b31ae17cfb7e614afda8\"}}}\n", a, a);
    }
  }
  std::fclose(f);
}

void make_inputs() {
  struct stat eve {};
  if (::stat(eve_path().c_str(), &eve) != 0) make_eve(eve_path());
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

void read_log(benchmark::State& state, const std::string& path, const std::string& plain) {
  struct stat st {};
  ::stat(plain.c_str(), &st);
  uint64_t records = 0;
  for (auto _ : state) {
    uint64_t n = 0;
    vigil::LogSink sink;
    sink.conn = [&](vigil::ConnRecord&& r) { n += r.orig_pkts != 0 || true; };
    sink.dns = [&](vigil::DnsRecord&& r) { n += r.query.has_value() || true; };
    sink.ssl = [&](vigil::SslRecord&& r) { n += r.server_name.has_value() || true; };
    vigil::ReadReport report = vigil::read_logs({path}, std::nullopt, sink);
    if (!report.errors.empty() || report.skipped_lines() != 0) {
      state.SkipWithError("the benchmark input did not read cleanly");
      return;
    }
    records += report.lines;  // every line became a record (none skipped)
    benchmark::DoNotOptimize(n);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * st.st_size);  // uncompressed bytes
  state.counters["lines/s"] = benchmark::Counter(static_cast<double>(records), benchmark::Counter::kIsRate);
}

void BM_ZeekConnTsv(benchmark::State& s) { read_log(s, path_of(false, false), path_of(false, false)); }
void BM_ZeekConnTsvGzip(benchmark::State& s) { read_log(s, path_of(false, true), path_of(false, false)); }
void BM_ZeekConnJson(benchmark::State& s) { read_log(s, path_of(true, false), path_of(true, false)); }
void BM_ZeekConnJsonGzip(benchmark::State& s) { read_log(s, path_of(true, true), path_of(true, false)); }
void BM_SuricataEve(benchmark::State& s) { read_log(s, eve_path(), eve_path()); }
BENCHMARK(BM_ZeekConnTsv)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ZeekConnTsvGzip)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ZeekConnJson)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ZeekConnJsonGzip)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_SuricataEve)->Unit(benchmark::kMillisecond)->UseRealTime();

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
