// SkipReason: why a frame produced no IP packet for the flow meter, counted and shown in the summary.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace vigil {

enum class SkipReason : uint8_t {
  kNone,
  kUnsupportedLinkType,  // the file's link type is not one vigil decodes
  kNotIp,                // ARP, LLDP, STP, other non-IP Ethernet/PPP payloads
  kTruncatedLink,        // frame too short for its link or encapsulation header
  kTruncatedIp,          // IP header incomplete in the captured bytes
  kBadIpHeader,          // version/length fields that cannot be right
  kBadIpChecksum,        // IPv4 header checksum wrong (as Zeek, the packet is dropped)
  kTruncatedTransport,   // TCP/UDP/ICMP header incomplete
  kBadTransportHeader,   // e.g. TCP data offset below 5, UDP length below 8
  kFragmentPending,      // a fragment held for reassembly (not an error; counted to explain totals)
  kFragmentDropped,      // a fragment that could not be reassembled (overlap, too large, timed out)
  kTunnelTooDeep,        // more nested tunnels than vigil follows
  kCount
};

constexpr std::array<std::string_view, static_cast<size_t>(SkipReason::kCount)> kSkipReasonNames = {
    "none",
    "unsupported link type",
    "not IP (ARP, LLDP, ...)",
    "truncated link header",
    "truncated IP header",
    "bad IP header",
    "bad IPv4 header checksum",
    "truncated transport header",
    "bad transport header",
    "IP fragment (reassembled into a later packet, or dropped below)",
    "IP fragment never reassembled (incomplete, inconsistent, or not fully captured)",
    "tunnels nested too deep",
};

struct SkipCounts {
  std::array<uint64_t, static_cast<size_t>(SkipReason::kCount)> n{};
  void add(SkipReason r) { ++n[static_cast<size_t>(r)]; }
  uint64_t operator[](SkipReason r) const { return n[static_cast<size_t>(r)]; }
};

}  // namespace vigil
