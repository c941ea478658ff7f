// Reads Zeek's JSON-lines logs (its ASCII writer with LogAscii::use_json): one object per line, field
// names as in the TSV logs ("id.orig_h"; a nested "id" object is read the same way), ts as an epoch
// number or an ISO 8601 string. Which log a file is comes from a "_path" field when present, else from
// the keys of its records.
#pragma once

#include <string>

#include "sources/logs/line_reader.h"
#include "sources/logs/read_report.h"

namespace vigil {

void read_zeek_json(LineReader& lines, const std::string& path, const LogSink& sink, ReadReport& report);

}  // namespace vigil
