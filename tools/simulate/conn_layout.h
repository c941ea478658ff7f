// ConnLayout: what one simulated connection carries, message by message, and the packets that carry it.
// Both the log records (packet and IP byte counts, duration) and the capture are derived from the same
// packet list, so `vigil convert` of the capture gives back the numbers in conn.log.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/conn_record.h"

namespace vigil::sim {

inline constexpr uint32_t kSegmentPayload = 1460;  // MSS without TCP options
inline constexpr uint32_t kIpTcpHeaders = 40;      // IPv4 + TCP, no options
inline constexpr uint32_t kIpUdpHeaders = 28;

// One application message. `head` holds bytes written at the start of the message (an HTTP head, a whole
// DNS or NTP message); the rest is filler or, for TLS, records laid over filler.
struct Message {
  bool from_server = false;
  uint32_t len = 0;
  int64_t think_ns = 0;  // the sender's delay before it (for a server: on top of the round trip)
  std::string head;
};

// kRaw: the messages' heads and filler as they are (a shell, SSH), with no TLS records laid over them.
enum class AppKind : uint8_t { kTls, kHttp, kDns, kNtp, kRaw };

struct ConnLayout {
  AppKind app = AppKind::kTls;
  int64_t rtt_ns = 50'000'000;
  std::vector<Message> messages;
  std::string sni;       // kTls: the ClientHello's server name
  bool browser = false;  // kTls: a Chrome-like ClientHello rather than a library's (tls_shape.h)
  // The capture ends this long after the connection's first packet (-1: it outlasts the connection):
  // later packets are never seen, so a session still open then has no FIN and Zeek logs it as S1.
  int64_t cut_ns = -1;
};

struct Packet {
  int64_t at_ns = 0;  // after the connection's first packet, in whole microseconds as pcap stores them
  bool from_server = false;
  uint8_t tcp_flags = 0;  // gencap's kTcp* bits; 0 for UDP
  int msg = -1;           // index into messages, -1 for a bare control packet
  uint32_t msg_off = 0;   // where in that message this packet's payload starts
  uint32_t len = 0;
  uint32_t seq_off = 0;   // bytes this side sent before this packet (SYN and FIN excluded)
  uint32_t ack_off = 0;   // bytes of the other side acknowledged
};

// TCP: handshake, the messages in order (segments of at most kSegmentPayload), the client's ACK of the
// last reply, then FIN from the client, FIN-ACK from the server and the last ACK. UDP: one datagram per
// message. Packets after layout.cut_ns are left out.
std::vector<Packet> packets_of(const ConnLayout& layout, TransportProto proto);

// Fills the packet counts, IP bytes, payload bytes, duration, history and conn_state of `r` from
// `packets`: SF for a whole connection, S1 (S2, S3) for one the capture's end left open.
void fill_counts(ConnRecord& r, const std::vector<Packet>& packets, TransportProto proto);

}  // namespace vigil::sim
