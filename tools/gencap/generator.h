// The scheduler: interleaves active flows in time order and streams their packets out.
#pragma once

#include <cstdint>
#include <string>

#include "flow.h"
#include "options.h"
#include "pcap_writer.h"

namespace gencap {

struct Stats {
  uint64_t packets = 0;
  uint64_t bytes = 0;  // uncompressed pcap bytes
  uint64_t flows[static_cast<int>(FlowKind::kCount)] = {};
  uint64_t tcp_ends[3] = {};  // by TcpEnd, for complete-kind TCP flows
  uint64_t ipv6_flows = 0;
  uint64_t vlan_flows = 0;
  uint64_t cut_off = 0;  // flows still in progress when the size was reached
  uint64_t duration_ps = 0;

  std::string summary() const;
};

Stats generate(const Options& options, PcapWriter& out);

}  // namespace gencap
