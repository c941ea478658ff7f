// DnsTunnel: daily sessions, query names sized to the payload rate, answers carrying data back.
#include "dns_tunnel.h"

#include <algorithm>

#include "encoded_text.h"
#include "sim_clock.h"
#include "wire_messages.h"

namespace vigil::sim {
namespace {

constexpr uint32_t kTunnelTtlS = 0;  // tunnels answer uncacheable: every query must reach their server
constexpr size_t kSequenceChars = 4;

// iodine prefers NULL records (the most data back per answer); dnscat2 uses TXT and CNAME.
uint16_t pick_qtype(SimRng& rng) {
  double u = rng.uniform();
  return u < 0.5 ? kDnsNull : u < 0.8 ? kDnsTxt : kDnsCname;
}

}  // namespace

DnsTunnel::DnsTunnel(DnsTunnelSetup setup) : s_(std::move(setup)), rng_(s_.seed) {
  next_ns_ = next_session(s_.start_ns);
}

int64_t DnsTunnel::next_session(int64_t day_ns) {
  for (int64_t day = midnight_of(day_ns); day < s_.end_ns; day += kNsPerDay) {
    int64_t length = to_ns(rng_.uniform(s_.session_min_s, s_.session_max_s));
    int64_t open = std::max(day, s_.start_ns), close = std::min(day + kNsPerDay, s_.end_ns);
    if (close - open <= length) {  // a short scenario: the session fills what there is
      session_end_ = close;
      return open;
    }
    int64_t start = open + to_ns(rng_.uniform(0, static_cast<double>(close - open - length) / kNsPerSec));
    session_end_ = start + length;
    return start;
  }
  return kNever;
}

void DnsTunnel::fire(RecordMaker& out) {
  const int64_t ts = next_ns_;
  const size_t payload = kTunnelMinPayload + rng_.below(kTunnelMaxPayload - kTunnelMinPayload + 1);
  std::string sequence;
  for (uint32_t v = sequence_++, i = 0; i < kSequenceChars; ++i, v /= 32) sequence.push_back(kBase32[v % 32]);
  DnsLookup q;
  q.query = as_labels(random_text(rng_, base32_chars(payload), kBase32)) + "." + sequence + "." + s_.zone;
  q.qtype = pick_qtype(rng_);
  q.ttl_s = kTunnelTtlS;
  switch (q.qtype) {  // downstream: acknowledgements and the operator's commands
    case kDnsNull: q.data = random_bytes(rng_, 8 + rng_.below(120)); break;
    case kDnsTxt: q.data = random_text(rng_, 8 + rng_.below(180), kBase32); break;
    default: q.data = random_text(rng_, 16 + rng_.below(40), kBase32) + "." + s_.zone; break;
  }
  out.dns_lookup(ts, s_.host, q, s_.truth);
  // The next query when this one's payload has had its time at the profile's rate.
  int64_t next = ts + to_ns(static_cast<double>(payload) / s_.bytes_per_s * rng_.uniform(0.5, 1.5));
  if (next >= session_end_) next = next_session(midnight_of(ts) + kNsPerDay);
  next_ns_ = next < s_.end_ns ? next : kNever;
}

}  // namespace vigil::sim
