// TcpEndpoint: one side of a TCP connection as Zeek tracks it (state, sequence space, history counters).
#pragma once

#include <cstdint>

namespace vigil {

enum class TcpState : uint8_t { kInactive, kSynSent, kSynAckSent, kPartial, kEstablished, kClosed, kReset };

// A history letter recorded at the 1st, 10th, 100th ... occurrence (Zeek's scaled history entries).
struct ScaledLetter {
  uint32_t count = 0;
  uint32_t threshold = 1;
  // True when this occurrence should append the letter.
  bool occur() {
    if (++count != threshold) return false;
    if (threshold <= UINT32_MAX / 10) threshold *= 10;
    else count = 0;
    return true;
  }
};

struct TcpEndpoint {
  TcpState state = TcpState::kInactive;
  TcpState prev_state = TcpState::kInactive;
  bool did_close = false;
  uint32_t fin_count = 0;
  int64_t start_seq = 0;
  uint32_t last_seq = 0;
  uint32_t ack_seq = 0;  // the highest ack the peer sent for this side's data
  uint32_t seq_wraps = 0;
  uint32_t ack_wraps = 0;
  uint64_t hist_last_syn = 0, hist_last_fin = 0, hist_last_rst = 0;
  ScaledLetter retransmits, zero_windows, bad_checksums, gaps;
  // Sequence number just past the contiguous data seen so far: data the peer acks beyond it was never
  // captured (a content gap, Zeek's missed_bytes).
  uint32_t data_end = 0;

  void set_state(TcpState s) {
    if (s == state) return;
    prev_state = state;
    state = s;
  }
  // Payload bytes this side sent, from sequence numbers and the peer's acks (Zeek's TCP_Endpoint::Size).
  uint64_t size(const TcpEndpoint& peer) const;
};

// Signed difference of two 32-bit sequence numbers.
inline int32_t seq_delta(uint32_t a, uint32_t b) { return static_cast<int32_t>(a - b); }

}  // namespace vigil
