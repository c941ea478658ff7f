// FragmentReassembler: puts IPv4 and IPv6 fragments back together, as Zeek does before the transport layer.
#pragma once

#include <cstdint>
#include <map>
#include <tuple>
#include <utility>
#include <vector>

#include "core/timestamp.h"
#include "sources/pcap/ip_layer.h"

namespace vigil {

class FragmentReassembler {
 public:
  // Takes one fragment. When it completes its datagram, fills `whole` and returns true; whole.transport
  // points into a buffer that stays valid until the next call.
  bool add(Timestamp ts, const IpPacket& fragment, IpPacket& whole);
  // Forgets datagrams whose first fragment is older than Zeek's frag_timeout (5 min).
  void expire(Timestamp now);
  // Fragments given up on: not fully captured, inconsistent, too large, expired or over the memory bound.
  uint64_t dropped() const { return dropped_; }
  size_t pending() const { return pending_.size(); }

 private:
  struct Key {
    IpAddr src, dst;
    uint32_t id = 0;
    uint8_t proto = 0;
    bool v6 = false;
    auto tie() const { return std::tie(src, dst, id, proto, v6); }
    bool operator<(const Key& o) const { return tie() < o.tie(); }
  };
  struct Pending {
    Timestamp first;
    std::vector<uint8_t> data;
    std::vector<std::pair<uint32_t, uint32_t>> ranges;  // [begin, end) received, sorted, merged
    int64_t total = -1;                                  // payload length, known once the last piece came
    uint32_t header_len = 0;                             // of the first piece, for the datagram's TotalLen
    uint64_t fragments = 0;
    IpPacket first_piece;
  };
  static bool complete(const Pending& p);

  void forget(std::map<Key, Pending>::iterator it);

  std::map<Key, Pending> pending_;
  size_t buffered_ = 0;  // bytes held by pending datagrams
  std::vector<uint8_t> done_;
  uint64_t dropped_ = 0;
};

}  // namespace vigil
