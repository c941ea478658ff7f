// RecordMaker: the connections only the other signs make — inbound TLS, raw TCP sessions, bulk transfers.
#include <algorithm>

#include "record_maker.h"

namespace vigil::sim {
namespace {

// A body of `bytes` in full segments from one side, every second one acknowledged by the other (delayed
// ACKs, as conn_layout.cc lays out shorter messages).
struct BodyCount {
  uint64_t segments = 0, acks = 0;
};

BodyCount body_count(uint64_t bytes) {
  BodyCount c;
  c.segments = (bytes + kSegmentPayload - 1) / kSegmentPayload;
  c.acks = c.segments / 2;
  return c;
}

}  // namespace

void RecordMaker::tls_inbound(int64_t ts, const IpAddr& client, uint16_t client_port, const IpAddr& server,
                              uint16_t port, const std::string& name, std::span<const Exchange> exchanges,
                              int truth) {
  tls_on(start_from(ts, client, client_port, server, port, TransportProto::kTcp), name, false, exchanges, truth);
}

void RecordMaker::tcp_session(int64_t ts, size_t host, const IpAddr& server, uint16_t port, const std::string& service,
                              std::vector<Message> messages, int truth) {
  ConnRecord r = start(ts, host, server, port, TransportProto::kTcp);
  r.service = service;
  ConnLayout layout;
  layout.app = AppKind::kRaw;
  layout.rtt_ns = rtt_of(r);
  layout.messages = std::move(messages);
  const std::vector<Packet> packets = lay_out(r, layout);
  finish(std::move(r), layout, packets, truth);
}

// The handshake and a small request and response are laid out as usual; the body is counted on top:
// its bytes, segments and the other side's ACKs, and the time it takes at bulk.bytes_per_s. Callers only
// start transfers that end before the capture does, so no cut applies.
void RecordMaker::tls_bulk(int64_t ts, size_t host, const IpAddr& server, uint16_t port, const std::string& name,
                           const BulkTransfer& bulk, int truth) {
  ConnRecord r = start(ts, host, server, port, TransportProto::kTcp);
  r.service = "ssl";
  const Exchange head{600, 400, 0, 30'000'000};  // the PUT/GET and the server's final status
  ConnLayout layout = tls_layout(r, name, false, std::span<const Exchange>(&head, 1));
  const std::vector<Packet> packets = lay_out(r, layout);
  ssl_row(r, name, packets, tls_facts(name, false));
  fill_counts(r, packets, r.proto);
  const BodyCount up = body_count(bulk.upload), down = body_count(bulk.download);
  *r.orig_bytes += bulk.upload;
  *r.resp_bytes += bulk.download;
  r.orig_pkts += up.segments + down.acks;
  r.resp_pkts += down.segments + up.acks;
  r.orig_ip_bytes += bulk.upload + kIpTcpHeaders * (up.segments + down.acks);
  r.resp_ip_bytes += bulk.download + kIpTcpHeaders * (down.segments + up.acks);
  // The server's ACKs of an upload are its first packets without data: Zeek's history marks them 'a',
  // before the closing FINs.
  if (up.acks > 0 && r.history.find('a') == std::string::npos) {
    size_t fin = r.history.find('F');
    r.history.insert(fin == std::string::npos ? r.history.size() : fin, 1, 'a');
  }
  const double body_s = static_cast<double>(bulk.upload + bulk.download) / std::max(1.0, bulk.bytes_per_s);
  const int64_t body_ns = to_ns(body_s);
  r.duration = Duration{r.duration->ns + body_ns - body_ns % 1000};  // microseconds, as everywhere
  count_check_in(r, truth);
  if (sink_.conn) sink_.conn(std::move(r));  // not to the hook: a capture cannot hold it
}

}  // namespace vigil::sim
