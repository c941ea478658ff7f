// TcpReassembler: the payload of one direction of a TCP connection, handed on in sequence order.
//
// Application analyzers (DNS over TCP, TLS, HTTP) need a byte stream, not segments. Segments that arrive
// early wait in a bounded buffer; retransmitted and overlapping bytes are handed on once (the first copy
// wins, as in Zeek's reassembler); bytes that never came are reported as a gap of their length, so an
// analyzer can skip a body it was only counting or give up on a head it cannot finish.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace vigil {

// Receives one direction's stream.
class StreamConsumer {
 public:
  virtual ~StreamConsumer() = default;
  virtual void data(std::span<const uint8_t> bytes) = 0;
  virtual void gap(uint64_t len) = 0;
};

class TcpReassembler {
 public:
  // Bytes waiting for a hole to fill are bounded: beyond this the hole is declared a gap.
  static constexpr size_t kMaxBuffered = 64 * 1024;
  // A segment this far beyond the stream is not believed (a bogus sequence number), and dropped.
  static constexpr int64_t kMaxAhead = 1 << 24;

  // The stream's first byte will have sequence number `seq` (the ISN + 1, known from a SYN).
  void expect(uint32_t seq);
  // A segment's payload, whose first byte has sequence number `seq`.
  void segment(uint32_t seq, std::span<const uint8_t> payload, StreamConsumer& out);
  // The end of the connection: what still waits is handed on, holes as gaps.
  void finish(StreamConsumer& out);

  bool started() const { return started_; }
  size_t buffered() const { return buffered_; }

 private:
  struct Pending {
    uint64_t offset;  // from the stream's first byte
    std::vector<uint8_t> bytes;
  };
  void deliver(uint64_t offset, std::span<const uint8_t> bytes, StreamConsumer& out);
  void drain(StreamConsumer& out);
  void flush_holes(StreamConsumer& out);

  bool started_ = false;
  uint32_t base_seq_ = 0;   // sequence number of stream offset 0
  uint64_t next_ = 0;       // offset of the next byte to hand on
  std::vector<Pending> pending_;  // sorted by offset
  size_t buffered_ = 0;
};

}  // namespace vigil
