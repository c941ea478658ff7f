// The shipped signs and look-alikes, and --signs parsing.
#include "sign_profile.h"

#include <algorithm>

namespace vigil::sim {
namespace {

constexpr double kHour = 3600;
constexpr double kMB = 1e6, kGB = 1e9;

SignProfile sign(std::string name, std::string detector, SignKind kind) {
  SignProfile p;
  p.name = std::move(name);
  p.detector = std::move(detector);
  p.kind = kind;
  return p;
}

SignProfile lookalike(std::string name, std::string detector, SignKind kind, double host_share) {
  SignProfile p = sign(std::move(name), std::move(detector), kind);
  p.malicious = false;
  p.host_share = host_share;
  return p;
}

// iodine / dnscat2: a session of 2–4 h a day, so that 100 B/s does not fill a week's logs.
SignProfile dns_tunnel(std::string name, double bytes_per_s) {
  SignProfile p = sign(std::move(name), "dns-tunnel", SignKind::kDnsTunnel);
  p.bytes_per_s = bytes_per_s;
  p.session_min_s = 2 * kHour, p.session_max_s = 4 * kHour;
  p.port = 53;
  return p;
}

}  // namespace

std::vector<SignProfile> intrusion_signs() {
  std::vector<SignProfile> out;
  out.push_back(dns_tunnel("sign/dns-tunnel-1Bps", 1));
  out.push_back(dns_tunnel("sign/dns-tunnel-10Bps", 10));
  out.push_back(dns_tunnel("sign/dns-tunnel-100Bps", 100));

  SignProfile dns_beacon = sign("sign/dns-beacon", "dns-beacon", SignKind::kDnsBeacon);  // Cobalt Strike's DNS beacon
  dns_beacon.period_s = 60, dns_beacon.jitter = 0.2;
  dns_beacon.port = 53;
  out.push_back(dns_beacon);

  SignProfile shell = sign("sign/reverse-shell", "long-connection", SignKind::kShell);
  shell.session_min_s = 2 * kHour, shell.session_max_s = 6 * kHour;
  out.push_back(shell);  // port 0: 4444 (Metasploit's default) or 443 without TLS, per instance

  SignProfile open = sign("sign/shell-open-at-end", "long-connection", SignKind::kShell);
  open.session_min_s = 1 * kHour, open.session_max_s = 4 * kHour;  // how long before the end it started
  open.open_at_end = true;
  out.push_back(open);

  SignProfile upload = sign("sign/nightly-upload", "exfiltration", SignKind::kTransfer);
  upload.bytes_min = 200 * kMB, upload.bytes_max = 2 * kGB;
  upload.rate_min = 2 * kMB, upload.rate_max = 10 * kMB;
  upload.nightly = true, upload.night_from_h = 1, upload.night_to_h = 4;
  upload.port = 443;
  out.push_back(upload);

  SignProfile direct = sign("sign/direct-ip-c2", "unnamed-destination", SignKind::kDirectIpBeacon);
  direct.period_s = 300, direct.jitter = 0.3;
  direct.port = 80;
  out.push_back(direct);

  SignProfile web_shell = sign("sign/web-shell-polling", "beacon", SignKind::kInboundPoller);
  web_shell.direction = "inbound";
  web_shell.period_s = 300, web_shell.jitter = 0.3;
  web_shell.port = 443;
  out.push_back(web_shell);

  SignProfile feed = sign("sign/feed-hit", "threat-intel", SignKind::kOccasionalVisit);
  feed.events_per_day_min = 2, feed.events_per_day_max = 6;
  feed.port = 443;
  out.push_back(feed);
  return out;
}

std::vector<SignProfile> extra_signs() {
  // A custom implant: its own user agent (each instance a build of its own), plain HTTP, every 2 h with
  // 50% jitter: too slow and loose for a day's beacon finding, rare by who sends it and where.
  SignProfile tool = sign("sign/rare-tool", "rare-client", SignKind::kRareTool);
  tool.period_s = 2 * kHour, tool.jitter = 0.5;
  tool.port = 80;
  return {tool};
}

std::vector<SignProfile> benign_lookalikes() {
  std::vector<SignProfile> out;
  SignProfile poll = lookalike("benign/cdn-long-poll", "long-connection", SignKind::kLongPoll, 0.4);
  poll.session_min_s = 50 * 60, poll.session_max_s = 70 * 60;
  poll.working_hours = true;
  poll.port = 443;
  out.push_back(poll);

  SignProfile backup = lookalike("benign/cloud-backup", "exfiltration", SignKind::kTransfer, 0.15);
  backup.bytes_min = 0.5 * kGB, backup.bytes_max = 3 * kGB;
  backup.rate_min = 5 * kMB, backup.rate_max = 20 * kMB;
  backup.nightly = true, backup.night_from_h = 0, backup.night_to_h = 5;
  backup.port = 443;
  out.push_back(backup);

  SignProfile update = lookalike("benign/software-update", "exfiltration", SignKind::kTransfer, 0.5);
  update.bytes_min = 100 * kMB, update.bytes_max = 1 * kGB;
  update.rate_min = 5 * kMB, update.rate_max = 40 * kMB;
  update.upload = false;
  update.working_hours = true;
  update.events_per_day_min = 0.2, update.events_per_day_max = 0.5;
  update.port = 443;
  out.push_back(update);

  SignProfile av = lookalike("benign/av-lookups", "dns-tunnel", SignKind::kHashedLookups, 1.0);
  av.events_per_day_min = 50, av.events_per_day_max = 300;
  av.port = 53;
  out.push_back(av);

  // A niche updater on 1% of hosts with a user agent of its own, fetching from the update CDN every host
  // uses: a rare client, but a common destination.
  SignProfile updater = lookalike("benign/rare-updater", "rare-client", SignKind::kOccasionalVisit, 0.01);
  updater.user_agent = "AcmeUpdater/3.2 (Windows NT 10.0; x64)";
  updater.events_per_day_min = 4, updater.events_per_day_max = 8;
  updater.port = 80;
  out.push_back(updater);

  // A developer's own tool polling the developer's own test server: a rare client to a rare destination,
  // what the rare-client detector reports and cannot tell from an implant (its honest false alarm).
  SignProfile dev = lookalike("benign/dev-tool", "rare-client", SignKind::kOccasionalVisit, 0.01);
  dev.user_agent = "python-requests/2.31.0";
  dev.own_server = true;
  dev.events_per_day_min = 20, dev.events_per_day_max = 60;
  dev.port = 80;
  out.push_back(dev);

  SignProfile ssh = lookalike("benign/admin-ssh", "long-connection", SignKind::kAdminSsh, 0);
  ssh.direction = "internal";
  ssh.admin_hosts = 2;
  ssh.session_min_s = 1 * kHour, ssh.session_max_s = 8 * kHour;
  ssh.working_hours = true;
  ssh.port = 22;
  out.push_back(ssh);
  return out;
}

std::vector<SignProfile> all_signs() {
  std::vector<SignProfile> out = intrusion_signs();
  for (SignProfile& p : extra_signs()) out.push_back(std::move(p));
  for (SignProfile& p : benign_lookalikes()) out.push_back(std::move(p));
  return out;
}

bool sign_set(std::string_view which, std::vector<SignProfile>& out, std::string* bad) {
  out.clear();
  const std::vector<SignProfile> known = all_signs();
  auto add = [&out](const SignProfile& p) {
    if (std::none_of(out.begin(), out.end(), [&p](const SignProfile& q) { return q.name == p.name; })) out.push_back(p);
  };
  size_t start = 0;
  while (start <= which.size()) {
    size_t comma = std::min(which.find(',', start), which.size());
    std::string_view item = which.substr(start, comma - start);
    start = comma + 1;
    if (item == "none") continue;
    bool matched = false;
    for (const SignProfile& p : known) {
      if (item == "all" || item == p.name || (item == "malicious" && p.malicious) || (item == "benign" && !p.malicious)) {
        add(p);
        matched = true;
      }
    }
    if (!matched) {
      if (bad) *bad = std::string(item);
      out.clear();
      return false;
    }
  }
  return true;
}

}  // namespace vigil::sim
