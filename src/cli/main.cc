// vigil: the command-line entry point; dispatches to one file per command.
#include <cstdio>
#include <cstring>
#include <string_view>

#include "cli/commands.h"

namespace {

constexpr const char* kUsage =
    "vigil - finds long-term intrusions in network traffic\n"
    "\n"
    "usage: vigil COMMAND [ARGS...]\n"
    "\n"
    "commands:\n"
    "  hunt INPUT...        rank the internal hosts that call out on a schedule (beacons), each\n"
    "                       with its evidence; --json for machines, --html for a report\n"
    "  report FINDINGS.json --html REPORT.html\n"
    "                       the HTML report from a saved `hunt --json` document\n"
    "  convert INPUT... -o DIR\n"
    "                       write DIR/conn.log (Zeek's format and meaning; --json for JSON lines)\n"
    "                       from captures, Zeek logs or Suricata EVE (files or directories)\n"
    "  inspect INPUT...     report what captures or logs hold: packets, bytes, time span, link\n"
    "                       types, records per log, and what was skipped and why\n"
    "\n"
    "  vigil COMMAND --help shows the options of a command.\n"
    "\n"
    "exit codes: 0 success, 1 an input was unreadable or corrupt (everything before the error\n"
    "            still counts), 2 bad command line\n";

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fputs(kUsage, stderr);
    return vigil::cli::kExitUsage;
  }
  std::string_view cmd = argv[1];
  if (cmd == "--help" || cmd == "-h" || cmd == "help") {
    std::fputs(kUsage, stdout);
    return vigil::cli::kExitOk;
  }
  if (cmd == "--version") {
    std::puts("vigil 0.1.0");
    return vigil::cli::kExitOk;
  }
  if (cmd == "convert") return vigil::cli::convert_command(argc - 2, argv + 2);
  if (cmd == "hunt") return vigil::cli::hunt_command(argc - 2, argv + 2);
  if (cmd == "report") return vigil::cli::report_command(argc - 2, argv + 2);
  if (cmd == "inspect") return vigil::cli::inspect_command(argc - 2, argv + 2);
  std::fprintf(stderr, "vigil: unknown command '%s'\n\n%s", argv[1], kUsage);
  return vigil::cli::kExitUsage;
}
