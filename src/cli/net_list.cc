#include "cli/net_list.h"

namespace vigil::cli {

Status add_cidr_list(std::string_view list, NetSet& into) {
  while (true) {
    size_t comma = list.find(',');
    std::string_view cidr = list.substr(0, comma);
    if (Status st = into.add(cidr); !st.is_ok()) return st;
    if (comma == std::string_view::npos) return Status::ok();
    list.remove_prefix(comma + 1);
  }
}

}  // namespace vigil::cli
