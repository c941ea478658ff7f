#include "evaluation.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace vigil::eval {

bool matches(const Alarm& alarm, const Truth& truth) {
  if (alarm.channel.internal != truth.internal || alarm.channel.port != truth.port) return false;
  if (alarm.channel.is_name()) return alarm.channel.name == truth.name;
  return std::find(truth.addresses.begin(), truth.addresses.end(), alarm.channel.external) != truth.addresses.end();
}

Outcome evaluate(const std::vector<Alarm>& alarms, const std::vector<Truth>& truth) {
  Outcome out;
  // Truth by internal host, so each alarm is compared with its host's few channels only.
  std::unordered_map<uint64_t, std::vector<const Truth*>> by_host;
  for (const Truth& t : truth) {
    by_host[t.internal.lo() ^ t.internal.hi()].push_back(&t);
    if (t.implant) ++out.by_profile[t.label].implants;
  }
  std::unordered_map<const Truth*, const Alarm*> best;  // per implant, its best-scoring alarm
  for (const Alarm& a : alarms) {
    const Truth* implant = nullptr;
    const Truth* benign = nullptr;
    auto it = by_host.find(a.channel.internal.lo() ^ a.channel.internal.hi());
    if (it != by_host.end())
      for (const Truth* t : it->second)
        if (matches(a, *t)) (t->implant ? implant : benign) = t;
    if (!implant) {
      ++out.false_alarms;
      if (benign) ++out.false_by_label[benign->label];
      continue;
    }
    ++out.true_alarms;
    auto& slot = best[implant];
    if (!slot || a.score > slot->score) slot = &a;
  }
  for (const auto& [t, a] : best) {
    ProfileOutcome& p = out.by_profile[t->label];
    ++p.found;
    if (a->period_s > 0 && t->mean_interval_s > 0) {
      double err = std::fabs(a->period_s - t->mean_interval_s) / t->mean_interval_s;
      p.period_errors.push_back(err);
      if (err <= 0.05) ++p.period_within_5pct;
    }
  }
  return out;
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

}  // namespace vigil::eval
