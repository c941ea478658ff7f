#include "detect/prevalence.h"

#include "core/hash_mix.h"
#include "core/text_format.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <string_view>

namespace vigil {
namespace {

constexpr double kRareHosts = 3;      // a destination of up to this many hosts is fully rare
constexpr double kMostlyNamed = 0.9;  // share of named connections from which an address channel is left to its names

uint64_t mix(uint64_t x) { return splitmix64_finalise(x); }

// Directions are counted apart: a peer polling internal servers is not the same destination as the
// address internal hosts call out to.
uint64_t destination_hash(const ChannelKey& k) {
  uint64_t direction = uint64_t{static_cast<uint8_t>(k.direction)} << 56;
  if (k.is_name()) return mix(std::hash<std::string_view>{}(k.name) ^ 0x6e616d65 ^ direction);  // "name"
  return mix(k.external.hi() ^ mix(k.external.lo() ^ direction));
}

}  // namespace

DestinationTable::DestinationTable(const ChannelMap& channels) {
  struct Use {
    uint64_t destination, host;
    int64_t first_ns;
  };
  std::vector<Use> uses;
  uses.reserve(channels.size());
  for (const auto& [key, summary] : channels)
    uses.push_back({destination_hash(key), mix(key.internal.hi() ^ mix(key.internal.lo())), summary.series.first_ns()});
  std::sort(uses.begin(), uses.end(), [](const Use& a, const Use& b) {
    return a.destination != b.destination ? a.destination < b.destination : a.host < b.host;
  });
  for (size_t i = 0; i < uses.size(); ++i) {
    if (facts_.empty() || facts_.back().hash != uses[i].destination) facts_.push_back({uses[i].destination, 0, INT64_MAX});
    DestinationFacts& f = facts_.back();
    if (i == 0 || uses[i].destination != uses[i - 1].destination || uses[i].host != uses[i - 1].host) ++f.hosts;
    f.first_ns = std::min(f.first_ns, uses[i].first_ns);
  }
}

const DestinationFacts& DestinationTable::of(const ChannelKey& key) const {
  uint64_t h = destination_hash(key);
  return *std::lower_bound(facts_.begin(), facts_.end(), h,
                           [](const DestinationFacts& f, uint64_t v) { return f.hash < v; });
}

double rarity(size_t prevalence, size_t internal_hosts) {
  double prev = std::max<double>(1, static_cast<double>(prevalence));
  double by_count = std::min(1.0, std::sqrt(kRareHosts / prev));
  double others = std::max<double>(1, static_cast<double>(internal_hosts) - 1);
  double share = std::clamp((prev - 1) / others, 0.0, 1.0);
  return by_count * (1 - share) * (1 - share);
}

std::string prevalence_text(Direction direction, size_t prevalence, size_t hosts) {
  switch (direction) {
    case Direction::kInbound:
      return format("this outside peer contacts %zu of the %zu internal hosts contacted from outside", prevalence, hosts);
    case Direction::kInternal:
      return format("%zu of %zu internal hosts calling inside talk to this internal destination", prevalence, hosts);
    case Direction::kOutbound: break;
  }
  return format("%zu of %zu internal hosts talk to this destination", prevalence, hosts);
}

bool mostly_named(const ChannelKey& key, const ChannelSummary& s) {
  return !key.is_name() && s.named >= kMostlyNamed * static_cast<double>(s.count());
}

}  // namespace vigil
