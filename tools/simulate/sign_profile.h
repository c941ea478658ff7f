// SignProfile: one of the other signs of a long-term intrusion (a DNS tunnel, a reverse shell, a nightly
// upload, ...) or a benign look-alike of one (antivirus lookups, a cloud backup, ...), with the parameters
// its generator needs, and the sets the simulator ships. README.md lists them with their parameters.
//
//   vigil::sim::Scenario s;
//   s.signs = vigil::sim::all_signs();                       // or:
//   vigil::sim::sign_set("sign/dns-tunnel-10Bps,benign/av-lookups", s.signs);
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::sim {

// Which generator plays the sign (signs.cc places them).
enum class SignKind {
  kDnsTunnel,       // encoded subdomains of its own domain, in sessions of a few hours a day (dns_tunnel.h)
  kDnsBeacon,       // a fresh A lookup of its own domain every period, TXT bursts when tasked (dns_beacon.h)
  kShell,           // one interactive TCP session to a bare address (long_session.h)
  kTransfer,        // large TLS uploads or downloads, nightly or now and then (bulk_transfer.h)
  kDirectIpBeacon,  // an HTTP beacon to an address no DNS answer names (implant_channel.h)
  kInboundPoller,   // an outside address polling an internal web server (inbound_poller.h)
  kOccasionalVisit, // a few lookups and TLS visits a day of one name (occasional_visit.h)
  kRareTool,        // an HTTP implant with a user agent of its own, slow and loosely timed (implant_channel.h)
  kLongPoll,        // hour-long HTTPS long polls all working day (long_poll.h)
  kHashedLookups,   // reputation lookups of file hashes under one vendor domain (hashed_lookups.h)
  kAdminSsh,        // SSH sessions from admin hosts to internal servers in working hours (long_session.h)
};

struct SignProfile {
  std::string name;      // "sign/<what>" (malicious) or "benign/<what>" (a look-alike)
  std::string detector;  // the vigil detector expected to report it, or the one a look-alike could fool
  bool malicious = true;
  SignKind kind = SignKind::kShell;
  std::string direction = "outbound";  // "outbound", "inbound" or "internal", as in TruthChannel

  // Placement. Malicious: Scenario::signs_per_profile instances. A look-alike: on this share of hosts
  // (at least one), or, when admin_hosts > 0, on admin_hosts or admin_hosts + 1 hosts (drawn).
  double host_share = 0;
  size_t admin_hosts = 0;

  // Rhythm: a beacon's or poller's sleep and symmetric jitter; a tunnel's upstream payload rate; events
  // (visits, downloads, lookups) per host per day, drawn between the two bounds per host.
  double period_s = 0;
  double jitter = 0;
  double bytes_per_s = 0;
  double events_per_day_min = 0, events_per_day_max = 0;

  // Sessions (shells, SSH, long polls; a tunnel's daily session): length bounds.
  double session_min_s = 0, session_max_s = 0;
  bool open_at_end = false;  // a shell started 1–4 h before the scenario's end and still open at it

  // Transfers: bytes per transfer, how fast, which way, and when: once a night between night_from_h and
  // night_to_h (UTC), or events_per_day in working hours.
  double bytes_min = 0, bytes_max = 0;
  double rate_min = 0, rate_max = 0;  // bytes per second
  bool upload = true;
  bool nightly = false;
  double night_from_h = 0, night_to_h = 0;

  bool working_hours = false;  // runs only 08–18 Monday–Friday (the truth's working_hours column)

  uint16_t port = 0;  // 0: the generator's own choice
  // HTTP with this user agent instead of TLS (a look-alike's visits); a malicious kRareTool draws one of its own.
  std::string user_agent;
  bool own_server = false;  // a look-alike's visits go to a server of each host's own, not a shared one
};

// Everything a defender should find: DNS tunnels at 1, 10 and 100 B/s, a DNS beacon, a reverse shell, a
// shell still open at the end, nightly uploads, direct-to-IP C2, a web shell polled from outside, a
// threat-intel feed hit.
std::vector<SignProfile> intrusion_signs();
// Beyond the list (so not in the host ranking's runs, which place one instance of each of the ten
// above): tooling with a user agent no other host sends, calling a server no other host calls.
std::vector<SignProfile> extra_signs();
// What looks like them and is not: CDN long polls, cloud backups, software updates, antivirus reputation
// lookups, admins' SSH sessions, a niche updater with its own user agent, a developer's own tool. (The push service every host runs, label "push", is the push look-alike;
// it is part of the background.)
std::vector<SignProfile> benign_lookalikes();
std::vector<SignProfile> all_signs();  // intrusion_signs(), extra_signs(), then benign_lookalikes()

// "all", "malicious", "benign", "none", or a comma-separated list of those and of profile names; false
// (with the offending item in `bad`) for anything else. Each profile is taken once, in list order.
bool sign_set(std::string_view which, std::vector<SignProfile>& out, std::string* bad = nullptr);

}  // namespace vigil::sim
