// The long-connection detector: a host holding a session open for hours (a reverse shell, an interactive
// operator, a tunnel) or connected to one destination for most of the day in many sessions. Push
// services and other long polls every host keeps are weighed down by prevalence, as in the beacon
// detector; a destination no DNS answer named weighs more. docs/detection.md gives the score.
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

struct LongConnectionOptions {
  double min_confidence = 0.5;
  double min_session_s = 3600;     // a channel is considered when one session lasts this long ...
  double min_connected_s = 4 * 3600;  // ... or its sessions add up to this
  const Allowlist* allowlist = nullptr;
};

struct LongConnectionFactors {
  double duration = 0;  // min(1, ln(1 + H) / ln(1 + 6)), H = max(longest session, half the time connected) in hours
  double rarity = 0;    // as the beacon detector's (detect/prevalence.h)
  double naming = 0;    // 1 for a bare IP, 0.8 for a named destination
};

struct LongConnectionFinding {
  ChannelKey channel;
  double confidence = 0;  // the product of the factors
  LongConnectionFactors factors;
  size_t connections = 0;
  size_t long_sessions = 0;          // sessions of at least min_session_s
  int64_t longest_start_ns = 0;
  double longest_s = 0;
  double connected_s = 0;            // all sessions' durations added
  double window_s = 0;               // the channel's first start to its last end
  uint64_t sent = 0, received = 0;   // bytes, all sessions
  bool longest_open = false;         // the longest session was not closed (TCP state S1, S2, S3 or OTH) ...
  bool open_at_end = false;          // ... and lasts to within a minute of the data's end: still open
  bool bare_ip = false;
  size_t prevalence = 0, internal_hosts = 0;
  int64_t first_ns = 0, last_ns = 0;
  struct Session {
    int64_t start_ns = 0;
    double duration_s = 0;
  };
  std::vector<Session> sessions;     // for the plots: every session, or the 4096 longest
  std::vector<IpAddr> addresses;     // name channels: the addresses behind the name
};

struct LongConnectionContext {
  size_t internal_hosts = 0;
  std::array<size_t, kDirections> hosts{};  // hosts channels are about, per Direction (0: internal_hosts)
  std::function<bool(const IpAddr&)> was_resolved;  // unset: unknown, no address counts as bare
};

// Findings at or above options.min_confidence, best first.
std::vector<LongConnectionFinding> find_long_connections(const ChannelMap& channels, const LongConnectionContext& context,
                                                         const LongConnectionOptions& options);

std::vector<std::string> explain(const LongConnectionFinding& f);

}  // namespace vigil
