// Fuzzes a connection's application analysis: TCP segments in any order and overlap, or UDP datagrams,
// through the reassembler into the DNS, TLS, HTTP or FTP analyzer chosen as the flow meter would choose it.
//
// Input: one mode byte (bit 0: UDP DNS; bit 1: TCP DNS on port 53; bit 2: FTP on port 21; else by content),
// then segments of
// [flags][seq offset: 2 bytes][length: 2 bytes][payload]. flags bit 0: from the originator.
#include <cstring>

#include "sources/pcap/app_session.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  uint8_t mode = data[0];
  std::unique_ptr<vigil::AppSession> app;
  bool udp = mode & 1;
  const vigil::IpAddr client = vigil::IpAddr::v4(0x0a000001), server = vigil::IpAddr::v4(0xcb007109);
  if (udp) app = vigil::AppSession::by_port(vigil::TransportProto::kUdp, 53, client, server);
  else if (mode & 2) app = vigil::AppSession::by_port(vigil::TransportProto::kTcp, 53, client, server);
  else if (mode & 4) app = vigil::AppSession::by_port(vigil::TransportProto::kTcp, 21, client, server);
  vigil::AppRecords out;
  int64_t ns = 0;
  int probes = 0;
  for (size_t i = 1; i + 5 <= size;) {
    uint8_t flags = data[i];
    uint32_t seq = 1000u + (uint32_t{data[i + 1]} << 8 | data[i + 2]);
    size_t len = std::min<size_t>(uint32_t{data[i + 3]} << 8 | data[i + 4], size - i - 5);
    std::span<const uint8_t> payload(data + i + 5, len);
    i += 5 + len;
    ns += 1'000'000;
    bool is_orig = flags & 1;
    if (!app) {  // as the flow meter: HTTP from the first segment, TLS from the originator's first few
      if (payload.empty()) continue;
      if (is_orig) app = vigil::AppSession::by_content(payload, probes == 0);
      if (!app && ++probes >= 16) return 0;
      if (!app) continue;
    }
    if (udp) app->udp_payload(vigil::Timestamp{ns}, payload);
    else app->tcp_payload(is_orig, vigil::Timestamp{ns}, seq, payload);
    app->take(out);
  }
  if (app) {
    app->finish();
    app->take(out);
    (void)app->service();
  }
  return 0;
}
