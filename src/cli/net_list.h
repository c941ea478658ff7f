// "10.0.0.0/8,fd00::/8": the comma-separated CIDR lists of --local-nets and --internal.
#pragma once

#include <string_view>

#include "core/net_set.h"
#include "core/status.h"

namespace vigil::cli {

Status add_cidr_list(std::string_view list, NetSet& into);

}  // namespace vigil::cli
