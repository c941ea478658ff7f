// Host ranking: the hunt's answer to "which internal hosts are most likely under remote control". Each
// finding is a piece of evidence against its host with a score in [0, 1]; a host's score combines them as
// independent evidence: 1 - (1 - s1)(1 - s2)..., so a second finding raises the score and never lowers
// it, and a host with one finding scores exactly that finding. A reader can recompute it by hand.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/ip_addr.h"

namespace vigil {

struct FindingRef {
  IpAddr host;
  double score = 0;
  std::string detector;  // "beacon", ...
};

struct RankedHost {
  IpAddr host;
  double score = 0;
  std::vector<size_t> findings;  // indexes into the input, best first
  std::vector<std::string> detectors;  // distinct, in the order of the host's best findings
};

// Hosts best first (ties: more findings first, then by address, so the order is stable).
std::vector<RankedHost> rank_hosts(const std::vector<FindingRef>& findings);

}  // namespace vigil
