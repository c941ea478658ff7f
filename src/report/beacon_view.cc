// view_of(BeaconFinding): a beacon as every output shows it: its destination, one line on its rhythm,
// the evidence lines (detect/beacon_evidence.cc), three plots and its numbers for machines.
#include <vector>

#include "core/text_format.h"
#include "report/finding_view.h"
#include "report/json_members.h"

namespace vigil {
namespace {

JsonMembers regularity_json(const Regularity& r) {
  JsonMembers m;
  m.number("median", r.median).number("share_alike", r.share_alike);
  return m;
}

// The destination with the addresses behind a name and how many connections DNS answers named.
JsonMembers beacon_destination_json(const BeaconFinding& f) {
  JsonMembers d = destination_json(f.channel, f.bare_ip);
  std::vector<std::string> addresses;
  for (const IpAddr& a : f.addresses) addresses.push_back(a.to_string());
  d.texts("addresses", addresses).uint("named_by_dns", f.named_by_dns);
  return d;
}

std::string beacon_fields(const BeaconFinding& f) {
  const PeriodEstimate& p = f.period;
  JsonMembers m;
  m.object("destination", beacon_destination_json(f));
  m.number("period_s", p.period_s).number("jitter", p.jitter);
  m.uint("check_ins", p.check_ins).uint("expected_check_ins", p.expected).number("seen_fraction", p.seen_fraction());
  m.uint("long_gaps", p.long_gaps).uint("burst_intervals", p.burst_intervals);
  m.number("confidence_rhythm", p.confidence).number("evidence_nats", p.evidence);
  m.boolean("sleep_changed", p.sleep_changed);
  if (p.sleep_changed) m.number("previous_period_s", p.previous_period_s);
  m.number("check_in_gap_s", f.check_in_gap_s).number("poisson_p", p.poisson_p);
  if (f.messages > 0) m.uint("messages", f.messages);
  m.uint("connections", f.connections);
  std::vector<uint64_t> hours;
  for (unsigned h = 0; h < 24; ++h)
    if (f.active_hours >> h & 1u) hours.push_back(h);
  m.uints("active_hours_utc", hours);
  m.object("sent_bytes", regularity_json(f.sent)).object("received_bytes", regularity_json(f.received));
  m.object("duration_s", regularity_json(f.duration_s));
  m.uint("prevalence", f.prevalence).uint("internal_hosts", f.internal_hosts);
  if (f.destination_first_ns > 0) m.text("destination_first_seen", iso_time(f.destination_first_ns));
  m.texts("user_agents", f.user_agents);
  JsonMembers factors;
  factors.number("rhythm", f.factors.rhythm).number("alike", f.factors.alike);
  factors.number("rarity", f.factors.rarity).number("naming", f.factors.naming).number("schedule", f.factors.schedule);
  m.object("factors", factors);
  return m.str();
}

// Check-ins over time, intervals around the period (the period marked), hour of day (docs/report.md).
std::vector<PlotSpec> beacon_plots(const BeaconFinding& f) {
  const CheckInPlot& p = f.plot;
  if (p.empty()) return {};
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

}  // namespace

FindingView view_of(const BeaconFinding& f) {
  FindingView v;
  v.detector = "beacon";
  v.host = f.channel.internal;
  v.subject = destination_text(f.channel);
  v.targets = {channel_target(f.channel)};
  for (const IpAddr& a : f.addresses) v.targets.push_back(a.to_string());
  v.severity = Severity::kHigh;  // a host checking in with a controller is what the hunt is for
  v.confidence = f.score;
  v.first_ns = f.first_ns;
  v.last_ns = f.last_ns;
  v.headline = format("every %s, jitter %.0f%%, %zu of %zu check-ins", human_span(f.period.period_s).c_str(),
                      f.period.jitter * 100, f.period.check_ins, f.period.expected);
  if (f.bare_ip) v.headline += ", bare IP";
  if (f.channel.direction == Direction::kInbound) v.headline = "contacted from outside " + v.headline;
  v.evidence = explain(f);
  v.plots = beacon_plots(f);
  v.json_fields = beacon_fields(f);
  return v;
}

}  // namespace vigil
