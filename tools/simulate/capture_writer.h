// CaptureWriter: writes the simulated connections as packets into a pcap file (Ethernet, IPv4, TCP or
// UDP), from each connection's layout: handshake, TLS ClientHello with SNI or HTTP request with Host,
// replies, FIN exchange; DNS and NTP datagrams. Packets of overlapping connections are interleaved in
// time order through a small buffer. Meant for small scenarios: a week of 200 hosts is tens of GB.
#pragma once

#include <cstdint>
#include <memory>
#include <queue>
#include <string>
#include <vector>

#include "conn_layout.h"
#include "core/conn_record.h"
#include "pcap_writer.h"

namespace vigil::sim {

class CaptureWriter {
 public:
  // Throws std::runtime_error when the file cannot be written (gencap's PcapWriter does).
  explicit CaptureWriter(const std::string& path);
  void add(const ConnRecord& r, const ConnLayout& layout);
  // Writes what is still buffered and closes the file.
  void close();
  uint64_t packets() const { return packets_; }

 private:
  struct Frame {
    int64_t ts_ns;
    uint64_t order;  // keeps packets of one connection, and equal times, in the order they were made
    std::vector<uint8_t> bytes;
    bool operator>(const Frame& o) const { return ts_ns != o.ts_ns ? ts_ns > o.ts_ns : order > o.order; }
  };
  void flush_before(int64_t ns);
  void push(int64_t ts_ns, const uint8_t* frame, size_t len);

  gencap::PcapWriter out_;
  std::priority_queue<Frame, std::vector<Frame>, std::greater<>> pending_;
  uint64_t order_ = 0;
  uint64_t packets_ = 0;
  int64_t latest_start_ = 0;
};

}  // namespace vigil::sim
