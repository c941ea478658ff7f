// ConnectionSeries: the connections of one channel, stored compactly so that months of a channel fit in
// memory and in the history store: each connection is four varints (start as a zig-zag delta from the
// previous start, orig bytes, resp bytes, duration), about 10 bytes instead of 32. Times are kept to the
// microsecond, Zeek's resolution. Appends may come in any order; decode() returns start order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace vigil {

// One connection of a channel: what periodicity, size and duration regularity need.
struct ChannelConnection {
  int64_t start_ns = 0;
  uint64_t orig_bytes = 0;
  uint64_t resp_bytes = 0;
  int64_t duration_ns = 0;
  bool open = false;  // not closed when its log row was written (conn_state S1, S2, S3 or OTH)
  friend bool operator==(const ChannelConnection&, const ChannelConnection&) = default;
};

class ConnectionSeries {
 public:
  void append(const ChannelConnection& c);
  // Folds `other` in (another day of the same channel); the result is in start order.
  void merge(const ConnectionSeries& other);
  // Every connection, in start order (stable for equal starts), times rounded down to the microsecond.
  std::vector<ChannelConnection> decode() const;
  size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  size_t encoded_bytes() const { return bytes_.size(); }
  // Earliest and latest start (ns, to the microsecond); 0 when empty.
  int64_t first_ns() const { return first_us_ * 1000; }
  int64_t last_ns() const { return last_start_us_ * 1000; }
  // Gives back the spare capacity left by appends (call when a channel is complete).
  void shrink() { bytes_.shrink_to_fit(); }

 private:
  void encode_all(std::span<const ChannelConnection> sorted);

  std::vector<uint8_t> bytes_;
  uint32_t count_ = 0;
  bool in_order_ = true;  // every append so far came at or after the previous start
  int64_t last_us_ = 0;  // the previous append's start: the base of the next delta
  int64_t first_us_ = 0, last_start_us_ = 0;
};

}  // namespace vigil
