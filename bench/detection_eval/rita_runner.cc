#include "rita_runner.h"

#include <algorithm>

#include "detect/rita_beacon.h"

namespace vigil::eval {
namespace {

constexpr int64_t kDayNs = 86'400'000'000'000;
constexpr int64_t kHourNs = 3'600'000'000'000;

struct Daily {
  double score = 0;
  double median_interval_s = 0;  // of the best day: the period RITA's timestamp score is built around
};

double median_interval(const std::vector<RitaConnection>& day) {
  std::vector<double> d;
  for (size_t i = 1; i < day.size(); ++i) {
    int64_t s = day[i].ts.ns / 1'000'000'000 - day[i - 1].ts.ns / 1'000'000'000;
    if (s > 0) d.push_back(static_cast<double>(s));
  }
  return median(d);
}

// The best daily RITA score of one channel.
Daily best_daily_score(const std::vector<ChannelConnection>& conns, int64_t start_ns, int days) {
  Daily best;
  size_t from = 0;
  for (int d = 0; d < days; ++d) {
    int64_t day_start = start_ns + d * kDayNs, day_end = day_start + kDayNs;
    // RITA selects by hour bucket: up to an hour before the window start is included (src/detect/NOTES.md).
    while (from < conns.size() && conns[from].start_ns < day_start - kHourNs) ++from;
    std::vector<RitaConnection> day;
    for (size_t i = from; i < conns.size() && conns[i].start_ns < day_end; ++i)
      day.push_back({Timestamp{conns[i].start_ns}, static_cast<int64_t>(conns[i].orig_bytes)});
    if (day.size() < 4) continue;
    RitaWindow window{day_start / 1'000'000'000, day_end / 1'000'000'000 - 1};
    RitaBeaconResult r = rita_beacon_score(day, window);
    if (r.scored() && r.score > best.score) best = {r.score, median_interval(day)};
  }
  return best;
}

}  // namespace

std::vector<Alarm> rita_alarms(const ChannelMap& channels, int64_t start_ns, int days, double threshold) {
  std::vector<Alarm> out;
  for (const auto& [key, summary] : channels) {
    if (summary.count() < 4) continue;
    Daily best = best_daily_score(summary.connections(), start_ns, days);
    if (best.score >= threshold) out.push_back({key, summary.addresses, best.score, best.median_interval_s});
  }
  return out;
}

}  // namespace vigil::eval
