// Prints what reading logs produced: files, records per log, lines skipped by reason with the first
// file:line examples, files that were not logs. Shared by `convert` and `inspect`.
#pragma once

#include <cstdio>

#include "sources/logs/read_report.h"

namespace vigil::cli {

void print_read_report(const ReadReport& r, std::FILE* out, const char* prefix);

}  // namespace vigil::cli
