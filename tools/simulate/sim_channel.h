// SimChannel: one lazy generator of events (an implant, a host's browsing, a benign service on a host).
// The simulator keeps every channel in a priority queue by the time of its next event, so memory stays
// bounded by the number of channels, not by the length of the scenario.
#pragma once

#include <cstdint>
#include <limits>

#include "record_maker.h"

namespace vigil::sim {

inline constexpr int64_t kNever = std::numeric_limits<int64_t>::max();

class SimChannel {
 public:
  virtual ~SimChannel() = default;
  int64_t next_ns() const { return next_ns_; }
  bool done() const { return next_ns_ == kNever; }
  // Emits the records of the event due at next_ns(), then schedules the next one (or kNever).
  virtual void fire(RecordMaker& out) = 0;

 protected:
  int64_t next_ns_ = kNever;
};

}  // namespace vigil::sim
