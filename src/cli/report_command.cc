// `vigil report FILE.json --html OUT`: the HTML report from a saved `vigil hunt --json` document, the same
// page `vigil hunt --html` writes.
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "cli/commands.h"
#include "cli/output_file.h"
#include "report/html_report.h"

namespace vigil::cli {
namespace {

constexpr const char* kHelp =
    "usage: vigil report FINDINGS.json --html REPORT.html\n"
    "\n"
    "Draws the HTML report from a document saved with `vigil hunt ... --json > FINDINGS.json`: the same\n"
    "page `vigil hunt ... --html REPORT.html` writes. One self-contained file (no network access), to\n"
    "open in a browser or attach to a ticket: the run's summary, hosts ranked with their reasons, and\n"
    "every finding with its evidence and plots; sorting and filtering work offline.\n"
    "\n"
    "  --html FILE    where to write the report ('-' for stdout)\n"
    "\n"
    "Exit code 0 on success, 1 when the findings file is unreadable or not a vigil hunt document, 2 for\n"
    "a bad command line.\n";

int usage_error(const std::string& msg) {
  std::fprintf(stderr, "vigil report: %s\n\n%s", msg.c_str(), kHelp);
  return kExitUsage;
}

}  // namespace

int report_command(int argc, char** argv) {
  std::string input, html;
  for (int i = 0; i < argc; ++i) {
    std::string_view s = argv[i];
    if (s == "--help" || s == "-h") {
      std::fputs(kHelp, stdout);
      return kExitOk;
    } else if (s == "--html") {
      if (i + 1 >= argc) return usage_error("--html needs a file");
      html = argv[++i];
    } else if (s.starts_with("-") && s != "-") {
      return usage_error("unknown option '" + std::string(s) + "'");
    } else if (input.empty()) {
      input = s;
    } else {
      return usage_error("one findings file at a time");
    }
  }
  if (input.empty()) return usage_error("no findings file given");
  if (html.empty()) return usage_error("--html FILE is the report to write");
  std::ifstream in(input, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "vigil report: %s: cannot open it\n", input.c_str());
    return kExitInputError;
  }
  std::ostringstream text;
  text << in.rdbuf();
  Result<std::string> page = html_report(text.str());
  if (!page.is_ok()) {
    std::fprintf(stderr, "vigil report: %s: %s\n", input.c_str(), page.status().message().c_str());
    return kExitInputError;
  }
  if (Status st = write_output_file(html, page.value()); !st.is_ok()) {
    std::fprintf(stderr, "vigil report: %s\n", st.to_string().c_str());
    return kExitInputError;
  }
  return kExitOk;
}

}  // namespace vigil::cli
