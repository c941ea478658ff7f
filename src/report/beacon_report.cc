#include "report/beacon_report.h"

#include <cinttypes>
#include <cstdio>
#include <ctime>

#include "core/text_format.h"
#include "detect/host_ranking.h"
#include "report/plot_spec.h"
#include "report/zeek_log_text.h"

namespace vigil {
namespace {

std::string address_text(const IpAddr& a) {
  if (a.is_v4()) return a.to_string();
  std::string out = "[";  // appended, not "[" + ...: GCC 12 gives a false -Wrestrict for that
  a.append_to(out);
  out += ']';
  return out;
}

void summary_lines(std::string& out, const HuntSummary& s, size_t findings) {
  out += format("vigil hunt: %zu beacon finding%s; %zu channels from %zu internal hosts, %" PRIu64
                " outbound of %" PRIu64 " connections",
                findings, findings == 1 ? "" : "s", s.beacons.channels, s.internal_hosts, s.outbound, s.connections);
  if (s.outbound > 0) out += ", " + iso_time(s.first_ns) + " to " + iso_time(s.last_ns);
  out += "\n";
  out += "  internal networks: " + s.internal_rule + "\n";
  out += format("  %zu channels with enough check-ins scored, %zu below score %.2f; %zu allowlisted (%zu entries); "
                "%zu address channels judged by their names; %zu address findings folded into their name's\n",
                s.beacons.scored, s.beacons.below_threshold, s.min_score, s.beacons.allowlisted, s.allowlist_entries,
                s.beacons.named_elsewhere, s.beacons.merged_into_name);
}

}  // namespace

std::string terminal_safe(std::string_view s) {
  std::string out;
  for (char c : s) {
    auto ch = static_cast<unsigned char>(c);
    if (ch >= 0x20 && ch < 0x7f && ch != '\\') out += c;
    else out += format("\\x%02x", ch);
  }
  return out;
}

std::string destination_text(const ChannelKey& key) {
  std::string d = key.is_name() ? terminal_safe(key.name) : address_text(key.external);
  return d + ":" + std::to_string(key.port) + "/" + std::string(to_string(key.proto));
}

std::string beacon_table(const HuntSummary& summary, const std::vector<BeaconFinding>& findings, size_t limit,
                         bool evidence) {
  std::string out;
  summary_lines(out, summary, findings.size());
  if (findings.empty()) return out;
  size_t n = limit ? std::min(limit, findings.size()) : findings.size();
  out += format("\n%4s  %5s  %-15s  %-44s  %9s  %6s  %5s  %7s\n", "rank", "score", "host", "destination", "every",
                "jitter", "seen", "hosts");
  for (size_t i = 0; i < n; ++i) {
    const BeaconFinding& f = findings[i];
    std::string dest = destination_text(f.channel);
    if (f.channel.is_name() && f.addresses.size() > 1) dest += format(" (%zu addr)", f.addresses.size());
    if (f.bare_ip) dest += " (bare IP)";
    out += format("%4zu  %5.2f  %-15s  %-44s  %9s  %5.0f%%  %4.0f%%  %7s\n", i + 1, f.score,
                  f.channel.internal.to_string().c_str(), dest.c_str(), human_span(f.period.period_s).c_str(),
                  f.period.jitter * 100, f.period.seen_fraction() * 100,
                  format("%zu/%zu", f.prevalence, f.internal_hosts).c_str());
  }
  if (n < findings.size()) out += format("  ... %zu more (--top 0 shows all)\n", findings.size() - n);
  if (!evidence) return out;
  for (size_t i = 0; i < n; ++i) {
    const BeaconFinding& f = findings[i];
    out += format("\n#%zu %s -> %s\n", i + 1, f.channel.internal.to_string().c_str(), destination_text(f.channel).c_str());
    for (const std::string& line : explain(f)) out += "    " + terminal_safe(line) + "\n";
  }
  return out;
}

namespace {

void json_key(std::string& out, const char* key) {
  out += '"';
  out += key;
  out += "\":";
}

void json_number(std::string& out, const char* key, double v) {
  json_key(out, key);
  out += format("%.6g", v);
  out += ',';
}

void json_uint(std::string& out, const char* key, uint64_t v) {
  json_key(out, key);
  append_u64(out, v);
  out += ',';
}

void json_text(std::string& out, const char* key, std::string_view v) {
  json_key(out, key);
  append_json_string(out, v);
  out += ',';
}

void json_bool(std::string& out, const char* key, bool v) {
  json_key(out, key);
  out += v ? "true," : "false,";
}

void close_object(std::string& out) {
  if (out.back() == ',') out.back() = '}';
  else out += '}';
}

void regularity_json(std::string& out, const char* key, const Regularity& r) {
  json_key(out, key);
  out += '{';
  json_number(out, "median", r.median);
  json_number(out, "share_alike", r.share_alike);
  close_object(out);
  out += ',';
}

template <typename Numbers>
void json_uints(std::string& out, const char* key, const Numbers& values) {
  json_key(out, key);
  out += '[';
  bool first = true;
  for (auto v : values) {
    if (!first) out += ',';
    first = false;
    append_u64(out, v);
  }
  out += "],";
}

void json_texts(std::string& out, const char* key, const std::vector<std::string>& values) {
  json_key(out, key);
  out += '[';
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    append_json_string(out, values[i]);
  }
  out += "],";
}

// A beacon's three plots (docs/report.md): check-ins over time, intervals around the period, hour of day.
std::vector<PlotSpec> beacon_plots(const BeaconFinding& f) {
  const CheckInPlot& p = f.plot;
  double start = static_cast<double>(p.start_ns) / 1e9, end = static_cast<double>(p.end_ns) / 1e9;
  PlotSpec timeline{"check-ins over time (UTC)", PlotAxis::kTime, start,
                    (end - start) / static_cast<double>(CheckInPlot::kTimelineBins), {}, {}, 0, ""};
  timeline.counts.assign(p.timeline.begin(), p.timeline.end());
  double period = f.period.period_s;
  PlotSpec intervals{"intervals between check-ins", PlotAxis::kSeconds, -p.interval_bin_s / 2, p.interval_bin_s, {},
                     {{period, "period " + human_span(period)}}, period, ""};
  intervals.counts.assign(p.intervals.begin(), p.intervals.end());
  if (p.intervals_beyond)
    intervals.note = format("%u longer than %s not shown", p.intervals_beyond,
                            human_span(period * CheckInPlot::kIntervalPeriods).c_str());
  PlotSpec hours{"hour of day (UTC)", PlotAxis::kHour, 0, 1, {}, {}, 6, ""};
  hours.counts.assign(p.hours.begin(), p.hours.end());
  return {timeline, intervals, hours};
}

void finding_json(std::string& out, const BeaconFinding& f, size_t rank) {
  const PeriodEstimate& p = f.period;
  out += '{';
  json_uint(out, "rank", rank);
  json_text(out, "detector", "beacon");
  json_number(out, "score", f.score);
  json_text(out, "host", f.channel.internal.to_string());
  json_key(out, "destination");
  out += '{';
  if (f.channel.is_name()) json_text(out, "name", f.channel.name);
  else json_text(out, "address", f.channel.external.to_string());
  json_uint(out, "port", f.channel.port);
  json_text(out, "proto", to_string(f.channel.proto));
  std::vector<std::string> addresses;
  for (const IpAddr& a : f.addresses) addresses.push_back(a.to_string());
  json_texts(out, "addresses", addresses);
  json_bool(out, "bare_ip", f.bare_ip);
  json_uint(out, "named_by_dns", f.named_by_dns);
  close_object(out);
  out += ',';
  json_number(out, "period_s", p.period_s);
  json_number(out, "jitter", p.jitter);
  json_uint(out, "check_ins", p.check_ins);
  json_uint(out, "expected_check_ins", p.expected);
  json_number(out, "seen_fraction", p.seen_fraction());
  json_uint(out, "long_gaps", p.long_gaps);
  json_uint(out, "burst_intervals", p.burst_intervals);
  json_number(out, "confidence", p.confidence);
  json_number(out, "evidence_nats", p.evidence);
  json_bool(out, "sleep_changed", p.sleep_changed);
  if (p.sleep_changed) json_number(out, "previous_period_s", p.previous_period_s);
  json_number(out, "check_in_gap_s", f.check_in_gap_s);
  json_number(out, "poisson_p", p.poisson_p);
  json_uint(out, "connections", f.connections);
  json_text(out, "first_seen", iso_time(f.first_ns));
  json_text(out, "last_seen", iso_time(f.last_ns));
  json_key(out, "active_hours_utc");
  out += '[';
  for (int h = 0, k = 0; h < 24; ++h)
    if (f.active_hours >> h & 1u) {
      if (k++) out += ',';
      append_u64(out, static_cast<uint64_t>(h));
    }
  out += "],";
  regularity_json(out, "sent_bytes", f.sent);
  regularity_json(out, "received_bytes", f.received);
  regularity_json(out, "duration_s", f.duration_s);
  json_uint(out, "prevalence", f.prevalence);
  json_uint(out, "internal_hosts", f.internal_hosts);
  if (f.destination_first_ns > 0) json_text(out, "destination_first_seen", iso_time(f.destination_first_ns));
  json_texts(out, "user_agents", f.user_agents);
  json_key(out, "factors");
  out += '{';
  json_number(out, "rhythm", f.factors.rhythm);
  json_number(out, "alike", f.factors.alike);
  json_number(out, "rarity", f.factors.rarity);
  json_number(out, "naming", f.factors.naming);
  close_object(out);
  out += ',';
  if (!f.plot.empty()) {
    append_plots_json(out, beacon_plots(f));
    out += ',';
  }
  json_texts(out, "evidence", explain(f));
  close_object(out);
}

// Hosts ranked by their findings (detect/host_ranking.h); each lists its findings by rank.
void hosts_json(std::string& out, const std::vector<BeaconFinding>& findings, size_t n) {
  std::vector<FindingRef> refs;
  for (size_t i = 0; i < n; ++i) refs.push_back({findings[i].channel.internal, findings[i].score, "beacon"});
  out += ",\"hosts\":[";
  std::vector<RankedHost> hosts = rank_hosts(refs);
  for (size_t i = 0; i < hosts.size(); ++i) {
    if (i) out += ',';
    out += '{';
    json_uint(out, "rank", i + 1);
    json_text(out, "host", hosts[i].host.to_string());
    json_number(out, "score", hosts[i].score);
    std::vector<size_t> ranks;
    for (size_t f : hosts[i].findings) ranks.push_back(f + 1);
    json_uints(out, "findings", ranks);
    json_texts(out, "detectors", hosts[i].detectors);
    close_object(out);
  }
  out += ']';
}

}  // namespace

