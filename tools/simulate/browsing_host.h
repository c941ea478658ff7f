// BrowsingHost: one person's web use in working hours, bursty as people are: sessions of many page loads
// separated by long pauses, each page a Zipf-popular site (shared by many hosts) plus a few asset hosts,
// each name looked up in DNS when the host's cache has no live answer for it.
#pragma once

#include <unordered_map>

#include "sim_channel.h"
#include "sim_random.h"
#include "world.h"

namespace vigil::sim {

class BrowsingHost : public SimChannel {
 public:
  BrowsingHost(const World& world, size_t host, int64_t start_ns, int64_t end_ns, uint64_t seed);
  void fire(RecordMaker& out) override;

 private:
  void page_load(RecordMaker& out, int64_t ts);
  void visit(RecordMaker& out, int64_t ts, size_t site, bool main_page);
  int64_t next_session_start(int64_t after);

  const World& world_;
  size_t host_;
  int64_t end_ns_;
  SimRng rng_;
  int pages_left_ = 0;  // in the current session
  double day_start_h_, day_end_h_;  // this person's office hours
  std::unordered_map<size_t, int64_t> dns_cache_;  // site -> answer valid until
};

}  // namespace vigil::sim
