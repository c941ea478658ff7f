// Fake but plausible host names: a service label, a made-up site name, a reserved domain.
#include "server_name.h"

#include <iterator>

#include "prng.h"

namespace gencap {
namespace {

constexpr const char* kServices[] = {"www",    "api",  "cdn",    "static", "img",   "login",
                                     "auth",   "app",  "assets", "media",  "edge",  "m",
                                     "docs",   "sync", "push",   "status", "files", "telemetry",
                                     "update", "shop"};
// Services that usually come in numbered instances (cdn3, edge12).
constexpr bool numbered(const char* service) {
  return service[0] == 'c' || service[0] == 'e' || service[0] == 'p';
}
constexpr const char* kSiteHeads[] = {"north", "blue",  "quick", "silver", "pine",  "harbor",
                                      "orbit", "lumen", "cedar", "nova",   "maple", "river",
                                      "stone", "cloud", "pixel", "summit", "delta", "amber"};
constexpr const char* kSiteTails[] = {"wind", "byte",  "mart",  "labs", "works", "hub",
                                      "soft", "stack", "cast",  "base", "point", "gate",
                                      "line", "path",  "desk",  "cart", "forge", "view"};
constexpr const char* kDomains[] = {".example.com", ".example.net", ".example.org", ".example"};
constexpr const char* kInternalServices[] = {"wiki", "git",     "jira",  "intranet", "vault", "grafana",
                                             "ci",   "hr",      "files", "print",    "vpn",   "portal"};

template <typename T, size_t N>
const T& pick(Rng& rng, const T (&table)[N]) {
  return table[rng.below(N)];
}

}  // namespace

std::string server_name(uint32_t server, bool internal, uint32_t site) {
  // Seeded by the arguments alone, not the flow, so the name is a property of the server.
  Rng rng(mix64((uint64_t{server} << 8) ^ (uint64_t{site} << 1) ^ (internal ? 1 : 0)));
  std::string name;
  if (internal) {
    name = pick(rng, kInternalServices);
    if (server >= std::size(kInternalServices)) name += std::to_string(1 + server % 40);
    return name + ".corp.example.org";
  }
  const char* service = pick(rng, kServices);
  name = service;
  if (numbered(service)) name += std::to_string(1 + rng.below(16));
  name += '.';
  name += pick(rng, kSiteHeads);
  name += pick(rng, kSiteTails);
  return name + pick(rng, kDomains);
}

}  // namespace gencap
