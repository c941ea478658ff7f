// Places the implants of every profile on random hosts, each with its own C2 name and address (or a
// set of CDN addresses), campaign window and transport.
#pragma once

#include <memory>
#include <vector>

#include "sim_channel.h"
#include "simulator.h"
#include "world.h"

namespace vigil::sim {

// Appends one channel and one truth row (implant = true) per implant.
void add_implants(const Scenario& scenario, World& world, std::vector<std::unique_ptr<SimChannel>>& channels,
                  std::vector<TruthChannel>& truth);

// How long an implant of sleep `sleep_s` stays active: max(1 day, 500 sleeps), within the scenario, so a
// 10 s beacon does not fill the logs while a daily one still shows several check-ins.
double campaign_length_s(double sleep_s, double scenario_s);

}  // namespace vigil::sim
