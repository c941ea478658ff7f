// World: the simulated site and the Internet it talks to: internal hosts in 10.0.0.0/8, the resolver,
// public-looking external addresses (never private, loopback, multicast or reserved), plausible domain
// names, the web sites people browse (Zipf-popular) and a CDN address pool that many sites share.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/ip_addr.h"
#include "sim_random.h"

namespace vigil::sim {

struct Site {
  std::string name;
  std::vector<IpAddr> addresses;
  uint32_t ttl_s = 300;
  bool https = true;
};

class World {
 public:
  World(uint64_t seed, size_t hosts);

  size_t hosts() const { return hosts_; }
  IpAddr host(size_t index) const;  // 10.1.x.y, in index order
  IpAddr resolver() const;          // the site's DNS resolver, 10.0.0.53
  // The site's own servers (web, SSH targets of admins), 10.0.1.1 onwards: not among the hosts.
  IpAddr server(size_t index) const;
  bool is_internal(const IpAddr& a) const;  // inside the site's 10.0.0.0/8

  // A new external address, never handed out before.
  IpAddr new_external();
  // A new lower-case domain name, never handed out before; `style` picks its shape.
  enum class NameStyle { kSite, kApi, kC2 };
  std::string new_name(NameStyle style);
  // A new registered domain ("pixel-sync.net" style) that no name handed out so far lies under, so that a
  // detector keyed by registered domain sees it alone (DNS tunnels and beacons).
  std::string new_domain();

  const std::vector<Site>& sites() const { return sites_; }
  // A site index, Zipf-distributed: a few sites take most visits, and every host shares them.
  size_t pick_site(SimRng& rng) const;
  const std::vector<IpAddr>& cdn_pool() const { return cdn_pool_; }
  // `n` distinct addresses of the CDN pool.
  std::vector<IpAddr> cdn_addresses(SimRng& rng, size_t n) const;

  // Round-trip time to an address, stable per address: 10–180 ms.
  int64_t rtt_ns(const IpAddr& a) const;

 private:
  void build_sites();

  uint64_t seed_;
  size_t hosts_;
  SimRng rng_;
  std::unordered_set<uint32_t> used_addresses_;
  std::unordered_set<std::string> used_names_;
  std::unordered_set<std::string> used_domains_;     // the registered domain (last two labels) of every name
  std::unordered_set<std::string> claimed_domains_;  // those new_domain() handed out
  std::vector<Site> sites_;
  std::vector<double> site_cdf_;
  std::vector<IpAddr> cdn_pool_;
};

// True for addresses a public server may have: not RFC 1918, shared (100.64/10), loopback, link-local,
// documentation, benchmarking, multicast, reserved, "this network" or broadcast.
bool is_public_v4(uint32_t host_order);

}  // namespace vigil::sim
