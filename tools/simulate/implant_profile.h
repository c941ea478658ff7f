// ImplantProfile: how one kind of implant calls home (sleep, jitter model, drops, schedule), and the
// profile sets the simulator ships: the C2 frameworks' defaults, a grid for recall curves, special cases.
//
//   for (const ImplantProfile& p : vigil::sim::framework_defaults()) std::cout << p.name << "\n";
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace vigil::sim {

// How a framework turns its sleep setting P and jitter fraction J into one interval (docs/design/
// beacon-detection.md): subtractive P·(1 − U(0,J)) (Cobalt Strike), additive P·(1 + U(0,J)) (Sliver's
// "60 s + 0..30 s" is J = 0.5), symmetric P·U(1 − J, 1 + J) (Empire, Mythic).
enum class JitterModel { kNone, kSubtractive, kAdditive, kSymmetric };

std::string_view to_string(JitterModel m);  // "none", "subtractive", "additive", "symmetric"
std::string_view short_name(JitterModel m);  // "none", "sub", "add", "sym": used in profile names
bool parse_jitter_model(std::string_view text, JitterModel& out);

struct ImplantProfile {
  std::string name;  // stable, usable as a table row: "cobalt-strike-default", "grid/p60/sub/j50/d30"
  double sleep_s = 60;
  JitterModel model = JitterModel::kNone;
  double jitter = 0;        // fraction of the sleep, 0..1
  double drop = 0;          // probability that a check-in does not happen
  bool working_hours = false;  // checks in only 08:00–18:00 Monday–Friday (scenario time, UTC)
  bool bursts = false;      // operator sessions: a few minutes of ~1 s check-ins now and then
  int cdn_addresses = 0;    // 0: the C2 name has one address; N: N addresses of the shared CDN pool
  double sleep_change = 0;  // 0: none; else the sleep is multiplied by it halfway through the campaign
  int implants_per_host = 1;  // 3 for the "several implants per host" profile
};

// The true mean interval between check-ins (before drops) the model gives for a sleep P and jitter J:
// subtractive P(1 − J/2), additive P(1 + J/2), symmetric and none P.
double mean_interval_s(JitterModel m, double sleep_s, double jitter);

// One interval drawn from the model, given u uniform in [0, 1).
double jittered_interval_s(JitterModel m, double sleep_s, double jitter, double u);

// Cobalt Strike, Sliver, Empire and Mythic with their shipped defaults (sources in README.md).
std::vector<ImplantProfile> framework_defaults();
// Periods {10 s, 60 s, 5 min, 1 h, 24 h} × jitter {0, 25, 50, 90%} × {sub, add, sym} × drops {0, 30, 50%}.
std::vector<ImplantProfile> profile_grid();
// working-hours, bursts, cdn-fronted, sleep-change, multi-implant.
std::vector<ImplantProfile> special_profiles();
// "defaults", "grid", "special", "all" or "none"; false for anything else.
bool profile_set(std::string_view which, std::vector<ImplantProfile>& out);

}  // namespace vigil::sim
