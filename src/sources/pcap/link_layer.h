// Link-layer decoding: from a captured frame of a given link type down to the IP packet it carries.
#pragma once

#include <cstdint>

#include "sources/pcap/byte_reader.h"
#include "sources/pcap/skip_reason.h"

namespace vigil {

// LINKTYPE_ values vigil decodes (see https://www.tcpdump.org/linktypes.html).
enum LinkType : int {
  kLinkNull = 0,
  kLinkEthernet = 1,
  kLinkPpp = 9,
  kLinkRawOpenBsd = 12,
  kLinkRawAlt = 14,
  kLinkPppHdlc = 50,
  kLinkPppEther = 51,
  kLinkRaw = 101,
  kLinkIeee80211 = 105,
  kLinkLoop = 108,
  kLinkLinuxSll = 113,
  kLinkRadiotap = 127,
  kLinkIpv4 = 228,
  kLinkIpv6 = 229,
  kLinkNflog = 239,
  kLinkLinuxSll2 = 276,
};

enum class IpVersion : uint8_t { kNone, kV4, kV6 };

struct LinkResult {
  IpVersion version = IpVersion::kNone;
  Bytes ip;  // the IP packet, starting at its header
  SkipReason skip = SkipReason::kNone;
};

bool link_type_supported(int link_type);
LinkResult decode_link(int link_type, Bytes frame);
// An Ethernet frame (also used for tunnels that carry Ethernet: VXLAN, GENEVE, GRE/TEB, ERSPAN).
LinkResult decode_ethernet(Bytes frame);
// Guesses IPv4 or IPv6 from the version nibble (raw IP, MPLS payloads, tunnels).
LinkResult decode_raw_ip(Bytes packet);

}  // namespace vigil
