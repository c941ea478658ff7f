// Fuzzes the flow meter with arbitrary sequences of TCP/UDP/ICMP packets between a few endpoints.
#include "sources/pcap/flow_meter.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  vigil::FlowMeter meter({vigil::NetSet::private_networks(), (size & 1) != 0, 1}, [](vigil::ConnRecord&&) {});
  static const uint8_t kPayload[1500] = {};
  int64_t ns = 0;
  for (size_t i = 0; i + 12 <= size; i += 12) {
    const uint8_t* p = data + i;
    vigil::IpPacket ip;
    ip.src = vigil::IpAddr::v4(0x0a000000u + (p[0] & 3));
    ip.dst = vigil::IpAddr::v4(0x0a000000u + ((p[0] >> 2) & 3));
    static constexpr uint8_t kProtos[] = {6, 17, 1, 58, 132};
    ip.proto = kProtos[(p[0] >> 4) % 5];
    uint32_t len = p[1] * 4u;
    ip.transport_len = 20 + len;
    ip.total_len = ip.transport_len + 20;
    ip.transport = vigil::Bytes(kPayload, (p[0] & 0x80) ? 0 : std::min<size_t>(ip.transport_len, sizeof kPayload));
    vigil::TransportInfo t;
    t.sport = static_cast<uint16_t>(p[2] & 1 ? 443 : 40000 + (p[2] >> 6));
    t.dport = static_cast<uint16_t>(p[2] & 1 ? 40000 + (p[2] >> 6) : 443);
    t.flags = p[3];
    t.seq = uint32_t{p[4]} << 24 | uint32_t{p[5]} << 16 | uint32_t{p[6]} << 8 | p[7];
    t.ack = uint32_t{p[8]} << 24 | uint32_t{p[9]} << 16 | p[10];
    t.window = p[11];
    t.payload_len = len;
    ns += int64_t{p[11]} << 26;  // up to ~17 s between packets: timeouts and reuse get exercised
    meter.process(vigil::Timestamp{ns}, ip, t);
  }
  meter.finish();
  return 0;
}
