// Inputs of any kind: which format a file is (from its content, never its name), directories expanded
// into the files under them, and the logs among them read into records with one report.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "sources/logs/read_report.h"

namespace vigil {

enum class InputFormat { kUnknown, kCapture, kZeekTsv, kZeekJson, kSuricataEve };
std::string_view to_string(InputFormat f);  // "capture", "zeek-tsv", "zeek-json", "suricata-eve", "unknown"
// Parses a --format value (the names above, plus "pcap" for capture); nullopt when it names none.
std::optional<InputFormat> parse_input_format(std::string_view name);

// Looks at the first bytes (decompressed if gzip): pcap/pcapng magic, a Zeek "#separator"/"#fields"
// header, or a JSON object with "event_type" (Suricata) or without (Zeek).
InputFormat detect_format(const std::string& path);

// Files named, and every regular file under directories named (recursively, in name order, skipping
// hidden files and folders). Paths that do not exist become errors.
std::vector<std::string> expand_inputs(const std::vector<std::string>& paths, std::vector<Status>& errors);

// Reads every log file (formats detected, or `forced`) into `sink`. Files that are not logs (captures,
// unknown content) are listed in report.ignored_files; errors in one file leave the others unaffected.
// `on_progress`, if set, is called now and then with on-disk bytes done, bytes in all, and lines so far.
using LogProgress = std::function<void(uint64_t bytes_done, uint64_t bytes_total, uint64_t lines)>;
ReadReport read_logs(const std::vector<std::string>& files, std::optional<InputFormat> forced, const LogSink& sink,
                     const LogProgress& on_progress = {});

}  // namespace vigil
