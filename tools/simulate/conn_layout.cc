// The packet timeline of a connection: one place decides it for logs and capture alike.
#include "conn_layout.h"

#include <algorithm>

#include "frame_builder.h"

namespace vigil::sim {
namespace {

constexpr int64_t kClientTurnNs = 100'000;  // a client's stack answers within 0.1 ms
constexpr int64_t kSegmentGapNs = 12'000;   // back-to-back segments of one message
constexpr int64_t kDelayedAckNs = 20'000;   // the client's ACK right after a second segment arrives

class TcpTimeline {
 public:
  explicit TcpTimeline(int64_t rtt_ns) : rtt_(rtt_ns) {}

  void control(bool from_server, uint8_t flags, int64_t delay) {
    now_ += delay;
    Packet p;
    p.at_ns = now_;
    p.from_server = from_server;
    p.tcp_flags = flags;
    p.seq_off = sent_[from_server];
    p.ack_off = sent_[!from_server];
    out_.push_back(p);
  }

  void message(const Message& m, int index) {
    int64_t delay = m.from_server ? rtt_ + m.think_ns : kClientTurnNs + m.think_ns;
    uint32_t segments = 0;
    for (uint32_t off = 0; off < m.len; off += kSegmentPayload) {
      now_ += off == 0 ? delay : kSegmentGapNs;
      Packet p;
      p.at_ns = now_;
      p.from_server = m.from_server;
      p.tcp_flags = gencap::kTcpAck | gencap::kTcpPsh;
      p.msg = index;
      p.msg_off = off;
      p.len = std::min(kSegmentPayload, m.len - off);
      p.seq_off = sent_[m.from_server];
      p.ack_off = sent_[!m.from_server];
      sent_[m.from_server] += p.len;
      out_.push_back(p);
      // Delayed ACKs: the receiver acknowledges every second segment, so a long message never fills the
      // 64 KB window. Seen from the client's side, the server's ACK of an upload comes a round trip later.
      if (++segments % 2 == 0 && off + p.len < m.len)
        control(!m.from_server, gencap::kTcpAck, m.from_server ? kDelayedAckNs : rtt_);
    }
    last_from_server_ = m.from_server;
  }

  std::vector<Packet> finish() {
    if (last_from_server_) control(false, gencap::kTcpAck, kClientTurnNs);
    // Each FIN takes a sequence number, acknowledged by the next packet from the other side.
    control(false, gencap::kTcpFin | gencap::kTcpAck, kClientTurnNs);
    ++sent_[0];
    control(true, gencap::kTcpFin | gencap::kTcpAck, rtt_);
    ++sent_[1];
    control(false, gencap::kTcpAck, kClientTurnNs);
    return std::move(out_);
  }

