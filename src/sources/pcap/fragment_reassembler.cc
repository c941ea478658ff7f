// Fragment reassembly: byte ranges per datagram; the first copy of overlapping bytes wins.
#include "sources/pcap/fragment_reassembler.h"

#include <algorithm>
#include <cstring>

namespace vigil {
namespace {
constexpr uint32_t kMaxDatagram = 65535;
constexpr size_t kMaxPending = 65536;          // a flood of lone fragments must not grow memory without bound
constexpr size_t kMaxBuffered = 64u << 20;     // nor a flood of large offsets (found by fuzz_ip_layer)
constexpr Duration kFragTimeout = Duration::seconds(300);
}  // namespace

bool FragmentReassembler::complete(const Pending& p) {
  return p.total >= 0 && p.ranges.size() == 1 && p.ranges[0].first == 0 &&
         p.ranges[0].second >= static_cast<uint64_t>(p.total);
}

bool FragmentReassembler::add(Timestamp ts, const IpPacket& f, IpPacket& whole) {
  uint32_t len = f.transport_len;
  uint32_t begin = f.fragment_offset;
  if (f.transport.size() < len || uint64_t{begin} + len > kMaxDatagram) {
    ++dropped_;
    return false;
  }
  Key key{f.src, f.dst, f.fragment_id, f.proto, f.v6};
  auto it = pending_.find(key);
  if (it == pending_.end()) {
    if (pending_.size() >= kMaxPending) {
      ++dropped_;
      return false;
    }
    it = pending_.emplace(key, Pending{}).first;
    it->second.first = ts;
  }
  Pending& p = it->second;
  uint32_t end = begin + len;
  if (!f.more_fragments) {
    if (p.total >= 0 && p.total != end) {  // two different "last" pieces: the datagram cannot be trusted
      dropped_ += p.fragments + 1;
      forget(it);
      return false;
    }
    p.total = end;
  }
  if (begin == 0) {
    p.header_len = f.total_len - f.transport_len - (f.v6 ? 8 : 0);  // IPv6: without the fragment header
    p.first_piece = f;
  }
  if (p.data.size() < end) {
    if (buffered_ + (end - p.data.size()) > kMaxBuffered) {
      ++dropped_;
      if (p.fragments == 0) forget(it);
      return false;
    }
    buffered_ += end - p.data.size();
    p.data.resize(end);
  }
  // Copy only the bytes no earlier fragment supplied.
  uint32_t at = begin;
  for (auto [rb, re] : p.ranges) {
    if (re <= at || rb >= end) continue;
    if (rb > at) std::memcpy(p.data.data() + at, f.transport.data() + (at - begin), rb - at);
    at = std::max(at, re);
  }
  if (at < end) std::memcpy(p.data.data() + at, f.transport.data() + (at - begin), end - at);
  p.ranges.emplace_back(begin, end);
  std::sort(p.ranges.begin(), p.ranges.end());
  std::vector<std::pair<uint32_t, uint32_t>> merged;
  for (auto r : p.ranges) {
    if (!merged.empty() && r.first <= merged.back().second) merged.back().second = std::max(merged.back().second, r.second);
    else merged.push_back(r);
  }
  p.ranges = std::move(merged);
  ++p.fragments;
  if (!complete(p) || p.header_len == 0) return false;

  done_.assign(p.data.begin(), p.data.begin() + p.total);
  whole = p.first_piece;
  whole.fragment = whole.more_fragments = false;
  whole.fragment_offset = 0;
  whole.transport_len = static_cast<uint32_t>(p.total);
  whole.total_len = p.header_len + whole.transport_len;
  whole.transport = done_;
  forget(it);
  return true;
}

void FragmentReassembler::forget(std::map<Key, Pending>::iterator it) {
  buffered_ -= it->second.data.size();
  pending_.erase(it);
}

void FragmentReassembler::expire(Timestamp now) {
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (now - it->second.first > kFragTimeout) {
      dropped_ += it->second.fragments;
      auto next = std::next(it);
      forget(it);
      it = next;
    } else {
      ++it;
    }
  }
}

}  // namespace vigil
