// World: addresses and names derived from the seed, sites and the CDN pool built once at start.
#include "world.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace vigil::sim {
namespace {

constexpr size_t kSites = 4000;
constexpr size_t kCdnPool = 48;
constexpr double kZipfExponent = 1.0;
// The most popular sites are CDN-hosted, as in life: their addresses are the pool's.
constexpr double kCdnHostedShare = 0.4;

constexpr std::array<std::string_view, 48> kWords = {
    "cloud", "data", "sync", "cdn", "static", "media", "news", "shop", "mail", "info", "tech", "web",
    "blue", "north", "river", "stone", "bright", "open", "secure", "global", "metric", "pixel", "orbit", "nova",
    "apex", "delta", "echo", "harbor", "summit", "maple", "cedar", "falcon", "vector", "lumen", "atlas", "zen",
    "quick", "prime", "smart", "live", "core", "net", "link", "hub", "soft", "wave", "stack", "point"};
constexpr std::array<std::string_view, 8> kTlds = {"com", "net", "org", "io", "co", "info", "biz", "app"};
constexpr std::array<std::string_view, 8> kApiPrefixes = {"api", "app", "status", "gw", "rest", "svc", "edge", "v1"};
constexpr std::array<std::string_view, 8> kC2Prefixes = {"cdn", "www", "api", "update", "static", "img", "content", "assets"};

struct Block {
  uint32_t net;
  int bits;
};
constexpr Block kNotPublic[] = {
    {0x00000000, 8},  {0x0a000000, 8},  {0x64400000, 10}, {0x7f000000, 8},  {0xa9fe0000, 16},
    {0xac100000, 12}, {0xc0000000, 24}, {0xc0000200, 24}, {0xc0586300, 24}, {0xc0a80000, 16},
    {0xc6120000, 15}, {0xc6336400, 24}, {0xcb007100, 24}, {0xe0000000, 4},  {0xf0000000, 4},
};

// The last two labels: the registered domain for every shape of name the world makes.
std::string registered_part(const std::string& name) {
  size_t last = name.rfind('.');
  size_t before = last == std::string::npos || last == 0 ? std::string::npos : name.rfind('.', last - 1);
  return before == std::string::npos ? name : name.substr(before + 1);
}

}  // namespace

bool is_public_v4(uint32_t a) {
  for (const Block& b : kNotPublic) {
    uint32_t mask = b.bits == 0 ? 0 : ~0u << (32 - b.bits);
    if ((a & mask) == b.net) return false;
  }
  return true;
}

World::World(uint64_t seed, size_t hosts) : seed_(seed), hosts_(hosts), rng_(seed, 1, 0) { build_sites(); }

IpAddr World::host(size_t index) const {
  // 10.1.0.0 onwards, skipping .0 and .255 in the last octet: 254 hosts per /24.
  uint32_t a = 0x0a010000u + static_cast<uint32_t>((index / 254) << 8) + static_cast<uint32_t>(index % 254 + 1);
  return IpAddr::v4(a);
}

IpAddr World::resolver() const { return IpAddr::v4(0x0a000035u); }

IpAddr World::server(size_t index) const {
  return IpAddr::v4(0x0a000100u + static_cast<uint32_t>((index / 254) << 8) + static_cast<uint32_t>(index % 254 + 1));
}

bool World::is_internal(const IpAddr& a) const { return a.is_v4() && (a.v4_host_order() >> 24) == 10; }

IpAddr World::new_external() {
  for (;;) {
    auto a = static_cast<uint32_t>(rng_.next() >> 32);
    if ((a & 0xff) == 0 || (a & 0xff) == 255) continue;
    if (!is_public_v4(a) || !used_addresses_.insert(a).second) continue;
    return IpAddr::v4(a);
  }
}

std::string World::new_name(NameStyle style) {
  for (;;) {
    auto word = [this] { return std::string(kWords[rng_.below(kWords.size())]); };
    std::string tld(kTlds[rng_.below(kTlds.size())]);
    std::string name;
    switch (style) {
      case NameStyle::kSite:
        name = (rng_.chance(0.5) ? "www." : "") + word() + word() + "." + tld;
        break;
      case NameStyle::kApi:
        name = std::string(kApiPrefixes[rng_.below(kApiPrefixes.size())]) + "." + word() + word() + "." + tld;
        break;
      case NameStyle::kC2:
        // Operators register names that look like infrastructure: "cdn.pixel-sync.net".
        name = std::string(kC2Prefixes[rng_.below(kC2Prefixes.size())]) + "." + word() + "-" + word() + "." + tld;
        break;
    }
    std::string domain = registered_part(name);
    if (claimed_domains_.contains(domain)) continue;  // new_domain() gave it to one channel alone
    if (used_names_.insert(name).second) {
      used_domains_.insert(std::move(domain));
      return name;
    }
  }
}

std::string World::new_domain() {
  for (;;) {
    std::string word = std::string(kWords[rng_.below(kWords.size())]) + "-" + std::string(kWords[rng_.below(kWords.size())]);
    std::string name = word + "." + std::string(kTlds[rng_.below(kTlds.size())]);
    if (used_domains_.insert(name).second) {
      used_names_.insert(name);
      claimed_domains_.insert(name);
      return name;
    }
  }
}

void World::build_sites() {
  for (size_t i = 0; i < kCdnPool; ++i) cdn_pool_.push_back(new_external());
  double total = 0;
  for (size_t rank = 0; rank < kSites; ++rank) {
    Site s;
    s.name = new_name(NameStyle::kSite);
    // Popular sites first: the top ranks are on the CDN, the tail on their own servers.
    if (static_cast<double>(rank) < kCdnHostedShare * 200) {
      s.addresses = cdn_addresses(rng_, 2 + rng_.below(3));
      s.ttl_s = 60;
    } else {
      s.addresses.push_back(new_external());
      s.ttl_s = rng_.chance(0.5) ? 300 : 3600;
    }
    s.https = !rng_.chance(0.1);
    sites_.push_back(std::move(s));
    total += 1.0 / std::pow(static_cast<double>(rank + 1), kZipfExponent);
    site_cdf_.push_back(total);
  }
  for (double& c : site_cdf_) c /= total;
}

size_t World::pick_site(SimRng& rng) const {
  double u = rng.uniform();
  auto it = std::upper_bound(site_cdf_.begin(), site_cdf_.end(), u);
  return std::min(static_cast<size_t>(it - site_cdf_.begin()), site_cdf_.size() - 1);
}

std::vector<IpAddr> World::cdn_addresses(SimRng& rng, size_t n) const {
  n = std::min(n, cdn_pool_.size());
  std::vector<size_t> idx(cdn_pool_.size());
  for (size_t i = 0; i < idx.size(); ++i) idx[i] = i;
  for (size_t i = 0; i < n; ++i) std::swap(idx[i], idx[i + rng.below(idx.size() - i)]);
  std::vector<IpAddr> out;
  for (size_t i = 0; i < n; ++i) out.push_back(cdn_pool_[idx[i]]);
  return out;
}

int64_t World::rtt_ns(const IpAddr& a) const {
  uint64_t h = gencap::mix64(seed_ ^ a.lo() ^ (a.hi() << 1));
  return 10'000'000 + static_cast<int64_t>(h % 170'000'000);
}

}  // namespace vigil::sim
