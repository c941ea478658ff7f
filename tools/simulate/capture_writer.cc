// CaptureWriter: message bytes, frames and their time order.
#include "capture_writer.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "frame_builder.h"
#include "sim_random.h"
#include "tls_framing.h"
#include "tls_shape.h"

namespace vigil::sim {
namespace {

// Records arrive in start order give or take the connections of one page load (about a second); a frame
// older than the newest start minus this margin can no longer be preceded by one still to come.
constexpr int64_t kReorderMarginNs = 5'000'000'000;
constexpr gencap::MacAddr kGatewayMac = {0x00, 0x00, 0x5e, 0x00, 0x01, 0x01};
constexpr uint16_t kWindow = 64240;

gencap::MacAddr host_mac(uint32_t ip) {
  return {0x02, 0x42, static_cast<uint8_t>(ip >> 24), static_cast<uint8_t>(ip >> 16), static_cast<uint8_t>(ip >> 8),
          static_cast<uint8_t>(ip)};
}

// The whole message as sent: the head, then TLS records over filler, or filler alone.
std::string message_bytes(const ConnLayout& layout, size_t index) {
  const Message& m = layout.messages[index];
  std::string bytes(m.len, 'x');
  std::memcpy(bytes.data(), m.head.data(), std::min<size_t>(m.head.size(), m.len));
  if (layout.app == AppKind::kTls) {
    uint32_t side_index = 0;  // 1-based number of this message among its side's
    for (size_t i = 0; i <= index; ++i) side_index += layout.messages[i].from_server == m.from_server;
    gencap::TlsState tls = tls_state_for(layout.sni, layout.browser);
    auto* p = reinterpret_cast<uint8_t*>(bytes.data());
    gencap::apply_tls_framing(p, tls, m.from_server, side_index, 0, m.len, m.len);
  }
  return bytes;
}

}  // namespace

CaptureWriter::CaptureWriter(const std::string& path) : out_(path, false) {}

void CaptureWriter::push(int64_t ts_ns, const uint8_t* frame, size_t len) {
  pending_.push(Frame{ts_ns, order_++, std::vector<uint8_t>(frame, frame + len)});
}

void CaptureWriter::flush_before(int64_t ns) {
  while (!pending_.empty() && pending_.top().ts_ns < ns) {
    const Frame& f = pending_.top();
    int64_t us = f.ts_ns / 1000;
    out_.write_packet(static_cast<uint32_t>(us / 1'000'000), static_cast<uint32_t>(us % 1'000'000), f.bytes.data(),
                      f.bytes.size());
    ++packets_;
    pending_.pop();
  }
}

void CaptureWriter::add(const ConnRecord& r, const ConnLayout& layout) {
  latest_start_ = std::max(latest_start_, r.ts.ns);
  flush_before(latest_start_ - kReorderMarginNs);
  std::vector<std::string> messages;
  for (size_t i = 0; i < layout.messages.size(); ++i) messages.push_back(message_bytes(layout, i));
  const bool tcp = r.proto == TransportProto::kTcp;
  const uint32_t client = r.orig_h.v4_host_order(), server = r.resp_h.v4_host_order();
  // The site's side of the link has its own MAC, the rest of the world the gateway's: an inbound
  // connection's client is outside.
  const bool client_inside = (client >> 24) == 10;
  const gencap::MacAddr client_mac = client_inside ? host_mac(client) : kGatewayMac;
  const gencap::MacAddr server_mac = client_inside ? kGatewayMac : host_mac(server);
  const uint64_t h = hash_name(r.uid);
  const uint32_t isn[2] = {static_cast<uint32_t>(h), static_cast<uint32_t>(h >> 32)};
  uint16_t ip_id[2] = {static_cast<uint16_t>(h >> 7), static_cast<uint16_t>(h >> 23)};
  uint8_t frame[gencap::kMaxFrame];
  for (const Packet& p : packets_of(layout, r.proto)) {
    const bool s = p.from_server;
    gencap::L3Header l3;
    l3.src_mac = s ? server_mac : client_mac;
    l3.dst_mac = s ? client_mac : server_mac;
    l3.src4 = s ? server : client;
    l3.dst4 = s ? client : server;
    l3.ttl = s ? 52 : 128;
    l3.ip_id = ip_id[s]++;
    l3.protocol = tcp ? gencap::kProtoTcp : gencap::kProtoUdp;
    const size_t l4 = gencap::begin_frame(frame, l3);
    const uint16_t sport = s ? r.resp_p : r.orig_p, dport = s ? r.orig_p : r.resp_p;
    size_t header;
    if (tcp) {
      const bool syn = p.tcp_flags & gencap::kTcpSyn;
      const uint32_t seq = syn ? isn[s] : isn[s] + 1 + p.seq_off;
      const uint32_t ack = (p.tcp_flags & gencap::kTcpAck) ? isn[!s] + 1 + p.ack_off : 0;
      header = gencap::write_tcp_header(frame + l4, sport, dport, seq, ack, p.tcp_flags, kWindow, nullptr, 0);
    } else {
      header = gencap::write_udp_header(frame + l4, sport, dport, p.len);
    }
    if (p.msg >= 0) std::memcpy(frame + l4 + header, messages[static_cast<size_t>(p.msg)].data() + p.msg_off, p.len);
    const size_t len = gencap::finish_frame(frame, l3, l4, header + p.len,
                                            tcp ? gencap::kTcpChecksumAt : gencap::kUdpChecksumAt);
    push(r.ts.ns + p.at_ns, frame, len);
  }
}

void CaptureWriter::close() {
  flush_before(std::numeric_limits<int64_t>::max());
  out_.close();
}

}  // namespace vigil::sim
