// Throughput of reading a capture and decoding its link layer (MB/s and packets/s).
// Usage: vigil_bench --capture FILE (default: a 200 MB capture generated into /tmp by vigil-gencap).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>

#include "sources/pcap/capture_file.h"
#include "sources/pcap/link_layer.h"

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

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i + 1 < argc; ++i)
    if (std::string(argv[i]) == "--capture") g_capture = argv[i + 1];
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
