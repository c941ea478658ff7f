// FlowMeter::Conn: the live state of one connection, and the per-protocol packet handlers.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sources/pcap/app_session.h"
#include "sources/pcap/flow_meter.h"

namespace vigil {

struct FlowMeter::Conn {
  FlowKey key;
  uint64_t key_hash = 0;
  Timestamp expires;  // deadline(), refreshed after every packet of this connection
  IpAddr orig_h, resp_h;
  uint16_t orig_p = 0, resp_p = 0;
  uint8_t ip_proto = 0;
  TransportProto proto = TransportProto::kUnknown;
  uint64_t uid_number = 0;
  Timestamp start, last;
  uint64_t pkts[2] = {0, 0};
  uint64_t ip_bytes[2] = {0, 0};
  std::string history;
  uint64_t hist_seen = 0;  // one bit per letter and direction: a letter recorded once is not repeated

  TcpEndpoint ep[2];               // [0] originator, [1] responder
  int64_t size[2] = {-1, -1};      // UDP/ICMP payload bytes; -1 until the side sends
  ScaledLetter bad_checksums[2];   // UDP
  uint64_t missed_bytes = 0;       // TCP content gaps, both directions
  bool long_timeout = false;       // TCP left its handshake: 5 min instead of 1 min
  bool attempt_armed = false;
  Timestamp attempt_at;
  bool close_complete = false;
  Timestamp close_at;
  std::vector<std::string> tunnel_parents;  // uids of the tunnels that carried it (Zeek's tunnel_parents)
  // The originator's message starts (payload after a silence of ConnRecord::kMessageGapNs), and its last payload.
  std::vector<int64_t> client_messages;
  Timestamp last_client_payload;
  // Application analysis: undecided until the first TCP payload shows what the connection speaks.
  enum class AppMode : uint8_t { kNone, kUndecided, kActive } app_mode = AppMode::kNone;
  uint8_t app_probes = 0;  // payload segments looked at while undecided
  std::unique_ptr<AppSession> app;
  std::string_view app_service;  // conn.log's service, kept when the analyzer is let go (a literal)

  // Appends `letter` (upper case for the originator) unless it was recorded for that side already.
  void history_once(char upper, bool orig) {
    uint64_t bit = uint64_t{1} << ((upper - 'A') + (orig ? 0 : 32));
    if (hist_seen & bit) return;
    hist_seen |= bit;
    history += orig ? upper : static_cast<char>(upper - 'A' + 'a');
  }
  void history_always(char upper, bool orig) { history += orig ? upper : static_cast<char>(upper - 'A' + 'a'); }
  bool history_seen(char upper, bool orig) const {
    return hist_seen & (uint64_t{1} << ((upper - 'A') + (orig ? 0 : 32)));
  }
  void mark_seen(char upper, bool orig) { hist_seen |= uint64_t{1} << ((upper - 'A') + (orig ? 0 : 32)); }

  // Zeek's Connection::FlipRoles: swap the sides, note '^'. Letters already written keep their case.
  void flip() {
    std::swap(orig_h, resp_h);
    std::swap(orig_p, resp_p);
    std::swap(ep[0], ep[1]);
    std::swap(pkts[0], pkts[1]);
    std::swap(ip_bytes[0], ip_bytes[1]);
    std::swap(size[0], size[1]);
    std::swap(bad_checksums[0], bad_checksums[1]);
    client_messages.clear();  // they were the other side's (flips come before any payload but in contrived traces)
    last_client_payload = Timestamp{};
    history += '^';
    // An analyzer fed before the roles changed has its sides the wrong way round: it is dropped. Flips
    // come with the first packets, before any payload, in all but contrived traces.
    if (app_mode == AppMode::kActive && app) {
      app.reset();
      app_mode = AppMode::kNone;
    }
  }
  // When this connection is removed if no packet comes first.
  Timestamp deadline() const;
};

// Per-protocol packet handling. `is_orig` says which side sent the packet; it may change when the TCP
// handler flips the roles. Each returns false when the packet is not counted (bad checksum).
bool tcp_packet(FlowMeter::Conn& c, Timestamp ts, const IpPacket& ip, const TransportInfo& t, bool checksum_ok,
                bool& is_orig);
bool udp_packet(FlowMeter::Conn& c, Timestamp ts, const TransportInfo& t, bool checksum_ok, bool is_orig);
bool icmp_packet(FlowMeter::Conn& c, Timestamp ts, const IpPacket& ip, bool checksum_ok, bool is_orig);
// Zeek's TCP IsReuse: a SYN that starts a new connection on the same 5-tuple.
bool tcp_is_reuse(const FlowMeter::Conn& c, const TransportInfo& t);
ConnState conn_state_of(const FlowMeter::Conn& c);

}  // namespace vigil
