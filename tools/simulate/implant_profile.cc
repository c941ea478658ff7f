// The profile sets and the jitter models' arithmetic.
#include "implant_profile.h"

#include <cmath>
#include <cstdio>

namespace vigil::sim {

std::string_view to_string(JitterModel m) {
  switch (m) {
    case JitterModel::kNone: return "none";
    case JitterModel::kSubtractive: return "subtractive";
    case JitterModel::kAdditive: return "additive";
    case JitterModel::kSymmetric: return "symmetric";
  }
  return "none";
}

std::string_view short_name(JitterModel m) {
  switch (m) {
    case JitterModel::kNone: return "none";
    case JitterModel::kSubtractive: return "sub";
    case JitterModel::kAdditive: return "add";
    case JitterModel::kSymmetric: return "sym";
  }
  return "none";
}

bool parse_jitter_model(std::string_view text, JitterModel& out) {
  for (JitterModel m : {JitterModel::kNone, JitterModel::kSubtractive, JitterModel::kAdditive,
                        JitterModel::kSymmetric}) {
    if (text == to_string(m) || text == short_name(m)) {
      out = m;
      return true;
    }
  }
  return false;
}

double mean_interval_s(JitterModel m, double sleep_s, double jitter) {
  switch (m) {
    case JitterModel::kSubtractive: return sleep_s * (1 - jitter / 2);
    case JitterModel::kAdditive: return sleep_s * (1 + jitter / 2);
    default: return sleep_s;
  }
}

double jittered_interval_s(JitterModel m, double sleep_s, double jitter, double u) {
  switch (m) {
    case JitterModel::kSubtractive: return sleep_s * (1 - jitter * u);
    case JitterModel::kAdditive: return sleep_s * (1 + jitter * u);
    case JitterModel::kSymmetric: return sleep_s * (1 + jitter * (2 * u - 1));
    case JitterModel::kNone: return sleep_s;
  }
  return sleep_s;
}

namespace {

ImplantProfile framework(std::string name, double sleep_s, JitterModel m, double jitter) {
  ImplantProfile p;
  p.name = std::move(name);
  p.sleep_s = sleep_s;
  p.model = m;
  p.jitter = jitter;
  return p;
}

// "p60", "p3600": the period in whole seconds keeps names short and exact.
std::string grid_name(double sleep_s, JitterModel m, double jitter, double drop) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "grid/p%.0f/%s/j%.0f/d%.0f", sleep_s, std::string(short_name(m)).c_str(),
                std::round(jitter * 100), std::round(drop * 100));
  return buf;
}

}  // namespace

std::vector<ImplantProfile> framework_defaults() {
  return {
      // Cobalt Strike: sleep 60 s, jitter 0% (its jitter, when set, is subtractive).
      framework("cobalt-strike-default", 60, JitterModel::kSubtractive, 0),
      // Sliver beacon: 60 s interval + 0..30 s additive jitter.
      framework("sliver-default", 60, JitterModel::kAdditive, 0.5),
      // Empire HTTP listener: DefaultDelay 5 s, DefaultJitter 0.0, symmetric.
      framework("empire-default", 5, JitterModel::kSymmetric, 0),
      // Mythic http profile: callback interval 10 s, 23% jitter, symmetric.
      framework("mythic-default", 10, JitterModel::kSymmetric, 0.23),
  };
}

std::vector<ImplantProfile> profile_grid() {
  constexpr double kPeriods[] = {10, 60, 300, 3600, 86400};
  constexpr double kJitters[] = {0, 0.25, 0.5, 0.9};
  constexpr JitterModel kModels[] = {JitterModel::kSubtractive, JitterModel::kAdditive, JitterModel::kSymmetric};
  constexpr double kDrops[] = {0, 0.3, 0.5};
  std::vector<ImplantProfile> out;
  for (double period : kPeriods)
    for (double jitter : kJitters)
      for (JitterModel m : kModels)
        for (double drop : kDrops) {
          ImplantProfile p = framework(grid_name(period, m, jitter, drop), period, m, jitter);
          p.drop = drop;
          out.push_back(std::move(p));
        }
  return out;
}

std::vector<ImplantProfile> special_profiles() {
  std::vector<ImplantProfile> out;
  // Empire's WorkingHours option, at a rhythm a defender would otherwise find at night.
  ImplantProfile hours = framework("special/working-hours", 60, JitterModel::kSymmetric, 0.2);
  hours.working_hours = true;
  out.push_back(hours);
  // A slow beacon with operator sessions: interactive minutes at ~1 s dominate its connection count.
  ImplantProfile bursts = framework("special/bursts", 300, JitterModel::kSubtractive, 0.3);
  bursts.bursts = true;
  out.push_back(bursts);
  // Domain fronting through a CDN: the name is unique, the 8 addresses also serve benign sites.
  ImplantProfile cdn = framework("special/cdn-fronted", 300, JitterModel::kSubtractive, 0.3);
  cdn.cdn_addresses = 8;
  out.push_back(cdn);
  // The operator goes quiet halfway: 60 s becomes 10 min.
  ImplantProfile change = framework("special/sleep-change", 60, JitterModel::kSubtractive, 0.2);
  change.sleep_change = 10;
  out.push_back(change);
  // Three implants of one kind on the same host, each to its own C2 name.
  ImplantProfile multi = framework("special/multi-implant", 60, JitterModel::kSymmetric, 0.3);
  multi.implants_per_host = 3;
  out.push_back(multi);
  return out;
}

bool profile_set(std::string_view which, std::vector<ImplantProfile>& out) {
  out.clear();
  auto append = [&out](std::vector<ImplantProfile> v) {
    for (auto& p : v) out.push_back(std::move(p));
  };
  if (which == "none") return true;
  if (which == "defaults" || which == "all") append(framework_defaults());
  if (which == "grid" || which == "all") append(profile_grid());
  if (which == "special" || which == "all") append(special_profiles());
  return which == "defaults" || which == "grid" || which == "special" || which == "all";
}

}  // namespace vigil::sim
