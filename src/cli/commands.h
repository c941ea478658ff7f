// The vigil subcommands, each in its own file; main.cc dispatches to them.
#pragma once

namespace vigil::cli {

// Exit codes scripts can rely on.
constexpr int kExitOk = 0;
constexpr int kExitInputError = 1;  // an input was unreadable, truncated or corrupt (what came before still counts)
constexpr int kExitUsage = 2;       // bad command line

int inspect_command(int argc, char** argv);
int convert_command(int argc, char** argv);
int hunt_command(int argc, char** argv);
int report_command(int argc, char** argv);

}  // namespace vigil::cli
