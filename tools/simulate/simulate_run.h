// simulate() with a hook that sees each connection's packet layout: what the capture writer needs. Bulk
// transfers (the signs nightly-upload, cloud-backup, software-update) are counted, not laid out, and never
// reach the hook: a capture of a scenario with them lacks those connections.
#pragma once

#include <vector>

#include "record_maker.h"
#include "simulator.h"

namespace vigil::sim {

std::vector<TruthChannel> simulate(const Scenario& scenario, const SimSink& sink, const LayoutHook& hook);

}  // namespace vigil::sim
