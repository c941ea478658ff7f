// HuntConfig: `vigil hunt --config FILE.toml`, everything a site tunes in one file: its internal
// networks, allowlists for every detector and for each one, thresholds, threat-intel feeds. Options on
// the command line win over the file. examples/vigil.toml is a commented example; docs/configuration.md
// lists every key.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "detect/allowlist.h"

namespace vigil::cli {

struct DetectorConfig {
  std::optional<double> min_confidence;  // findings below this are not reported
  std::vector<std::string> allow;        // allowlist entries for this detector only
  std::vector<std::string> allow_files;
};

struct HuntConfig {
  std::vector<std::string> internal;     // CIDRs; empty: Zeek's local fields or the private networks
  std::vector<std::string> allow;        // allowlist entries for every detector
  std::vector<std::string> allow_files;  // allowlist files (one entry per line) for every detector
  std::map<std::string, DetectorConfig, std::less<>> detectors;  // by detector name ("beacon", ...)
  std::vector<std::string> feeds;        // threat-intel feed files
  std::optional<double> min_confidence;  // every detector's, unless its own is set
  std::optional<size_t> top;
  std::optional<double> min_session_s;   // long-connection
  std::optional<double> min_connected_s;

  // The allowlist a detector applies: the global entries and files, then its own. Relative file names
  // are taken from the configuration file's folder.
  Result<Allowlist> allowlist_for(std::string_view detector, const std::vector<std::string>& extra_files) const;
  double min_confidence_for(std::string_view detector, double fallback) const;
  std::string base_dir;
};

// The detectors a configuration may name (an unknown table is an error: a typo would otherwise be ignored).
inline const char* const kDetectorNames[] = {"beacon",     "long-connection", "exfiltration", "unnamed-destination",
                                             "wrong-port", "certificate",     "dns",          "threat-intel",
                                             "rare-client", "ftp-upload"};

Result<HuntConfig> load_hunt_config(const std::string& path);
Result<HuntConfig> parse_hunt_config(std::string_view text, const std::string& origin);

}  // namespace vigil::cli
