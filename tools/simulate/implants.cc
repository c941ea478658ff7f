// Implant placement: hosts, names, addresses, ports, campaign windows.
#include "implants.h"

#include <algorithm>
#include <array>

#include "implant_channel.h"

namespace vigil::sim {
namespace {

constexpr double kMinCampaignS = 86400;
constexpr double kCampaignSleeps = 500;
constexpr std::array<uint32_t, 4> kC2Ttls = {60, 300, 600, 3600};
constexpr uint64_t kStreamPlacement = 11, kStreamImplant = 12;

// Most C2 traffic is HTTPS; some profiles use plain HTTP on 80 or 8080.
uint16_t pick_port(SimRng& rng) {
  double u = rng.uniform();
  return u < 0.75 ? 443 : u < 0.95 ? 80 : 8080;
}

TruthChannel truth_row(const ImplantSetup& s, const World& world) {
  TruthChannel t;
  t.implant = true;
  t.label = s.profile.name;
  t.detector = "beacon";
  t.internal = world.host(s.host);
  t.name = s.name;
  t.addresses = s.addresses;
  t.port = s.port;
  t.proto = TransportProto::kTcp;
  t.sleep_s = s.profile.sleep_s;
  t.mean_interval_s = mean_interval_s(s.profile.model, s.profile.sleep_s, s.profile.jitter);
  t.jitter_model = std::string(to_string(s.profile.model));  // as configured, also when J = 0
  t.jitter = s.profile.jitter;
  t.drop = s.profile.drop;
  t.working_hours = s.profile.working_hours;
  return t;
}

}  // namespace

double campaign_length_s(double sleep_s, double scenario_s) {
  return std::min(scenario_s, std::max(kMinCampaignS, kCampaignSleeps * sleep_s));
}

void add_implants(const Scenario& scenario, World& world, std::vector<std::unique_ptr<SimChannel>>& channels,
                  std::vector<TruthChannel>& truth) {
  if (scenario.hosts == 0) return;
  SimRng placement(scenario.seed, kStreamPlacement, 0);
  const double scenario_s = scenario.days * 86400;
  const int64_t end_ns = scenario.start_ns + to_ns(scenario_s);
  uint64_t index = 0;
  for (const ImplantProfile& profile : scenario.profiles) {
    for (size_t k = 0; k < scenario.implants_per_profile; ++k) {
      size_t host = placement.below(scenario.hosts);
      for (int i = 0; i < std::max(1, profile.implants_per_host); ++i) {
        ImplantSetup s;
        s.profile = profile;
        s.host = host;
        s.seed = gencap::mix64(scenario.seed ^ gencap::mix64(kStreamImplant << 40 | index++));
        s.name = world.new_name(World::NameStyle::kC2);
        if (profile.cdn_addresses > 0) {
          s.addresses = world.cdn_addresses(placement, static_cast<size_t>(profile.cdn_addresses));
          s.port = 443;
          s.ttl_s = 60;
        } else {
          s.addresses.push_back(world.new_external());
          s.port = pick_port(placement);
          s.ttl_s = kC2Ttls[placement.below(kC2Ttls.size())];
        }
        // Campaigns start at a random time in the first day (or the scenario, if shorter).
        double start_s = placement.uniform(0, std::min(86400.0, scenario_s));
        s.campaign_start_ns = scenario.start_ns + to_ns(start_s);
        s.campaign_end_ns = std::min(end_ns, s.campaign_start_ns + to_ns(campaign_length_s(profile.sleep_s, scenario_s)));
        s.truth = static_cast<int>(truth.size());
        truth.push_back(truth_row(s, world));
        channels.push_back(std::make_unique<ImplantChannel>(std::move(s)));
      }
    }
  }
}

}  // namespace vigil::sim
