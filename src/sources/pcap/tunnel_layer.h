// Tunnel decapsulation: the packet inside GRE (with ERSPAN I/II/III, transparent Ethernet, PPTP's PPP,
// Aruba's 802.11), IP-in-IP (IPv4/IPv6 in IPv4/IPv6), and the UDP tunnels VXLAN, GENEVE, GRE-over-UDP,
// Teredo, AYIYA and GTP-U — the encapsulations Zeek decapsulates by default, on Zeek's default ports.
//
// C2 inside a tunnel is still C2: every inner connection is metered like any other, and (as in Zeek)
// the outer UDP flow is a connection of its own while outer GRE and IP-in-IP packets are not.
#pragma once

#include <cstdint>
#include <string_view>

#include "sources/pcap/ip_layer.h"
#include "sources/pcap/link_layer.h"

namespace vigil {

enum class TunnelKind : uint8_t { kNone, kIp, kGre, kVxlan, kGeneve, kTeredo, kAyiya, kGtp };

// Zeek's Tunnel::max_depth: a packet inside two tunnels is followed, one inside three is not.
constexpr int kMaxTunnelDepth = 2;

struct Decapsulated {
  TunnelKind kind = TunnelKind::kNone;  // kNone: not a tunnel packet, meter it as it is
  LinkResult inner;                     // the inner IP packet, or why there is none (a tunnel of non-IP)
};

// Looks at an outer packet (already decoded, not a fragment) and returns what it carries.
Decapsulated decapsulate(const IpPacket& ip, const TransportInfo& transport);

std::string_view tunnel_kind_name(TunnelKind kind);

}  // namespace vigil
