// The command line of vigil-simulate.
#pragma once

#include <cstdint>
#include <string>

#include "simulator.h"

namespace vigil::sim {

struct SimOptions {
  std::string out_dir;
  Scenario scenario;
  std::string profiles = "all";
  std::string signs = "none";
  bool json = false;
  bool pcap = false;
  bool help = false;
};

// Parses argv; on a bad argument returns false with a message in `error`.
bool parse_options(int argc, char** argv, SimOptions& out, std::string& error);
std::string usage();

}  // namespace vigil::sim
