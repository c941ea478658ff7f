// Writing a whole output file (a report) so that a reader never sees half of it: written beside the
// target under a temporary name, then renamed into place. "-" is stdout.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace vigil::cli {

Status write_output_file(const std::string& path, std::string_view content);

}  // namespace vigil::cli
