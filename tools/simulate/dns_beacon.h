// DnsBeacon: a Cobalt-Strike-like DNS beacon on one host. Every sleep (symmetric jitter) it asks the site
// resolver for an A record of a fresh name under its zone, <nonce>.<beacon id>.<zone>; the idle answer is
// 0.0.0.0. Now and then the operator has a task: the answer says so, and the beacon fetches it with a
// burst of TXT queries, then sends its output back in A queries whose labels carry it hex-encoded.
#pragma once

#include <string>

#include "sim_channel.h"
#include "sim_random.h"

namespace vigil::sim {

struct DnsBeaconSetup {
  size_t host = 0;
  std::string zone;
  double period_s = 60;
  double jitter = 0.2;  // symmetric: each sleep is period × U(1 − jitter, 1 + jitter)
  int64_t start_ns = 0, end_ns = 0;  // the campaign
  int truth = -1;
  uint64_t seed = 0;
};

class DnsBeacon : public SimChannel {
 public:
  explicit DnsBeacon(DnsBeaconSetup setup);
  void fire(RecordMaker& out) override;

 private:
  void check_in(RecordMaker& out, int64_t ts);
  void fetch_task(RecordMaker& out, int64_t ts);
  void send_output(RecordMaker& out, int64_t ts);

  DnsBeaconSetup s_;
  SimRng rng_;
  std::string id_;  // the beacon's id, in every name it asks
  int task_queries_ = 0, output_queries_ = 0;  // still to come in the current tasking
  uint32_t sequence_ = 0;
};

}  // namespace vigil::sim
