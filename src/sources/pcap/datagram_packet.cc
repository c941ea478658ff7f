// UDP and ICMP packet handling, conn_state and connection deadlines, as Zeek defines them.
#include <algorithm>
#include <regex>

#include "sources/pcap/flow_conn.h"

namespace vigil {
namespace {
constexpr Duration kShortTimeout = Duration::seconds(60);  // udp/icmp/unknown, and TCP in its handshake
constexpr Duration kTcpTimeout = Duration::seconds(300);
constexpr Duration kSynTimeout = Duration::seconds(5);
constexpr Duration kSessionTimer = Duration::seconds(6);
}  // namespace

bool udp_packet(FlowMeter::Conn& c, Timestamp ts, const TransportInfo& t, bool checksum_ok, bool is_orig) {
  int side = is_orig ? 0 : 1;
  if (!checksum_ok) {
    if (c.bad_checksums[side].occur()) c.history_always('C', is_orig);
    return false;
  }
  c.last = ts;
  c.history_once('D', is_orig);  // every accepted datagram, even an empty one
  c.size[side] = std::max<int64_t>(c.size[side], 0) + t.payload_len;
  return true;
}

bool icmp_packet(FlowMeter::Conn& c, Timestamp ts, const IpPacket& ip, bool checksum_ok, bool is_orig) {
  if (!checksum_ok) return false;
  int side = is_orig ? 0 : 1;
  c.last = ts;
  c.size[side] = std::max<int64_t>(c.size[side], 0) + (ip.transport_len - 8);
  return ip.transport.size() >= ip.transport_len;  // Zeek counts only fully captured ICMP packets
}

ConnState conn_state_of(const FlowMeter::Conn& c) {
  using S = TcpState;
  if (c.proto == TransportProto::kUdp) {
    bool o = c.size[0] >= 0, r = c.size[1] >= 0;
    return o ? (r ? ConnState::kSF : ConnState::kS0) : (r ? ConnState::kSHR : ConnState::kOTH);
  }
  if (c.proto != TransportProto::kTcp) return ConnState::kOTH;
  S os = c.ep[0].state, rs = c.ep[1].state;
  bool o_inactive = os == S::kInactive || os == S::kPartial;
  bool r_inactive = rs == S::kInactive || rs == S::kPartial;
  if (rs == S::kReset) {
    if (os == S::kSynSent || os == S::kSynAckSent ||
        (os == S::kReset && c.ep[0].size(c.ep[1]) == 0 && c.ep[1].size(c.ep[0]) == 0))
      return ConnState::kREJ;
    return o_inactive ? ConnState::kRSTRH : ConnState::kRSTR;
  }
  if (os == S::kReset) {
    if (!r_inactive) return ConnState::kRSTO;
    static const std::regex kSynThenReset(R"(\^?S[^HAFGIQ]*R.*)");
    return std::regex_match(c.history, kSynThenReset) ? ConnState::kRSTOS0 : ConnState::kOTH;
  }
  if (os == S::kClosed && rs == S::kClosed) return ConnState::kSF;
  if (os == S::kClosed) return r_inactive ? ConnState::kSH : ConnState::kS2;
  if (rs == S::kClosed) return o_inactive ? ConnState::kSHR : ConnState::kS3;
  if (os == S::kSynSent && rs == S::kInactive) return ConnState::kS0;
  if (os == S::kEstablished && rs == S::kEstablished) return ConnState::kS1;
  return ConnState::kOTH;
}

Timestamp FlowMeter::Conn::deadline() const {
  if (proto != TransportProto::kTcp) return last + kShortTimeout;
  Timestamp d = last + (long_timeout ? kTcpTimeout : kShortTimeout);
  const TcpEndpoint& o = ep[0];
  const TcpEndpoint& r = ep[1];
  if (attempt_armed && (o.state == TcpState::kSynSent || o.state == TcpState::kSynAckSent) &&
      r.state == TcpState::kInactive)
    d = std::min(d, attempt_at);
  if (close_complete) d = std::min(d, close_at);
  // Zeek's expire timer runs at start + 5 s, then every 6 s, and removes a connection that has closed
  // (on both sides, or with a reset or a silent peer) once it has been quiet for 5 s.
  bool closed_enough = (o.did_close || r.did_close) &&
                       ((o.did_close && r.did_close) || o.state == TcpState::kReset || r.state == TcpState::kReset ||
                        o.state == TcpState::kInactive || r.state == TcpState::kInactive);
  if (closed_enough) {
    int64_t quiet_from = (last - start).ns;
    int64_t k = quiet_from / kSessionTimer.ns + 1;
    d = std::min(d, start + Duration{kSynTimeout.ns + k * kSessionTimer.ns});
  }
  return d;
}

}  // namespace vigil
