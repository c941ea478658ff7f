// run_pipeline: file merge, link/IP/transport decoding and the flow meter, in one streaming loop.
#include "sources/pcap/packet_pipeline.h"

#include <array>
#include <memory>
#include <string>

#include "sources/pcap/capture_file.h"
#include "sources/pcap/fragment_reassembler.h"
#include "sources/pcap/ip_layer.h"
#include "sources/pcap/link_layer.h"
#include "sources/pcap/tunnel_layer.h"

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
  bool has_room(size_t n) const { return size_ + n <= kWindow; }
  // Queues a packet; `outer` is the index (from an earlier add) of the UDP tunnel packet that carried it,
  // `ip_tunnel` the uid of the GRE/IP-in-IP tunnel that did. Returns the packet's index.
  size_t add(Timestamp ts, const IpPacket& ip, const TransportInfo& t, int outer, std::string ip_tunnel) {
    Entry& e = entries_[size_];
    e.ts = ts;
    e.ip = ip;
    e.t = t;
    e.lookup = FlowMeter::lookup(ip, t);
    e.outer = outer;
    e.ip_tunnel = std::move(ip_tunnel);
    meter_.prefetch_slot(e.lookup);
    return size_++;
  }
  void flush() {
    for (size_t i = 0; i < size_; ++i) meter_.prefetch_conn(entries_[i].lookup);
    for (size_t i = 0; i < size_; ++i) {
      Entry& e = entries_[i];
      if (e.outer >= 0) e.ip_tunnel = meter_.uid_of(entries_[static_cast<size_t>(e.outer)].conn);
      e.conn = meter_.process(e.ts, e.ip, e.t, e.lookup, e.ip_tunnel);
    }
    size_ = 0;
  }
  // The connection number of the packet at `index`, once it has been flushed (until the next add reuses it).
  uint64_t conn_of(int index) const { return entries_[static_cast<size_t>(index)].conn; }

 private:
  struct Entry {
    Timestamp ts;
    IpPacket ip;
    TransportInfo t;
    FlowLookup lookup;
    int outer = -1;
    std::string ip_tunnel;
    uint64_t conn = 0;
  };
  FlowMeter& meter_;
  std::array<Entry, kWindow> entries_;
  size_t size_ = 0;
};

// Link, IP, transport and tunnel decoding of each packet, into the meter window.
class PacketDecoder {
 public:
  PacketDecoder(bool ignore_checksums, FlowMeter& meter, MeterWindow& window, FragmentReassembler& fragments,
                SkipCounts& skipped)
      : ignore_checksums_(ignore_checksums), meter_(meter), window_(window), fragments_(fragments),
        skipped_(skipped) {}

  void frame(const RawPacket& pkt) {
    LinkResult link = decode_link(pkt.link_type, pkt.data);
    if (link.version == IpVersion::kNone) {
      skipped_.add(link.skip);
      return;
    }
    // Bytes the IP packet had on the wire: the link header is what the frame holds before it.
    uint64_t link_header = pkt.data.size() - link.ip.size();
    uint64_t wire_ip_len = pkt.wire_len > link_header ? pkt.wire_len - link_header : 0;
    ip_packet(pkt.ts, link.version, link.ip, wire_ip_len, Parent{}, 0);
  }

 private:
  struct Parent {
    int outer = -1;         // window index of the UDP tunnel packet that carried this one, not yet metered
    std::string ip_tunnel;  // uid of the tunnel that carried it when that is already known
    bool direct = false;    // bytes live in the reassembler: meter now, not through the window
  };

  void ip_packet(Timestamp ts, IpVersion version, Bytes bytes, uint64_t wire_ip_len, Parent parent, int depth) {
    IpPacket ip;
    SkipReason r = decode_ip(version, bytes, wire_ip_len, ignore_checksums_, ip);
    if (r == SkipReason::kNone && ip.fragment) {
      IpPacket whole;
      if (!fragments_.add(ts, ip, whole)) {
        skipped_.add(SkipReason::kFragmentPending);  // counted once more below if it is never completed
        return;
      }
      ip = whole;
      parent.direct = true;
    }
    TransportInfo t;
    if (r == SkipReason::kNone) r = decode_transport(ip, t);
    if (r != SkipReason::kNone) {
      skipped_.add(r);
      return;
    }
    Decapsulated inner = decapsulate(ip, t);
    bool udp_tunnel = inner.kind != TunnelKind::kNone && ip.proto == kProtoUdp;
    int self = -1;
    if (inner.kind == TunnelKind::kNone || udp_tunnel) self = meter(ts, ip, t, parent, udp_tunnel, depth);
    if (inner.kind == TunnelKind::kNone) return;
    if (inner.inner.version == IpVersion::kNone) {  // a tunnel of something other than IP
      if (!udp_tunnel) skipped_.add(inner.inner.skip);
      return;
    }
    if (depth + 1 > kMaxTunnelDepth) {
      if (!udp_tunnel) skipped_.add(SkipReason::kTunnelTooDeep);
      return;
    }
    Parent child;
    child.direct = parent.direct;
    if (!udp_tunnel) child.ip_tunnel = meter_.ip_tunnel_uid(ip.src, ip.dst);
    else if (parent.direct) child.ip_tunnel = meter_.uid_of(static_cast<uint64_t>(self));
    else child.outer = self;
    uint64_t missing = wire_ip_len > bytes.size() ? wire_ip_len - bytes.size() : 0;  // cut by the snapshot length
    ip_packet(ts, inner.inner.version, inner.inner.ip, inner.inner.ip.size() + missing, std::move(child), depth + 1);
  }

  // Meters one packet: through the window, or at once for bytes that will not stay valid. Returns the
  // window index of the packet, or its connection number when metered at once.
  int meter(Timestamp ts, const IpPacket& ip, const TransportInfo& t, const Parent& parent, bool carries_tunnel,
            int depth) {
    if (parent.direct) {
      window_.flush();  // keep packet order; also meters the tunnel packet this one may have come out of
      std::string tunnel = parent.outer >= 0 ? meter_.uid_of(window_.conn_of(parent.outer)) : parent.ip_tunnel;
      return static_cast<int>(meter_.process(ts, ip, t, FlowMeter::lookup(ip, t), tunnel));
    }
    // A tunnel packet and every packet it carries go into one window, so the inner ones can name it.
    size_t room = carries_tunnel ? static_cast<size_t>(kMaxTunnelDepth + 1 - depth) : 1;
    if (!window_.has_room(room)) window_.flush();
    int index = static_cast<int>(window_.add(ts, ip, t, parent.outer, parent.ip_tunnel));
    if (!carries_tunnel && !window_.has_room(1)) window_.flush();
    return index;
  }

  bool ignore_checksums_;
  FlowMeter& meter_;
  MeterWindow& window_;
  FragmentReassembler& fragments_;
  SkipCounts& skipped_;
};

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
  if (options.apps.dns || options.apps.ssl || options.apps.http) meter.set_app_sink(std::move(options.apps));
  FragmentReassembler fragments;
  uint64_t done_bytes = 0;  // bytes of files already finished
  MeterWindow window(meter);
  PacketDecoder decoder(ignore_checksums, meter, window, fragments, stats.skipped);
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
    decoder.frame(pkt);
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
