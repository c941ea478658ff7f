// view_of(ExfiltrationFinding): data leaving as every output shows it, with bytes sent over time and by
// hour of the day.
#include "core/text_format.h"
#include "report/finding_view.h"
#include "report/json_members.h"

namespace vigil {

FindingView view_of(const ExfiltrationFinding& f) {
  FindingView v;
  v.detector = "exfiltration";
  v.host = f.channel.internal;
  v.subject = destination_text(f.channel);
  v.targets = {channel_target(f.channel)};
  v.severity = Severity::kHigh;  // data leaving to a rare destination is what the operation is for
  v.confidence = f.confidence;
  v.first_ns = f.first_ns;
  v.last_ns = f.last_ns;
  double mb = static_cast<double>(f.sent) / 1e6;
  v.headline = format("sent %.1f MB, received %.1f MB; %.0f%% of the host's outbound, %.0f%% off-hours", mb,
                      static_cast<double>(f.received) / 1e6,
                      100 * static_cast<double>(f.sent) / std::max(1.0, static_cast<double>(f.host_sent)),
                      100 * f.off_hours_share);
  if (f.bare_ip) v.headline += ", bare IP";
  v.evidence = explain(f);
  double start = static_cast<double>(f.first_ns) / 1e9, end = static_cast<double>(f.last_ns) / 1e9;
  double width = std::max(1.0, (end - start) / static_cast<double>(f.sent_over_time.size()));
  PlotSpec over_time{"bytes sent per " + human_span(width) + " (UTC)", PlotAxis::kTime, start, width, {}, {}, 0, "", true};
  over_time.counts.assign(f.sent_over_time.begin(), f.sent_over_time.end());
  PlotSpec hours{"bytes sent by hour of day (UTC)", PlotAxis::kHour, 0, 1, {}, {}, 6, "", true};
  hours.counts.assign(f.sent_by_hour.begin(), f.sent_by_hour.end());
  v.plots = {over_time, hours};
  JsonMembers m, factors;
  m.object("destination", destination_json(f.channel, f.bare_ip));
  m.uint("sent_bytes", f.sent).uint("received_bytes", f.received).uint("host_sent_bytes", f.host_sent);
  m.number("off_hours_share", f.off_hours_share).uint("connections", f.connections);
  m.uint("prevalence", f.prevalence).uint("internal_hosts", f.internal_hosts);
  factors.number("volume", f.factors.volume).number("lopsided", f.factors.lopsided).number("share", f.factors.share);
  factors.number("rarity", f.factors.rarity).number("hours", f.factors.hours);
  m.object("factors", factors);
  v.json_fields = m.str();
  return v;
}

}  // namespace vigil
