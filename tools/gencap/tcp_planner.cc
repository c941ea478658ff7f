// Plans TCP conversations: handshake, request/response rounds with ACKs, teardown.
#include <algorithm>

#include "flow.h"
#include "frame_builder.h"
#include "payload.h"
#include "tls_framing.h"

namespace gencap {
namespace {

constexpr uint64_t kUs = 1'000'000;  // picoseconds per microsecond
constexpr uint64_t kMs = 1000 * kUs;
constexpr uint32_t kMaxCwnd = 64;  // segments; stays below the advertised windows

using Phase = TcpState::Phase;

void push(Flow& f, uint64_t delay, bool from_server, uint8_t flags, uint32_t seq, uint32_t ack,
          uint16_t len = 0) {
  Step s;
  s.delay_ps = delay;
  s.from_server = from_server;
  s.flags = flags;
  s.seq = seq;
  s.ack = ack;
  s.len = len;
  f.steps.push_back(s);
}

// The capture sits next to the client, so the client's reactions (ACKs,
// next request) follow within microseconds while the server's follow one
// round trip later.
uint64_t client_reaction(Flow& f) { return f.rng.log_uniform(10 * kUs, 200 * kUs); }
uint64_t client_ack_delay(Flow& f) { return f.rng.log_uniform(5 * kUs, 40 * kUs); }
uint64_t server_processing(Flow& f) { return f.rng.log_uniform(50 * kUs, 20 * kMs); }
uint64_t serialization(const Flow& f, uint64_t bytes) { return bytes * f.ps_per_byte; }

uint64_t request_size(Flow& f) {
  // A TLS flow's first request is its ClientHello (msg_index counts the messages begun so far).
  if (f.tls.active && f.tcp.msg_index[0] == 0) return tls_client_hello_len(f.tls);
  switch (f.tcp.profile) {
    case TcpProfile::kInteractive: return f.rng.log_uniform(36, 300);
    case TcpProfile::kDns: return 2u + dns_query_len(f.dns);  // RFC 1035 length prefix
    case TcpProfile::kMail:
      // Commands, then the message body as the last "request".
      return f.tcp.exchanges_left == 1 ? f.rng.pareto(2000, 4 << 20) : f.rng.range(10, 120);
    default: return f.rng.range(100, 800);
  }
}

uint64_t response_size(Flow& f) {
  if (f.tls.active && f.tcp.msg_index[1] == 0) return tls_server_flight_len(f.tls);
  switch (f.tcp.profile) {
    case TcpProfile::kInteractive: return f.rng.log_uniform(36, 1500);
    case TcpProfile::kDns: return 2u + dns_response_len(f.dns);
    case TcpProfile::kMail: return f.rng.range(20, 120);
    default:
      // Some requests get no body back (e.g. 204, a bare ACK); the rest are
      // heavy-tailed up to a few MB.
      if (f.rng.chance(50'000)) return 0;
      return f.rng.pareto(800, 6 << 20);
  }
}

uint64_t think_time(Flow& f) {
  if (f.tcp.profile == TcpProfile::kInteractive) return f.rng.log_uniform(2 * kMs, 300 * kMs);
  return f.rng.log_uniform(200 * kUs, 300 * kMs);
}

// Starts the next request or response: the bytes a side sends from now on.
void begin_message(TcpState& t, bool from_server, uint64_t len) {
  const int side = from_server ? 1 : 0;
  t.to_send = len;
  t.msg_start[side] = from_server ? t.server_nxt : t.client_nxt;
  t.msg_len[side] = static_cast<uint32_t>(len);
  ++t.msg_index[side];
}

void plan_handshake(Flow& f) {
  TcpState& t = f.tcp;
  const uint32_t client_isn = t.client_nxt;
  const uint32_t server_isn = t.server_nxt;
  push(f, 0, false, kTcpSyn, client_isn, 0);
  t.client_nxt = client_isn + 1;
  if (f.kind == FlowKind::kTcpSynOnly) {
    t.phase = Phase::kDone;
    return;
  }
  if (f.kind == FlowKind::kTcpRejected) {
    // A closed port answers with RST-ACK, sequence 0, acknowledging the SYN.
    push(f, f.rtt_ps, true, kTcpRst | kTcpAck, 0, t.client_nxt);
    t.phase = Phase::kDone;
    return;
  }
  push(f, f.rtt_ps, true, kTcpSyn | kTcpAck, server_isn, t.client_nxt);
  t.server_nxt = server_isn + 1;
  push(f, client_reaction(f), false, kTcpAck, t.client_nxt, t.server_nxt);
  t.client_acked = t.client_nxt;
  t.phase = Phase::kRequest;
  begin_message(t, false, request_size(f));
}

// One congestion-window round of a transfer. Data the client receives is
// ACKed by the client right away, every second segment; data the server
// receives is ACKed one round trip after the client sent it.
void plan_round(Flow& f, bool from_server, uint64_t first_delay, bool response_follows) {
  TcpState& t = f.tcp;
  uint32_t& sender_nxt = from_server ? t.server_nxt : t.client_nxt;
  const uint32_t receiver_nxt = from_server ? t.client_nxt : t.server_nxt;
  const uint32_t round_start = sender_nxt;
  uint32_t& cwnd = t.cwnd[from_server ? 1 : 0];
  const auto segments = static_cast<uint32_t>(
      std::min<uint64_t>(cwnd, (t.to_send + t.seg_payload - 1) / t.seg_payload));
  uint64_t delay = first_delay;
  uint32_t unacked = 0;
  for (uint32_t i = 0; i < segments; ++i) {
    const auto len = static_cast<uint16_t>(std::min<uint64_t>(t.seg_payload, t.to_send));
    t.to_send -= len;
    const bool last = t.to_send == 0;
    push(f, delay, from_server, static_cast<uint8_t>(kTcpAck | (last ? kTcpPsh : 0)), sender_nxt,
         receiver_nxt, len);
    sender_nxt += len;
    delay = serialization(f, len + 66u);
    if (from_server && (++unacked == 2 || last)) {
      push(f, client_ack_delay(f), false, kTcpAck, t.client_nxt, t.server_nxt);
      unacked = 0;
      delay = serialization(f, len);  // next segment was already behind this one
    }
  }
  if (!from_server) {
    // Server ACKs for what the client just sent, every second segment. A
    // lone request is not ACKed on its own when the reply will carry the ACK.
    const bool piggyback = t.to_send == 0 && response_follows && segments == 1;
    uint32_t acked = round_start;
    uint64_t ack_delay = f.rtt_ps;
    for (uint32_t i = 0; i < segments && !piggyback; ++i) {
      const auto len = static_cast<uint32_t>(std::min<uint64_t>(t.seg_payload, sender_nxt - acked));
      acked += len;
      if (i % 2 == 1 || i + 1 == segments) {
        push(f, ack_delay, true, kTcpAck, t.server_nxt, acked);
        t.client_acked = acked;
        ack_delay = serialization(f, 2u * t.seg_payload);
      }
      // Only the first ACK waits a full round trip; the others follow at the
      // pace the data left.
    }
  }
  cwnd = std::min(kMaxCwnd, cwnd * 2);
  ++t.rounds;
}

// Delay before the first segment of the next round (the previous round is
// still in f.steps): what is left of a round trip after that round's packets.
uint64_t next_round_delay(const Flow& f) {
  uint64_t spent = 0;
  for (size_t i = 1; i < f.steps.size(); ++i) spent += f.steps[i].delay_ps;
  return f.rtt_ps > spent ? f.rtt_ps - spent : serialization(f, 1500);
}

void plan_close(Flow& f) {
  TcpState& t = f.tcp;
  if (t.end == TcpEnd::kOpen) {
    t.phase = Phase::kDone;  // idle keep-alive connection: nothing more is seen
    return;
  }
  const bool by_client = f.rng.chance(600'000);
  const uint64_t linger = f.rng.log_uniform(100 * kUs, 100 * kMs);
  if (t.end == TcpEnd::kRst) {
    // Abortive close (SO_LINGER 0, killed process, middlebox).
    if (by_client) {
      push(f, linger, false, kTcpRst | kTcpAck, t.client_nxt, t.server_nxt);
    } else {
      push(f, linger, true, kTcpRst | kTcpAck, t.server_nxt, t.client_nxt);
    }
    t.phase = Phase::kDone;
    return;
  }
  uint32_t& a_nxt = by_client ? t.client_nxt : t.server_nxt;
  uint32_t& b_nxt = by_client ? t.server_nxt : t.client_nxt;
  // Whoever answers from the far side answers one round trip later.
  const uint64_t b_reacts = by_client ? f.rtt_ps : client_reaction(f);
  const uint64_t a_reacts = by_client ? client_reaction(f) : f.rtt_ps;
  push(f, linger, !by_client, kTcpFin | kTcpAck, a_nxt, b_nxt);
  ++a_nxt;
  if (f.rng.chance(700'000)) {
    // FIN-ACK, FIN-ACK, ACK: the peer closes at once.
    push(f, b_reacts, by_client, kTcpFin | kTcpAck, b_nxt, a_nxt);
  } else {
    // The peer first ACKs, then closes when its application does.
    push(f, b_reacts, by_client, kTcpAck, b_nxt, a_nxt);
    push(f, f.rng.log_uniform(20 * kUs, 5 * kMs), by_client, kTcpFin | kTcpAck, b_nxt, a_nxt);
  }
  ++b_nxt;
  push(f, a_reacts, !by_client, kTcpAck, a_nxt, b_nxt);
  t.phase = Phase::kDone;
}

}  // namespace

bool plan_tcp(Flow& f) {
  TcpState& t = f.tcp;
  switch (t.phase) {
    case Phase::kHandshake:
      plan_handshake(f);
      return true;
    case Phase::kRequest: {
      // First request right after the handshake; later ones after think time.
      const uint64_t delay = t.rounds != 0       ? next_round_delay(f)
                             : t.first_exchange ? client_reaction(f)
                                                : think_time(f);
      t.first_exchange = false;
      f.steps.clear();
      f.next_step = 0;
      plan_round(f, false, delay, true);
      if (t.to_send == 0) {
        t.phase = Phase::kResponse;
        begin_message(t, true, response_size(f));
        t.rounds = 0;
      }
      return true;
    }
    case Phase::kResponse: {
      const bool all_acked = t.client_acked == t.client_nxt;
      const uint64_t delay = t.rounds == 0
                                 ? (all_acked ? 0 : f.rtt_ps) + server_processing(f)
                                 : next_round_delay(f);
      f.steps.clear();
      f.next_step = 0;
      if (t.to_send == 0) {
        // Nothing to return: the request still needs its ACK.
        if (!all_acked) {
          push(f, delay, true, kTcpAck, t.server_nxt, t.client_nxt);
          t.client_acked = t.client_nxt;
        }
      } else if (t.end == TcpEnd::kRst && t.exchanges_left == 1 && t.abort_round != 0 &&
                 t.rounds == t.abort_round) {
        // The client gives up on a long download mid-way.
        push(f, client_reaction(f), false, kTcpRst | kTcpAck, t.client_nxt, t.server_nxt);
        t.phase = Phase::kDone;
        return true;
      } else {
        plan_round(f, true, delay, false);
        t.client_acked = t.client_nxt;
        if (t.to_send != 0) return true;
      }
      t.rounds = 0;
      if (--t.exchanges_left == 0) {
        t.phase = Phase::kClose;
      } else {
        t.phase = Phase::kRequest;
        begin_message(t, false, request_size(f));
      }
      return true;
    }
    case Phase::kClose:
      f.steps.clear();
      f.next_step = 0;
      plan_close(f);
      return true;
    case Phase::kDone:
      return false;
  }
  return false;
}

}  // namespace gencap
