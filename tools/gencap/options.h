// Command-line options of vigil-gencap and their parser.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace gencap {

struct Options {
  std::string out;                       // "-" means stdout
  uint64_t bytes = 10ULL << 20;          // stop once the pcap reaches this size
  uint32_t hosts = 2000;                 // internal hosts
  uint32_t servers = 20000;              // external servers
  uint32_t concurrency = 500;            // flows active at once
  uint64_t seed = 1;
  uint64_t rate_bps = 200'000'000;       // sets timestamp spacing
  uint64_t start_epoch = 1'700'000'000;  // first timestamp, seconds
  bool gzip = false;
  uint32_t ipv6_per_million = 100'000;   // shares kept as integers so the
  uint32_t vlan_per_million = 50'000;    // flow mix does not depend on floats
};

// Parses argv. On --help prints usage to stdout and returns nullopt with
// exit_code 0; on a bad option prints the reason to stderr and returns nullopt
// with exit_code 2.
std::optional<Options> parse_options(int argc, char** argv, int& exit_code);

}  // namespace gencap
