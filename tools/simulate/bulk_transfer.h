// BulkTransfer: large TLS transfers between one host and one name: an attacker's nightly upload to a name
// nobody else uses, a backup agent's nightly upload to its vendor, or an updater's download now and then.
// Each transfer is a DNS lookup and one connection whose body is counted, not laid out in packets
// (RecordMaker::tls_bulk). A transfer that would not finish before the scenario's end is not started.
#pragma once

#include <string>
#include <vector>

#include "sim_channel.h"
#include "sim_random.h"

namespace vigil::sim {

struct TransferSetup {
  size_t host = 0;
  std::string name;
  std::vector<IpAddr> answers;  // what the name resolves to; the host uses the first
  uint32_t ttl_s = 300;
  bool upload = true;
  double bytes_min = 0, bytes_max = 0;
  double rate_min = 1e6, rate_max = 1e6;  // bytes per second, drawn per transfer
  // Once a night between night_from_h and night_to_h, or at events_per_day a day in working hours.
  bool nightly = true;
  double night_from_h = 1, night_to_h = 4;
  double events_per_day = 1;
  int64_t start_ns = 0, end_ns = 0;
  int truth = -1;
  uint64_t seed = 0;
};

class BulkTransferChannel : public SimChannel {
 public:
  explicit BulkTransferChannel(TransferSetup setup);
  void fire(RecordMaker& out) override;

 private:
  int64_t next_time(int64_t after);

  TransferSetup s_;
  SimRng rng_;
};

}  // namespace vigil::sim
