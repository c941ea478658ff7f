// Reads Zeek's ASCII (TSV) logs, header-driven: #separator (with its \x escape), #set_separator,
// #empty_field, #unset_field, #path, #fields and #types, in any column order; a header that changes
// mid-file (Zeek appending after a restart) rebinds the columns; #open/#close are optional.
#pragma once

#include <string>

#include "sources/logs/line_reader.h"
#include "sources/logs/read_report.h"

namespace vigil {

// Reads every record of `lines` (already opened on `path`) into `sink`. A log vigil does not read
// (another #path) is noted in the report and skipped; a missing required column is an error in
// report.errors naming the file, line and column, and the rest of that section is skipped.
void read_zeek_tsv(LineReader& lines, const std::string& path, const LogSink& sink, ReadReport& report);

}  // namespace vigil
