// view_of(LongConnectionFinding): a long session as every output shows it, with two plots: how long the
// sessions last, and how much of each slice of time the host was connected.
#include <algorithm>
#include <cmath>

#include "core/text_format.h"
#include "report/finding_view.h"
#include "report/json_members.h"

namespace vigil {
namespace {

// Sessions by duration, in bars of a round width chosen so the longest falls within about 24 bars.
PlotSpec durations_plot(const LongConnectionFinding& f) {
  static constexpr double kSteps[] = {60, 300, 900, 1800, 3600, 7200, 14400, 21600, 43200, 86400, 604800};
  double step = kSteps[std::size(kSteps) - 1];
  for (double s : kSteps)
    if (f.longest_s / s <= 24) {
      step = s;
      break;
    }
  PlotSpec p{"session durations", PlotAxis::kSeconds, 0, step, {}, {}, step * 4, ""};
  p.counts.assign(static_cast<size_t>(std::floor(f.longest_s / step)) + 1, 0);
  for (const auto& s : f.sessions) ++p.counts[std::min(p.counts.size() - 1, static_cast<size_t>(s.duration_s / step))];
  if (f.longest_s >= 3600) p.marks.push_back({3600, "1 h"});
  if (f.sessions.size() < f.connections) p.note = format("the %zu longest of %zu", f.sessions.size(), f.connections);
  return p;
}

// Minutes connected in each of 96 slices of the channel's life.
PlotSpec connected_plot(const LongConnectionFinding& f) {
  constexpr size_t kBins = 96;
  double start = static_cast<double>(f.first_ns) / 1e9, end = static_cast<double>(f.last_ns) / 1e9;
  double width = std::max(1.0, (end - start) / kBins);
  std::vector<double> seconds(kBins, 0);
  for (const auto& s : f.sessions) {
    double a = static_cast<double>(s.start_ns) / 1e9 - start, b = a + s.duration_s;
    for (size_t i = static_cast<size_t>(std::max(0.0, a / width)); i < kBins && static_cast<double>(i) * width < b; ++i)
      seconds[i] += std::max(0.0, std::min(b, static_cast<double>(i + 1) * width) - std::max(a, static_cast<double>(i) * width));
  }
  PlotSpec p{"minutes connected per " + human_span(width) + " (UTC)", PlotAxis::kTime, start, width, {}, {}, 0, ""};
  for (double s : seconds) p.counts.push_back(static_cast<uint64_t>(std::lround(s / 60)));
  return p;
}

}  // namespace

FindingView view_of(const LongConnectionFinding& f) {
  FindingView v;
  v.detector = "long-connection";
  v.host = f.channel.internal;
  v.subject = destination_text(f.channel);
  v.targets = {channel_target(f.channel)};
  // Hours-long sessions have benign causes too; with other signs they add up. Inside the network they are
  // mostly administration (SSH, RDP, databases), so there one weighs less; held open to an outside address
  // that no name stands for, it is how a reverse shell looks.
  v.severity = f.channel.direction == Direction::kInternal                     ? Severity::kLow
               : f.bare_ip && f.channel.direction == Direction::kOutbound ? Severity::kHigh
                                                                             : Severity::kMedium;
  v.confidence = f.confidence;
  v.first_ns = f.first_ns;
  v.last_ns = f.last_ns;
  v.headline = "longest session " + human_span(f.longest_s) + (f.open_at_end ? " (still open at the end)" : "") +
               ", connected " + human_span(f.connected_s) + " over " + human_span(f.window_s);
  if (f.bare_ip) v.headline += ", bare IP";
  if (f.channel.direction == Direction::kInbound) v.headline = "from outside: " + v.headline;
  v.evidence = explain(f);
  v.plots = {durations_plot(f), connected_plot(f)};
  JsonMembers m, factors;
  m.object("destination", destination_json(f.channel, f.bare_ip));
  m.number("longest_session_s", f.longest_s).text("longest_session_start", iso_time(f.longest_start_ns));
  m.boolean("open_at_end", f.open_at_end).uint("long_sessions", f.long_sessions).uint("connections", f.connections);
  m.number("connected_s", f.connected_s).number("window_s", f.window_s).uint("sent_bytes", f.sent);
  m.uint("received_bytes", f.received).uint("prevalence", f.prevalence).uint("internal_hosts", f.internal_hosts);
  factors.number("duration", f.factors.duration).number("rarity", f.factors.rarity).number("naming", f.factors.naming);
  m.object("factors", factors);
  v.json_fields = m.str();
  return v;
}

}  // namespace vigil
