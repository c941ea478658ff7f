// LongSession: when the sessions happen; session_talk.cc says what they carry.
#include "long_session.h"

#include <algorithm>

#include "session_talk.h"
#include "sim_clock.h"

namespace vigil::sim {

LongSession::LongSession(LongSessionSetup setup) : s_(std::move(setup)), rng_(s_.seed) {
  int64_t first = s_.first_ns;
  length_s_ = s_.length_s;
  if (s_.daily) first = next_working_session(s_.start_ns);
  next_ns_ = first < s_.end_ns ? first : kNever;
}

int64_t LongSession::next_working_session(int64_t from) {
  const double day_hours = kWorkEndHour - kWorkStartHour;
  for (int64_t day = midnight_of(from); day < s_.end_ns; day += kNsPerDay) {
    // Admins skip some days, but not the first working day: short scenarios show a session too.
    if (weekday_of(day) >= 5 || (sessions_ > 0 && !rng_.chance(s_.day_chance))) continue;
    length_s_ = std::min(rng_.uniform(s_.length_min_s, s_.length_max_s), day_hours * 3600 - 600);
    double latest_h = kWorkEndHour - length_s_ / 3600;
    int64_t start = day + to_ns(rng_.uniform(kWorkStartHour, latest_h) * 3600);
    if (start >= from) return start;
  }
  return kNever;
}

void LongSession::fire(RecordMaker& out) {
  int64_t ts = next_ns_;
  if (!s_.dns_name.empty()) {
    out.dns(ts, s_.host, s_.dns_name, std::span<const IpAddr>(&s_.server, 1), 3600);
    ts += 2'000'000;
  }
  std::vector<Message> talk = s_.talk == SessionTalk::kSsh ? ssh_talk(rng_, length_s_)
                                                           : shell_talk(rng_, length_s_, s_.max_pause_s);
  out.tcp_session(ts, s_.host, s_.server, s_.port, s_.service, std::move(talk), s_.truth);
  ++sessions_;
  int64_t next = s_.daily ? next_working_session(midnight_of(ts) + kNsPerDay) : kNever;
  next_ns_ = next < s_.end_ns ? next : kNever;
}

}  // namespace vigil::sim
