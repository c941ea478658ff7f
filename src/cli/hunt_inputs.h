// Reading `vigil hunt`'s inputs into a ChannelTable: captures through the packet pipeline (DNS, TLS and
// HTTP parsed for names), logs in two passes (dns/ssl/http first, then conn) so every name is known
// before its connection and no connection waits in memory for one.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "detect/channel.h"
#include "detect/record_observer.h"
#include "sources/logs/log_input.h"

namespace vigil::cli {

struct HuntInputOptions {
  std::optional<InputFormat> format;
  bool ignore_checksums = false;
  std::string prefix = "vigil hunt: ";  // for the read summaries on stderr
};

struct HuntInputStats {
  uint64_t connections = 0;
  int64_t first_ns = 0, last_ns = 0;  // the span of every connection read
  std::vector<Status> errors;         // inputs that could not be read to their end
};

// Every record goes to the table and to each observer (detectors that look at records themselves).
HuntInputStats read_hunt_inputs(const std::vector<std::string>& files, ChannelTable& table,
                                const std::vector<RecordObserver*>& observers, const HuntInputOptions& options);

}  // namespace vigil::cli
