// The detectors `vigil hunt` runs, each with its settings: those that observe records while the inputs
// are read (observers()), then those that look at the finished channels (run()). Adding a detector means
// a settings field, a member or a call here, and a view_of() for its findings.
#pragma once

#include <vector>

#include "detect/allowlist.h"
#include "detect/beacon_scorer.h"
#include "detect/certificate_oddities.h"
#include "detect/channel.h"
#include "detect/dns_domains.h"
#include "detect/exfiltration.h"
#include "detect/ftp_uploads.h"
#include "detect/intel_matcher.h"
#include "detect/long_connections.h"
#include "detect/port_mismatch.h"
#include "detect/rare_clients.h"
#include "detect/record_observer.h"
#include "report/finding_view.h"
#include "report/hunt_report.h"

namespace vigil::cli {

// What each detector leaves out and the least confidence it reports.
struct DetectorLimits {
  Allowlist allow;
  double min = 0.5;
};

struct DetectorSettings {
  NetSet internal = NetSet::private_networks();  // for the DNS detector's resolver rule
  // One per name in hunt_config.h's kDetectorNames, in that order.
  DetectorLimits beacon, long_connection, exfiltration, unnamed, wrong_port, certificate, dns, intel, rare_client, ftp_upload;
  IndicatorSet indicators;  // threat-intel feeds, loaded; empty: the detector does not run
  double min_session_s = LongConnectionOptions{}.min_session_s;
  double min_connected_s = LongConnectionOptions{}.min_connected_s;
};

class HuntDetectors {
 public:
  HuntDetectors(const ChannelTable& table, DetectorSettings settings)
      : table_(table),
        settings_(std::move(settings)),
        ports_(table.locality()),
        certificates_(table.locality()),
        clients_(table.locality()),
        ftp_(table.locality()),
        dns_(settings_.internal),
        intel_(settings_.indicators, table.locality()) {}
  // What sees every record as it is read.
  std::vector<RecordObserver*> observers() {
    if (settings_.indicators.empty()) return {&ports_, &certificates_, &clients_, &ftp_, &dns_};
    return {&ports_, &certificates_, &clients_, &ftp_, &dns_, &intel_};
  }
  // Every detector's findings; fills the summary's per-detector counts.
  std::vector<FindingView> run(const ChannelMap& channels, HuntSummary& summary);
  const DetectorSettings& settings() const { return settings_; }

 private:
  // The DNS detector's table, fed every dns.log row.
  struct DnsObserver : RecordObserver {
    explicit DnsObserver(const NetSet& internal) : table(internal) {}
    void dns(const DnsRecord& r) override { table.add(r); }
    DnsDomainTable table;
  };
  const ChannelTable& table_;
  DetectorSettings settings_;
  PortMismatchTable ports_;
  CertificateTable certificates_;
  RareClientTable clients_;
  FtpUploadTable ftp_;
  DnsObserver dns_;
  IntelMatcher intel_;
};

}  // namespace vigil::cli
