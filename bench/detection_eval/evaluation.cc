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

namespace {
uint64_t host_key(const IpAddr& a) { return a.lo() ^ (a.hi() * 0x9e3779b97f4a7c15ull); }
}  // namespace

TruthIndex::TruthIndex(const std::vector<Truth>& truth) {
  for (const Truth& t : truth) by_host_[host_key(t.internal)].push_back(&t);
}

const Truth* TruthIndex::find(const Alarm& alarm, bool implant) const {
  auto it = by_host_.find(host_key(alarm.channel.internal));
  if (it == by_host_.end()) return nullptr;
  for (const Truth* t : it->second)
    if (t->implant == implant && matches(alarm, *t)) return t;
  return nullptr;
}

Outcome evaluate(const std::vector<Alarm>& alarms, const std::vector<Truth>& truth) {
  Outcome out;
  for (const Truth& t : truth)
    if (t.implant) ++out.by_profile[t.label].implants;
  TruthIndex index(truth);
  std::unordered_map<const Truth*, const Alarm*> best;  // per implant, its best-scoring alarm
  for (const Alarm& a : alarms) {
    const Truth* implant = index.implant_for(a);
    if (!implant) {
      ++out.false_alarms;
      if (const Truth* benign = index.benign_for(a)) ++out.false_by_label[benign->label];
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
