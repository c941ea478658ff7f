// vigil-simulate: writes a labelled simulated network (Zeek logs, truth file, optionally a capture).
#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <memory>
#include <optional>

#include "capture_writer.h"
#include "feed_file.h"
#include "report/zeek_log_set.h"
#include "sim_options.h"
#include "simulate_run.h"
#include "truth_file.h"

namespace {

int fail(const std::string& message) {
  std::fprintf(stderr, "vigil-simulate: %s\n", message.c_str());
  return 1;
}

int run(const vigil::sim::SimOptions& o) {
  std::error_code ec;
  std::filesystem::create_directories(o.out_dir, ec);
  if (ec) return fail(o.out_dir + ": " + ec.message());
  auto opened = vigil::ZeekLogSet::open(o.out_dir, o.json ? vigil::ZeekLogFormat::kJson : vigil::ZeekLogFormat::kTsv);
  if (!opened.is_ok()) return fail(opened.status().to_string());
  vigil::ZeekLogSet& logs = *opened.value();
  vigil::sim::SimSink sink;
  sink.conn = [&logs](vigil::ConnRecord&& r) { logs.write(r); };
  sink.dns = [&logs](vigil::DnsRecord&& r) { logs.write(r); };
  sink.ssl = [&logs](vigil::SslRecord&& r) { logs.write(r); };
  sink.http = [&logs](vigil::HttpRecord&& r) { logs.write(r); };
  std::unique_ptr<vigil::sim::CaptureWriter> capture;
  vigil::sim::LayoutHook hook;
  if (o.pcap) {
    capture = std::make_unique<vigil::sim::CaptureWriter>(o.out_dir + "/capture.pcap");
    hook = [&capture](const vigil::ConnRecord& r, const vigil::sim::ConnLayout& l) { capture->add(r, l); };
  }
  auto started = std::chrono::steady_clock::now();
  auto truth = vigil::sim::simulate(o.scenario, sink, hook);
  vigil::Status closed = logs.close();
  if (!closed.is_ok()) return fail(closed.to_string());
  if (capture) capture->close();
  vigil::Status written = vigil::sim::write_truth(o.out_dir + "/truth.tsv", truth);
  if (!written.is_ok()) return fail(written.to_string());
  if (!o.scenario.signs.empty()) {
    written = vigil::sim::write_feed(o.out_dir + "/feed.txt", vigil::sim::feed_indicators(truth, o.scenario.seed));
    if (!written.is_ok()) return fail(written.to_string());
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  size_t implants = 0, signs = 0, lookalikes = 0;
  for (const auto& t : truth) {
    const bool sign = t.label.starts_with("sign/"), lookalike = t.label.starts_with("benign/");
    signs += sign;
    lookalikes += lookalike;
    implants += t.implant && !sign;
  }
  const size_t benign = truth.size() - implants - signs - lookalikes;
  std::string sign_counts;
  if (!o.scenario.signs.empty())
    sign_counts = ", " + std::to_string(signs) + " sign channels, " + std::to_string(lookalikes) + " look-alike channels";
  std::fprintf(stderr, "vigil-simulate: %zu hosts, %g days, %zu profiles, %zu implants, %zu benign periodic channels%s; %s%s%s; %.1f s\n",
               o.scenario.hosts, o.scenario.days, o.scenario.profiles.size(), implants, benign, sign_counts.c_str(),
               logs.summary().c_str(), capture ? ", capture.pcap packets " : "",
               capture ? std::to_string(capture->packets()).c_str() : "", secs);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  vigil::sim::SimOptions options;
  std::string error;
  if (!vigil::sim::parse_options(argc, argv, options, error)) return fail(error);
  if (options.help) {
    std::fputs(vigil::sim::usage().c_str(), stdout);
    return 0;
  }
  try {
    return run(options);
  } catch (const std::exception& e) {  // gencap's pcap writer throws on I/O errors
    return fail(e.what());
  }
}