 private:
  int64_t rtt_;
  int64_t now_ = 0;
  uint32_t sent_[2] = {0, 0};
  bool last_from_server_ = false;
  std::vector<Packet> out_;
};

std::vector<Packet> tcp_packets(const ConnLayout& layout) {
  TcpTimeline t(layout.rtt_ns);
  t.control(false, gencap::kTcpSyn, 0);
  t.control(true, gencap::kTcpSyn | gencap::kTcpAck, layout.rtt_ns);
  t.control(false, gencap::kTcpAck, kClientTurnNs);
  for (size_t i = 0; i < layout.messages.size(); ++i) t.message(layout.messages[i], static_cast<int>(i));
  return t.finish();
}

std::vector<Packet> udp_packets(const ConnLayout& layout) {
  std::vector<Packet> out;
  int64_t now = 0;
  for (size_t i = 0; i < layout.messages.size(); ++i) {
    const Message& m = layout.messages[i];
    if (i > 0) now += m.from_server ? layout.rtt_ns + m.think_ns : kClientTurnNs + m.think_ns;
    Packet p;
    p.at_ns = now;
    p.from_server = m.from_server;
    p.msg = static_cast<int>(i);
    p.len = m.len;
    out.push_back(p);
  }
  return out;
}

// Zeek's history letters, each at its first occurrence: upper case from the originator.
std::string history_of(const std::vector<Packet>& packets) {
  std::string h;
  auto mark = [&h](char letter, bool from_server) {
    char c = from_server ? static_cast<char>(letter - 'A' + 'a') : letter;
    if (h.find(c) == std::string::npos) h.push_back(c);
  };
  for (const Packet& p : packets) {
    const bool syn = p.tcp_flags & gencap::kTcpSyn, ack = p.tcp_flags & gencap::kTcpAck;
    const bool fin = p.tcp_flags & gencap::kTcpFin;
    if (syn) mark(ack ? 'H' : 'S', p.from_server);
    if (p.len > 0) mark('D', p.from_server);
    else if (ack && !syn && !fin) mark('A', p.from_server);
    if (fin) mark('F', p.from_server);
  }
  return h;
}

// The packet that ends the connection's duration. The ACK of the last FIN comes after both sides closed;
// Zeek's TCP state machine (and vigil convert, its port) counts it but does not extend the duration by it.
const Packet& last_counted(const std::vector<Packet>& packets, TransportProto proto) {
  const size_t n = packets.size();
  if (proto == TransportProto::kTcp && n >= 2 && packets[n - 1].tcp_flags == gencap::kTcpAck &&
      (packets[n - 2].tcp_flags & gencap::kTcpFin))
    return packets[n - 2];
  return packets[n - 1];
}

// Zeek's state of a TCP connection from the packets seen: SF once both sides sent FIN; established but
// not closed (the capture ended first) S1, or S2/S3 when only the originator/responder closed; S0 when
// only the SYN was seen.
ConnState tcp_state(const std::vector<Packet>& packets) {
  bool syn_ack = false, fin[2] = {false, false};
  for (const Packet& p : packets) {
    if ((p.tcp_flags & gencap::kTcpSyn) && (p.tcp_flags & gencap::kTcpAck)) syn_ack = true;
    if (p.tcp_flags & gencap::kTcpFin) fin[p.from_server] = true;
  }
  if (!syn_ack) return ConnState::kS0;
  if (fin[0] && fin[1]) return ConnState::kSF;
  return fin[0] ? ConnState::kS2 : fin[1] ? ConnState::kS3 : ConnState::kS1;
}

}  // namespace

std::vector<Packet> packets_of(const ConnLayout& layout, TransportProto proto) {
  std::vector<Packet> packets = proto == TransportProto::kTcp ? tcp_packets(layout) : udp_packets(layout);
  // pcap keeps microseconds: durations in the logs then equal what a reader of the capture computes.
  for (Packet& p : packets) p.at_ns -= p.at_ns % 1000;
  if (layout.cut_ns >= 0)
    std::erase_if(packets, [&layout](const Packet& p) { return p.at_ns > layout.cut_ns; });
  return packets;
}

void fill_counts(ConnRecord& r, const std::vector<Packet>& packets, TransportProto proto) {
  const uint32_t headers = proto == TransportProto::kTcp ? kIpTcpHeaders : kIpUdpHeaders;
  uint64_t bytes[2] = {0, 0}, pkts[2] = {0, 0}, ip_bytes[2] = {0, 0};
  for (const Packet& p : packets) {
    bytes[p.from_server] += p.len;
    ++pkts[p.from_server];
    ip_bytes[p.from_server] += headers + p.len;
  }
  r.orig_bytes = bytes[0];
  r.resp_bytes = bytes[1];
  r.orig_pkts = pkts[0];
  r.resp_pkts = pkts[1];
  r.orig_ip_bytes = ip_bytes[0];
  r.resp_ip_bytes = ip_bytes[1];
  r.duration = Duration{packets.empty() ? 0 : last_counted(packets, proto).at_ns - packets.front().at_ns};
  r.conn_state = proto == TransportProto::kTcp ? tcp_state(packets) : ConnState::kSF;
  r.history = proto == TransportProto::kTcp ? history_of(packets) : (pkts[1] > 0 ? "Dd" : "D");
  if (proto == TransportProto::kUdp && pkts[1] == 0) r.conn_state = ConnState::kS0;
}

}  // namespace vigil::sim
