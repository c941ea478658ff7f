#include "cli/hunt_detectors.h"

#include <chrono>
#include <cstdio>

namespace vigil::cli {

std::vector<FindingView> HuntDetectors::run(const ChannelMap& channels, HuntSummary& summary) {
  const ChannelTable& table = table_;
  const DetectorSettings& settings = settings_;
  BeaconContext context;
  context.internal_hosts = table.internal_hosts();
  for (size_t d = 0; d < kDirections; ++d) context.hosts[d] = table.hosts(static_cast<Direction>(d));
  context.was_resolved = [&table](const IpAddr& address) { return table.was_resolved(address); };

  BeaconOptions beacon;
  beacon.min_score = settings.beacon.min;
  beacon.allowlist = &settings.beacon.allow;
  auto t0 = std::chrono::steady_clock::now();
  std::vector<BeaconFinding> beacons = find_beacons(channels, context, beacon, &summary.beacons);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::fprintf(stderr, "vigil hunt: %zu channels, %zu with enough check-ins scored in %.2f s\n", channels.size(),
               summary.beacons.scored, secs);
  std::vector<FindingView> views;
  for (const BeaconFinding& f : beacons) views.push_back(view_of(f));

  LongConnectionOptions long_options;
  long_options.min_confidence = settings.long_connection.min;
  long_options.allowlist = &settings.long_connection.allow;
  long_options.min_session_s = settings.min_session_s;
  long_options.min_connected_s = settings.min_connected_s;
  LongConnectionContext long_context{context.internal_hosts, context.hosts, context.was_resolved};
  for (const LongConnectionFinding& f : find_long_connections(channels, long_context, long_options))
    views.push_back(view_of(f));

  ExfiltrationOptions exfil;
  exfil.min_confidence = settings.exfiltration.min;
  exfil.allowlist = &settings.exfiltration.allow;
  for (const ExfiltrationFinding& f : find_exfiltration(channels, {context.internal_hosts, context.was_resolved}, exfil))
    views.push_back(view_of(f));

  UnnamedOptions unnamed;
  unnamed.min_confidence = settings.unnamed.min;
  unnamed.allowlist = &settings.unnamed.allow;
  UnnamedContext unnamed_context{context.internal_hosts, context.was_resolved, table.saw_dns_answers()};
  for (const UnnamedFinding& f : find_unnamed_destinations(channels, unnamed_context, unnamed)) views.push_back(view_of(f));
  for (const PortMismatchFinding& f : ports_.findings(settings.wrong_port.min, &settings.wrong_port.allow))
    views.push_back(view_of(f));
  for (const CertificateFinding& f :
       certificates_.findings(context.internal_hosts, settings.certificate.min, &settings.certificate.allow))
    views.push_back(view_of(f));
  for (const RareClientFinding& f : clients_.findings(settings.rare_client.min, &settings.rare_client.allow))
    views.push_back(view_of(f));
  for (const FtpUploadFinding& f :
       ftp_.findings(channels, context.internal_hosts, settings.ftp_upload.min, &settings.ftp_upload.allow))
    views.push_back(view_of(f));
  DnsOptions dns;
  dns.min_score = settings.dns.min;
  dns.allowlist = &settings.dns.allow;
  for (const DnsFinding& f : find_dns_findings(dns_.table, DnsContext{context.internal_hosts}, dns))
    views.push_back(view_of(f));
  summary.detectors = {"beacon", "long-connection", "exfiltration", "unnamed-destination", "wrong-port", "certificate", "rare-client", "ftp-upload", "dns"};
  if (!settings.indicators.empty()) {
    for (const IntelFinding& f : intel_.findings()) {
      // The allowlist names destinations: what matched (a name, or an address) decides.
      auto address = IpAddr::parse(f.matched);
      bool allowed = address ? settings.intel.allow.allows_address(*address) : settings.intel.allow.allows_name(f.matched);
      if (f.confidence >= settings.intel.min && !allowed) views.push_back(view_of(f));
    }
    summary.detectors.push_back("threat-intel");
  }
  return views;
}

}  // namespace vigil::cli
