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
  // Over the 128-bit form (IPv4 /8 is /104), as raw 8-byte halves so that a lookup is two AND-compares.
  struct Prefix {
    uint64_t net_hi = 0, net_lo = 0;    // already masked
    uint64_t mask_hi = 0, mask_lo = 0;  // in the same raw byte layout as IpAddr::hi()/lo()
  };
  std::vector<Prefix> prefixes_;
};

}  // namespace vigil
