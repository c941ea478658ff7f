// Scoring a detector's findings against the simulator's truth: which implants were found, which findings
// were false alarms, and how far the estimated period was from the truth. Used by detection_eval to
// write docs/detection.md for vigil and, side by side, for the RITA v5 baseline.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "detect/channel.h"

namespace vigil::eval {

// What both detectors report, reduced to what matching needs.
struct Alarm {
  ChannelKey channel;
  std::vector<IpAddr> addresses;  // name channels: the addresses behind the name
  double score = 0;
  double period_s = 0;  // 0 when the detector gives no period (RITA)
};

// One labelled channel of the simulator's truth file, reduced likewise.
struct Truth {
  bool implant = false;
  std::string label;  // profile name or benign service
  IpAddr internal;
  std::string name;
  std::vector<IpAddr> addresses;
  uint16_t port = 0;
  double mean_interval_s = 0;
};

struct ProfileOutcome {
  size_t implants = 0;
  size_t found = 0;
  size_t period_within_5pct = 0;  // of those found, with a period estimate within 5% of the truth
  std::vector<double> period_errors;  // relative, of those found with a period
  double recall() const { return implants ? static_cast<double>(found) / static_cast<double>(implants) : 0; }
};

struct Outcome {
  std::map<std::string, ProfileOutcome> by_profile;
  size_t false_alarms = 0;                      // alarms matching no implant
  std::map<std::string, size_t> false_by_label; // of them, those on a labelled benign periodic channel
  size_t true_alarms = 0;
};

// Does `alarm` point at `truth`? The same internal host and port, and the same name (name channels) or
// one of the truth's addresses (address channels: a CDN address the implant used counts).
bool matches(const Alarm& alarm, const Truth& truth);

// The truth by internal host, so each alarm is compared with its host's few channels only.
class TruthIndex {
 public:
  explicit TruthIndex(const std::vector<Truth>& truth);
  // The implant, and failing that the labelled benign channel, `alarm` points at; nullptr for neither.
  const Truth* implant_for(const Alarm& alarm) const { return find(alarm, true); }
  const Truth* benign_for(const Alarm& alarm) const { return find(alarm, false); }

 private:
  const Truth* find(const Alarm& alarm, bool implant) const;
  std::unordered_map<uint64_t, std::vector<const Truth*>> by_host_;
};

Outcome evaluate(const std::vector<Alarm>& alarms, const std::vector<Truth>& truth);

double median(std::vector<double> v);

}  // namespace vigil::eval
