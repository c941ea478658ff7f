// The threat-intel feed of a simulated run: every indicator a feed should list (the name, or the address
// when nameless, of each truth row whose detector is "threat-intel"), mixed with decoys that cannot match
// anything in the simulation, as the plain list `vigil hunt --feed` reads (docs/threat-intel.md).
//
//   write_feed(dir + "/feed.txt", feed_indicators(truth, scenario.seed));
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "simulator.h"

namespace vigil::sim {

// "# ..." header lines, then the indicators and decoys in a shuffled order (deterministic from the seed).
std::vector<std::string> feed_indicators(const std::vector<TruthChannel>& truth, uint64_t seed);

// The decoys alone, about 50: domains under top-level domains the simulated world never uses, IPv4
// addresses from the benchmarking and documentation ranges (RFC 2544, RFC 5737), which it never hands
// out either, and one such CIDR.
std::vector<std::string> feed_decoys(uint64_t seed);

Status write_feed(const std::string& path, const std::vector<std::string>& lines);

}  // namespace vigil::sim
