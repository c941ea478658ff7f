// The detectors `vigil hunt` runs over what it read, each with its settings, their findings as views.
// Adding a detector means a settings field, a call here, and a view_of() for its findings.
#pragma once

#include <vector>

#include "detect/allowlist.h"
#include "detect/beacon_scorer.h"
#include "detect/channel.h"
#include "detect/exfiltration.h"
#include "detect/long_connections.h"
#include "report/finding_view.h"
#include "report/hunt_report.h"

namespace vigil::cli {

struct DetectorSettings {
  Allowlist beacon_allow, long_connection_allow, exfiltration_allow, unnamed_allow;
  double beacon_min = 0.5, long_connection_min = 0.5, exfiltration_min = 0.5, unnamed_min = 0.5;
  double min_session_s = LongConnectionOptions{}.min_session_s;
  double min_connected_s = LongConnectionOptions{}.min_connected_s;
};

// Runs every detector over the finished channels; fills the summary's per-detector counts.
std::vector<FindingView> run_detectors(const ChannelMap& channels, const ChannelTable& table,
                                       const DetectorSettings& settings, HuntSummary& summary);

}  // namespace vigil::cli
