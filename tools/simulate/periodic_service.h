// PeriodicService: a benign program on one host that calls the same server on a schedule: NTP, update
// checks, telemetry, mail polling, a monitoring agent, a developer's cron job. These are the periodic
// channels a detector must not alarm on; each has a truth row with implant = false.
#pragma once

#include <string>
#include <vector>

#include "implant_profile.h"
#include "sim_channel.h"
#include "sim_random.h"

namespace vigil::sim {

enum class ServiceApp { kTls, kHttp, kNtp };

struct ServiceSetup {
  std::string label;  // "ntp", "os-update", ...
  size_t host = 0;
  std::string name;
  std::vector<IpAddr> answers;  // what the name resolves to; the host uses the first
  ServiceApp app = ServiceApp::kTls;
  uint16_t port = 443;
  double period_s = 600;
  JitterModel model = JitterModel::kNone;
  double jitter = 0;
  bool clock_aligned = false;  // cron: fires at multiples of the period, plus a small start-up delay
  uint32_t ttl_s = 300;
  std::string http_uri = "/";  // kHttp only
  std::string http_user_agent = "Mozilla/5.0";
  uint32_t request_min = 200, request_max = 800;
  uint32_t response_min = 200, response_max = 2'000;
  int64_t end_ns = 0;
  int truth = -1;
  uint64_t seed = 0;
};

class PeriodicService : public SimChannel {
 public:
  PeriodicService(ServiceSetup setup, int64_t start_ns);
  void fire(RecordMaker& out) override;

 private:
  void call(RecordMaker& out, int64_t ts);
  int64_t next_time(int64_t after);

  ServiceSetup s_;
  SimRng rng_;
  int64_t dns_valid_until_ = 0;
};

}  // namespace vigil::sim
