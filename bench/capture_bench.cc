// Throughput (MB/s, packets/s) of reading a capture: the link decode alone, and the whole path to
// connection records (read + decode + fragments + flow meter), single thread.
// Usage: vigil_bench --capture FILE   (default /tmp/vigil-bench.pcap; make one with
//   ./build/tools/gencap/vigil-gencap --out /tmp/vigil-bench.pcap --bytes 1G --hosts 20000 --servers 50000
//   --concurrency 5000 --rate 1000)
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>

#include "sources/pcap/capture_file.h"
#include "sources/pcap/link_layer.h"
#include "sources/pcap/packet_pipeline.h"

namespace {

std::string g_capture = "/tmp/vigil-bench.pcap";

void BM_ReadAndDecodeLink(benchmark::State& state) {
  uint64_t bytes = 0, packets = 0;
  for (auto _ : state) {
    auto opened = vigil::CaptureFile::open(g_capture);
    if (!opened.is_ok()) {
      state.SkipWithError(opened.status().to_string().c_str());
      return;
    }
    auto file = opened.take();
    vigil::RawPacket pkt;
    uint64_t ip = 0;
    while (file->next(pkt)) {
      bytes += pkt.data.size() + 16;
      ++packets;
      ip += vigil::decode_link(pkt.link_type, pkt.data).version != vigil::IpVersion::kNone;
    }
    benchmark::DoNotOptimize(ip);
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.counters["packets/s"] = benchmark::Counter(static_cast<double>(packets), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ReadAndDecodeLink)->Unit(benchmark::kMillisecond)->UseRealTime();

// Capture to connections; with state.range(0) == 1 the DNS, TLS and HTTP analyzers run too (records
// counted, not written), so the two lines show what application analysis costs.
void BM_CaptureToConnections(benchmark::State& state) {
  const bool apps = state.range(0) == 1;
  uint64_t bytes = 0, packets = 0, conns = 0, records = 0;
  for (auto _ : state) {
    vigil::PipelineOptions options;
    options.meter.local_nets = vigil::zeek_private_address_space();
    if (apps) {
      options.apps.dns = [&](vigil::DnsRecord&&) { ++records; };
      options.apps.ssl = [&](vigil::SslRecord&&) { ++records; };
      options.apps.http = [&](vigil::HttpRecord&&) { ++records; };
    }
    auto stats = vigil::run_pipeline({g_capture}, std::move(options), [&](vigil::ConnRecord&&) { ++conns; });
    if (!stats.errors.empty()) {
      state.SkipWithError(stats.errors.front().to_string().c_str());
      return;
    }
    bytes += stats.total_bytes;
    packets += stats.packets;
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.counters["packets/s"] = benchmark::Counter(static_cast<double>(packets), benchmark::Counter::kIsRate);
  const auto runs = static_cast<double>(state.iterations());
  state.counters["connections"] = static_cast<double>(conns) / runs;
  state.counters["app_records"] = static_cast<double>(records) / runs;
}
BENCHMARK(BM_CaptureToConnections)->ArgName("apps")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i + 1 < argc; ++i)
    if (std::string(argv[i]) == "--capture") g_capture = argv[i + 1];
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
