// `vigil convert`: captures or logs in, Zeek's conn, dns, ssl and http logs out (TSV or JSON lines), with a
// summary on stderr.
#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <optional>
#include <string_view>
#include <vector>

#include "cli/commands.h"
#include "cli/net_list.h"
#include "cli/progress.h"
#include "cli/read_report_printer.h"
#include "report/zeek_log_set.h"
#include "sources/logs/log_input.h"
#include "sources/pcap/packet_pipeline.h"

namespace vigil::cli {
namespace {

constexpr const char* kHelp =
    "usage: vigil convert INPUT... -o DIR [--json] [-C] [--conn-only] [--local-nets CIDR,...] [--format FORMAT]\n"
    "\n"
    "Reads pcap/pcapng captures (plain or gzip; several files are merged in time order) and Zeek\n"
    "logs (TSV or JSON, plain or gzip, or Suricata EVE), and writes Zeek's logs into DIR with their fields\n"
    "and meaning: conn.log always; dns.log, ssl.log, http.log and ftp.log when the input has rows for them.\n"
    "From captures, DNS (UDP/TCP ports 53, 137, 5353, 5355), TLS and HTTP/1.x (recognised by content on\n"
    "any port; TLS also after STARTTLS) and FTP control connections (ports 21, 2811) are parsed, and\n"
    "conn.log's service says which protocol each connection spoke (ftp-data for the data connections\n"
    "an FTP session announced). ssl.log ends with the ja3, ja3s and ja4 fingerprints of each handshake and the\n"
    "server certificate's subject, issuer, validity and self_signed flag (TLS <= 1.2).\n"
    "An INPUT may be a directory: every file under it is read (a sensor's log tree, say).\n"
    "Each file's format is recognised by its content, not its name.\n"
    "\n"
    "  -o, --output DIR     where to write the logs (created if missing)\n"
    "  --json               write Zeek's JSON-lines format instead of TSV\n"
    "  --conn-only          from captures, write conn.log alone: no DNS, TLS or HTTP parsing (several times\n"
    "                       faster on captures of many short connections; service is then unset)\n"
    "  -C, --ignore-checksums\n"
    "                       accept packets whose TCP/UDP/ICMP checksum is wrong (captures taken on a host\n"
    "                       with checksum offloading need this; without it, as in Zeek, such packets are\n"
    "                       noted in history ('C') and otherwise ignored)\n"
    "  --local-nets LIST    comma-separated CIDRs for local_orig/local_resp (default: Zeek's private\n"
    "                       address space, as a default Zeek run uses)\n"
    "  --format FORMAT      read every input as FORMAT: pcap, zeek-tsv, zeek-json, suricata-eve\n"
    "\n"
    "A summary goes to stderr: packets, bytes, connections, packets skipped and why. A truncated or\n"
    "corrupt capture is reported with its name and byte offset; connections read before the error are\n"
    "still written, and the exit code is 1.\n";

struct Args {
  std::vector<std::string> inputs;
  std::string out_dir;
  bool json = false;
  bool ignore_checksums = false;
  bool conn_only = false;
  std::string local_nets;
  std::optional<InputFormat> format;
};

int usage_error(const std::string& msg) {
  std::fprintf(stderr, "vigil convert: %s\n\n%s", msg.c_str(), kHelp);
  return kExitUsage;
}

void print_summary(const PipelineStats& s, double secs, const std::string& out) {
  std::fprintf(stderr, "vigil convert: %llu files, %llu packets, %.1f MB in %.2f s (%.0f MB/s); %llu connections -> %s\n",
               static_cast<unsigned long long>(s.files), static_cast<unsigned long long>(s.packets),
               static_cast<double>(s.total_bytes) / 1e6, secs, secs > 0 ? static_cast<double>(s.total_bytes) / 1e6 / secs : 0.0,
               static_cast<unsigned long long>(s.connections), out.c_str());
  for (size_t i = 1; i < s.skipped.n.size(); ++i)
    if (s.skipped.n[i] > 0)
      std::fprintf(stderr, "  skipped %llu packets: %.*s\n", static_cast<unsigned long long>(s.skipped.n[i]),
                   static_cast<int>(kSkipReasonNames[i].size()), kSkipReasonNames[i].data());
}

}  // namespace

int convert_command(int argc, char** argv) {
  Args a;
  for (int i = 0; i < argc; ++i) {
    std::string_view s = argv[i];
    auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    if (s == "--help" || s == "-h") {
      std::fputs(kHelp, stdout);
      return kExitOk;
    } else if (s == "-o" || s == "--output") {
      const char* v = value();
      if (!v) return usage_error("-o needs a directory");
      a.out_dir = v;
    } else if (s == "--json") {
      a.json = true;
    } else if (s == "--conn-only") {
      a.conn_only = true;
    } else if (s == "-C" || s == "--ignore-checksums") {
      a.ignore_checksums = true;
    } else if (s == "--local-nets") {
      const char* v = value();
      if (!v) return usage_error("--local-nets needs a list of CIDRs");
      a.local_nets = v;
    } else if (s == "--format") {
      const char* v = value();
      if (!v || !(a.format = parse_input_format(v))) return usage_error("--format needs one of pcap, zeek-tsv, zeek-json, suricata-eve");
    } else if (s.starts_with("-") && s != "-") {
      return usage_error("unknown option '" + std::string(s) + "'");
    } else {
      a.inputs.emplace_back(s);
    }
  }
  if (a.inputs.empty()) return usage_error("no input given");
  if (a.out_dir.empty()) return usage_error("no output directory given (-o DIR)");

  PipelineOptions opt;
  opt.meter.ignore_checksums = a.ignore_checksums;
  if (a.local_nets.empty()) {
    opt.meter.local_nets = zeek_private_address_space();
  } else if (Status st = add_cidr_list(a.local_nets, opt.meter.local_nets); !st.is_ok()) {
    return usage_error(st.message());
  }
  if (::mkdir(a.out_dir.c_str(), 0755) != 0 && errno != EEXIST) {
    std::fprintf(stderr, "vigil convert: %s: %s\n", a.out_dir.c_str(), std::strerror(errno));
    return kExitInputError;
  }
  std::string out_path = a.out_dir + "/conn.log";
  auto opened = ZeekLogSet::open(a.out_dir, a.json ? ZeekLogFormat::kJson : ZeekLogFormat::kTsv);
  if (!opened.is_ok()) {
    std::fprintf(stderr, "vigil convert: %s\n", opened.status().to_string().c_str());
    return kExitInputError;
  }
  ZeekLogSet& out = *opened.value();
  std::vector<Status> errors;
  std::vector<std::string> captures, logs;
  for (auto& f : expand_inputs(a.inputs, errors)) {
    InputFormat format = a.format ? *a.format : detect_format(f);
    (format == InputFormat::kCapture ? captures : logs).push_back(std::move(f));
  }
  auto t0 = std::chrono::steady_clock::now();
  if (!captures.empty() || logs.empty()) {
    Progress progress;
    opt.on_progress = [&](const PipelineStats& s) { progress.update(s.bytes, s.total_bytes, s.packets); };
    if (!a.conn_only) {
      opt.apps.dns = [&](DnsRecord&& r) { out.write(r); };
      opt.apps.ssl = [&](SslRecord&& r) { out.write(r); };
      opt.apps.http = [&](HttpRecord&& r) { out.write(r); };
      opt.apps.ftp = [&](FtpRecord&& r) { out.write(r); };
    }
    PipelineStats stats = run_pipeline(captures, std::move(opt), [&](ConnRecord&& r) { out.write(r); });
    progress.finish();
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    print_summary(stats, secs, out_path);
    errors.insert(errors.end(), stats.errors.begin(), stats.errors.end());
  }
  if (!logs.empty()) {
    LogSink sink;
    sink.conn = [&](ConnRecord&& r) { out.write(r); };
    sink.dns = [&](DnsRecord&& r) { out.write(r); };
    sink.ssl = [&](SslRecord&& r) { out.write(r); };
    sink.http = [&](HttpRecord&& r) { out.write(r); };
    sink.ftp = [&](FtpRecord&& r) { out.write(r); };
    Progress progress("lines");
    ReadReport report = read_logs(logs, a.format, sink, [&](uint64_t done, uint64_t total, uint64_t lines) {
      progress.update(done, total, lines);
    });
    progress.finish();
    print_read_report(report, stderr, "vigil convert: ");
    errors.insert(errors.end(), report.errors.begin(), report.errors.end());
  }
  Status closed = out.close();
  std::fprintf(stderr, "vigil convert: wrote %s into %s\n", out.summary().c_str(), a.out_dir.c_str());
  for (const auto& e : errors) std::fprintf(stderr, "vigil convert: error: %s\n", e.to_string().c_str());
  if (!closed.is_ok()) {
    std::fprintf(stderr, "vigil convert: error: %s\n", closed.to_string().c_str());
    return kExitInputError;
  }
  return errors.empty() ? kExitOk : kExitInputError;
}

}  // namespace vigil::cli
