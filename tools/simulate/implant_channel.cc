// ImplantChannel: the check-in schedule and what one check-in looks like on the wire.
#include "implant_channel.h"

#include <algorithm>
#include <array>

#include "sim_clock.h"

namespace vigil::sim {
namespace {

constexpr double kTaskedChance = 0.03;   // a check-in that fetches a task (module, script)
constexpr double kOutputChance = 0.02;   // one that uploads output
constexpr double kBurstCheckInS = 1.0;   // interactive sessions: "sleep 1"
constexpr double kBurstsPerDay = 1.0;
constexpr double kBurstMinS = 180, kBurstMaxS = 900;

// What C2 HTTP profiles ask for: a static-looking file or an API path.
constexpr std::array<const char*, 6> kUris = {"/jquery-3.3.1.min.js", "/api/v1/status", "/updates/check",
                                              "/wp-content/cache.php", "/pixel.gif", "/submit.php"};
constexpr std::array<const char*, 3> kAgents = {
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; Trident/7.0; rv:11.0) like Gecko",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
    "Go-http-client/1.1"};

}  // namespace

ImplantChannel::ImplantChannel(ImplantSetup setup)
    : s_(std::move(setup)), rng_(s_.seed), sleep_s_(s_.profile.sleep_s),
      halfway_ns_(s_.campaign_start_ns + (s_.campaign_end_ns - s_.campaign_start_ns) / 2) {
  uri_ = kUris[rng_.below(kUris.size())];
  user_agent_ = kAgents[rng_.below(kAgents.size())];  // drawn either way: the same draws as without an agent
  if (!s_.user_agent.empty()) user_agent_ = s_.user_agent;
  if (s_.profile.bursts) burst_start_ = s_.campaign_start_ns + to_ns(rng_.exponential(86400 / kBurstsPerDay));
  int64_t first = s_.campaign_start_ns;
  if (s_.profile.working_hours) first = next_working_time(first);
  next_ns_ = first < s_.campaign_end_ns ? first : kNever;
}

void ImplantChannel::fire(RecordMaker& out) {
  check_in(out, next_ns_);
  int64_t next = next_check_in(next_ns_);
  next_ns_ = next < s_.campaign_end_ns ? next : kNever;
}

// Looks the C2 name up when the cached answer has expired. A CDN name's resolver rotates its answers
// (round-robin DNS), so over a campaign the implant uses every address of its set.
const IpAddr& ImplantChannel::resolve(RecordMaker& out, int64_t ts) {
  if (ts >= dns_valid_until_) {
    std::vector<IpAddr> answers = s_.addresses;
    std::rotate(answers.begin(), answers.begin() + static_cast<ptrdiff_t>(lookups_ % answers.size()),
                answers.end());
    ++lookups_;
    out.dns(ts, s_.host, s_.name, answers, s_.ttl_s);
    current_ = answers.front();
    dns_valid_until_ = ts + static_cast<int64_t>(s_.ttl_s) * kNsPerSec;
  }
  return current_;
}

void ImplantChannel::check_in(RecordMaker& out, int64_t ts) {
  const IpAddr server = s_.resolves ? resolve(out, ts) : s_.addresses.front();
  int64_t conn_ts = ts + 3'000'000;  // the lookup's answer comes first
  uint32_t request = static_cast<uint32_t>(rng_.uniform(200, 600));
  uint32_t response = static_cast<uint32_t>(rng_.uniform(100, 400));
  bool in_burst = ts >= burst_start_ && ts < burst_end_;
  if (rng_.chance(in_burst ? 0.3 : kTaskedChance)) response += static_cast<uint32_t>(rng_.uniform(2'000, 200'000));
  if (rng_.chance(in_burst ? 0.3 : kOutputChance)) request += static_cast<uint32_t>(rng_.uniform(1'000, 50'000));
  if (s_.port == 443) {
    Exchange e{request, response, 0, static_cast<int64_t>(rng_.uniform(5e6, 60e6))};
    out.tls(conn_ts, s_.host, server, s_.port, s_.name, false, std::span<const Exchange>(&e, 1), s_.truth);
    return;
  }
  HttpRequest req;
  bool upload = request > 600;
  req.method = upload ? "POST" : "GET";
  req.uri = uri_;
  req.user_agent = user_agent_;
  req.request_body = upload ? request : 0;
  req.response_body = response;
  req.content_type = "application/octet-stream";
  req.server_think_ns = static_cast<int64_t>(rng_.uniform(5e6, 60e6));
  out.http(conn_ts, s_.host, server, s_.port, s_.name, req, s_.truth);
}

int64_t ImplantChannel::regular_interval_ns() {
  return to_ns(jittered_interval_s(s_.profile.model, sleep_s_, s_.profile.jitter, rng_.uniform()));
}

// The next check-in after one at `after`: operator sessions first, then the jittered sleep; a dropped
// check-in still costs its interval, and outside working hours the implant waits for the next morning.
int64_t ImplantChannel::next_check_in(int64_t after) {
  if (s_.profile.bursts) {
    if (after >= burst_start_ && after < burst_end_) {
      int64_t t = after + to_ns(kBurstCheckInS * rng_.uniform(0.8, 1.2));
      if (t < burst_end_) return t;
      burst_start_ = burst_end_ + to_ns(rng_.exponential(86400 / kBurstsPerDay));
    }
  }
  int64_t t = after;
  for (;;) {
    if (s_.profile.sleep_change > 0 && !sleep_changed_ && t >= halfway_ns_) {
      sleep_s_ *= s_.profile.sleep_change;
      sleep_changed_ = true;
    }
    t += regular_interval_ns();
    if (s_.profile.working_hours && !in_working_hours(t))
      t = next_working_time(t) + to_ns(rng_.uniform(0, std::min(sleep_s_, 600.0)));
    if (s_.profile.bursts && t >= burst_start_) {
      burst_end_ = burst_start_ + to_ns(rng_.uniform(kBurstMinS, kBurstMaxS));
      return burst_start_;
    }
    if (t >= s_.campaign_end_ns || !rng_.chance(s_.profile.drop)) return t;
  }
}

}  // namespace vigil::sim
