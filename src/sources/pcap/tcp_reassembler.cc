// TcpReassembler: in-order delivery with a bounded out-of-order buffer and explicit gaps.
#include "sources/pcap/tcp_reassembler.h"

#include <algorithm>

namespace vigil {

void TcpReassembler::expect(uint32_t seq) {
  if (started_) return;
  started_ = true;
  base_seq_ = seq;
  next_ = 0;
}

void TcpReassembler::segment(uint32_t seq, std::span<const uint8_t> payload, StreamConsumer& out) {
  if (payload.empty()) return;
  if (!started_) expect(seq);
  // Offsets are 64-bit, found from the 32-bit sequence number nearest to the stream's current position.
  int64_t delta = static_cast<int32_t>(seq - static_cast<uint32_t>(base_seq_ + next_));
  if (delta > kMaxAhead) return;
  if (delta < 0 && static_cast<uint64_t>(-delta) > next_) return;  // before the stream began
  uint64_t offset = static_cast<uint64_t>(static_cast<int64_t>(next_) + delta);
  if (offset + payload.size() <= next_) return;  // all of it handed on already
  if (offset <= next_) {
    deliver(offset, payload, out);
    drain(out);
    return;
  }
  if (buffered_ + payload.size() > kMaxBuffered) {
    flush_holes(out);  // everything waiting goes on, its holes as gaps; then this segment
    if (offset > next_) {
      out.gap(offset - next_);
      next_ = offset;
    }
    deliver(offset, payload, out);
    return;
  }
  auto at = std::upper_bound(pending_.begin(), pending_.end(), offset,
                             [](uint64_t o, const Pending& p) { return o < p.offset; });
  pending_.insert(at, Pending{offset, std::vector<uint8_t>(payload.begin(), payload.end())});
  buffered_ += payload.size();
}

void TcpReassembler::deliver(uint64_t offset, std::span<const uint8_t> bytes, StreamConsumer& out) {
  uint64_t skip = next_ - offset;  // the part handed on before (the first copy wins)
  if (skip >= bytes.size()) return;
  bytes = bytes.subspan(static_cast<size_t>(skip));
  next_ += bytes.size();
  out.data(bytes);
}

void TcpReassembler::drain(StreamConsumer& out) {
  size_t used = 0;
  while (used < pending_.size() && pending_[used].offset <= next_) {
    deliver(pending_[used].offset, pending_[used].bytes, out);
    buffered_ -= pending_[used].bytes.size();
    ++used;
  }
  pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(used));
}

void TcpReassembler::flush_holes(StreamConsumer& out) {
  std::vector<Pending> waiting = std::move(pending_);
  pending_.clear();
  buffered_ = 0;
  for (Pending& p : waiting) {
    if (p.offset > next_) {
      out.gap(p.offset - next_);
      next_ = p.offset;
    }
    deliver(p.offset, p.bytes, out);
  }
}

void TcpReassembler::finish(StreamConsumer& out) { flush_holes(out); }

}  // namespace vigil
