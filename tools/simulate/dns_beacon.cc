// DnsBeacon: check-ins, TXT task fetches, output in A queries.
#include "dns_beacon.h"

#include <cstdio>

#include "encoded_text.h"
#include "wire_messages.h"

namespace vigil::sim {
namespace {

constexpr double kTaskedChance = 0.03;
constexpr uint32_t kBeaconTtlS = 1;
const IpAddr kIdle = IpAddr::v4(0x00000000);    // 0.0.0.0: nothing to do
const IpAddr kTasked = IpAddr::v4(0x000000f3);  // another fixed value: fetch the task over TXT
constexpr size_t kOutputHexChars = 56;          // per A query: 28 bytes of output

std::string hex(SimRng& rng, size_t n) { return random_text(rng, n, kHexDigits); }

}  // namespace

DnsBeacon::DnsBeacon(DnsBeaconSetup setup) : s_(std::move(setup)), rng_(s_.seed) {
  id_ = hex(rng_, 8);
  next_ns_ = s_.start_ns < s_.end_ns ? s_.start_ns : kNever;
}

void DnsBeacon::fire(RecordMaker& out) {
  const int64_t ts = next_ns_;
  int64_t next;
  if (task_queries_ > 0) {
    fetch_task(out, ts);
    next = ts + to_ns(rng_.uniform(0.2, 1.0));
  } else if (output_queries_ > 0) {
    send_output(out, ts);
    next = ts + to_ns(rng_.uniform(0.2, 1.0));
  } else {
    check_in(out, ts);
    next = ts + to_ns(s_.period_s * rng_.uniform(1 - s_.jitter, 1 + s_.jitter));
  }
  next_ns_ = next < s_.end_ns ? next : kNever;
}

void DnsBeacon::check_in(RecordMaker& out, int64_t ts) {
  DnsLookup q;
  q.query = hex(rng_, 8) + "." + id_ + "." + s_.zone;
  q.ttl_s = kBeaconTtlS;
  const bool tasked = rng_.chance(kTaskedChance);
  q.addresses = {tasked ? kTasked : kIdle};
  out.dns_lookup(ts, s_.host, q, s_.truth);
  if (tasked) {
    task_queries_ = 5 + static_cast<int>(rng_.below(26));
    output_queries_ = 3 + static_cast<int>(rng_.below(18));
  }
}

void DnsBeacon::fetch_task(RecordMaker& out, int64_t ts) {
  --task_queries_;
  char seq[9];
  std::snprintf(seq, sizeof seq, "%08x", sequence_++);
  DnsLookup q;
  q.query = "api." + std::string(seq) + hex(rng_, 6) + "." + id_ + "." + s_.zone;
  q.qtype = kDnsTxt;
  q.data = random_text(rng_, 100 + rng_.below(156), kBase64);  // a piece of the encrypted task
  q.ttl_s = kBeaconTtlS;
  out.dns_lookup(ts, s_.host, q, s_.truth);
}

void DnsBeacon::send_output(RecordMaker& out, int64_t ts) {
  --output_queries_;
  DnsLookup q;
  q.query = "post." + hex(rng_, kOutputHexChars) + "." + hex(rng_, 6) + "." + id_ + "." + s_.zone;
  q.addresses = {kIdle};
  q.ttl_s = kBeaconTtlS;
  out.dns_lookup(ts, s_.host, q, s_.truth);
}

}  // namespace vigil::sim
