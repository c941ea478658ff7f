// Address plan: 10/8 and fd00::/8 inside, public-looking unicast outside.
#include "address_plan.h"

#include "prng.h"

namespace gencap {
namespace {

constexpr uint32_t kHostsPerSegment = 200;
constexpr uint32_t kInfraSegment = 0xffff0000;

// Site prefix fd3c:9a41:7e52::/48 inside fd00::/8 (a ULA, as RFC 4193 wants).
constexpr uint8_t kUlaPrefix[6] = {0xfd, 0x3c, 0x9a, 0x41, 0x7e, 0x52};

// First octets of ordinary allocated unicast space; keeps external addresses
// out of private, loopback, link-local, CGNAT, multicast and test ranges.
constexpr uint8_t kPublicFirstOctets[] = {23,  31,  37,  45,  46,  51,  62,  77,  78,  80,  81,
                                          82,  85,  87,  88,  89,  91,  93,  94,  95,  104, 109,
                                          129, 130, 134, 137, 141, 145, 151, 152, 155, 158, 162,
                                          163, 176, 178, 185, 188, 193, 194, 195, 212, 213, 217};
// Leading 16 bits of global IPv6 space (RIR blocks, not 2001:db8::/32).
constexpr uint16_t kPublicV6Prefixes[] = {0x2a00, 0x2a01, 0x2a02, 0x2a03, 0x2a05,
                                          0x2600, 0x2604, 0x2606, 0x2607, 0x2620,
                                          0x2400, 0x2403, 0x2404, 0x2800, 0x2c0f};

void put_u64(uint8_t* out, uint64_t value) {
  for (int i = 7; i >= 0; --i) {
    out[i] = static_cast<uint8_t>(value);
    value >>= 8;
  }
}

}  // namespace

AddressPlan::AddressPlan(uint64_t seed, uint32_t hosts, uint32_t servers)
    : seed_(seed), hosts_(hosts), servers_(servers) {
  router_mac_ = {0x02, 0x00, 0x5e, 0x10, 0x00, 0x01};
}

Endpoint AddressPlan::internal_host(uint32_t index) const {
  Endpoint ep;
  // Hosts sit 200 to a /24 starting at 10.1.0.0, so segments look like
  // ordinary access subnets; 10.0.x.x is left for infrastructure.
  const uint32_t segment = index / kHostsPerSegment;
  const uint32_t octet2 = 1 + segment / 250;
  const uint32_t octet3 = segment % 250;
  const uint32_t octet4 = 10 + index % kHostsPerSegment;
  ep.ipv4 = 10u << 24 | octet2 << 16 | octet3 << 8 | octet4;
  ep.segment = segment;

  const uint64_t h = mix64(seed_ ^ (0x1000000000ULL + index));
  for (int i = 0; i < 6; ++i) ep.ipv6[i] = kUlaPrefix[i];
  ep.ipv6[6] = static_cast<uint8_t>(segment >> 8);
  ep.ipv6[7] = static_cast<uint8_t>(segment);
  put_u64(ep.ipv6.data() + 8, h);  // random interface id, as privacy addressing does

  // Locally administered, unicast; the low four bytes are the index so MACs
  // never collide.
  ep.mac = {static_cast<uint8_t>((h >> 56 & 0xfc) | 0x02), static_cast<uint8_t>(h >> 48),
            static_cast<uint8_t>(index >> 24), static_cast<uint8_t>(index >> 16),
            static_cast<uint8_t>(index >> 8), static_cast<uint8_t>(index)};
  return ep;
}

Endpoint AddressPlan::external_server(uint32_t index) const {
  Endpoint ep;
  const uint64_t h = mix64(seed_ ^ (0x2000000000ULL + index));
  const uint8_t octet1 = kPublicFirstOctets[h % sizeof kPublicFirstOctets];
  const auto octet4 = static_cast<uint32_t>(1 + (h >> 24) % 254);
  ep.ipv4 = static_cast<uint32_t>(octet1) << 24 | static_cast<uint32_t>(h >> 8 & 0xffff) << 8 |
            octet4;
  const uint64_t h2 = mix64(h);
  const uint16_t prefix =
      kPublicV6Prefixes[(h >> 40) % (sizeof kPublicV6Prefixes / sizeof kPublicV6Prefixes[0])];
  ep.ipv6[0] = static_cast<uint8_t>(prefix >> 8);
  ep.ipv6[1] = static_cast<uint8_t>(prefix);
  put_u64(ep.ipv6.data() + 2, h2);
  // Servers usually have short, hand-assigned interface ids such as ::1:a3.
  ep.ipv6[10] = ep.ipv6[11] = ep.ipv6[12] = ep.ipv6[13] = 0;
  ep.ipv6[14] = static_cast<uint8_t>(h2 >> 8 & 0x0f);
  ep.ipv6[15] = static_cast<uint8_t>(1 + (h2 >> 16) % 254);
  ep.mac = router_mac_;
  ep.segment = kExternalSegment;
  return ep;
}

Endpoint AddressPlan::infrastructure(uint32_t octet3, uint32_t octet4) const {
  Endpoint ep;
  ep.ipv4 = 10u << 24 | octet3 << 8 | octet4;
  for (int i = 0; i < 6; ++i) ep.ipv6[i] = kUlaPrefix[i];
  ep.ipv6[13] = static_cast<uint8_t>(octet3);
  ep.ipv6[15] = static_cast<uint8_t>(octet4);
  ep.mac = {0x02, 0x00, 0x5e, 0x20, static_cast<uint8_t>(octet3), static_cast<uint8_t>(octet4)};
  ep.segment = kInfraSegment;
  return ep;
}

Endpoint AddressPlan::dns_resolver(uint32_t index) const { return infrastructure(index, 53); }

Endpoint AddressPlan::syslog_collector() const { return infrastructure(2, 14); }

MacAddr AddressPlan::peer_mac(const Endpoint& client, const Endpoint& peer) const {
  return client.segment == peer.segment ? peer.mac : router_mac_;
}

uint16_t AddressPlan::vlan_of(const Endpoint& host) {
  return static_cast<uint16_t>(100 + host.segment % 3000);
}

}  // namespace gencap
