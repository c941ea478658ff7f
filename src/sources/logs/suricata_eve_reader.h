// Reads Suricata's EVE JSON (one event per line): flow, dns (v1 and v2 formats), tls and http events,
// also mixed in one file as Suricata writes them, into the records the capture path produces. flow_id
// links an event to its flow; it becomes the records' uid.
#pragma once

#include <string>

#include "sources/logs/line_reader.h"
#include "sources/logs/read_report.h"

namespace vigil {

void read_suricata_eve(LineReader& lines, const std::string& path, const LogSink& sink, ReadReport& report);

}  // namespace vigil
