#include "report/hunt_report.h"

#include <cinttypes>
#include <unordered_map>
#include <unordered_set>

#include "core/text_format.h"
#include "report/json_members.h"
#include "report/zeek_log_text.h"

namespace vigil {
namespace {

std::vector<RankedHost> hosts_of(const std::vector<FindingView>& findings) {
  std::vector<FindingRef> refs;
  refs.reserve(findings.size());
  for (const FindingView& f : findings) refs.push_back({f.host, f.score(), f.detector});
  return rank_hosts(refs);
}

std::string time_or_empty(int64_t ns) { return ns > 0 ? iso_time(ns) : std::string(); }

// The finding's members: the common ones, the detector's own, its plots and evidence.
std::string finding_object(const FindingView& f, size_t rank, size_t host_rank, double host_score) {
  JsonMembers m;
  m.uint("rank", rank).text("detector", f.detector).text("host", f.host.to_string());
  m.uint("host_rank", host_rank).number("host_score", host_score);
  m.text("subject", f.subject).text("severity", to_string(f.severity)).number("confidence", f.confidence);
  m.number("score", f.score());
  if (f.first_ns > 0) m.text("first_seen", iso_time(f.first_ns)).text("last_seen", iso_time(f.last_ns));
  m.text("headline", f.headline);
  std::string out = "{" + m.str();
  if (!f.json_fields.empty()) out += "," + f.json_fields;
  JsonMembers tail;
  if (!f.plots.empty()) tail.raw("plots", plots_json(f.plots));
  tail.texts("evidence", f.evidence);
  out += ',';
  out += tail.str();
  out += '}';
  return out;
}

// For each finding, its host's rank (1-based) and score.
std::vector<std::pair<size_t, double>> host_of_each(const RankedFindings& r) {
  std::vector<std::pair<size_t, double>> out(r.findings.size(), {0, 0});
  for (size_t h = 0; h < r.hosts.size(); ++h)
    for (size_t i : r.hosts[h].findings) out[i] = {h + 1, r.hosts[h].score};
  return out;
}

}  // namespace

RankedFindings rank_findings(std::vector<FindingView> findings, size_t top_hosts) {
  sort_findings(findings);
  RankedFindings r;
  r.hosts = hosts_of(findings);
  if (top_hosts && r.hosts.size() > top_hosts) {
    std::unordered_set<IpAddr, IpAddrHash> kept;
    for (size_t i = 0; i < top_hosts; ++i) kept.insert(r.hosts[i].host);
    std::erase_if(findings, [&](const FindingView& f) { return !kept.contains(f.host); });
    r.hosts = hosts_of(findings);
  }
  r.findings = std::move(findings);
  return r;
}

std::string terminal_safe(std::string_view s) {
  std::string out;
  for (char c : s) {
    auto ch = static_cast<unsigned char>(c);
    if (ch >= 0x20 && ch < 0x7f && ch != '\\') out += c;
    else out += format("\\x%02x", ch);
  }
  return out;
}

std::string hunt_table(const HuntSummary& s, const RankedFindings& r, bool detail) {
  const auto& by = s.connections_by_direction;
  std::string out = format("vigil hunt: %zu host%s with findings (%zu finding%s); %" PRIu64 " connections: %" PRIu64
                           " outbound from %zu internal hosts, %" PRIu64 " inbound to %zu, %" PRIu64 " internal from %zu",
                           r.hosts.size(), r.hosts.size() == 1 ? "" : "s", r.findings.size(),
                           r.findings.size() == 1 ? "" : "s", s.connections, by[0], s.hosts_by_direction[0], by[1],
                           s.hosts_by_direction[1], by[2], s.hosts_by_direction[2]);
  if (s.connections > 0) out += ", " + iso_time(s.first_ns) + " to " + iso_time(s.last_ns);
  out += "\n  internal networks: " + s.internal_rule + "\n";
  out += format("  beacon: %zu channels, %zu with enough check-ins scored, %zu below score %.2f; %zu allowlisted (%zu "
                "entries); %zu address channels judged by their names; %zu address findings folded into their name's\n",
                s.beacons.channels, s.beacons.scored, s.beacons.below_threshold, s.min_score, s.beacons.allowlisted,
                s.allowlist_entries, s.beacons.named_elsewhere, s.beacons.merged_into_name);
  if (r.hosts.empty()) return out;
  out += format("\n%4s  %5s  %-15s  %8s  %s\n", "rank", "score", "host", "findings", "best finding");
  for (size_t h = 0; h < r.hosts.size(); ++h) {
    const RankedHost& host = r.hosts[h];
    const FindingView& best = r.findings[host.findings.front()];
    out += format("%4zu  %5.2f  %-15s  %8zu  %s %s: %s\n", h + 1, host.score, host.host.to_string().c_str(),
                  host.findings.size(), best.detector.c_str(), terminal_safe(best.subject).c_str(),
                  terminal_safe(best.headline).c_str());
  }
  if (!detail) return out + "  (--detail shows every finding of each host with its evidence)\n";
  for (size_t h = 0; h < r.hosts.size(); ++h) {
    const RankedHost& host = r.hosts[h];
    out += format("\n#%zu %s  score %.2f, %zu finding%s\n", h + 1, host.host.to_string().c_str(), host.score,
                  host.findings.size(), host.findings.size() == 1 ? "" : "s");
    for (size_t i : host.findings) {
      const FindingView& f = r.findings[i];
      out += format("  [%s %.2f] %s %s: %s\n", to_string(f.severity), f.score(), f.detector.c_str(),
                    terminal_safe(f.subject).c_str(), terminal_safe(f.headline).c_str());
      for (const std::string& line : f.evidence) out += "      " + terminal_safe(line) + "\n";
    }
  }
  return out;
}

std::string hunt_json(const HuntSummary& s, const RankedFindings& r) {
  JsonMembers summary;
  summary.texts("inputs", s.inputs).uint("connections", s.connections);
  summary.uint("outbound_connections", s.connections_by_direction[0]).uint("internal_hosts", s.hosts_by_direction[0]);
  summary.uint("inbound_connections", s.connections_by_direction[1]).uint("servers_contacted_from_outside", s.hosts_by_direction[1]);
  summary.uint("internal_connections", s.connections_by_direction[2]).uint("hosts_calling_inside", s.hosts_by_direction[2]);
  if (s.connections > 0) summary.text("first_seen", iso_time(s.first_ns)).text("last_seen", iso_time(s.last_ns));
  summary.text("internal_networks", s.internal_rule);
  summary.uint("channels", s.beacons.channels).uint("channels_scored", s.beacons.scored);
  summary.uint("allowlisted", s.beacons.allowlisted).number("min_score", s.min_score);
  summary.texts("detectors", s.detectors);
  std::string out = "{\"vigil\":\"hunt\",\"format_version\":2,\"summary\":{" + summary.str() + "},\"hosts\":[";
  for (size_t h = 0; h < r.hosts.size(); ++h) {
    JsonMembers host;
    std::vector<uint64_t> ranks;
    for (size_t i : r.hosts[h].findings) ranks.push_back(i + 1);
    host.uint("rank", h + 1).text("host", r.hosts[h].host.to_string()).number("score", r.hosts[h].score);
    host.uints("findings", ranks).texts("detectors", r.hosts[h].detectors);
    out += (h ? ",{" : "{") + host.str() + "}";
  }
  out += "],\"findings\":[";
  auto host_of = host_of_each(r);
  for (size_t i = 0; i < r.findings.size(); ++i) {
    if (i) out += ',';
    out += finding_object(r.findings[i], i + 1, host_of[i].first, host_of[i].second);
  }
  out += "]}\n";
  return out;
}

std::string hunt_ndjson(const RankedFindings& r) {
  std::string out;
  auto host_of = host_of_each(r);
  for (size_t i = 0; i < r.findings.size(); ++i)
    out += finding_object(r.findings[i], i + 1, host_of[i].first, host_of[i].second) + "\n";
  return out;
}

namespace {

// RFC 4180 quoting; a cell a spreadsheet would take for a formula (= + - @, tab, CR first) gets a leading
// apostrophe, since names and user agents are the attacker's to choose.
std::string csv_cell(std::string_view v) {
  std::string s(v);
  if (!s.empty() && std::string_view("=+-@\t\r").find(s.front()) != std::string_view::npos) s.insert(s.begin(), '\'');
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string hunt_csv(const RankedFindings& r) {
  std::string out =
      "host_rank,host,host_score,rank,detector,severity,confidence,score,subject,first_seen,last_seen,headline,evidence\n";
  auto host_of = host_of_each(r);
  for (size_t i = 0; i < r.findings.size(); ++i) {
    const FindingView& f = r.findings[i];
    std::string evidence;
    for (const std::string& line : f.evidence) evidence += (evidence.empty() ? "" : " | ") + line;
    out += format("%zu,%s,%.4f,%zu,", host_of[i].first, f.host.to_string().c_str(), host_of[i].second, i + 1);
    out += csv_cell(f.detector) + "," + to_string(f.severity) + format(",%.4f,%.4f,", f.confidence, f.score());
    out += csv_cell(f.subject) + "," + time_or_empty(f.first_ns) + "," + time_or_empty(f.last_ns) + ",";
    out += csv_cell(f.headline) + "," + csv_cell(evidence) + "\n";
  }
  return out;
}

}  // namespace vigil
