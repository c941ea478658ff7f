// Allowlist: destinations a hunter has checked and wants out of the findings. One entry per line: a
// server name (matching itself and every name under it: "windowsupdate.com" covers
// "fe2.update.windowsupdate.com"), an address, or a CIDR. '#' starts a comment; blank lines are ignored.
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>

#include "core/ip_addr.h"
#include "core/net_set.h"
#include "core/status.h"

namespace vigil {

class Allowlist {
 public:
  // Reads the file; a line that is neither a name, an address nor a CIDR is an error naming its line.
  static Result<Allowlist> load(const std::string& path);
  // The same from text (tests, and lists given on the command line).
  static Result<Allowlist> parse(std::string_view text, const std::string& origin = "allowlist");

  bool allows_name(std::string_view normalised_name) const;
  bool allows_address(const IpAddr& a) const { return !nets_.empty() && nets_.contains(a); }
  size_t size() const { return entries_; }

 private:
  std::unordered_set<std::string> names_;
  NetSet nets_;
  size_t entries_ = 0;
};

}  // namespace vigil
