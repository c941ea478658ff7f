// explain(): a beacon finding's evidence in words and numbers, so an analyst can check it in a minute.
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <string>

#include "core/text_format.h"
#include "detect/prevalence.h"
#include "detect/beacon_scorer.h"

namespace vigil {
namespace {

// Hours of the day with check-ins, as ranges: "00-23", "08-17", "08-11, 13-17".
std::string hour_ranges(uint32_t mask) {
  if (mask == 0xffffffu) return "every hour";
  std::string out;
  for (int h = 0; h < 24;) {
    if (!(mask >> h & 1u)) {
      ++h;
      continue;
    }
    int end = h;
    while (end + 1 < 24 && (mask >> (end + 1) & 1u)) ++end;
    if (!out.empty()) out += ", ";
    out += end == h ? format("%02d", h) : format("%02d-%02d", h, end);
    h = end + 1;
  }
  return out;
}

}  // namespace

std::vector<std::string> explain(const BeaconFinding& f) {
  const PeriodEstimate& p = f.period;
  std::vector<std::string> lines;
  lines.push_back(format("checks in every %s (jitter %.0f%%): %zu of %zu expected check-ins seen (%.0f%%)",
                         human_span(p.period_s).c_str(), p.jitter * 100, p.check_ins, p.expected, p.seen_fraction() * 100));
  lines.push_back("from " + utc_minute(f.first_ns) + " to " + utc_minute(f.last_ns) + " UTC (" +
                  human_span(static_cast<double>(f.last_ns - f.first_ns) / 1e9) + "), " + std::to_string(f.connections) +
                  " connections; active hours (UTC): " + hour_ranges(f.active_hours));
  if (f.messages > 0)
    lines.push_back(format("the check-ins are %zu messages the client sent inside %zu connection%s it held open (a "
                           "single-socket implant: each after at least 1 s of client silence)",
                           f.messages, f.connections, f.connections == 1 ? "" : "s"));
  else if (f.check_in_gap_s >= 1)
    lines.push_back(format("check-ins come as bursts: connections less than %.0f s apart counted as one check-in",
                           f.check_in_gap_s));
  if (p.burst_intervals > 0)
    lines.push_back(format("%zu intervals far shorter than the period set aside (operator sessions, retries)",
                           p.burst_intervals));
  if (p.sleep_changed)
    lines.push_back(format("sleep changed at %s UTC: every %s before", utc_minute(static_cast<int64_t>(p.regime_start_s * 1e9)).c_str(),
                           human_span(p.previous_period_s).c_str()));
  if (p.long_gaps > 0) lines.push_back(format("%zu silences longer than %d periods (night, host off)", p.long_gaps, kMaxMultiple));
  lines.push_back(format("sends %s (%.0f%% alike), receives %s (%.0f%% alike), lasts %s (%.0f%% alike)",
                         byte_size(f.sent.median).c_str(), f.sent.share_alike * 100, byte_size(f.received.median).c_str(),
                         f.received.share_alike * 100, human_span(f.duration_s.median).c_str(), f.duration_s.share_alike * 100));
  lines.push_back(prevalence_text(f.channel.direction, f.prevalence, f.internal_hosts));
  if (f.channel.is_name()) {
    std::string how = f.named_by_dns == f.connections ? "named by DNS answers"
                      : f.named_by_dns == 0          ? "named by TLS SNI / HTTP Host"
                                                     : "named by SNI/Host and DNS answers";
    lines.push_back(how + format(", behind %zu address%s", f.addresses.size(), f.addresses.size() == 1 ? "" : "es"));
  } else if (f.bare_ip) {
    lines.push_back("bare IP: no DNS answer in the data gave this address, and no TLS SNI or HTTP Host named it");
  }
  for (const std::string& agent : f.user_agents) lines.push_back("user agent: " + agent);
  if (f.destination_first_ns > 0 && f.destination_first_ns < f.first_ns)
    lines.push_back("destination first contacted " + utc_minute(f.destination_first_ns) + " UTC (by any host)");
  if (f.factors.schedule < 1)
    lines.push_back(format("on the clock: %.0f%% of check-ins start within 2 s after a whole minute, as a cron job or "
                           "timer's do (an implant's sleep counts from its own start)", 100 * f.on_the_clock));
  lines.push_back(format("score %.2f = rhythm %.2f x alike %.2f x rarity %.2f x naming %.2f x schedule %.2f (rhythm "
                         "evidence %.0f nats against the best rhythmless model)",
                         f.score, f.factors.rhythm, f.factors.alike, f.factors.rarity, f.factors.naming,
                         f.factors.schedule, p.evidence));
  return lines;
}

}  // namespace vigil
