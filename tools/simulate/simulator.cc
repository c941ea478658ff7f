// simulate(): builds the world and its channels, then runs them in time order off a priority queue.
#include "simulator.h"

#include <functional>
#include <memory>
#include <queue>
#include <utility>

#include "background.h"
#include "implants.h"
#include "signs.h"
#include "simulate_run.h"

namespace vigil::sim {
namespace {

using Due = std::pair<int64_t, uint32_t>;  // (time, channel); the index breaks ties deterministically

void run_channels(std::vector<std::unique_ptr<SimChannel>>& channels, RecordMaker& out) {
  std::priority_queue<Due, std::vector<Due>, std::greater<>> due;
  for (uint32_t i = 0; i < channels.size(); ++i)
    if (!channels[i]->done()) due.emplace(channels[i]->next_ns(), i);
  while (!due.empty()) {
    uint32_t i = due.top().second;
    due.pop();
    channels[i]->fire(out);
    if (!channels[i]->done()) due.emplace(channels[i]->next_ns(), i);
  }
}

}  // namespace

std::vector<TruthChannel> simulate(const Scenario& scenario, const SimSink& sink, const LayoutHook& hook) {
  World world(scenario.seed, scenario.hosts);
  std::vector<TruthChannel> truth;
  std::vector<std::unique_ptr<SimChannel>> channels;
  add_implants(scenario, world, channels, truth);
  add_background(scenario, world, channels, truth);
  add_signs(scenario, world, channels, truth);
  RecordMaker out(sink, world, truth, scenario.seed, hook);
  // Signs include sessions still open when the data end; with them on, the data end as a capture does.
  if (!scenario.signs.empty()) out.set_capture_end(scenario.start_ns + to_ns(scenario.days * 86400));
  run_channels(channels, out);
  return truth;
}

std::vector<TruthChannel> simulate(const Scenario& scenario, const SimSink& sink) {
  return simulate(scenario, sink, LayoutHook{});
}

}  // namespace vigil::sim
