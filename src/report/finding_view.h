// FindingView: a finding of any detector as every output shows it (table, JSON, NDJSON, CSV, HTML). Each
// detector has an adapter (view_of) that says what its finding concerns, how bad it would be, how sure
// the detector is, what it is in one line, the evidence in words, its plots, and its own fields for
// machines. The outputs then need to know nothing about detectors.
//
// Severity is what the finding would mean if true (a C2 channel is high; a rare user agent is low);
// confidence is how sure the detector is, in [0, 1]. A finding's score is weight(severity) x confidence
// with weights high 1, medium 0.6, low 0.3; a host's score combines its findings' scores as independent
// evidence (detect/host_ranking.h). docs/json-output.md states both rules.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/ip_addr.h"
#include "detect/beacon_scorer.h"
#include "detect/certificate_oddities.h"
#include "detect/dns_findings.h"
#include "detect/exfiltration.h"
#include "detect/ftp_uploads.h"
#include "detect/intel_matcher.h"
#include "detect/long_connections.h"
#include "detect/port_mismatch.h"
#include "detect/rare_clients.h"
#include "detect/unnamed_destinations.h"
#include "report/json_members.h"
#include "report/plot_spec.h"

namespace vigil {

enum class Severity { kLow, kMedium, kHigh };

const char* to_string(Severity s);
double severity_weight(Severity s);

struct FindingView {
  std::string detector;     // "beacon", ...
  IpAddr host;              // the internal host the finding is against
  std::string subject;      // what it concerns, as people read it ("c2.example:443/tcp"); may be wire text
  // What it points at for matching (a labelled evaluation, a reader's script): lower-case names and
  // addresses as text, the destination's name first when it has one.
  std::vector<std::string> targets;
  Severity severity = Severity::kMedium;
  double confidence = 0;    // the detector's own score, in [0, 1]
  int64_t first_ns = 0, last_ns = 0;  // the time span of what the finding rests on (0: none)
  std::string headline;     // one line: "every 60 s, jitter 1%, 787 of 787 check-ins"
  std::vector<std::string> evidence;  // the lines an analyst reads
  std::vector<PlotSpec> plots;
  std::string json_fields;  // the detector's own fields, JSON members without braces ("\"period_s\":60,...")

  double score() const { return severity_weight(severity) * confidence; }
};

// Best first: by score, then by the amount of evidence (stable otherwise).
void sort_findings(std::vector<FindingView>& findings);

FindingView view_of(const BeaconFinding& f);
FindingView view_of(const LongConnectionFinding& f);
FindingView view_of(const ExfiltrationFinding& f);
FindingView view_of(const UnnamedFinding& f);
FindingView view_of(const PortMismatchFinding& f);
FindingView view_of(const DnsFinding& f);
FindingView view_of(const IntelFinding& f);
FindingView view_of(const CertificateFinding& f);
FindingView view_of(const RareClientFinding& f);
FindingView view_of(const FtpUploadFinding& f);

// A channel's destination as people read it: "name:port/proto" or "address:port/proto" (IPv6 bracketed),
// "from address to port 443/tcp" for an inbound channel, "... (internal)" for one inside the network.
std::string destination_text(const ChannelKey& key);
// The same for machines: "name" or "address", "port", "proto", "direction", "bare_ip".
JsonMembers destination_json(const ChannelKey& key, bool bare_ip);
// The channel's name, or its peer's address when it has none.
std::string channel_target(const ChannelKey& key);

}  // namespace vigil