std::string hunt_json(const HuntSummary& s, const std::vector<BeaconFinding>& findings, size_t limit) {
  std::string out = "{\"vigil\":\"hunt\",\"format_version\":1,\"summary\":{";
  json_key(out, "inputs");
  out += '[';
  for (size_t i = 0; i < s.inputs.size(); ++i) {
    if (i) out += ',';
    append_json_string(out, s.inputs[i]);
  }
  out += "],";
  json_uint(out, "connections", s.connections);
  json_uint(out, "outbound_connections", s.outbound);
  json_uint(out, "internal_hosts", s.internal_hosts);
  if (s.outbound > 0) {
    json_text(out, "first_seen", iso_time(s.first_ns));
    json_text(out, "last_seen", iso_time(s.last_ns));
  }
  json_text(out, "internal_networks", s.internal_rule);
  json_uint(out, "channels", s.beacons.channels);
  json_uint(out, "channels_scored", s.beacons.scored);
  json_uint(out, "allowlisted", s.beacons.allowlisted);
  json_number(out, "min_score", s.min_score);
  json_texts(out, "detectors", {"beacon"});
  close_object(out);
  size_t n = limit ? std::min(limit, findings.size()) : findings.size();
  hosts_json(out, findings, n);
  out += ",\"findings\":[";
  for (size_t i = 0; i < n; ++i) {
    if (i) out += ',';
    finding_json(out, findings[i], i + 1);
  }
  out += "]}\n";
  return out;
}

}  // namespace vigil
