// CaptureCensus: walks captures and counts what they hold (packets, bytes, span, IP versions, skips).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/timestamp.h"
#include "sources/pcap/skip_reason.h"

namespace vigil {

struct CaptureCensus {
  uint64_t files = 0;
  uint64_t packets = 0;
  uint64_t captured_bytes = 0;  // bytes of packet data in the files
  uint64_t wire_bytes = 0;      // bytes the packets had on the wire
  uint64_t ipv4 = 0;
  uint64_t ipv6 = 0;
  Timestamp first{INT64_MAX};
  Timestamp last{INT64_MIN};
  std::map<int, uint64_t> link_types;  // link type -> packets
  SkipCounts skipped;
  std::vector<Status> errors;  // one per file that ended in an error; its packets before it are counted
};

// Reads every file to its end (or its first error) and adds what it found to `census`.
void take_census(const std::vector<std::string>& paths, CaptureCensus& census);

}  // namespace vigil
