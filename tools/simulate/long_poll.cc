// LongPoll: hour-long connections of held requests, back to back through the working day.
#include "long_poll.h"

#include <algorithm>

#include "sim_clock.h"

namespace vigil::sim {
namespace {
constexpr double kMinHoldS = 20, kMaxHoldS = 240;  // the server's hold: under Zeek's 5-minute TCP timeout
}

LongPoll::LongPoll(LongPollSetup setup) : s_(std::move(setup)), rng_(s_.seed) {
  day_start_h_ = rng_.uniform(8.0, 9.5);
  day_end_h_ = rng_.uniform(16.5, 18.0);
  int64_t first = next_day_start(s_.start_ns);
  next_ns_ = first < s_.end_ns ? first : kNever;
}

int64_t LongPoll::next_day_start(int64_t from) {
  for (int64_t day = midnight_of(from); day < s_.end_ns; day += kNsPerDay) {
    if (weekday_of(day) >= 5) continue;
    int64_t open = day + to_ns(day_start_h_ * 3600 + rng_.uniform(0, 600));
    if (open >= from) return open;
  }
  return kNever;
}

void LongPoll::fire(RecordMaker& out) {
  int64_t ts = next_ns_;
  const int64_t day_end = midnight_of(ts) + to_ns(day_end_h_ * 3600);
  // Round-robin DNS: every connection looks the name up again (TTL 60 s) and takes the first answer.
  std::vector<IpAddr> answers = s_.answers;
  std::rotate(answers.begin(), answers.begin() + static_cast<ptrdiff_t>(lookups_++ % answers.size()), answers.end());
  out.dns(ts, s_.host, s_.name, answers, s_.ttl_s);
  ts += 3'000'000;
  const double lifetime_s = std::min(rng_.uniform(s_.connection_min_s, s_.connection_max_s),
                                     std::max(60.0, static_cast<double>(day_end - ts) / 1e9));
  std::vector<Exchange> polls;
  double lived_s = 0;
  while (lived_s < lifetime_s) {
    double hold_s = rng_.uniform(kMinHoldS, kMaxHoldS);
    polls.push_back(Exchange{static_cast<uint32_t>(rng_.uniform(400, 900)), static_cast<uint32_t>(rng_.uniform(200, 2'000)),
                             to_ns(rng_.uniform(0.005, 0.05)), to_ns(hold_s)});
    lived_s += hold_s;
  }
  out.tls(ts, s_.host, answers.front(), 443, s_.name, true, polls, s_.truth);
  int64_t next = ts + to_ns(lived_s + rng_.uniform(0.2, 5));
  if (next >= day_end) next = next_day_start(midnight_of(ts) + kNsPerDay);
  next_ns_ = next < s_.end_ns ? next : kNever;
}

}  // namespace vigil::sim
