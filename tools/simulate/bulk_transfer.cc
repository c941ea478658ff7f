// BulkTransferChannel: when transfers happen and how big they are.
#include "bulk_transfer.h"

#include "sim_clock.h"

namespace vigil::sim {
namespace {
constexpr double kMarginS = 60;  // a transfer must end this long before the scenario does
}

BulkTransferChannel::BulkTransferChannel(TransferSetup setup) : s_(std::move(setup)), rng_(s_.seed) {
  int64_t first;
  if (s_.nightly) {
    first = next_time(s_.start_ns - 1);
  } else {
    // The first download some time in the first working day, so a short scenario still shows one.
    first = next_working_time(s_.start_ns) + to_ns(rng_.uniform(0, 9 * 3600.0));
  }
  next_ns_ = first < s_.end_ns ? first : kNever;
}

int64_t BulkTransferChannel::next_time(int64_t after) {
  if (s_.nightly) {
    for (int64_t day = midnight_of(after);; day += kNsPerDay) {
      int64_t t = day + to_ns(rng_.uniform(s_.night_from_h, s_.night_to_h) * 3600);
      if (t > after) return t;
    }
  }
  int64_t t = after + to_ns(rng_.exponential(86400 / s_.events_per_day));
  return in_working_hours(t) ? t : next_working_time(t) + to_ns(rng_.uniform(0, 8 * 3600.0));
}

void BulkTransferChannel::fire(RecordMaker& out) {
  const int64_t ts = next_ns_;
  BulkTransfer bulk;
  auto bytes = static_cast<uint64_t>(rng_.uniform(s_.bytes_min, s_.bytes_max));
  (s_.upload ? bulk.upload : bulk.download) = bytes;
  bulk.bytes_per_s = rng_.uniform(s_.rate_min, s_.rate_max);
  const double takes_s = static_cast<double>(bytes) / bulk.bytes_per_s;
  if (ts + to_ns(takes_s + kMarginS) < s_.end_ns) {
    out.dns(ts, s_.host, s_.name, s_.answers, s_.ttl_s);
    out.tls_bulk(ts + 2'000'000, s_.host, s_.answers.front(), 443, s_.name, bulk, s_.truth);
  }
  // Nightly: tomorrow night's; otherwise the next one after this one ends.
  int64_t next = next_time(s_.nightly ? midnight_of(ts) + kNsPerDay : ts + to_ns(takes_s));
  next_ns_ = next < s_.end_ns ? next : kNever;
}

}  // namespace vigil::sim
