// ImplantChannel: one implant on one host calling its C2 server: jittered sleeps, dropped check-ins,
// working hours, operator bursts, a sleep change halfway, DNS lookups of the C2 name when its TTL runs
// out, and small request/response sizes that grow when the operator tasks it.
#pragma once

#include <string>
#include <vector>

#include "implant_profile.h"
#include "sim_channel.h"
#include "sim_random.h"

namespace vigil::sim {

struct ImplantSetup {
  ImplantProfile profile;
  size_t host = 0;
  std::string name;
  std::vector<IpAddr> addresses;  // one, or the CDN addresses the name resolves to
  uint16_t port = 443;            // 443: TLS; 80 or 8080: plain HTTP
  uint32_t ttl_s = 300;
  // false: direct-to-IP C2. No lookup ever; `name` holds the address literal, which HTTP puts in Host.
  bool resolves = true;
  std::string user_agent;  // empty: one of the common ones (implant_channel.cc)
  int64_t campaign_start_ns = 0;
  int64_t campaign_end_ns = 0;
  int truth = -1;
  uint64_t seed = 0;
};

class ImplantChannel : public SimChannel {
 public:
  explicit ImplantChannel(ImplantSetup setup);
  void fire(RecordMaker& out) override;

 private:
  const IpAddr& resolve(RecordMaker& out, int64_t ts);
  void check_in(RecordMaker& out, int64_t ts);
  int64_t next_check_in(int64_t after);
  int64_t regular_interval_ns();

  ImplantSetup s_;
  SimRng rng_;
  double sleep_s_;
  int64_t halfway_ns_;
  bool sleep_changed_ = false;
  int64_t dns_valid_until_ = 0;
  size_t lookups_ = 0;
  IpAddr current_;
  int64_t burst_start_ = kNever;  // next operator session
  int64_t burst_end_ = 0;
  std::string uri_;
  std::string user_agent_;
};

}  // namespace vigil::sim
