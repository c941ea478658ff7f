// simulate() with a hook that sees each connection's packet layout: what the capture writer needs.
#pragma once

#include <vector>

#include "record_maker.h"
#include "simulator.h"

namespace vigil::sim {

std::vector<TruthChannel> simulate(const Scenario& scenario, const SimSink& sink, const LayoutHook& hook);

}  // namespace vigil::sim
