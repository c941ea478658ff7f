// The findings of `vigil hunt` for people (a ranked table with the evidence under it) and for machines
// (one JSON document: the run's summary and every finding with its numbers and evidence lines).
// Names come from the wire and are attacker-written: the table prints anything but printable ASCII as
// \xNN so no terminal escape sequence gets through, and JSON escapes as Zeek's writer does.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "detect/beacon_scorer.h"

namespace vigil {

struct HuntSummary {
  std::vector<std::string> inputs;
  uint64_t connections = 0;     // connections read
  uint64_t outbound = 0;        // of them, internal host to the outside (the channels' connections)
  size_t internal_hosts = 0;
  int64_t first_ns = 0, last_ns = 0;  // time span of the outbound connections
  std::string internal_rule;    // which networks counted as internal, and why
  size_t allowlist_entries = 0;
  BeaconRunStats beacons;
  double min_score = 0;
};

// `limit`: at most this many findings (0: all); `evidence`: the explanation lines under each row.
std::string beacon_table(const HuntSummary& summary, const std::vector<BeaconFinding>& findings, size_t limit,
                         bool evidence);
std::string hunt_json(const HuntSummary& summary, const std::vector<BeaconFinding>& findings, size_t limit);

// A channel's destination as people read it: "name:port/proto" or "address:port/proto".
std::string destination_text(const ChannelKey& key);
// Printable ASCII kept, every other byte as \xNN: safe to print on a terminal.
std::string terminal_safe(std::string_view s);

}  // namespace vigil
