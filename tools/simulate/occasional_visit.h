// OccasionalVisit: a host that looks up one name and talks TLS to it a few times a day at random times
// (a Poisson process): the shape of a threat-intel feed hit, a stage-two server visited now and then,
// with nothing periodic or voluminous about it. Over plain HTTP with a user agent, a niche program's fetches.
#pragma once

#include <string>
#include <vector>

#include "sim_channel.h"
#include "sim_random.h"

namespace vigil::sim {

struct VisitSetup {
  size_t host = 0;
  std::string name;
  std::vector<IpAddr> answers;
  uint32_t ttl_s = 300;
  double per_day = 4;
  std::string user_agent;  // set: plain HTTP visits on `port` with it; empty: TLS on 443
  uint16_t port = 443;
  int64_t start_ns = 0, end_ns = 0;
  int truth = -1;
  uint64_t seed = 0;
};

class OccasionalVisit : public SimChannel {
 public:
  explicit OccasionalVisit(VisitSetup setup);
  void fire(RecordMaker& out) override;

 private:
  VisitSetup s_;
  SimRng rng_;
  int64_t dns_valid_until_ = 0;
};

}  // namespace vigil::sim
