// The benign side of the network: every host's browsing and its periodic services (NTP, update checks,
// telemetry, mail polling, push), a monitoring agent on some hosts, and a developer's cron job on a few.
#pragma once

#include <memory>
#include <vector>

#include "sim_channel.h"
#include "simulator.h"
#include "world.h"

namespace vigil::sim {

// Appends the channels to `channels` and a truth row (implant = false) per periodic channel to `truth`.
void add_background(const Scenario& scenario, World& world, std::vector<std::unique_ptr<SimChannel>>& channels,
                    std::vector<TruthChannel>& truth);

}  // namespace vigil::sim
