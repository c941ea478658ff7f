// Fuzzes IP/transport decoding, checksums and fragment reassembly on arbitrary packets.
#include "sources/pcap/fragment_reassembler.h"
#include "sources/pcap/ip_layer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static vigil::FragmentReassembler fragments;
  if (size < 2) return 0;
  auto version = (data[0] & 1) ? vigil::IpVersion::kV6 : vigil::IpVersion::kV4;
  vigil::Bytes ip_bytes(data + 2, size - 2);
  vigil::IpPacket ip;
  if (vigil::decode_ip(version, ip_bytes, ip_bytes.size() + data[1], data[0] & 2, ip) != vigil::SkipReason::kNone)
    return 0;
  if (ip.fragment) {
    vigil::IpPacket whole;
    if (!fragments.add(vigil::Timestamp{static_cast<int64_t>(data[1]) << 30}, ip, whole)) return 0;
    ip = whole;
  }
  vigil::TransportInfo t;
  if (vigil::decode_transport(ip, t) == vigil::SkipReason::kNone && ip.transport.size() >= ip.transport_len)
    (void)vigil::transport_checksum_ok(ip);
  return 0;
}
