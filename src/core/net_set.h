// NetSet: a set of CIDR prefixes ("internal networks"), asked whether it holds an address.
#pragma once

#include <string_view>
#include <vector>

#include "core/ip_addr.h"
#include "core/status.h"

namespace vigil {

class NetSet {
 public:
  // Adds "10.0.0.0/8", "fd00::/8" or a bare address (a /32 or /128).
  Status add(std::string_view cidr);
  bool contains(const IpAddr& a) const;
  bool empty() const { return prefixes_.empty(); }
  // RFC 1918, RFC 4193 (unique local), link-local v4 and v6, loopback: vigil's default internal networks.
  static NetSet private_networks();

 private:
  struct Prefix {
    IpAddr net;    // already masked
    int bits = 0;  // over the 128-bit form, so IPv4 /8 is stored as /104
  };
  std::vector<Prefix> prefixes_;
};

}  // namespace vigil
