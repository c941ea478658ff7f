// One synthetic conversation: its endpoints, protocol state and pending packets.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "address_plan.h"
#include "prng.h"

namespace gencap {

enum class FlowKind : uint8_t {
  kTcp,          // handshake, data, FIN/RST/open
  kTcpSynOnly,   // unanswered SYN (scan or dead host)
  kTcpRejected,  // SYN answered by RST-ACK
  kDns,
  kNtp,
  kUdpStream,    // one-way, e.g. syslog
  kIcmpEcho,     // ICMP or ICMPv6 echo, by address family
  kCount,
};

enum class TcpEnd : uint8_t { kFin, kRst, kOpen };

// What the TCP conversation carries; decides exchange counts and sizes.
enum class TcpProfile : uint8_t { kWeb, kInteractive, kMail, kDns, kGeneric };

// One packet to send, computed ahead by a planner. Sequence numbers are fixed
// at planning time because which bytes an ACK covers depends on the order the
// planner chose, not on when the packet is finally written.
struct Step {
  uint64_t delay_ps = 0;  // after this flow's previous packet
  uint32_t seq = 0;       // TCP sequence; ICMP echo sequence; UDP packet index
  uint32_t ack = 0;       // TCP acknowledgement
  uint16_t len = 0;       // payload bytes
  uint8_t flags = 0;      // TCP flags; ICMP type
  bool from_server = false;
};

struct TcpState {
  enum class Phase : uint8_t { kHandshake, kRequest, kResponse, kClose, kDone };
  Phase phase = Phase::kHandshake;
  TcpProfile profile = TcpProfile::kGeneric;
  TcpEnd end = TcpEnd::kFin;
  bool timestamps = false;   // RFC 7323 option on every segment (Linux style)
  uint16_t mss = 1460;       // announced in SYNs
  uint16_t seg_payload = 0;  // full-segment payload: MSS minus options
  uint32_t client_nxt = 0;   // next sequence number each side will send
  uint32_t server_nxt = 0;
  uint32_t client_acked = 0;  // highest client byte the server has ACKed
  uint16_t syn_window[2] = {};
  uint16_t window[2] = {};  // after the handshake, in units of 2^wscale
  uint8_t wscale[2] = {};
  uint32_t ts_base[2] = {};
  uint32_t last_tsval[2] = {};
  uint32_t exchanges_left = 0;
  uint64_t to_send = 0;      // bytes left in the current request or response
  uint32_t cwnd[2] = {10, 10};  // [0] client, [1] server: segments per round, slow start
  bool first_exchange = true;
  uint32_t rounds = 0;       // rounds sent of the current transfer
  uint32_t abort_round = 0;  // for kRst: reset the download after this many rounds (0 = at close)
  // Current application message per side ([0] client, [1] server), so the
  // encoder can lay HTTP or TLS framing over the right bytes.
  uint32_t msg_start[2] = {};
  uint32_t msg_len[2] = {};
  uint32_t msg_index[2] = {};
};

struct DnsState {
  uint16_t txid = 0;
  uint16_t qtype = 1;
  uint8_t name_len = 0;  // qname characters, labels included
  uint8_t answers = 0;
  bool nxdomain = false;
  uint32_t name_seed = 0;
};

// Which client library's ClientHello a TLS flow imitates: its cipher suites,
// extensions and their order are what fingerprints (JA3, JA4) see.
enum class TlsClient : uint8_t { kChrome, kCurl };

// A TLS 1.3 conversation: the first exchange is the handshake (ClientHello;
// ServerHello, ChangeCipherSpec, encrypted handshake records), later ones
// are application-data records.
struct TlsState {
  bool active = false;
  TlsClient client = TlsClient::kChrome;
  bool grease = false;       // RFC 8701 values among ciphers, groups, extensions, versions
  bool alpn_h2 = true;       // ALPN offers h2 before http/1.1; otherwise http/1.1 alone
  uint8_t server_records = 1;  // encrypted handshake records after the ChangeCipherSpec
  std::string server_name;   // SNI; empty when the client connects by address
  uint64_t seed = 0;         // randoms, session id, key shares, GREASE picks, record sizes
};

struct Flow {
  FlowKind kind = FlowKind::kTcp;
  uint8_t protocol = 0;
  bool ipv6 = false;
  Endpoint client;
  Endpoint server;
  MacAddr server_side_mac{};  // gateway or same-segment peer
  uint16_t client_port = 0;   // ICMP: echo identifier
  uint16_t server_port = 0;
  uint16_t vlan = 0;
  uint8_t ttl[2] = {64, 64};  // [0] client-sent, [1] server-sent, as seen here
  uint16_t ip_id[2] = {};
  uint32_t flow_label[2] = {};
  uint64_t rtt_ps = 0;         // capture point to server and back
  uint64_t ps_per_byte = 0;    // path bottleneck: spacing of back-to-back segments
  uint64_t start_ps = 0;
  uint64_t tuple_key = 0;
  uint32_t client_host = 0;
  uint32_t payload_salt = 0;
  uint32_t packets_left = 0;   // datagrams (UDP) or echo requests (ICMP) still to send
  uint32_t packets_sent = 0;
  bool answered = true;        // whether the server replies at all
  Rng rng;
  TcpState tcp;
  DnsState dns;
  TlsState tls;

  std::vector<Step> steps;  // bounded: one planning round at a time
  size_t next_step = 0;

  // Ensures a pending step exists, planning more if needed; false once the
  // flow has nothing left to send.
  bool has_step();
  const Step& step() const { return steps[next_step]; }
  void pop_step() { ++next_step; }
};

// Planners append the next batch of steps; they return false when the flow is over.
bool plan_tcp(Flow& flow);
bool plan_datagram(Flow& flow);

}  // namespace gencap
