// `vigil hunt`: inputs of any kind in, channels built, beacons scored, a ranked table (or JSON) out.
#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/commands.h"
#include "cli/hunt_config.h"
#include "cli/hunt_detectors.h"
#include "cli/hunt_inputs.h"
#include "cli/net_list.h"
#include "detect/allowlist.h"
#include "cli/output_file.h"
#include "intel/feed_loader.h"
#include "core/text_format.h"
#include "report/hunt_report.h"
#include "report/html_report.h"

namespace vigil::cli {
namespace {

constexpr const char* kHelp =
    "usage: vigil hunt INPUT... [--detail] [--json | --ndjson | --csv] [--html FILE] [--config FILE]\n"
    "                  [--feed FILE]... [--internal CIDR,...] [--allowlist FILE] [--min-score S] [--top N]\n"
    "                  [--format FORMAT] [-C]\n"
    "\n"
    "Ranks the internal hosts most likely under remote control, each with the findings behind its score.\n"
    "The detectors: beacons (implants checking in with their operator on a schedule, by new connections\n"
    "or by messages inside one held open), long connections, exfiltration, DNS tunnels and DNS beacons,\n"
    "threat-intel hits (--feed), odd certificates, protocols on the wrong port, destinations no name\n"
    "stands for, rare clients (a TLS fingerprint or user agent almost no other host uses, talking\n"
    "to a place almost no other host goes) and files uploaded over cleartext FTP to a server outside.\n"
    "Reads pcap/pcapng captures, Zeek logs (TSV or JSON, conn.log with\n"
    "dns.log, ssl.log, http.log and ftp.log when present) and Suricata EVE, files or directories, in any mix.\n"
    "\n"
    "For beacons, each internal host's connections are grouped into channels: per destination\n"
    "address, port and protocol, and per server name (TLS SNI, HTTP Host, or the DNS answer that gave\n"
    "the host the address), so a beacon spread over many CDN addresses is still one channel. Each\n"
    "channel's check-in times are tested for a rhythm that survives jitter, missed check-ins and\n"
    "night-time silences; the score multiplies how sure that rhythm is with how alike the connections\n"
    "are, how rare the destination is among internal hosts, whether a name stands behind it, and\n"
    "whether the check-ins keep the wall clock's minutes (a cron job's mark).\n"
    "Every finding lists its evidence: period, jitter, check-ins seen against expected, first and\n"
    "last seen, active hours, sizes, and how many hosts share the destination. docs/detection.md\n"
    "explains the score and how well it does on the labelled simulator (vigil-simulate).\n"
    "\n"
    "A finding's score is its severity's weight (high 1, medium 0.6, low 0.3) times the detector's\n"
    "confidence; a host's score is 1 - (1 - s1)(1 - s2)... over its findings.\n"
    "\n"
    "  --detail             under the hosts table, every finding of each host with its evidence\n"
    "  --json               one JSON document on stdout (summary, hosts and findings) instead of the table\n"
    "  --ndjson             one finding per line (JSON), with its host's rank and score, for a SIEM\n"
    "  --csv                one finding per row (CSV with a header), for a spreadsheet\n"
    "  --html FILE          also write the report for a browser: one self-contained page with the\n"
    "                       hosts ranked, every finding's evidence and plots (check-ins over time,\n"
    "                       intervals around the period, hour of day), sorting and filtering\n"
    "  --internal LIST      comma-separated CIDRs of the internal networks (default: RFC 1918,\n"
    "                       RFC 4193 unique-local, link-local and loopback)\n"
    "  --config FILE        settings from a TOML file: internal networks, allowlists for every\n"
    "                       detector and for each, thresholds (examples/vigil.toml; the options\n"
    "                       here win over the file)\n"
    "  --feed FILE          threat-intel indicators (addresses, CIDRs, domains) from a plain list, CSV or\n"
    "                       STIX 2.1 bundle, matched on connections, DNS, SNI and Host (repeatable;\n"
    "                       malformed lines are reported with their line and the rest loaded)\n"
    "  --allowlist FILE     destinations to leave out: one name (covers its subdomains), address or\n"
    "                       CIDR per line, '#' comments\n"
    "  --min-score S        report findings whose detector is at least S sure, 0..1 (default 0.5)\n"
    "  --top N              the N best hosts and their findings (default 50; 0 = all); --html has all\n"
    "  --format FORMAT      read every input as FORMAT: pcap, zeek-tsv, zeek-json, suricata-eve\n"
    "  -C, --ignore-checksums\n"
    "                       accept packets with wrong checksums (captures from checksum offloading)\n"
    "\n"
    "Read summaries go to stderr. Exit code 0 when every input was read (findings or not), 1 when an\n"
    "input was unreadable or corrupt (what was read still counts), 2 for a bad command line.\n";

struct Args {
  std::vector<std::string> inputs;
  enum class Output { kTable, kJson, kNdjson, kCsv } output = Output::kTable;
  std::string html;
  bool detail = false;
  bool ignore_checksums = false;
  std::string internal;
  std::string allowlist;
  std::string config;
  std::vector<std::string> feeds;
  std::optional<double> min_score;  // unset: the configuration's, else 0.5
  std::optional<size_t> top;        // unset: the configuration's, else 50
  std::optional<InputFormat> format;
};

int usage_error(const std::string& msg) {
  std::fprintf(stderr, "vigil hunt: %s\n\n%s", msg.c_str(), kHelp);
  return kExitUsage;
}

std::optional<double> parse_number(const char* s) {
  if (!s) return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(s, &end);
  if (end == s || *end != '\0') return std::nullopt;
  return v;
}

// Returns an exit code when the command line is not usable, nullopt when `a` is filled.
std::optional<int> parse_args(int argc, char** argv, Args& a) {
  for (int i = 0; i < argc; ++i) {
    std::string_view s = argv[i];
    auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    if (s == "--help" || s == "-h") {
      std::fputs(kHelp, stdout);
      return kExitOk;
    } else if (s == "--json") {
      a.output = Args::Output::kJson;
    } else if (s == "--ndjson") {
      a.output = Args::Output::kNdjson;
    } else if (s == "--csv") {
      a.output = Args::Output::kCsv;
    } else if (s == "--detail") {
      a.detail = true;
    } else if (s == "--html") {
      const char* v = value();
      if (!v) return usage_error("--html needs a file");
      a.html = v;
    } else if (s == "-C" || s == "--ignore-checksums") {
      a.ignore_checksums = true;
    } else if (s == "--internal") {
      const char* v = value();
      if (!v) return usage_error("--internal needs a list of CIDRs");
      a.internal = v;
    } else if (s == "--feed") {
      const char* v = value();
      if (!v) return usage_error("--feed needs a file");
      a.feeds.emplace_back(v);
    } else if (s == "--config") {
      const char* v = value();
      if (!v) return usage_error("--config needs a file");
      a.config = v;
    } else if (s == "--allowlist") {
      const char* v = value();
      if (!v) return usage_error("--allowlist needs a file");
      a.allowlist = v;
    } else if (s == "--min-score") {
      auto v = parse_number(value());
      if (!v || *v < 0 || *v > 1) return usage_error("--min-score needs a number from 0 to 1");
      a.min_score = *v;
    } else if (s == "--top") {
      auto v = parse_number(value());
      if (!v || *v < 0 || *v != static_cast<double>(static_cast<size_t>(*v))) return usage_error("--top needs a whole number");
      a.top = static_cast<size_t>(*v);
    } else if (s == "--format") {
      const char* v = value();
      if (!v || !(a.format = parse_input_format(v))) return usage_error("--format needs one of pcap, zeek-tsv, zeek-json, suricata-eve");
    } else if (s.starts_with("-") && s != "-") {
      return usage_error("unknown option '" + std::string(s) + "'");
    } else {
      a.inputs.emplace_back(s);
    }
  }
  if (a.inputs.empty()) return usage_error("no input given");
  return std::nullopt;
}

// The internal networks: --internal, else the configuration's, else the private networks (with Zeek's
// local_orig/local_resp trusted where logs carry them). Returns the rule as the summary states it.
Result<std::pair<NetSet, std::string>> internal_networks(const Args& a, const HuntConfig& config) {
  NetSet nets;
  std::string list = a.internal;
  std::string origin = " (--internal)";
  if (list.empty() && !config.internal.empty()) {
    for (const std::string& cidr : config.internal) list += (list.empty() ? "" : ",") + cidr;
    origin = " (" + a.config + ")";
  }
  if (list.empty()) return std::pair{NetSet::private_networks(), std::string()};
  if (Status st = add_cidr_list(list, nets); !st.is_ok()) return st;
  return std::pair{std::move(nets), list + origin};
}

Result<DetectorSettings> detector_settings(const Args& a, const HuntConfig& config) {
  DetectorSettings s;
  std::vector<std::string> extra;
  if (!a.allowlist.empty()) extra.push_back(a.allowlist);
  std::pair<const char*, DetectorLimits*> detectors[] = {
      {"beacon", &s.beacon},   {"long-connection", &s.long_connection}, {"exfiltration", &s.exfiltration},
      {"unnamed-destination", &s.unnamed}, {"wrong-port", &s.wrong_port}, {"certificate", &s.certificate},
      {"dns", &s.dns},         {"threat-intel", &s.intel},              {"rare-client", &s.rare_client},
      {"ftp-upload", &s.ftp_upload}};
  static_assert(std::size(detectors) == std::size(kDetectorNames), "a detector without settings");
  for (auto& [name, limits] : detectors) {
    auto allow = config.allowlist_for(name, extra);
    if (!allow.is_ok()) return allow.status();
    limits->allow = allow.take();
    limits->min = a.min_score.value_or(config.min_confidence_for(name, 0.5));
  }
  std::vector<std::string> feeds = a.feeds;
  for (const std::string& f : config.feeds) feeds.push_back(f.starts_with("/") ? f : config.base_dir + "/" + f);
  for (const std::string& path : feeds) {
    auto t0 = std::chrono::steady_clock::now();
    Result<FeedReport> report = load_feed_into(s.indicators, path);
    if (!report.is_ok()) return report.status();
    const FeedReport& r = report.value();
    std::fprintf(stderr, "vigil hunt: feed %s: %llu indicators in %.2f s (%llu malformed, %llu not matchable, %llu revoked)\n",
                 r.feed.c_str(), static_cast<unsigned long long>(r.loaded),
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(),
                 static_cast<unsigned long long>(r.malformed), static_cast<unsigned long long>(r.unsupported),
                 static_cast<unsigned long long>(r.revoked));
    for (const Status& p : r.problems) std::fprintf(stderr, "vigil hunt: feed warning: %s\n", p.to_string().c_str());
  }
  if (config.min_session_s) s.min_session_s = *config.min_session_s;
  if (config.min_connected_s) s.min_connected_s = *config.min_connected_s;
  return s;
}

}  // namespace

int hunt_command(int argc, char** argv) {
  Args a;
  if (auto code = parse_args(argc, argv, a)) return *code;
  HuntConfig config;
  if (!a.config.empty()) {
    auto loaded = load_hunt_config(a.config);
    if (!loaded.is_ok()) return usage_error(loaded.status().to_string());
    config = loaded.take();
  }
  auto networks = internal_networks(a, config);
  if (!networks.is_ok()) return usage_error(networks.status().message());
  auto [internal, rule] = networks.take();
  auto settings = detector_settings(a, config);
  if (!settings.is_ok()) return usage_error(settings.status().to_string());

  std::vector<Status> errors;
  std::vector<std::string> files = expand_inputs(a.inputs, errors);
  // Without a configured list, a sensor's own word (Zeek's local_orig/local_resp) decides where logs carry it.
  bool trust_log_fields = rule.empty();
  ChannelTable table(Locality(internal, trust_log_fields), NameOrder::kBeforeConnections);
  HuntInputOptions in;
  in.format = a.format;
  in.ignore_checksums = a.ignore_checksums;
  settings.value().internal = internal;
  HuntDetectors detectors(table, settings.take());
  HuntInputStats read = read_hunt_inputs(files, table, detectors.observers(), in);
  errors.insert(errors.end(), read.errors.begin(), read.errors.end());

  HuntSummary summary;
  summary.inputs = a.inputs;
  summary.connections = read.connections;
  for (size_t d = 0; d < kDirections; ++d) {
    summary.connections_by_direction[d] = table.connections(static_cast<Direction>(d));
    summary.hosts_by_direction[d] = table.hosts(static_cast<Direction>(d));
  }
  summary.first_ns = read.first_ns;
  summary.last_ns = read.last_ns;
  if (uint64_t by_logs = table.locality().decided_by_log_fields(); trust_log_fields && by_logs > 0)
    rule = format("Zeek's local_orig/local_resp where the logs carry them (%llu addresses of %llu connections), "
                  "else RFC 1918, RFC 4193, link-local and loopback (--internal overrides both)",
                  static_cast<unsigned long long>(by_logs), static_cast<unsigned long long>(read.connections));
  else if (rule.empty())
    rule = "RFC 1918, RFC 4193, link-local and loopback (the default; --internal changes it)";
  summary.internal_rule = rule;
  summary.allowlist_entries = detectors.settings().beacon.allow.size();
  summary.min_score = detectors.settings().beacon.min;

  ChannelMap channels = table.finish();
  std::vector<FindingView> views = detectors.run(channels, summary);
  RankedFindings ranked = rank_findings(views, a.top.value_or(config.top.value_or(50)));
  std::string out;
  switch (a.output) {
    case Args::Output::kTable: out = hunt_table(summary, ranked, a.detail); break;
    case Args::Output::kJson: out = hunt_json(summary, ranked); break;
    case Args::Output::kNdjson: out = hunt_ndjson(ranked); break;
    case Args::Output::kCsv: out = hunt_csv(ranked); break;
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  if (!a.html.empty()) {
    // Every host (not only --top): the page sorts, filters and pages them itself.
    Result<std::string> page = html_report(hunt_json(summary, rank_findings(std::move(views), 0)));
    Status st = page.is_ok() ? write_output_file(a.html, page.value()) : page.status();
    if (!st.is_ok()) errors.push_back(std::move(st));
    else std::fprintf(stderr, "vigil hunt: report written to %s\n", a.html.c_str());
  }
  for (const auto& e : errors) std::fprintf(stderr, "vigil hunt: error: %s\n", e.to_string().c_str());
  return errors.empty() ? kExitOk : kExitInputError;
}

}  // namespace vigil::cli
