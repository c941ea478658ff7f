// PushChannel: a long-lived TLS connection (push notifications, chat) kept open with small keepalives
// and re-opened every half hour or so. One conn.log row per connection, lasting until the next one.
#pragma once

#include <string>
#include <vector>

#include "sim_channel.h"
#include "sim_random.h"

namespace vigil::sim {

struct PushSetup {
  size_t host = 0;
  std::string name;
  std::vector<IpAddr> answers;
  double reconnect_s = 1800;  // mean time between connections; each is U(0.5, 1.5) of it
  double keepalive_s = 240;   // under Zeek's 5-minute TCP inactivity timeout
  int64_t end_ns = 0;
  int truth = -1;
  uint64_t seed = 0;
};

class PushChannel : public SimChannel {
 public:
  PushChannel(PushSetup setup, int64_t start_ns);
  void fire(RecordMaker& out) override;

 private:
  PushSetup s_;
  SimRng rng_;
};

}  // namespace vigil::sim
