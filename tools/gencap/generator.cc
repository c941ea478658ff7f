// Event loop: a min-heap of flows by next-packet time over a fixed number of slots.
#include "generator.h"

#include <cstdio>
#include <functional>
#include <queue>
#include <utility>
#include <vector>

#include "address_plan.h"
#include "flow_factory.h"
#include "frame_builder.h"
#include "packet_encoder.h"

namespace gencap {
namespace {

constexpr uint64_t kPsPerUs = 1'000'000;
constexpr uint64_t kPsPerSec = 1'000'000'000'000;
// Preamble, start delimiter, FCS and inter-frame gap occupy the wire too.
constexpr uint64_t kWireOverhead = 24;

using Event = std::pair<uint64_t, uint32_t>;  // (due time, slot); slot breaks ties deterministically

void count_flow(Stats& stats, const Flow& f) {
  ++stats.flows[static_cast<int>(f.kind)];
  if (f.kind == FlowKind::kTcp) ++stats.tcp_ends[static_cast<int>(f.tcp.end)];
  if (f.ipv6) ++stats.ipv6_flows;
  if (f.vlan != 0) ++stats.vlan_flows;
}

}  // namespace

std::string Stats::summary() const {
  auto kind = [this](FlowKind k) { return static_cast<unsigned long long>(flows[static_cast<int>(k)]); };
  uint64_t total = 0;
  for (uint64_t n : flows) total += n;
  char line[512];
  std::snprintf(line, sizeof line,
                "vigil-gencap: %llu packets, %llu bytes, %.3f s; %llu flows: tcp %llu "
                "(fin %llu, rst %llu, open %llu), syn-only %llu, rejected %llu, dns %llu, "
                "ntp %llu, udp-stream %llu, icmp-echo %llu; ipv6 %llu, vlan %llu; "
                "%llu cut off at end",
                static_cast<unsigned long long>(packets), static_cast<unsigned long long>(bytes),
                static_cast<double>(duration_ps) / static_cast<double>(kPsPerSec),
                static_cast<unsigned long long>(total), kind(FlowKind::kTcp),
                static_cast<unsigned long long>(tcp_ends[0]),
                static_cast<unsigned long long>(tcp_ends[1]),
                static_cast<unsigned long long>(tcp_ends[2]), kind(FlowKind::kTcpSynOnly),
                kind(FlowKind::kTcpRejected), kind(FlowKind::kDns), kind(FlowKind::kNtp),
                kind(FlowKind::kUdpStream), kind(FlowKind::kIcmpEcho),
                static_cast<unsigned long long>(ipv6_flows),
                static_cast<unsigned long long>(vlan_flows),
                static_cast<unsigned long long>(cut_off));
  return line;
}

Stats generate(const Options& options, PcapWriter& out) {
  const AddressPlan plan(options.seed, options.hosts, options.servers);
  FlowFactory factory(options, plan);
  Rng arrivals(options.seed ^ 0x61727269766cULL);
  Stats stats;

  // Wire time per byte at --rate; the whole run's spacing derives from it.
  const uint64_t link_ps_per_byte = std::max<uint64_t>(1, 8 * kPsPerSec / options.rate_bps);
  // Near the end, stop opening flows so most of those in progress can
  // finish instead of being cut mid-transfer.
  const uint64_t drain_at = options.bytes - options.bytes / 32;

  std::vector<Flow> slots(options.concurrency);
  std::priority_queue<Event, std::vector<Event>, std::greater<>> due;
  auto start_flow = [&](uint32_t slot, uint64_t start) {
    Flow& f = slots[slot];
    factory.make(f, start);
    count_flow(stats, f);
    f.has_step();  // a new flow always has its first packet
    due.emplace(start + f.step().delay_ps, slot);
  };
  // Stagger the first flows over a few milliseconds rather than opening all
  // of them in the same instant; the first starts exactly at --start.
  for (uint32_t slot = 0; slot < options.concurrency; ++slot) {
    start_flow(slot, slot == 0 ? 0 : arrivals.below(options.concurrency * 10 * kPsPerUs));
  }

  uint8_t frame[kMaxFrame];
  uint64_t clock = 0;  // when the link is free again
  while (!due.empty() && out.bytes() < options.bytes) {
    const auto [ready, slot] = due.top();
    due.pop();
    Flow& f = slots[slot];
    // A packet goes out when its flow is ready and the link is free, so
    // timestamps never decrease.
    const uint64_t ts = std::max(clock, ready);
    const size_t len = encode_step(frame, f, f.step(), ts, options.start_epoch);
    const uint64_t rel_us = ts / kPsPerUs;
    out.write_packet(static_cast<uint32_t>(options.start_epoch + rel_us / 1'000'000),
                     static_cast<uint32_t>(rel_us % 1'000'000), frame, len);
    ++stats.packets;
    stats.duration_ps = ts;
    clock = ts + (len + kWireOverhead) * link_ps_per_byte;

    f.pop_step();
    if (f.has_step()) {
      due.emplace(ts + f.step().delay_ps, slot);
      continue;
    }
    factory.release(f, ts);
    if (out.bytes() < drain_at) {
      start_flow(slot, ts + arrivals.log_uniform(kPsPerUs, 1000 * kPsPerUs));
    } else if (due.size() < options.concurrency / 4) {
      break;  // draining has thinned the traffic enough; a sparse tail looks unreal
    }
  }
  stats.cut_off = due.size();
  stats.bytes = out.bytes();
  return stats;
}

}  // namespace gencap
