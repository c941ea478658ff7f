// InboundPoller: an outside address polling a web shell on an internal web server over HTTPS on a
// schedule (symmetric jitter). The connections are inbound: the external peer is the originator
// (id.orig_h), the internal server the responder; there is no DNS lookup the site could see.
#pragma once

#include <string>

#include "sim_channel.h"
#include "sim_random.h"

namespace vigil::sim {

struct InboundPollerSetup {
  IpAddr peer;       // the operator's address outside
  IpAddr server;     // the internal web server
  std::string name;  // the server's public name, in the ClientHello's SNI
  uint16_t port = 443;
  double period_s = 300;
  double jitter = 0.3;
  int64_t start_ns = 0, end_ns = 0;
  int truth = -1;
  uint64_t seed = 0;
};

class InboundPoller : public SimChannel {
 public:
  explicit InboundPoller(InboundPollerSetup setup);
  void fire(RecordMaker& out) override;

 private:
  InboundPollerSetup s_;
  SimRng rng_;
  uint16_t next_port_;  // the peer's ephemeral ports, in order (Linux's 32768–60999)
};

}  // namespace vigil::sim
