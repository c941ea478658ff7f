// TcpEndpoint::size: payload bytes from the sequence space, as Zeek computes orig_bytes/resp_bytes.
#include "sources/pcap/tcp_endpoint.h"

namespace vigil {

uint64_t TcpEndpoint::size(const TcpEndpoint& peer) const {
  // A SYN answered only by a RST whose ack claimed data: Zeek reports nothing sent.
  if (prev_state == TcpState::kSynSent && state == TcpState::kReset && peer.state == TcpState::kInactive &&
      (uint64_t{ack_wraps} << 32) + ack_seq > static_cast<uint64_t>(start_seq) + 1)
    return 0;
  uint64_t last = (uint64_t{seq_wraps} << 32) + last_seq;
  uint64_t acked = (uint64_t{ack_wraps} << 32) + ack_seq;
  uint64_t size = (last > acked ? last : acked) - static_cast<uint64_t>(start_seq);
  if (size != 0) --size;                   // the SYN's sequence number
  if (fin_count > 0 && size != 0) --size;  // the FIN's
  return size;
}

}  // namespace vigil
