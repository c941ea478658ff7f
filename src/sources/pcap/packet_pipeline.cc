// run_pipeline: file merge, link/IP/transport decoding and the flow meter, in one streaming loop.
#include "sources/pcap/packet_pipeline.h"

#include <array>
#include <memory>

#include "sources/pcap/capture_file.h"
#include "sources/pcap/fragment_reassembler.h"
#include "sources/pcap/ip_layer.h"
#include "sources/pcap/link_layer.h"

namespace vigil {
namespace {

constexpr uint64_t kProgressEvery = 65536;
constexpr size_t kFileBatch = 32;  // packets taken from a file at once; they stay valid until its next batch
constexpr size_t kWindow = 8;      // decoded packets whose table memory is prefetched before any is metered

// One input file and the batch of packets read from it but not yet merged.
struct OpenFile {
  std::unique_ptr<CaptureFile> file;
  std::array<RawPacket, kFileBatch> batch;
  size_t count = 0, index = 0;
  bool has_next() const { return index < count; }
  const RawPacket& head() const { return batch[index]; }
};

// Decoded packets waiting to be metered. The connection table is the flow meter's main cost and a lookup
// is a cache miss or two; fetching the table slots and then the connections of a whole window before
// metering any of them overlaps those misses instead of paying them one after another. Metering itself
// stays in packet order, so the result is exactly that of metering each packet as it comes.
class MeterWindow {
 public:
  explicit MeterWindow(FlowMeter& meter) : meter_(meter) {}
  bool full() const { return size_ == kWindow; }
  void add(Timestamp ts, const IpPacket& ip, const TransportInfo& t) {
    Entry& e = entries_[size_++];
    e.ts = ts;
    e.ip = ip;
    e.t = t;
    e.lookup = FlowMeter::lookup(ip, t);
    meter_.prefetch_slot(e.lookup);
  }
  void flush() {
    for (size_t i = 0; i < size_; ++i) meter_.prefetch_conn(entries_[i].lookup);
    for (size_t i = 0; i < size_; ++i) meter_.process(entries_[i].ts, entries_[i].ip, entries_[i].t, entries_[i].lookup);
    size_ = 0;
  }

 private:
  struct Entry {
    Timestamp ts;
    IpPacket ip;
    TransportInfo t;
    FlowLookup lookup;
  };
  FlowMeter& meter_;
  std::array<Entry, kWindow> entries_;
  size_t size_ = 0;
};

// Link, IP and transport decoding of one packet, into the window (or straight to the meter for a datagram
// rebuilt from fragments, whose bytes live in the reassembler only until its next fragment).
void decode_and_meter(const RawPacket& pkt, bool ignore_checksums, MeterWindow& window, FlowMeter& meter,
                      FragmentReassembler& fragments, SkipCounts& skipped) {
  LinkResult link = decode_link(pkt.link_type, pkt.data);
  if (link.version == IpVersion::kNone) {
    skipped.add(link.skip);
    return;
  }
  // Bytes the IP packet had on the wire: the link header is what the frame holds before it.
  uint64_t link_header = pkt.data.size() - link.ip.size();
  uint64_t wire_ip_len = pkt.wire_len > link_header ? pkt.wire_len - link_header : 0;
  IpPacket ip;
  SkipReason r = decode_ip(link.version, link.ip, wire_ip_len, ignore_checksums, ip);
  bool reassembled = false;
  if (r == SkipReason::kNone && ip.fragment) {
    IpPacket whole;
    if (!fragments.add(pkt.ts, ip, whole)) {
      skipped.add(SkipReason::kFragmentPending);  // counted once more below if it is never completed
      return;
    }
    ip = whole;
    reassembled = true;
  }
  TransportInfo t;
  if (r == SkipReason::kNone) r = decode_transport(ip, t);
  if (r != SkipReason::kNone) {
    skipped.add(r);
    return;
  }
  if (reassembled) {
    window.flush();  // keep packet order
    meter.process(pkt.ts, ip, t);
    return;
  }
  window.add(pkt.ts, ip, t);
  if (window.full()) window.flush();
}

}  // namespace

PipelineStats run_pipeline(const std::vector<std::string>& paths, PipelineOptions options, FlowMeter::Sink sink) {
  PipelineStats stats;
  std::vector<OpenFile> files;
  for (const auto& path : paths) {
    auto opened = CaptureFile::open(path);
    if (!opened.is_ok()) {
      stats.errors.push_back(opened.status());
      continue;
    }
    OpenFile f;
    f.file = opened.take();
    stats.total_bytes += f.file->file_size();
    files.push_back(std::move(f));
    ++stats.files;
  }
  bool ignore_checksums = options.meter.ignore_checksums;
  FlowMeter meter(std::move(options.meter), [&](ConnRecord&& r) {
    ++stats.connections;
    sink(std::move(r));
  });
  FragmentReassembler fragments;
  uint64_t done_bytes = 0;  // bytes of files already finished
  MeterWindow window(meter);
  auto refill = [&](OpenFile& f) {
    window.flush();  // the window may point into this file's previous batch
    f.index = 0;
    f.count = f.file->next_batch(f.batch);
    if (f.count == 0) {
      done_bytes += f.file->file_size();
      if (!f.file->error().is_ok()) stats.errors.push_back(f.file->error());
    }
  };
  for (auto& f : files) refill(f);
  for (;;) {
    // The file whose next packet is earliest; a handful of files makes a linear scan the cheapest.
    OpenFile* best = nullptr;
    for (auto& f : files)
      if (f.has_next() && (best == nullptr || f.head().ts < best->head().ts)) best = &f;
    if (best == nullptr) break;
    ++stats.packets;
    const RawPacket& pkt = best->head();
    decode_and_meter(pkt, ignore_checksums, window, meter, fragments, stats.skipped);
    if (stats.packets % kProgressEvery == 0) fragments.expire(pkt.ts);
    if (++best->index == best->count) refill(*best);
    if (options.on_progress && stats.packets % kProgressEvery == 0) {
      window.flush();
      stats.bytes = done_bytes;
      for (auto& f : files)
        if (f.has_next()) stats.bytes += f.file->position();
      options.on_progress(stats);
    }
  }
  window.flush();
  meter.finish();
  stats.skipped.n[static_cast<size_t>(SkipReason::kFragmentDropped)] += fragments.dropped() + fragments.pending();
  stats.bytes = stats.total_bytes;
  return stats;
}

}  // namespace vigil
