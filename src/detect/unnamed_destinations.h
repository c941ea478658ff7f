// The unnamed-destination detector: external addresses a host reached although no DNS answer in the
// data gave them and no TLS SNI or HTTP Host named them — implants often carry their controller's
// address (direct-to-IP C2). Many benign things do too (NTP, resolvers, peer-to-peer, hard-coded
// services), so it is a low-severity sign that adds to others; rare destinations that answered count
// most. Left out: DNS (53, 853), NTP (123), mDNS/LLMNR/NetBIOS/SSDP/DHCP, STUN (3478, 19302), ICMP; and
// the whole detector when the input holds no DNS answer at all. docs/detection.md gives the score.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "detect/allowlist.h"
#include "detect/channel.h"

namespace vigil {

struct UnnamedOptions {
  double min_confidence = 0.5;
  const Allowlist* allowlist = nullptr;
};

struct UnnamedDestination {
  IpAddr address;
  uint16_t port = 0;
  TransportProto proto = TransportProto::kUnknown;
  size_t connections = 0, prevalence = 0;
  uint64_t sent = 0, received = 0;
  double weight = 0;  // 0.5 x rarity x (1 when it answered, 0.5 when it never sent a byte back)
};

struct UnnamedFinding {
  IpAddr host;
  double confidence = 0;  // 1 - product of (1 - weight) over the destinations
  std::vector<UnnamedDestination> destinations;  // best first, at most 16
  size_t total_destinations = 0;
  size_t internal_hosts = 0;
  int64_t first_ns = 0, last_ns = 0;
};

struct UnnamedContext {
  size_t internal_hosts = 0;
  std::function<bool(const IpAddr&)> was_resolved;
  bool saw_dns_answers = false;
};

std::vector<UnnamedFinding> find_unnamed_destinations(const ChannelMap& channels, const UnnamedContext& context,
                                                      const UnnamedOptions& options);

std::vector<std::string> explain(const UnnamedFinding& f);

}  // namespace vigil
