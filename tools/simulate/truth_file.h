// The truth file: one TSV row per labelled channel (implants, benign services, signs and look-alikes), with
// a header line naming the columns, so evaluations can read it with any tool. Columns are in README.md.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "simulator.h"

namespace vigil::sim {

Status write_truth(const std::string& path, const std::vector<TruthChannel>& truth);
Result<std::vector<TruthChannel>> read_truth(const std::string& path);

// The header line (without newline) and one row; exposed for tests.
std::string truth_header();
std::string truth_row(const TruthChannel& t);

}  // namespace vigil::sim
