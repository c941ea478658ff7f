#include "cli/hunt_inputs.h"

#include <algorithm>
#include <climits>
#include <cstdio>

#include "cli/progress.h"
#include "cli/read_report_printer.h"
#include "cli/record_router.h"
#include "sources/logs/threaded_log_reader.h"
#include "sources/pcap/packet_pipeline.h"

namespace vigil::cli {
namespace {

struct SpanTracker {
  HuntInputStats& stats;
  void operator()(const ConnRecord& c) {
    stats.first_ns = stats.connections ? std::min(stats.first_ns, c.ts.ns) : c.ts.ns;
    stats.last_ns = stats.connections ? std::max(stats.last_ns, c.ts.ns) : c.ts.ns;
    ++stats.connections;
  }
};

void read_captures(const std::vector<std::string>& captures, RecordRouter& sinks, const HuntInputOptions& options,
                   HuntInputStats& stats) {
  PipelineOptions opt;
  opt.meter.ignore_checksums = options.ignore_checksums;
  opt.meter.local_nets = zeek_private_address_space();
  opt.apps.dns = [&](DnsRecord&& r) { sinks.dns(r); };
  opt.apps.ssl = [&](SslRecord&& r) { sinks.ssl(r); };
  opt.apps.http = [&](HttpRecord&& r) { sinks.http(r); };
  opt.apps.ftp = [&](FtpRecord&& r) { sinks.ftp(r); };
  Progress progress;
  opt.on_progress = [&](const PipelineStats& s) { progress.update(s.bytes, s.total_bytes, s.packets); };
  SpanTracker span{stats};
  PipelineStats ps = run_pipeline(captures, std::move(opt), [&](ConnRecord&& c) {
    span(c);
    c.local_orig.reset();  // the flow meter's guess, not a sensor's configuration: the hunt's rule decides
    c.local_resp.reset();
    sinks.conn(c);
  });
  progress.finish();
  std::fprintf(stderr, "%s%llu capture files, %llu packets, %.1f MB, %llu connections\n", options.prefix.c_str(),
               static_cast<unsigned long long>(ps.files), static_cast<unsigned long long>(ps.packets),
               static_cast<double>(ps.total_bytes) / 1e6, static_cast<unsigned long long>(ps.connections));
  stats.errors.insert(stats.errors.end(), ps.errors.begin(), ps.errors.end());
}

void read_log_files(const std::vector<std::string>& logs, RecordRouter& sinks, const HuntInputOptions& options,
                    HuntInputStats& stats) {
  LogSink names;
  names.dns = [&](DnsRecord&& r) { sinks.dns(r); };
  names.ssl = [&](SslRecord&& r) { sinks.ssl(r); };
  names.http = [&](HttpRecord&& r) { sinks.http(r); };
  names.ftp = [&](FtpRecord&& r) { sinks.ftp(r); };
  Progress name_progress("lines");
  ReadReport report = read_logs_threaded(logs, options.format, names, [&](uint64_t done, uint64_t total, uint64_t lines) {
    name_progress.update(done, total / 2, lines);  // the first of two passes
  });
  name_progress.finish();
  LogSink conns;
  SpanTracker span{stats};
  conns.conn = [&](ConnRecord&& c) {
    span(c);
    sinks.conn(c);
  };
  Progress conn_progress("lines");
  ReadReport second = read_logs_threaded(logs, options.format, conns, [&](uint64_t done, uint64_t total, uint64_t lines) {
    conn_progress.update(total / 2 + done / 2, total, lines);
  });
  conn_progress.finish();
  report.absorb_second_pass(second);
  print_read_report(report, stderr, options.prefix.c_str());
  stats.errors.insert(stats.errors.end(), report.errors.begin(), report.errors.end());
}

}  // namespace

HuntInputStats read_hunt_inputs(const std::vector<std::string>& files, ChannelTable& table,
                                const std::vector<RecordObserver*>& observers, const HuntInputOptions& options) {
  HuntInputStats stats;
  RecordRouter sinks{table, observers};
  std::vector<std::string> captures, logs;
  for (const std::string& f : files) {
    InputFormat format = options.format ? *options.format : detect_format(f);
    (format == InputFormat::kCapture ? captures : logs).push_back(f);
  }
  if (!captures.empty()) read_captures(captures, sinks, options, stats);
  if (!logs.empty()) read_log_files(logs, sinks, options, stats);
  return stats;
}

}  // namespace vigil::cli
