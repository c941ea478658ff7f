// Addresses and MACs of internal hosts, infrastructure and external servers.
#pragma once

#include <cstdint>

#include "frame_builder.h"

namespace gencap {

// Segment id of everything outside the site, reached through the gateway.
inline constexpr uint32_t kExternalSegment = 0xffffffff;

struct Endpoint {
  uint32_t ipv4 = 0;
  Ipv6Addr ipv6{};
  MacAddr mac{};
  uint32_t segment = 0;  // layer-2 segment; frames to another segment go via the router
};

// Derives every address from an index and the seed instead of storing tables,
// so memory stays constant however many hosts and servers are asked for.
class AddressPlan {
 public:
  AddressPlan(uint64_t seed, uint32_t hosts, uint32_t servers);

  uint32_t hosts() const { return hosts_; }
  uint32_t servers() const { return servers_; }

  Endpoint internal_host(uint32_t index) const;
  Endpoint external_server(uint32_t index) const;
  Endpoint dns_resolver(uint32_t index) const;  // index 0 or 1
  Endpoint syslog_collector() const;

  // The capture sits on the client's segment, so the peer's side of every
  // frame shows the peer's own MAC when it shares that segment and the
  // default gateway's MAC otherwise.
  MacAddr peer_mac(const Endpoint& client, const Endpoint& peer) const;

  // The access VLAN of a host's segment, used when a flow is tagged.
  static uint16_t vlan_of(const Endpoint& host);

 private:
  Endpoint infrastructure(uint32_t octet3, uint32_t octet4) const;

  uint64_t seed_;
  uint32_t hosts_;
  uint32_t servers_;
  MacAddr router_mac_{};
};

}  // namespace gencap
