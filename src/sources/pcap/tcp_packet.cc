// TCP packet handling with Zeek's endpoint state machine, sequence tracking and history letters.
#include <cstdlib>

#include "sources/pcap/flow_conn.h"

namespace vigil {
namespace {

using namespace tcp_flag;
constexpr int32_t kMaxSeqJump = 1'048'576;  // Zeek ignores SYN/RST/ack jumps larger than this
constexpr Duration kAttemptDelay = Duration::seconds(5);
constexpr Duration kCloseDelay = Duration::seconds(5);

bool is_handshake(TcpState s) {
  return s == TcpState::kInactive || s == TcpState::kSynSent || s == TcpState::kSynAckSent;
}

void init_from_syn(TcpEndpoint& e, uint32_t seq, uint32_t end_seq) {
  e.start_seq = seq;
  e.ack_seq = seq;
  e.last_seq = end_seq;
  e.seq_wraps = e.ack_wraps = 0;
  e.data_end = seq + 1;
}

// Zeek's init_endpoint: what this packet tells about the start of the sender's sequence space.
void init_endpoint(TcpEndpoint& e, uint8_t flags, uint32_t seq, uint32_t end_seq) {
  bool syn = flags & kSyn;
  switch (e.state) {
    case TcpState::kInactive:
      if (syn) {
        init_from_syn(e, seq, end_seq);
      } else {  // the SYN was missed: behave as if it came just before this packet
        e.start_seq = static_cast<uint32_t>(seq - 1);
        e.ack_seq = seq - 1;
        e.last_seq = seq;
        e.seq_wraps = e.ack_wraps = 0;
        e.data_end = seq;
      }
      break;
    case TcpState::kSynSent:
    case TcpState::kSynAckSent:
      if (syn && seq != static_cast<uint32_t>(e.start_seq)) init_from_syn(e, seq, end_seq);
      break;
    case TcpState::kEstablished:
    case TcpState::kPartial:
      if (syn) init_from_syn(e, seq, end_seq);
      break;
    case TcpState::kReset:
      if (syn && e.prev_state == TcpState::kInactive) init_from_syn(e, seq, end_seq);
      break;
    case TcpState::kClosed: break;
  }
}

void update_history(FlowMeter::Conn& c, TcpEndpoint& e, uint8_t flags, uint64_t rel_seq, uint32_t len, bool orig) {
  int n = ((flags & kSyn) != 0) + ((flags & kFin) != 0) + ((flags & kRst) != 0);
  if (n >= 2) {
    c.history_once(((flags & kFin) && (flags & kRst)) ? 'I' : 'Q', orig);
  } else if (n == 1) {
    // S and H share one "seen" bit: a new SYN (or SYN-ACK) is noted only at a new sequence number.
    if (flags & kSyn) {
      if (!c.history_seen('S', orig) || rel_seq != e.hist_last_syn) {
        c.mark_seen('S', orig);
        c.history_always((flags & kAck) ? 'H' : 'S', orig);
        e.hist_last_syn = rel_seq;
      }
    } else if (flags & kFin) {
      if (!c.history_seen('F', orig) || rel_seq + len != e.hist_last_fin) {
        c.mark_seen('F', orig);
        c.history_always('F', orig);
        e.hist_last_fin = rel_seq + len;
      }
    } else if (!c.history_seen('R', orig) || rel_seq != e.hist_last_rst) {
      c.mark_seen('R', orig);
      c.history_always('R', orig);
      e.hist_last_rst = rel_seq;
    }
  } else if (len > 0) {
    c.history_once('D', orig);
  } else if (flags & kAck) {
    c.history_once('A', orig);
  }
}

void update_ack_seq(TcpEndpoint& peer, uint32_t ack) {
  int32_t d = seq_delta(ack, peer.ack_seq);
  if (ack == 0 && std::abs(static_cast<int64_t>(d)) > kMaxSeqJump) return;  // a bogus zero ack
  if (d > 0) {
    if (ack < peer.ack_seq) ++peer.ack_wraps;
    peer.ack_seq = ack;
  }
}

// Zeek's update_last_seq; a payload that does not advance the sequence is a retransmission ('T').
void update_last_seq(FlowMeter::Conn& c, TcpEndpoint& e, uint32_t end_seq, uint8_t flags, uint32_t len, bool orig) {
  int32_t d = seq_delta(end_seq, e.last_seq);
  auto advance = [&] {
    if (end_seq < e.last_seq) ++e.seq_wraps;
    e.last_seq = end_seq;
  };
  if ((flags & (kSyn | kRst)) && std::abs(static_cast<int64_t>(d)) > kMaxSeqJump) return;
  if ((flags & kFin) && e.last_seq == static_cast<uint32_t>(e.start_seq + 1)) {
    advance();
  } else if (e.state == TcpState::kReset) {
    return;
  } else if (d > 0) {
    advance();
  } else if (len > 0 && e.retransmits.occur()) {
    c.history_always('T', orig);
  }
}

void connection_closed(FlowMeter::Conn& c, int side) {
  TcpEndpoint& e = c.ep[side];
  TcpEndpoint& peer = c.ep[1 - side];
  if (e.did_close) return;
  e.did_close = true;
  if (e.state == TcpState::kReset || peer.did_close || peer.state == TcpState::kInactive) {
    c.close_complete = true;
    c.close_at = c.last + kCloseDelay;
  }
}

// A FIN closes the sender's side, a RST resets it (both apply, in that order, to a FIN+RST).
void close_or_reset(TcpEndpoint& e, bool fin, bool rst, bool& do_close) {
  if (fin) e.set_state(TcpState::kClosed);
  if (rst) e.set_state(TcpState::kReset);
  do_close = do_close || fin || rst;
}

// Zeek's UpdateStateMachine. Returns whether the sender closed its side with this packet.
bool update_state(FlowMeter::Conn& c, Timestamp ts, uint8_t flags, uint32_t seq, uint32_t len, bool& is_orig) {
  int side = is_orig ? 0 : 1;
  bool syn = flags & kSyn, fin = flags & kFin, rst = flags & kRst, ack = flags & kAck;
  bool do_close = false;
  auto me = [&]() -> TcpEndpoint& { return c.ep[side]; };
  auto peer = [&]() -> TcpEndpoint& { return c.ep[1 - side]; };
  switch (me().state) {
    case TcpState::kInactive:
      if (syn) {
        if (is_orig) {
          me().set_state(ack ? TcpState::kSynAckSent : TcpState::kSynSent);
          if (!c.attempt_armed) {
            c.attempt_armed = true;
            c.attempt_at = ts + kAttemptDelay;
          }
        } else {
          if (!ack && peer().state == TcpState::kSynAckSent && seq == static_cast<uint32_t>(me().start_seq)) {
            // The SYN arrived after its SYN-ACK: the SYN's sender is the originator after all.
            c.flip();
            side = 1 - side;
            is_orig = !is_orig;
            peer().set_state(TcpState::kEstablished);
          }
          if (peer().state == TcpState::kSynSent) peer().set_state(TcpState::kEstablished);
          me().set_state(TcpState::kEstablished);
        }
      }
      close_or_reset(me(), fin, rst, do_close);
      if (me().state == TcpState::kInactive) {
        if (!is_orig && len == 0 && peer().state == TcpState::kSynSent) {
          // an early ACK for a SYN: still waiting
        } else if (ack && peer().state == TcpState::kEstablished) {
          me().set_state(TcpState::kEstablished);
        } else {
          me().set_state(TcpState::kPartial);
        }
      }
      break;
    case TcpState::kSynSent:
    case TcpState::kSynAckSent:
      close_or_reset(me(), fin, rst, do_close);
      break;
    case TcpState::kEstablished:
    case TcpState::kPartial:
      if (syn && me().state == TcpState::kPartial && peer().state == TcpState::kInactive && !ack)
        me().set_state(TcpState::kSynSent);
      if (fin && !rst) {
        me().set_state(TcpState::kClosed);
        if (peer().state == TcpState::kReset && peer().prev_state == TcpState::kClosed)
          peer().set_state(TcpState::kClosed);
        do_close = true;
      } else if (rst) {
        me().set_state(TcpState::kReset);
        do_close = true;
      }
      break;
    case TcpState::kClosed:
      if (rst && peer().state != TcpState::kClosed) {
        me().set_state(TcpState::kReset);
        if (!me().did_close) do_close = true;
      }
      break;
    case TcpState::kReset: break;
  }
  if (!is_handshake(c.ep[0].state) || !is_handshake(c.ep[1].state)) c.long_timeout = true;
  if (do_close) connection_closed(c, side);
  return do_close;
}

}  // namespace

// Gaps count only while both sides are in a clean, established exchange (Zeek's rule for content_gap).
bool clean(const TcpEndpoint& e) {
  return e.state == TcpState::kEstablished ||
         (e.state == TcpState::kClosed && e.prev_state == TcpState::kEstablished);
}

void note_data(TcpEndpoint& e, uint32_t seq, uint32_t len) {
  if (seq_delta(seq, e.data_end) <= 0 && seq_delta(seq + len, e.data_end) > 0) e.data_end = seq + len;
}

// The peer acknowledged `ack` of `owner`'s data: what lies between the data seen and the ack was missed.
void note_ack(FlowMeter::Conn& c, int owner_side, uint32_t ack) {
  TcpEndpoint& owner = c.ep[owner_side];
  if (owner.fin_count > 0 && seq_delta(ack, owner.last_seq) >= 0) ack = owner.last_seq - 1;  // the FIN's octet
  int32_t d = seq_delta(ack, owner.data_end);
  if (d <= 0 || d > (1 << 30)) return;
  if (clean(c.ep[0]) && clean(c.ep[1])) {
    c.missed_bytes += static_cast<uint32_t>(d);
    if (owner.gaps.occur()) c.history_always('G', owner_side == 0);
  }
  owner.data_end = ack;
}

bool tcp_packet(FlowMeter::Conn& c, Timestamp ts, const IpPacket& ip, const TransportInfo& t, bool checksum_ok,
                bool& is_orig) {
  int side = is_orig ? 0 : 1;
  if (!checksum_ok) {
    if (c.ep[side].bad_checksums.occur()) c.history_always('C', is_orig);
    return false;
  }
  uint8_t flags = t.flags;
  uint32_t len = t.payload_len;
  uint32_t seg_len = len + ((flags & kSyn) ? 1 : 0) + ((flags & kFin) ? 1 : 0);
  if (flags & kRst) seg_len -= len;  // a RST's payload takes no sequence space
  uint32_t end_seq = t.seq + seg_len;

  TcpEndpoint& e = c.ep[side];
  TcpEndpoint& peer = c.ep[1 - side];
  init_endpoint(e, flags, t.seq, end_seq);
  uint64_t rel_seq = static_cast<uint32_t>(t.seq - static_cast<uint32_t>(e.start_seq));
  update_history(c, e, flags, rel_seq, len, is_orig);
  if (t.window == 0 && !(flags & kRst) && e.state != TcpState::kReset && peer.state != TcpState::kClosed &&
      e.zero_windows.occur())
    c.history_always('W', is_orig);
  if (!(c.ep[0].did_close && c.ep[1].did_close)) c.last = ts;
  if (flags & kFin) ++e.fin_count;
  if (flags & kAck) {
    if (peer.state == TcpState::kInactive) {
      peer.start_seq = static_cast<uint32_t>(t.ack - 1);
      peer.ack_seq = peer.last_seq = t.ack - 1;
      peer.seq_wraps = peer.ack_wraps = 0;
    } else if (!(flags & kRst)) {
      update_ack_seq(peer, t.ack);
    }
  }
  update_last_seq(c, e, end_seq, flags, len, is_orig);
  update_state(c, ts, flags, t.seq, len, is_orig);
  int sender = is_orig ? 0 : 1;  // after a possible flip
  if ((flags & kAck) && !(flags & kRst)) note_ack(c, 1 - sender, t.ack);
  // Zeek's reassembler gets only whole segments: a payload cut by the snap length becomes a gap.
  if (len > 0 && !(flags & kRst) && ip.transport.size() >= ip.transport_len)
    note_data(c.ep[sender], t.seq + ((flags & kSyn) ? 1 : 0), len);
  return true;
}

bool tcp_is_reuse(const FlowMeter::Conn& c, const TransportInfo& t) {
  if (!(t.flags & kSyn)) return false;
  int c_orig = 0;
  if (t.flags & kAck) {
    if (c.ep[0].state != TcpState::kInactive) return false;
    c_orig = 1;
  }
  if (c.ep[0].did_close || c.ep[1].did_close) return true;
  if (t.seq == static_cast<uint32_t>(c.ep[c_orig].start_seq)) return false;  // a retransmitted SYN
  if (!(t.flags & kAck) && c.ep[c_orig].state == TcpState::kSynAckSent && c.ep[1].state == TcpState::kInactive &&
      t.seq == static_cast<uint32_t>(c.ep[1].start_seq))
    return false;  // the SYN behind its SYN-ACK: handled by the flip
  return true;
}

}  // namespace vigil
