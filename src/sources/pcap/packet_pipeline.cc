// run_pipeline: file merge, link/IP/transport decoding and the flow meter, in one streaming loop.
#include "sources/pcap/packet_pipeline.h"

#include <memory>

#include "sources/pcap/capture_file.h"
#include "sources/pcap/fragment_reassembler.h"
#include "sources/pcap/ip_layer.h"
#include "sources/pcap/link_layer.h"

namespace vigil {
namespace {

constexpr uint64_t kProgressEvery = 65536;

struct OpenFile {
  std::unique_ptr<CaptureFile> file;
  RawPacket next;
  bool has_next = false;
  void advance() { has_next = file->next(next); }
};

void decode_and_meter(const RawPacket& pkt, bool ignore_checksums, FlowMeter& meter, FragmentReassembler& fragments,
                      SkipCounts& skipped) {
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
  if (r == SkipReason::kNone && ip.fragment) {
    IpPacket whole;
    if (!fragments.add(pkt.ts, ip, whole)) {
      skipped.add(SkipReason::kFragmentPending);  // counted once more below if it is never completed
      return;
    }
    ip = whole;
  }
  TransportInfo t;
  if (r == SkipReason::kNone) r = decode_transport(ip, t);
  if (r != SkipReason::kNone) {
    skipped.add(r);
    return;
  }
  meter.process(pkt.ts, ip, t);
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
    f.advance();
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
  for (;;) {
    // The file whose next packet is earliest; a handful of files makes a linear scan the cheapest.
    OpenFile* best = nullptr;
    for (auto& f : files)
      if (f.has_next && (best == nullptr || f.next.ts < best->next.ts)) best = &f;
    if (best == nullptr) break;
    ++stats.packets;
    decode_and_meter(best->next, ignore_checksums, meter, fragments, stats.skipped);
    if (stats.packets % kProgressEvery == 0) fragments.expire(best->next.ts);
    best->advance();
    if (!best->has_next) {
      done_bytes += best->file->file_size();
      if (!best->file->error().is_ok()) stats.errors.push_back(best->file->error());
    }
    if (options.on_progress && stats.packets % kProgressEvery == 0) {
      stats.bytes = done_bytes;
      for (auto& f : files)
        if (f.has_next) stats.bytes += f.file->position();
      options.on_progress(stats);
    }
  }
  meter.finish();
  stats.skipped.n[static_cast<size_t>(SkipReason::kFragmentDropped)] += fragments.dropped() + fragments.pending();
  stats.bytes = stats.total_bytes;
  return stats;
}

}  // namespace vigil
