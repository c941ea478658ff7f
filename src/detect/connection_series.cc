// ConnectionSeries: LEB128 varints; start deltas zig-zag coded so that out-of-order appends cost no more.
#include "detect/connection_series.h"

#include <algorithm>

namespace vigil {
namespace {

constexpr int64_t kNsPerUs = 1000;

void put_varint(std::vector<uint8_t>& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<uint8_t>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<uint8_t>(v));
}

// Reads one varint at `at`; the bytes were written by put_varint, so the input is trusted.
uint64_t get_varint(const uint8_t*& at) {
  uint64_t v = 0;
  for (int shift = 0;; shift += 7) {
    uint8_t b = *at++;
    v |= static_cast<uint64_t>(b & 0x7f) << shift;
    if (!(b & 0x80)) return v;
  }
}

uint64_t zigzag(int64_t v) { return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63); }
int64_t unzigzag(uint64_t v) { return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1); }

// Floor division, so that negative times round the same way as positive ones.
int64_t to_us(int64_t ns) { return ns / kNsPerUs - (ns % kNsPerUs < 0 ? 1 : 0); }

uint64_t clamp_non_negative(int64_t v) { return v < 0 ? 0 : static_cast<uint64_t>(v); }

bool by_start(const ChannelConnection& a, const ChannelConnection& b) { return a.start_ns < b.start_ns; }

}  // namespace

void ConnectionSeries::append(const ChannelConnection& c) {
  int64_t start_us = to_us(c.start_ns);
  if (count_ > 0 && start_us < last_us_) in_order_ = false;
  first_us_ = count_ ? std::min(first_us_, start_us) : start_us;
  last_start_us_ = count_ ? std::max(last_start_us_, start_us) : start_us;
  put_varint(bytes_, zigzag(start_us - (count_ ? last_us_ : 0)));
  put_varint(bytes_, c.orig_bytes);
  put_varint(bytes_, c.resp_bytes);
  // The open flag rides in the duration's lowest bit: one varint, no byte more for most connections.
  put_varint(bytes_, clamp_non_negative(c.duration_ns) / kNsPerUs << 1 | (c.open ? 1u : 0u));
  last_us_ = start_us;
  ++count_;
}

std::vector<ChannelConnection> ConnectionSeries::decode() const {
  std::vector<ChannelConnection> out(count_);
  const uint8_t* at = bytes_.data();
  int64_t start_us = 0;
  for (ChannelConnection& c : out) {
    start_us += unzigzag(get_varint(at));
    c.start_ns = start_us * kNsPerUs;
    c.orig_bytes = get_varint(at);
    c.resp_bytes = get_varint(at);
    uint64_t duration = get_varint(at);
    c.duration_ns = static_cast<int64_t>(duration >> 1) * kNsPerUs;
    c.open = duration & 1u;
  }
  if (!in_order_) std::stable_sort(out.begin(), out.end(), by_start);
  return out;
}

void ConnectionSeries::merge(const ConnectionSeries& other) {
  std::vector<ChannelConnection> all = decode();
  std::vector<ChannelConnection> theirs = other.decode();
  size_t middle = all.size();
  all.insert(all.end(), theirs.begin(), theirs.end());
  std::inplace_merge(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(middle), all.end(), by_start);
  encode_all(all);
}

void ConnectionSeries::encode_all(std::span<const ChannelConnection> sorted) {
  bytes_.clear();
  count_ = 0;
  in_order_ = true;
  last_us_ = 0;
  for (const ChannelConnection& c : sorted) append(c);
}

}  // namespace vigil
