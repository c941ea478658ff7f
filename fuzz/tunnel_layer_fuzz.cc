// Fuzzes tunnel decapsulation: the first byte picks the carrier (IP-in-IP, GRE, or UDP on one of the
// tunnel ports or another port, for Teredo's port-free detection), the rest is the carried bytes. Inner
// packets are decoded and decapsulated again, as deep as the pipeline follows them.
#include "sources/pcap/ip_layer.h"
#include "sources/pcap/tunnel_layer.h"

namespace {

void follow(const vigil::IpPacket& ip, const vigil::TransportInfo& t, int depth) {
  vigil::Decapsulated d = vigil::decapsulate(ip, t);
  if (d.inner.version == vigil::IpVersion::kNone || depth >= vigil::kMaxTunnelDepth) return;
  vigil::IpPacket inner;
  if (vigil::decode_ip(d.inner.version, d.inner.ip, d.inner.ip.size(), true, inner) != vigil::SkipReason::kNone ||
      inner.fragment)
    return;
  vigil::TransportInfo inner_t;
  if (vigil::decode_transport(inner, inner_t) == vigil::SkipReason::kNone) follow(inner, inner_t, depth + 1);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  static constexpr uint16_t kPorts[] = {4789, 6081, 4754, 3544, 5072, 2152, 40000};
  vigil::Bytes rest(data + 1, size - 1);
  vigil::IpPacket ip;
  vigil::TransportInfo t;
  ip.src = vigil::IpAddr::v4(0x0a000001);
  ip.dst = vigil::IpAddr::v4(0x0a000002);
  unsigned choice = data[0] % 10;
  if (choice < 3) {
    ip.proto = choice == 0 ? 4 : choice == 1 ? 41 : 47;
    ip.transport = rest;
  } else {
    ip.proto = vigil::kProtoUdp;
    t.sport = 12345;
    t.dport = kPorts[choice - 3];
    t.payload = rest;
  }
  follow(ip, t, 0);
  return 0;
}
