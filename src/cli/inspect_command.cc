// `vigil inspect`: what a set of captures or logs holds, and what vigil could not read and why.
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "cli/commands.h"
#include "cli/read_report_printer.h"
#include "sources/logs/log_input.h"
#include "sources/pcap/capture_census.h"

namespace vigil::cli {
namespace {

constexpr const char* kHelp =
    "usage: vigil inspect INPUT...\n"
    "\n"
    "Reads pcap and pcapng files (gzip-compressed too, recognised by content) and prints: files,\n"
    "packets, captured and on-wire bytes, first and last timestamp, link types, IPv4/IPv6 packets,\n"
    "and frames skipped with the reason. A truncated or corrupt file is reported with its name and\n"
    "byte offset; packets read before the error are still counted, and the exit code is 1.\n"
    "\n"
    "Zeek logs (TSV or JSON) and Suricata EVE JSON are read too, and directories walked: it prints the\n"
    "records of each log and every line skipped, by reason, with the first file:line examples.\n";

void print_census(const CaptureCensus& c) {
  std::printf("files            %llu\n", static_cast<unsigned long long>(c.files));
  std::printf("packets          %llu\n", static_cast<unsigned long long>(c.packets));
  std::printf("captured bytes   %llu\n", static_cast<unsigned long long>(c.captured_bytes));
  std::printf("wire bytes       %llu\n", static_cast<unsigned long long>(c.wire_bytes));
  if (c.packets > 0) {
    std::string first, last;
    append_seconds(first, c.first.ns);
    append_seconds(last, c.last.ns);
    std::printf("first packet     %s\nlast packet      %s\n", first.c_str(), last.c_str());
  }
  for (auto [type, n] : c.link_types)
    std::printf("link type %-6d %llu packets\n", type, static_cast<unsigned long long>(n));
  std::printf("ipv4 packets     %llu\n", static_cast<unsigned long long>(c.ipv4));
  std::printf("ipv6 packets     %llu\n", static_cast<unsigned long long>(c.ipv6));
  for (size_t i = 1; i < c.skipped.n.size(); ++i)
    if (c.skipped.n[i] > 0)
      std::printf("skipped          %llu (%.*s)\n", static_cast<unsigned long long>(c.skipped.n[i]),
                  static_cast<int>(kSkipReasonNames[i].size()), kSkipReasonNames[i].data());
}

}  // namespace

int inspect_command(int argc, char** argv) {
  std::vector<std::string> paths;
  for (int i = 0; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "--help" || a == "-h") {
      std::fputs(kHelp, stdout);
      return kExitOk;
    }
    if (a.starts_with("-")) {
      std::fprintf(stderr, "vigil inspect: unknown option '%s'\n\n%s", argv[i], kHelp);
      return kExitUsage;
    }
    paths.emplace_back(a);
  }
  if (paths.empty()) {
    std::fputs(kHelp, stderr);
    return kExitUsage;
  }
  std::vector<Status> errors;
  std::vector<std::string> captures, logs;
  for (auto& f : expand_inputs(paths, errors))
    (detect_format(f) == InputFormat::kCapture ? captures : logs).push_back(std::move(f));
  if (!captures.empty() || logs.empty()) {
    CaptureCensus census;
    take_census(captures, census);
    print_census(census);
    errors.insert(errors.end(), census.errors.begin(), census.errors.end());
  }
  if (!logs.empty()) {
    // Every kind taken (and dropped): readers skip rows nobody takes, and inspect must see them all.
    LogSink count_only;
    count_only.conn = [](ConnRecord&&) {};
    count_only.dns = [](DnsRecord&&) {};
    count_only.ssl = [](SslRecord&&) {};
    count_only.http = [](HttpRecord&&) {};
    ReadReport report = read_logs(logs, std::nullopt, count_only);
    print_read_report(report, stdout, "");
    errors.insert(errors.end(), report.errors.begin(), report.errors.end());
  }
  for (const auto& e : errors) std::fprintf(stderr, "vigil inspect: error: %s\n", e.to_string().c_str());
  return errors.empty() ? kExitOk : kExitInputError;
}

}  // namespace vigil::cli
