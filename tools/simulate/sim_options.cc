// vigil-simulate's options and help text.
#include "sim_options.h"

#include <cstdlib>
#include <string_view>

namespace vigil::sim {
namespace {

bool to_number(const char* text, double& out) {
  char* end = nullptr;
  out = std::strtod(text, &end);
  return end != text && *end == '\0';
}

}  // namespace

std::string usage() {
  return R"(vigil-simulate: a labelled enterprise network with implanted C2 beacons and other signs of intrusion,
for testing detectors.

Usage: vigil-simulate --out DIR [options]

Writes DIR/conn.log, dns.log, ssl.log and http.log (Zeek TSV, or JSON lines with --json) and
DIR/truth.tsv: one row per labelled channel, implants (implant=T, label = profile name), benign
periodic services (implant=F: ntp, os-update, telemetry, mail-poll, monitoring-agent, push,
cron-api-poll), and with --signs the other signs (implant=T, label sign/...) and their look-alikes
(implant=F, label benign/...), each with the vigil detector expected to report it. A detector run on
the logs is scored against truth.tsv.

Options:
  --out DIR          output directory (created if missing)
  --hosts N          internal hosts, 10.1.0.1 onwards (default 200)
  --days D           length of the scenario in days, from Monday 2024-01-01 00:00 UTC (default 7)
  --seed S           everything is deterministic from this (default 1)
  --profiles SET     implant profiles: defaults (Cobalt Strike, Sliver, Empire, Mythic as shipped),
                     grid (periods 10 s..24 h x jitter 0..90% x sub/add/sym x drops 0..50%),
                     special (working-hours, bursts, cdn-fronted, sleep-change, multi-implant),
                     all (the three), none (benign traffic only) (default all)
  --per-profile K    implants of each profile, each on a random host (default 5)
  --signs SET        the other signs of intrusion and their benign look-alikes: all, malicious,
                     benign, none, or a comma-separated list of those and of names (default none):
                       sign/dns-tunnel-1Bps, sign/dns-tunnel-10Bps, sign/dns-tunnel-100Bps,
                       sign/dns-beacon, sign/reverse-shell, sign/shell-open-at-end,
                       sign/nightly-upload, sign/direct-ip-c2, sign/web-shell-polling,
                       sign/feed-hit; benign/cdn-long-poll, benign/cloud-backup,
                       benign/software-update, benign/av-lookups, benign/admin-ssh.
                     With signs on, DIR/feed.txt is written (vigil hunt --feed DIR/feed.txt), and
                     the data end as a capture would: sessions still open are logged as Zeek
                     logs them at shutdown (conn_state S1).
  --per-sign K       instances of each malicious sign, each on its own random host (default 5);
                     look-alikes run on their share of hosts whatever K is
  --no-background    implants only: no browsing, no benign services
  --json             Zeek JSON lines instead of TSV
  --pcap             also write DIR/capture.pcap with every connection as packets, so that
                     `vigil convert DIR/capture.pcap` gives the same connections back. For small
                     scenarios: background alone is ~120 MB per host-week, and every profile
                     with one implant each adds ~1 GB a day; try --hosts 5 --days 1. Not with
                     the signs that move gigabytes (nightly-upload, cloud-backup,
                     software-update): signs are meant for log output.
  --help             this text

Example:
  vigil-simulate --out /tmp/sim --hosts 200 --days 7 --profiles all
  awk -F'\t' '$1=="T"' /tmp/sim/truth.tsv | cut -f2,3,4,14 | head
  vigil-simulate --out /tmp/signs --hosts 60 --days 1 --profiles none --signs all --per-sign 2
  vigil hunt /tmp/signs --feed /tmp/signs/feed.txt --top 20
)";
}

bool parse_options(int argc, char** argv, SimOptions& o, std::string& error) {
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    auto value = [&](double& v) {
      if (i + 1 >= argc || !to_number(argv[i + 1], v)) {
        error = std::string(a) + " needs a number";
        return false;
      }
      ++i;
      return true;
    };
    double v = 0;
    if (a == "--help" || a == "-h") {
      o.help = true;
    } else if (a == "--out" && i + 1 < argc) {
      o.out_dir = argv[++i];
    } else if (a == "--hosts") {
      if (!value(v) || v < 1) return error = "--hosts needs a count of at least 1", false;
      o.scenario.hosts = static_cast<size_t>(v);
    } else if (a == "--days") {
      if (!value(v) || v <= 0) return error = "--days needs a positive number", false;
      o.scenario.days = v;
    } else if (a == "--seed") {
      if (!value(v) || v < 0) return error = "--seed needs a non-negative integer", false;
      o.scenario.seed = static_cast<uint64_t>(v);
    } else if (a == "--per-profile") {
      if (!value(v) || v < 0) return error = "--per-profile needs a count", false;
      o.scenario.implants_per_profile = static_cast<size_t>(v);
    } else if (a == "--per-sign") {
      if (!value(v) || v < 0) return error = "--per-sign needs a count", false;
      o.scenario.signs_per_profile = static_cast<size_t>(v);
    } else if (a == "--signs" && i + 1 < argc) {
      o.signs = argv[++i];
    } else if (a == "--profiles" && i + 1 < argc) {
      o.profiles = argv[++i];
    } else if (a == "--no-background") {
      o.scenario.background = false;
    } else if (a == "--json") {
      o.json = true;
    } else if (a == "--pcap") {
      o.pcap = true;
    } else {
      error = "unknown or incomplete option '" + std::string(a) + "' (see --help)";
      return false;
    }
  }
  if (o.help) return true;
  if (o.out_dir.empty()) return error = "--out DIR is required (see --help)", false;
  if (!profile_set(o.profiles, o.scenario.profiles))
    return error = "--profiles must be defaults, grid, special, all or none", false;
  std::string bad;
  if (!sign_set(o.signs, o.scenario.signs, &bad))
    return error = "--signs: unknown sign '" + bad + "' (all, malicious, benign, none or names; see --help)", false;
  if (o.pcap) {
    for (const SignProfile& p : o.scenario.signs)
      if (p.kind == SignKind::kTransfer)
        return error = "--pcap cannot hold " + p.name + " (gigabytes per transfer); leave it out of --signs", false;
  }
  return true;
}

}  // namespace vigil::sim
