// PushChannel: reconnects on a loose schedule; keepalives fill each connection.
#include "push_channel.h"

namespace vigil::sim {
namespace {
constexpr uint32_t kKeepaliveBytes = 31;  // a small TLS application-data record each way
}

PushChannel::PushChannel(PushSetup setup, int64_t start_ns) : s_(std::move(setup)), rng_(s_.seed) {
  int64_t first = start_ns + to_ns(rng_.uniform(0, 600));
  next_ns_ = first < s_.end_ns ? first : kNever;
}

void PushChannel::fire(RecordMaker& out) {
  int64_t ts = next_ns_;
  int64_t next = ts + to_ns(s_.reconnect_s * rng_.uniform(0.5, 1.5));
  out.dns(ts, s_.host, s_.name, s_.answers, 300);
  // Keepalives until shortly before the next connection replaces this one.
  std::vector<Exchange> exchanges;
  exchanges.push_back(Exchange{600, 1'200, 0, 20'000'000});  // subscribe
  int64_t lived = 0;
  const int64_t span = next - ts - 10 * kNsPerSec;
  for (;;) {
    int64_t gap = to_ns(s_.keepalive_s * rng_.uniform(0.9, 1.0));
    if (lived + gap >= span) break;
    lived += gap;
    exchanges.push_back(Exchange{kKeepaliveBytes, kKeepaliveBytes, gap, 0});
  }
  out.tls(ts + 2'000'000, s_.host, s_.answers.front(), 443, s_.name, false, exchanges, s_.truth);
  next_ns_ = next < s_.end_ns ? next : kNever;
}

}  // namespace vigil::sim
