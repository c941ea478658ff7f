// The labelled simulator: an enterprise network's connections, DNS, TLS and HTTP records over days, with
// benign periodic services and implanted C2 channels, the other signs of a long intrusion (DNS tunnels,
// long sessions, uploads, ...) and their benign look-alikes, and the truth about every such channel.
//
//   vigil::sim::Scenario s;
//   s.profiles = vigil::sim::framework_defaults();
//   vigil::sim::SimSink sink;
//   sink.conn = [&](vigil::ConnRecord&& r) { detector.add(r); };
//   std::vector<vigil::sim::TruthChannel> truth = vigil::sim::simulate(s, sink);
//
// Everything is deterministic from the seed. Records come out in start-time order, except that a DNS
// lookup and the connections of one page load or check-in come together (a few milliseconds apart).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/app_records.h"
#include "core/conn_record.h"
#include "core/ip_addr.h"
#include "implant_profile.h"
#include "sign_profile.h"

namespace vigil::sim {

// 2024-01-01 00:00:00 UTC, a Monday: working hours and weekends fall where a reader expects them.
inline constexpr int64_t kDefaultStartNs = 1'704'067'200LL * 1'000'000'000LL;

struct Scenario {
  uint64_t seed = 1;
  size_t hosts = 200;
  double days = 7;
  int64_t start_ns = kDefaultStartNs;  // should be a Monday 00:00 UTC
  std::vector<ImplantProfile> profiles;
  size_t implants_per_profile = 5;
  bool background = true;  // browsing and the benign periodic services
  // The other signs of intrusion and their look-alikes (sign_profile.h). Malicious ones get
  // signs_per_profile instances each; look-alikes run on the share of hosts their profile gives. With any
  // sign on, the data also end where a capture would: connections still open at the scenario's end are
  // logged as Zeek logs them at shutdown (conn_state S1, duration up to the end).
  std::vector<SignProfile> signs;
  size_t signs_per_profile = 5;
};

// One labelled channel: an implant (implant = true, label = its profile's name), a benign periodic service
// (label = the service: "ntp", "os-update", "telemetry", "mail-poll", "monitoring-agent", "push",
// "cron-api-poll"), a sign of intrusion (implant = true, label "sign/...") or a benign look-alike of one
// (implant = false, label "benign/...").
struct TruthChannel {
  bool implant = false;
  std::string label;
  // The vigil detector expected to report it: "beacon", "long-connection", "exfiltration", "dns-tunnel",
  // "dns-beacon", "unnamed-destination" or "threat-intel" (for look-alikes: the one it could fool).
  std::string detector = "beacon";
  // "outbound"; "inbound" (an external peer contacts an internal server: `internal` is the server and
  // `addresses` the peer); or "internal" (both ends inside).
  std::string direction = "outbound";
  IpAddr internal;
  std::string name;  // the SNI / Host / NTP server name, lower case; DNS signs: the registered domain
  std::vector<IpAddr> addresses;
  uint16_t port = 0;
  TransportProto proto = TransportProto::kTcp;
  double sleep_s = 0;          // the configured sleep (for sleep-change profiles: the first one)
  double mean_interval_s = 0;  // the true mean interval of the jitter model (before drops)
  std::string jitter_model;    // "none", "subtractive", "additive", "symmetric"
  double jitter = 0;
  double drop = 0;
  bool working_hours = false;
  size_t check_ins = 0;  // connections actually emitted on this channel (DNS signs: queries)
  int64_t first_ns = 0, last_ns = 0;  // first and last check-in (0 when there was none)
};

// Where records go. An unset function drops that kind of record.
struct SimSink {
  std::function<void(ConnRecord&&)> conn;
  std::function<void(DnsRecord&&)> dns;
  std::function<void(SslRecord&&)> ssl;
  std::function<void(HttpRecord&&)> http;
};

// Runs the scenario, sending every record to `sink`; returns the truth, implants first.
std::vector<TruthChannel> simulate(const Scenario& scenario, const SimSink& sink);

}  // namespace vigil::sim
