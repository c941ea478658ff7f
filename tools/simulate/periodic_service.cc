// PeriodicService: schedule and wire form of benign periodic traffic.
#include "periodic_service.h"

#include <cmath>

namespace vigil::sim {

PeriodicService::PeriodicService(ServiceSetup setup, int64_t start_ns) : s_(std::move(setup)), rng_(s_.seed) {
  // A random phase: hosts booted at different times.
  int64_t first = start_ns + to_ns(rng_.uniform(0, s_.period_s));
  if (s_.clock_aligned) first = next_time(start_ns);
  next_ns_ = first < s_.end_ns ? first : kNever;
}

void PeriodicService::fire(RecordMaker& out) {
  call(out, next_ns_);
  int64_t next = next_time(next_ns_);
  next_ns_ = next < s_.end_ns ? next : kNever;
}

int64_t PeriodicService::next_time(int64_t after) {
  if (s_.clock_aligned) {
    // cron: the next multiple of the period after `after`, plus the job's start-up time.
    int64_t period = to_ns(s_.period_s);
    int64_t tick = (after / period + 1) * period;
    return tick + to_ns(rng_.uniform(0.2, 1.5));
  }
  return after + to_ns(jittered_interval_s(s_.model, s_.period_s, s_.jitter, rng_.uniform()));
}

void PeriodicService::call(RecordMaker& out, int64_t ts) {
  if (ts >= dns_valid_until_) {
    out.dns(ts, s_.host, s_.name, s_.answers, s_.ttl_s);
    dns_valid_until_ = ts + static_cast<int64_t>(s_.ttl_s) * kNsPerSec;
    ts += 2'000'000;
  }
  const IpAddr& server = s_.answers.front();
  auto request = static_cast<uint32_t>(rng_.uniform(s_.request_min, s_.request_max));
  auto response = static_cast<uint32_t>(rng_.uniform(s_.response_min, s_.response_max));
  switch (s_.app) {
    case ServiceApp::kNtp:
      out.ntp(ts, s_.host, server, s_.truth);
      break;
    case ServiceApp::kTls: {
      Exchange e{request, response, 0, static_cast<int64_t>(rng_.uniform(2e6, 40e6))};
      out.tls(ts, s_.host, server, s_.port, s_.name, false, std::span<const Exchange>(&e, 1), s_.truth);
      break;
    }
    case ServiceApp::kHttp: {
      HttpRequest req;
      req.uri = s_.http_uri;
      req.user_agent = s_.http_user_agent;
      req.response_body = response;
      req.content_type = "application/octet-stream";
      out.http(ts, s_.host, server, s_.port, s_.name, req, s_.truth);
      break;
    }
  }
}

}  // namespace vigil::sim
