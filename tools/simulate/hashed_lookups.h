// HashedLookups: an antivirus agent's file-reputation lookups over DNS, as several vendors do them: the
// file's MD5 or SHA-1 in hex as the first label under the vendor's zone, answered with a 127.0.0.x
// verdict. Every host runs it, a few dozen to a few hundred lookups a day; popular files are asked by
// many hosts. It looks like a tunnel (long random labels, one domain) except that everybody does it.
#pragma once

#include <string>

#include "sim_channel.h"
#include "sim_random.h"

namespace vigil::sim {

struct HashedLookupSetup {
  size_t host = 0;
  std::string zone;        // queries are <hash>.<zone>
  double per_day = 100;
  uint64_t popular_seed = 0;  // the same for every host: the pool of common files' hashes
  int64_t start_ns = 0, end_ns = 0;
  int truth = -1;
  uint64_t seed = 0;
};

class HashedLookups : public SimChannel {
 public:
  explicit HashedLookups(HashedLookupSetup setup);
  void fire(RecordMaker& out) override;

 private:
  std::string file_hash();

  HashedLookupSetup s_;
  SimRng rng_;
};

}  // namespace vigil::sim
