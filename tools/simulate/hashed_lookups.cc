// HashedLookups: Poisson lookups of fresh or popular file hashes.
#include "hashed_lookups.h"

#include "encoded_text.h"

namespace vigil::sim {
namespace {

constexpr double kPopularShare = 0.3;  // lookups of files many hosts have (browsers, runtimes, updates)
constexpr uint64_t kPopularFiles = 500;
constexpr double kFlaggedChance = 0.005;
constexpr uint32_t kVerdictTtlS = 3600;

}  // namespace

HashedLookups::HashedLookups(HashedLookupSetup setup) : s_(std::move(setup)), rng_(s_.seed) {
  int64_t first = s_.start_ns + to_ns(rng_.exponential(86400 / s_.per_day));
  next_ns_ = first < s_.end_ns ? first : kNever;
}

// MD5 (32 hex) or SHA-1 (40 hex): one of the popular files, the same string on every host, or a new one.
std::string HashedLookups::file_hash() {
  if (rng_.chance(kPopularShare)) {
    SimRng file(s_.popular_seed, 0, rng_.below(kPopularFiles));
    return random_text(file, file.chance(0.5) ? 32 : 40, kHexDigits);
  }
  return random_text(rng_, rng_.chance(0.5) ? 32 : 40, kHexDigits);
}

void HashedLookups::fire(RecordMaker& out) {
  DnsLookup q;
  q.query = file_hash() + "." + s_.zone;
  q.addresses = {IpAddr::v4(rng_.chance(kFlaggedChance) ? 0x7f000002u : 0x7f000001u)};  // 127.0.0.1: clean
  q.ttl_s = kVerdictTtlS;
  out.dns_lookup(next_ns_, s_.host, q, s_.truth);
  int64_t next = next_ns_ + to_ns(rng_.exponential(86400 / s_.per_day));
  next_ns_ = next < s_.end_ns ? next : kNever;
}

}  // namespace vigil::sim
