// vigil-gencap entry point: parse options, generate, report.
#include <cstdio>
#include <exception>

#include "generator.h"
#include "options.h"
#include "pcap_writer.h"

int main(int argc, char** argv) {
  int exit_code = 0;
  const auto options = gencap::parse_options(argc, argv, exit_code);
  if (!options) return exit_code;
  try {
    gencap::PcapWriter writer(options->out, options->gzip);
    const gencap::Stats stats = gencap::generate(*options, writer);
    writer.close();
    std::fprintf(stderr, "%s\n", stats.summary().c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "vigil-gencap: %s\n", e.what());
    return 1;
  }
  return 0;
}
