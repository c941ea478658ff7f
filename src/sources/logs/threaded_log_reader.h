// Reading logs on a thread of their own: read_logs_threaded parses on a second thread and hands the
// records to `sink` on the caller's thread, in the order the files hold them. Parsing is about half of
// what a hunt over logs costs; this way it overlaps with what the caller does with each record (the
// channel table, the detectors that observe records) instead of taking turns with it on one core.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sources/logs/log_input.h"

namespace vigil {

// As read_logs. `on_progress` is called from the reading thread. Memory stays bounded: at most a few
// batches of records wait between the threads.
ReadReport read_logs_threaded(const std::vector<std::string>& files, std::optional<InputFormat> forced,
                              const LogSink& sink, const LogProgress& on_progress = {});

}  // namespace vigil
