// The exfiltration detector: an internal host sending a destination far more than it gets back, a large
// share of everything the host sends, to a destination few hosts use, and more so at night. Software
// updates (downloads) fail the first test, busy servers the second, cloud services everyone uses the
// third. docs/detection.md gives the score.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "detect/allowlist.h"
#include "detect/channel.h"

namespace vigil {

struct ExfiltrationOptions {
  double min_confidence = 0.5;
  uint64_t min_sent_bytes = 10'000'000;  // channels sending less are not considered
  int work_start_hour = 7, work_end_hour = 19;  // UTC; bytes sent outside count as off-hours
  const Allowlist* allowlist = nullptr;
};

struct ExfiltrationFactors {
  double volume = 0;     // clamp(log10(sent / 10 MB) / 2, 0, 1): 10 MB -> 0, 100 MB -> 0.5, 1 GB -> 1
  double lopsided = 0;   // the producer-consumer ratio (sent - received) / (sent + received), at least 0
  double share = 0;      // min(1, 2 x sent / everything the host sent outside): the host's own baseline
  double rarity = 0;     // as the beacon detector's (detect/prevalence.h)
  double hours = 0;      // 0.7 + 0.3 x the share of the bytes sent off-hours
};

struct ExfiltrationFinding {
  ChannelKey channel;
  double confidence = 0;  // the product of the factors
  ExfiltrationFactors factors;
  uint64_t sent = 0, received = 0, host_sent = 0;
  double off_hours_share = 0;
  size_t connections = 0, prevalence = 0, internal_hosts = 0;
  int64_t first_ns = 0, last_ns = 0;
  bool bare_ip = false;
  std::array<uint64_t, 96> sent_over_time{};  // bytes sent per 1/96 of [first_ns, last_ns]
  std::array<uint64_t, 24> sent_by_hour{};    // bytes sent per hour of the day, UTC
};

struct ExfiltrationContext {
  size_t internal_hosts = 0;
  std::function<bool(const IpAddr&)> was_resolved;
};

// Findings at or above options.min_confidence, best first. Outbound channels only.
std::vector<ExfiltrationFinding> find_exfiltration(const ChannelMap& channels, const ExfiltrationContext& context,
                                                   const ExfiltrationOptions& options);

std::vector<std::string> explain(const ExfiltrationFinding& f);

}  // namespace vigil
