// The beacon detector: every channel's check-in rhythm (periodicity.h), how alike its connections are
// (regularity.h), and how rare its destination is, combined into one score with the evidence behind it.
// docs/detection.md explains the score and reports how well it works on the labelled simulator.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "detect/allowlist.h"
#include "detect/channel.h"
#include "detect/check_in_plot.h"
#include "detect/periodicity.h"
#include "detect/regularity.h"

namespace vigil {

struct BeaconOptions {
  double min_score = 0.5;           // findings below this are not reported
  double same_check_in_s = 0.25;    // connections starting this close together are one check-in
  const Allowlist* allowlist = nullptr;
  unsigned threads = 0;             // 0: one per core
};

// What the channel table knows beyond the channels themselves.
struct BeaconContext {
  size_t internal_hosts = 0;                          // hosts seen opening connections to the outside
  std::array<size_t, kDirections> hosts{};            // hosts channels are about, per Direction (0: internal_hosts)
  size_t hosts_for(Direction d) const {
    size_t n = hosts[static_cast<size_t>(d)];
    return n ? n : internal_hosts;
  }
  std::function<bool(const IpAddr&)> was_resolved;    // an address some DNS answer gave; unset: unknown
};

// How the score was made: each factor is in [0, 1] and the score is their product (docs/detection.md).
struct BeaconFactors {
  double rhythm = 0;      // how sure the check-ins follow a machine rhythm (PeriodEstimate::confidence)
  double alike = 0;       // sizes and durations alike: 0.8 + 0.2 × their mean share
  double rarity = 0;      // min(1, sqrt(3 / p)) x (1 - (p - 1) / (hosts - 1))^2, p = hosts talking to the destination
  double naming = 0;      // 1 for a bare IP (no SNI, Host or DNS answer), 0.9 otherwise
  double schedule = 1;    // 0.6 when the check-ins keep the wall clock's minutes (a cron job or timer), else 1
};

struct BeaconFinding {
  ChannelKey channel;
  double score = 0;
  BeaconFactors factors;
  double on_the_clock = 0;  // share of check-ins starting within 2 s after a whole minute, when the period is whole minutes
  PeriodEstimate period;
  double check_in_gap_s = 0;  // connections closer than this counted as one check-in (bursts grouped when > 1 s)
  size_t messages = 0;  // > 0: the check-ins are the client's messages inside long-held connections, this many
  size_t connections = 0;
  int64_t first_ns = 0, last_ns = 0;
  uint32_t active_hours = 0;  // bit h: some check-in in hour h (UTC)
  Regularity sent, received, duration_s;
  size_t prevalence = 0;      // internal hosts talking to the same destination (name, or address)
  size_t internal_hosts = 0;
  int64_t destination_first_ns = 0;  // the destination's first connection from any internal host
  bool bare_ip = false;       // address channel whose address no DNS answer gave and no name covers
  std::vector<IpAddr> addresses;  // name channels: addresses seen behind the name (at most 64)
  uint32_t named_by_dns = 0;  // name channels: connections named by a DNS answer rather than SNI/Host
  std::vector<std::string> user_agents;  // HTTP user agents seen on the channel (at most 4)
  CheckInPlot plot;           // what the report's plots are drawn from
};

struct BeaconRunStats {
  size_t channels = 0;
  size_t scored = 0;        // channels with enough check-ins to judge
  size_t allowlisted = 0;   // channels skipped because the allowlist covers them
  size_t named_elsewhere = 0;  // address channels left to their name channels (>= 90% of connections named)
  size_t merged_into_name = 0;  // address findings dropped because a name finding covers the same check-ins
  size_t below_threshold = 0;
};

// Scores every channel; returns findings at or above options.min_score, best first.
std::vector<BeaconFinding> find_beacons(const ChannelMap& channels, const BeaconContext& context,
                                        const BeaconOptions& options, BeaconRunStats* stats = nullptr);

// One channel on its own (prevalence given): the unit the evaluation and tests use.
BeaconFinding score_channel(const ChannelKey& key, const ChannelSummary& summary, size_t prevalence,
                            const BeaconContext& context, const BeaconOptions& options);

// The evidence in words, one line per fact, for tables and reports.
std::vector<std::string> explain(const BeaconFinding& f);

}  // namespace vigil
