// What `vigil hunt` prints: hosts ranked by their findings, in the forms people and machines read.
// - hunt_table: for a terminal; everything from the wire through terminal_safe, so no escape sequence
//   reaches the terminal.
// - hunt_json: one document (summary, hosts, findings; docs/json-output.md), which the HTML report is
//   drawn from; hunt_ndjson: one finding per line for a SIEM; hunt_csv: one finding per row for a
//   spreadsheet (cells an attacker could make into a formula are defused).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "detect/beacon_scorer.h"
#include "detect/host_ranking.h"
#include "report/finding_view.h"

namespace vigil {

struct HuntSummary {
  std::vector<std::string> inputs;
  uint64_t connections = 0;     // connections read
  std::array<uint64_t, kDirections> connections_by_direction{};  // channels' connections per Direction
  std::array<size_t, kDirections> hosts_by_direction{};          // hosts channels are about, per Direction
  int64_t first_ns = 0, last_ns = 0;  // time span of the connections read
  std::string internal_rule;    // which networks counted as internal, and why
  size_t allowlist_entries = 0;
  std::vector<std::string> detectors;  // the detectors that ran
  BeaconRunStats beacons;
  double min_score = 0;
};

// Findings best first and the hosts they rank; hosts[i].findings index `findings`.
struct RankedFindings {
  std::vector<FindingView> findings;
  std::vector<RankedHost> hosts;
};

// Ranks the hosts and keeps the `top_hosts` best (0: all) with their findings.
RankedFindings rank_findings(std::vector<FindingView> findings, size_t top_hosts);

// `detail`: every host's findings with their evidence under the hosts table.
std::string hunt_table(const HuntSummary& summary, const RankedFindings& ranked, bool detail);
std::string hunt_json(const HuntSummary& summary, const RankedFindings& ranked);
std::string hunt_ndjson(const RankedFindings& ranked);
std::string hunt_csv(const RankedFindings& ranked);

// Printable ASCII kept, every other byte as \xNN (and '\' as \x5c): safe to print on a terminal.
std::string terminal_safe(std::string_view s);

}  // namespace vigil
