// RITA v5's beacon score run as RITA is run: over one day of logs at a time (its window is 24 h), every
// channel a unit. A channel alarms when some day scores at least the threshold (RITA's "base" beacon
// threshold, 50%, from its default_config.hjson). Differences from RITA itself, for the record: bytes
// are orig_bytes (payload) rather than orig_ip_bytes, and connections counted in a name channel are
// not removed from the address channel (RITA removes them by uid). RITA estimates no period; the
// median interval of the channel's best day stands in for one.
#pragma once

#include <cstdint>
#include <vector>

#include "detect/channel.h"
#include "evaluation.h"

namespace vigil::eval {

inline constexpr double kRitaBaseThreshold = 0.5;

std::vector<Alarm> rita_alarms(const ChannelMap& channels, int64_t start_ns, int days, double threshold);

}  // namespace vigil::eval
