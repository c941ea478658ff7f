// PacketPipeline: captures in, connections out. Reads files in time order, decodes, meters flows.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/status.h"
#include "sources/pcap/flow_meter.h"
#include "sources/pcap/skip_reason.h"

namespace vigil {

struct PipelineStats {
  uint64_t files = 0;
  uint64_t packets = 0;
  uint64_t bytes = 0;            // on-disk bytes of the files read so far
  uint64_t total_bytes = 0;      // on-disk size of all inputs, for progress
  uint64_t connections = 0;
  SkipCounts skipped;
  std::vector<Status> errors;    // files that could not be opened or ended in an error
};

struct PipelineOptions {
  FlowMeterOptions meter;
  // Application records (dns.log, ssl.log, http.log rows); the analyzers run only when one is set.
  AppSink apps;
  // Called now and then during the run (about every 64k packets) with the stats so far.
  std::function<void(const PipelineStats&)> on_progress;
};

// Reads every capture (several files are merged by packet time) and hands each finished connection to
// `sink`. Errors in one file are recorded in the stats; the other files and everything read before the
// error still count.
PipelineStats run_pipeline(const std::vector<std::string>& paths, PipelineOptions options, FlowMeter::Sink sink);

}  // namespace vigil
