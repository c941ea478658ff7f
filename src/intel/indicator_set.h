// IndicatorSet: threat-intel indicators (addresses, CIDRs, domain names) from several feeds, asked whether an
// address or a name is listed and, if so, by which feed and with which label.
//
//   IndicatorSet set;
//   FeedId feed = set.add_feed("abuse-ch");
//   set.add(feed, *parse_indicator("evil.com"), "Cobalt Strike C2");
//   if (auto m = set.match_name("a.b.EVIL.com.")) report(m->feed, m->indicator(), m->label);
//
// Loading from files is feed_loader.h; this class only holds and answers.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/ip_addr.h"
#include "core/flat_map.h"

namespace vigil {

using FeedId = uint32_t;

// The longest domain name (RFC 1035, without the trailing dot); longer names are never listed.
constexpr size_t kMaxNameBytes = 253;

enum class IndicatorKind : uint8_t {
  kAddress,  // one address
  kNetwork,  // a CIDR prefix
  kName,     // a domain name: itself and every name under it
};

// One indicator as a feed gives it, already normalised (see parse_indicator in indicator_text.h).
struct Indicator {
  IndicatorKind kind = IndicatorKind::kAddress;
  IpAddr address;          // kAddress, or kNetwork's network (host bits cleared)
  uint8_t prefix_len = 0;  // kNetwork: bits within the family (0..32 IPv4, 0..128 IPv6)
  std::string name;        // kName: lower case, no trailing dot
  // "203.0.113.7", "198.51.100.0/24", "evil.com".
  std::string to_string() const;
};

// What a lookup found. The views point into the IndicatorSet and stay valid as long as it lives.
struct IndicatorMatch {
  std::string_view feed;   // the feed that listed the indicator (the first one loaded, if several did)
  std::string_view label;  // the feed's description of it; empty when it gave none
  IndicatorKind kind = IndicatorKind::kAddress;
  IpAddr address;          // kAddress / kNetwork
  uint8_t prefix_len = 0;  // kNetwork
  std::string_view name;   // kName: the listed name (a suffix of the name asked about)
  std::string indicator() const;
};

class IndicatorSet {
 public:
  IndicatorSet() = default;
  // Movable, not copyable: the label index holds views into the set's own storage.
  IndicatorSet(IndicatorSet&&) = default;
  IndicatorSet& operator=(IndicatorSet&&) = default;
  IndicatorSet(const IndicatorSet&) = delete;
  IndicatorSet& operator=(const IndicatorSet&) = delete;

  // Registers a feed; indicators added under the returned id carry `name` into matches.
  FeedId add_feed(std::string name);
  // Adds one indicator. False when it was already listed (by this or an earlier feed): the first is kept;
  // also false for an unknown feed, an empty name or one over kMaxNameBytes.
  bool add(FeedId feed, Indicator indicator, std::string_view label = {});
  // Removes every indicator held under `feed`; the feed stays registered. For a load that fails half-way (a
  // STIX document found invalid after some of its indicators were added): it rebuilds every table.
  void drop_feed(FeedId feed);
  // A hint that `indicator` will be added soon (see FlatMap::prefetch); changes nothing.
  void prefetch(const Indicator& indicator) const;

  // Exact addresses and CIDRs of the address's family; the most specific (longest prefix) match wins.
  std::optional<IndicatorMatch> match_address(const IpAddr& a) const;
  // `name` or any domain above it ("a.b.evil.com" → "b.evil.com" → "evil.com" → "com"), most specific first.
  // Case-insensitive, one trailing dot ignored; allocates nothing. Only the last kMaxNameBytes of a longer
  // name are looked at, so a hostile 64 KB name costs no more than a long legitimate one.
  std::optional<IndicatorMatch> match_name(std::string_view name) const;

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  size_t feed_count() const { return feeds_.size(); }
  const std::string& feed_name(FeedId id) const { return feeds_.at(id); }

 private:
  struct Entry {
    FeedId feed = 0;
    uint32_t label = 0;  // index into labels_; 0 is the empty label
  };
  struct V6Key {
    uint64_t hi = 0, lo = 0;  // raw halves as IpAddr::hi()/lo(), already masked
    friend bool operator==(const V6Key&, const V6Key&) = default;
  };
  struct V6Hash {
    size_t operator()(const V6Key& k) const;
  };
  struct U32Hash {
    size_t operator()(uint32_t k) const { return k; }  // FlatMap mixes the bits
  };
  // Names are stored lower case; lookups hash and compare ignoring ASCII case, so a query needs no copy.
  struct NameHash {
    size_t operator()(std::string_view s) const;
  };
  struct NameEqual {
    bool operator()(std::string_view stored, std::string_view query) const;
  };
  using V4Table = FlatMap<uint32_t, Entry, U32Hash, std::equal_to<>>;
  using V6Table = FlatMap<V6Key, Entry, V6Hash, std::equal_to<>>;
  using NameTable = FlatMap<std::string_view, Entry, NameHash, NameEqual>;

  uint32_t intern_label(std::string_view label);
  std::string_view store_name(std::string_view name);
  IndicatorMatch make_match(const Entry& e) const;
  static void note_length(std::vector<uint8_t>& lengths, uint8_t len);

  std::deque<std::string> feeds_;   // deque: views handed out stay valid as feeds are added
  std::deque<std::string> labels_;  // interned: feeds repeat one description across many lines
  std::unordered_map<std::string_view, uint32_t> label_ids_;
  // Addresses and CIDRs: one hash table per prefix length (an address is a /32 or /128), and the lengths in
  // use, longest first. A lookup masks the address once per length in use: a handful for real feeds.
  std::vector<V4Table> v4_ = std::vector<V4Table>(33);
  std::vector<V6Table> v6_ = std::vector<V6Table>(129);
  std::vector<uint8_t> v4_lengths_, v6_lengths_;
  // Names: views into fixed-size blocks that never move, so match results stay valid as the set grows.
  NameTable names_;
  // Bit n set when some listed name has n labels (63 for 63 or more): a lookup probes only suffixes of a label
  // count that is listed, so "cdn1.static.example.com" against a feed of 2- and 3-label names costs 2 probes.
  uint64_t name_label_counts_ = 0;
  std::vector<std::unique_ptr<char[]>> name_blocks_;
  size_t name_block_used_ = 0, name_block_size_ = 0;
  size_t size_ = 0;
};

}  // namespace vigil
