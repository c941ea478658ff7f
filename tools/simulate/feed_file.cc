// The feed: indicators from the truth, decoys from ranges and TLDs the world cannot produce.
#include "feed_file.h"

#include <array>
#include <fstream>
#include <set>

#include "sim_random.h"

namespace vigil::sim {
namespace {

constexpr uint64_t kStreamFeed = 41;
constexpr size_t kDecoyDomains = 30, kDecoyAddresses = 19;
// World::new_name uses com, net, org, io, co, info, biz and app; the look-alikes' fixed names are .com/.net.
constexpr std::array<const char*, 6> kDecoyTlds = {"top", "xyz", "ru", "su", "cc", "pw"};
constexpr std::array<const char*, 5> kDecoyPrefixes = {"", "login.", "cdn.", "update.", "mail."};
constexpr std::string_view kConsonants = "bcdfghjklmnprstvwz";
constexpr std::string_view kVowels = "aeiou";
// Benchmarking 198.18.0.0/15 and documentation 203.0.113.0/24: not public, so World::new_external skips them.
constexpr uint32_t kBenchmarkNet = 0xc6120000, kBenchmarkHosts = 1u << 17;
constexpr uint32_t kDocNet = 0xcb007100;
constexpr const char* kDecoyCidr = "198.51.100.0/24";

// A pronounceable made-up word: "kavoritel".
std::string word(SimRng& rng) {
  std::string out;
  for (size_t n = 2 + rng.below(3); n > 0; --n) {
    out += kConsonants[rng.below(kConsonants.size())];
    out += kVowels[rng.below(kVowels.size())];
  }
  return out;
}

std::string v4(uint32_t a) { return IpAddr::v4(a).to_string(); }

}  // namespace

std::vector<std::string> feed_decoys(uint64_t seed) {
  SimRng rng(seed, kStreamFeed, 0);
  std::set<std::string> seen;
  std::vector<std::string> out;
  auto add = [&](std::string s) {
    if (seen.insert(s).second) out.push_back(std::move(s));
  };
  while (out.size() < kDecoyDomains) {
    std::string name = kDecoyPrefixes[rng.below(kDecoyPrefixes.size())];
    name += word(rng);
    if (rng.chance(0.4)) name.append("-").append(word(rng));
    if (rng.chance(0.3)) name += std::to_string(rng.below(100));
    add(name + "." + kDecoyTlds[rng.below(kDecoyTlds.size())]);
  }
  while (out.size() < kDecoyDomains + kDecoyAddresses) {
    uint32_t host = rng.chance(0.8) ? kBenchmarkNet + static_cast<uint32_t>(rng.below(kBenchmarkHosts))
                                    : kDocNet + static_cast<uint32_t>(rng.below(256));
    if ((host & 0xff) == 0 || (host & 0xff) == 255) continue;
    add(v4(host));
  }
  add(kDecoyCidr);
  return out;
}

std::vector<std::string> feed_indicators(const std::vector<TruthChannel>& truth, uint64_t seed) {
  std::vector<std::string> body;
  std::set<std::string> listed;
  for (const TruthChannel& t : truth) {
    if (t.detector != "threat-intel") continue;
    std::string indicator = !t.name.empty() ? t.name : !t.addresses.empty() ? t.addresses.front().to_string() : "";
    if (!indicator.empty() && listed.insert(indicator).second) body.push_back(indicator);
  }
  for (std::string& d : feed_decoys(seed)) body.push_back(std::move(d));
  SimRng rng(seed, kStreamFeed, 1);
  for (size_t i = 0; i + 1 < body.size(); ++i) std::swap(body[i], body[i + rng.below(body.size() - i)]);
  std::vector<std::string> out = {
      "# vigil-simulate threat-intel feed: plain list, one indicator per line (docs/threat-intel.md)",
      "# indicators of the simulated campaign mixed with decoys that appear nowhere in its traffic"};
  for (std::string& line : body) out.push_back(std::move(line));
  return out;
}

Status write_feed(const std::string& path, const std::vector<std::string>& lines) {
  std::ofstream out(path);
  if (!out) return Status::io_error("cannot write").at(path);
  for (const std::string& line : lines) out << line << "\n";
  out.close();
  if (!out) return Status::io_error("write failed").at(path);
  return Status::ok();
}

}  // namespace vigil::sim
