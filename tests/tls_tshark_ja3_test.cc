// Cross-checks vigil's JA3 and JA3S against tshark's (an independent implementation of the same
// specification) on the TLS captures of ../shared/data. Skipped when the data or tshark is absent; the
// core TLS tests use their own fixtures (tls_*_test.cc).
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "sources/pcap/packet_pipeline.h"

namespace vigil {
namespace {

using Endpoint = std::pair<std::string, uint16_t>;  // client address and port

struct TsharkHashes {
  std::string ja3, ja3_full, ja3s;
};

std::string run(const std::string& command) {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"), ::pclose);
  std::string out;
  if (!pipe) return out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe.get())) > 0) out.append(buf, n);
  return out;
}

bool have_tshark() { return !run("command -v tshark 2>/dev/null").empty(); }

std::vector<std::string> split(const std::string& line, char sep) {
  std::vector<std::string> out;
  std::stringstream ss(line);
  std::string f;
  while (std::getline(ss, f, sep)) out.push_back(f);
  if (!line.empty() && line.back() == sep) out.emplace_back();
  return out;
}

// The first ClientHello's JA3 and the first ServerHello's JA3S of every TCP connection tshark decodes
// as TLS, keyed by the client's endpoint.
std::map<Endpoint, TsharkHashes> tshark_hashes(const std::string& capture) {
  std::string out = run("tshark -n -r '" + capture +
                        "' -Y 'tls.handshake.type == 1 || tls.handshake.type == 2' -T fields -E separator=/t"
                        " -e ip.src -e ipv6.src -e tcp.srcport -e ip.dst -e ipv6.dst -e tcp.dstport"
                        " -e tls.handshake.type -e tls.handshake.ja3 -e tls.handshake.ja3_full -e tls.handshake.ja3s"
                        " 2>/dev/null");
  std::map<Endpoint, TsharkHashes> hashes;
  std::stringstream lines(out);
  std::string line;
  while (std::getline(lines, line)) {
    std::vector<std::string> f = split(line, '\t');
    if (f.size() < 10) continue;
    bool client = f[6].substr(0, 1) == "1";
    std::string src = f[0].empty() ? f[1] : f[0], dst = f[3].empty() ? f[4] : f[3];
    Endpoint key = client ? Endpoint{src, std::stoi(split(f[2], ',')[0])} : Endpoint{dst, std::stoi(split(f[5], ',')[0])};
    TsharkHashes& h = hashes[key];
    if (client && h.ja3.empty()) {
      h.ja3 = split(f[7], ',')[0];
      h.ja3_full = f[8];
    }
    if (!client && h.ja3s.empty()) h.ja3s = split(f[9], ',')[0];
  }
  return hashes;
}

std::vector<SslRecord> vigil_records(const std::string& capture) {
  std::vector<SslRecord> records;
  PipelineOptions options;
  options.apps.ssl = [&](SslRecord&& r) { records.push_back(std::move(r)); };
  options.apps.dns = [](DnsRecord&&) {};
  run_pipeline({capture}, std::move(options), [](ConnRecord&&) {});
  return records;
}

TEST(TlsTsharkJa3, MatchesTsharkOnSharedCaptures) {
  std::filesystem::path root(VIGIL_SHARED_DATA);
  if (!std::filesystem::is_directory(root)) GTEST_SKIP() << "../shared/data is absent: " << root;
  if (!have_tshark()) GTEST_SKIP() << "tshark is not installed";
  std::vector<std::filesystem::path> captures;
  for (const auto& dir : std::filesystem::directory_iterator(root / "zeek-baselines")) {
    std::string name = dir.path().filename().string();
    if (name.find("ssl") == std::string::npos && name.find("x509") == std::string::npos) continue;
    for (const auto& f : std::filesystem::directory_iterator(dir.path()))
      if (f.path().extension() == ".pcap" || f.path().extension() == ".pcapng") captures.push_back(f.path());
  }
  for (const char* c2 : {"asyncrat-tls.pcap", "benign-webex.pcap", "strrat-tcp.pcap"})
    if (std::filesystem::exists(root / "c2-captures" / c2)) captures.push_back(root / "c2-captures" / c2);

  size_t compared_ja3 = 0, compared_ja3s = 0;
  for (const auto& capture : captures) {
    std::map<Endpoint, TsharkHashes> expected = tshark_hashes(capture.string());
    for (const SslRecord& r : vigil_records(capture.string())) {
      auto it = expected.find({r.id.orig_h.to_string(), r.id.orig_p});
      if (it == expected.end()) continue;
      if (r.ja3 && !it->second.ja3.empty()) {
        ++compared_ja3;
        EXPECT_EQ(*r.ja3, it->second.ja3) << capture << " port " << r.id.orig_p << " tshark: " << it->second.ja3_full;
      }
      if (r.ja3s && !it->second.ja3s.empty()) {
        ++compared_ja3s;
        EXPECT_EQ(*r.ja3s, it->second.ja3s) << capture << " port " << r.id.orig_p;
      }
    }
  }
  std::printf("compared %zu JA3 and %zu JA3S hashes with tshark over %zu captures\n", compared_ja3, compared_ja3s,
              captures.size());
  EXPECT_GT(compared_ja3, 0u);
}

}  // namespace
}  // namespace vigil
