// LongPoll: a web app's long polling over HTTPS (a chat or collaboration client in a browser tab): the
// client asks, the server holds the request until there is news or a few minutes pass, the client asks
// again on the same connection; each connection lives about an hour and is re-established all of this
// person's working day. The name is one popular service on CDN addresses, shared by many hosts.
#pragma once

#include <string>
#include <vector>

#include "sim_channel.h"
#include "sim_random.h"

namespace vigil::sim {

struct LongPollSetup {
  size_t host = 0;
  std::string name;
  std::vector<IpAddr> answers;  // CDN addresses; each lookup's first is used
  uint32_t ttl_s = 60;
  double connection_min_s = 3000, connection_max_s = 4200;
  int64_t start_ns = 0, end_ns = 0;
  int truth = -1;
  uint64_t seed = 0;
};

class LongPoll : public SimChannel {
 public:
  explicit LongPoll(LongPollSetup setup);
  void fire(RecordMaker& out) override;

 private:
  // The start of the next working day's polling at or after `from` (this person's hours), or kNever.
  int64_t next_day_start(int64_t from);

  LongPollSetup s_;
  SimRng rng_;
  double day_start_h_, day_end_h_;
  size_t lookups_ = 0;
};

}  // namespace vigil::sim
