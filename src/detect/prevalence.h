// Prevalence: how many internal hosts talk to each destination (a server name for name channels, an
// address for address channels), and when any of them first did. Rare destinations are what an
// implant's controller looks like from inside; a destination half the network talks to is a service.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "detect/channel.h"

namespace vigil {

struct DestinationFacts {
  uint64_t hash = 0;
  size_t hosts = 0;
  int64_t first_ns = INT64_MAX;
};

// Built in one pass over the channels: a table sorted by a 64-bit hash of the destination, since hash
// maps of a million keys cost more than the scoring itself. Two destinations sharing a hash would share
// their counts; at 2^-64 per pair that is left to chance.
class DestinationTable {
 public:
  explicit DestinationTable(const ChannelMap& channels);
  const DestinationFacts& of(const ChannelKey& key) const;

 private:
  std::vector<DestinationFacts> facts_;  // by hash
};

// In [0, 1]: 1 for a destination of up to 3 hosts, falling as sqrt(3 / p) beyond, and to 0 as p
// approaches every host: min(1, sqrt(3 / p)) x (1 - (p - 1) / (hosts - 1))^2. docs/detection.md.
double rarity(size_t prevalence, size_t internal_hosts);

// An address channel whose connections nearly all belong to name channels is judged through those: an
// address shared by several names (a CDN, a service's pool) mixes their rhythms, and a name's address
// seen by few hosts would look rare although the name is everywhere.
bool mostly_named(const ChannelKey& key, const ChannelSummary& s);

// The prevalence as a sentence, in the channel's direction: "3 of 300 internal hosts talk to this destination".
std::string prevalence_text(Direction direction, size_t prevalence, size_t hosts);

}  // namespace vigil
