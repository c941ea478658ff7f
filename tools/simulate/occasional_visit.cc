// OccasionalVisit: random visits, the first within the first day so that short scenarios have one.
#include "occasional_visit.h"

#include <algorithm>

namespace vigil::sim {

OccasionalVisit::OccasionalVisit(VisitSetup setup) : s_(std::move(setup)), rng_(s_.seed) {
  double first_s = rng_.uniform(0, std::min(86400.0 / s_.per_day, static_cast<double>(s_.end_ns - s_.start_ns) / 1e9));
  int64_t first = s_.start_ns + to_ns(first_s);
  next_ns_ = first < s_.end_ns ? first : kNever;
}

void OccasionalVisit::fire(RecordMaker& out) {
  int64_t ts = next_ns_;
  if (ts >= dns_valid_until_) {
    out.dns(ts, s_.host, s_.name, s_.answers, s_.ttl_s);
    dns_valid_until_ = ts + static_cast<int64_t>(s_.ttl_s) * kNsPerSec;
    ts += 2'000'000;
  }
  Exchange e{static_cast<uint32_t>(rng_.uniform(300, 1'500)), static_cast<uint32_t>(rng_.uniform(500, 30'000)), 0,
             static_cast<int64_t>(rng_.uniform(10e6, 200e6))};
  if (s_.user_agent.empty()) {
    out.tls(ts, s_.host, s_.answers.front(), 443, s_.name, false, std::span<const Exchange>(&e, 1), s_.truth);
  } else {
    HttpRequest req;
    req.uri = "/check?v=3.2";
    req.user_agent = s_.user_agent;
    req.response_body = e.response;
    req.content_type = "application/json";
    out.http(ts, s_.host, s_.answers.front(), s_.port, s_.name, req, s_.truth);
  }
  int64_t next = next_ns_ + to_ns(rng_.exponential(86400 / s_.per_day));
  next_ns_ = next < s_.end_ns ? next : kNever;
}

}  // namespace vigil::sim
