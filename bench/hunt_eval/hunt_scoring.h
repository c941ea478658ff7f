// Scoring the whole hunt's findings against the simulator's truth: per detector, which labelled signs it
// found and which of its findings were false alarms; per host, where the infected hosts ranked. Used by
// hunt_eval to write the "other signs" section of docs/detection.md.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "core/ip_addr.h"
#include "report/finding_view.h"

namespace vigil::eval {

// One labelled channel of the truth, as matching needs it.
struct SignTruth {
  bool malicious = false;
  std::string label;     // "sign/reverse-shell", "benign/cloud-backup", a beacon profile, a benign service
  std::string detector;  // the detector expected to report it
  IpAddr host;           // the internal host the finding should be against (the server, for inbound)
  std::vector<std::string> targets;  // its name (lower case) and addresses, as text
};

// Does `finding` point at `truth`? The same host, and a target in common: equal, or one a subdomain of the
// other (a DNS finding names the registered domain; the truth may name the tunnel's zone under it).
bool points_at(const FindingView& finding, const SignTruth& truth);

struct DetectorOutcome {
  size_t expected = 0;        // malicious truths this detector should report
  size_t found = 0;           // of them, reported by this detector
  size_t findings = 0;        // everything it reported
  size_t true_findings = 0;   // findings pointing at some malicious truth (whichever detector it expects)
  std::map<std::string, size_t> false_by_label;  // the rest, by the benign truth they hit ("other": none)
  size_t false_findings() const { return findings - true_findings; }
};

struct SignOutcome {
  size_t instances = 0;
  size_t found_by_expected = 0;  // by the detector the truth names
  size_t found_by_any = 0;       // by any detector
  std::map<std::string, size_t> by_detector;  // which detectors reported it (instances per detector)
};

struct HuntOutcome {
  std::map<std::string, DetectorOutcome> detectors;
  std::map<std::string, SignOutcome> signs;  // malicious labels only
};

HuntOutcome score_findings(const std::vector<FindingView>& findings, const std::vector<SignTruth>& truth);

// Where the infected hosts (those with a malicious truth) ranked among every host the hunt scored.
struct RankingOutcome {
  size_t infected = 0;
  std::vector<size_t> infected_ranks;  // 1-based, best first; 0 for an infected host with no finding
  double lowest_infected_score = 0;    // the operating point: the least score that still takes every infected host
  size_t benign_at_operating_point = 0;  // benign hosts scoring at least that
  size_t benign_with_findings = 0;       // benign hosts with any finding at all
  std::vector<std::string> benign_above;  // "10.1.0.7 (long-connection: benign/admin-ssh)" for each of them, best first
  std::vector<std::string> infected_detail;  // "sign/reverse-shell: rank 3, 0.42 (long-connection, unnamed-destination)", best first
  bool all_in_top(size_t n) const;
};

RankingOutcome score_ranking(const std::vector<FindingView>& findings, const std::vector<SignTruth>& truth);

}  // namespace vigil::eval
