// Parses and validates vigil-gencap's command line and prints its --help text.
#include "options.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace gencap {
namespace {

constexpr const char* kUsage = R"(usage: vigil-gencap --out FILE [options]

Writes a synthetic classic pcap (Ethernet, microsecond timestamps) of
enterprise-like traffic: TCP connections with handshakes, data and
FIN/RST teardown (HTTP/1.1 on ports 80 and 8080; TLS 1.3 with SNI on 443
and 8443, browser- and curl-like ClientHellos; DNS on 53), port scans and
rejected connections, DNS, NTP, one-way UDP streams (syslog), ICMP and
ICMPv6 echo. Server names are fake (example.com/.net/.org, .example).
The same options and seed give a byte-identical file on every platform.
Memory use does not grow with the output size.

options:
  --out FILE         output file, "-" for stdout (required)
  --bytes N          stop once the pcap reaches about N bytes; suffixes K, M,
                     G (powers of 1024). Counts uncompressed pcap bytes, also
                     with --gzip. Default 10M
  --hosts N          internal hosts (10.0.0.0/8, fd00::/8), default 2000
  --servers N        external servers (public-looking addresses),
                     default 20000
  --concurrency N    flows in progress at once, default 500
  --seed N           PRNG seed, default 1
  --rate MBIT        link rate in Mbit/s, default 200. Packets are spaced by
                     their wire time at this rate; flows also wait out
                     their round trips and think times, so the link is
                     only kept full with enough flows: about 2.5 per
                     Mbit/s (the default 500 fills 200 Mbit/s; use e.g.
                     --concurrency 2500 for --rate 1000)
  --start EPOCH      timestamp of the first packet, Unix seconds,
                     default 1700000000
  --gzip             write the pcap gzip-compressed (zlib, fastest level)
  --ipv6-share F     fraction of flows over IPv6, 0..1, default 0.1
  --vlan-share F     fraction of flows carrying an 802.1Q tag, 0..1,
                     default 0.05
  --help             show this text

A one-line summary (packets, bytes, flows by kind) goes to stderr.
)";

std::nullopt_t fail(const std::string& message, int& exit_code) {
  std::fprintf(stderr, "vigil-gencap: %s (see --help)\n", message.c_str());
  exit_code = 2;
  return std::nullopt;
}

bool parse_uint(std::string_view text, uint64_t max, uint64_t& value) {
  if (text.empty() || text.front() == '-') return false;
  const std::string copy(text);
  char* end = nullptr;
  errno = 0;
  const unsigned long long parsed = std::strtoull(copy.c_str(), &end, 10);
  if (errno != 0 || *end != '\0' || parsed > max) return false;
  value = parsed;
  return true;
}

// Accepts K/M/G (binary) because sizes like "2G" are what people type.
bool parse_size(std::string_view text, uint64_t& value) {
  int shift = 0;
  if (!text.empty()) {
    switch (text.back()) {
      case 'k': case 'K': shift = 10; break;
      case 'm': case 'M': shift = 20; break;
      case 'g': case 'G': shift = 30; break;
      default: break;
    }
    if (shift != 0) text.remove_suffix(1);
  }
  uint64_t base = 0;
  if (!parse_uint(text, (1ULL << 50) >> shift, base)) return false;
  value = base << shift;
  return true;
}

bool parse_double(std::string_view text, double lo, double hi, double& value) {
  const std::string copy(text);
  char* end = nullptr;
  errno = 0;
  const double parsed = std::strtod(copy.c_str(), &end);
  if (copy.empty() || errno != 0 || *end != '\0' || !std::isfinite(parsed) ||
      parsed < lo || parsed > hi) {
    return false;
  }
  value = parsed;
  return true;
}

// Shares become parts per million once here, so everything downstream is
// integer arithmetic and platform-independent.
bool parse_share(std::string_view text, uint32_t& per_million) {
  double share = 0;
  if (!parse_double(text, 0.0, 1.0, share)) return false;
  per_million = static_cast<uint32_t>(std::lround(share * 1e6));
  return true;
}

}  // namespace

std::optional<Options> parse_options(int argc, char** argv, int& exit_code) {
  Options opts;
  exit_code = 0;
  bool have_out = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage, stdout);
      return std::nullopt;
    }
    if (arg == "--gzip") {
      opts.gzip = true;
      continue;
    }
    // Both "--name value" and "--name=value" are accepted.
    std::string_view name = arg;
    std::string_view value;
    if (const auto eq = arg.find('='); arg.starts_with("--") && eq != std::string_view::npos) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
    } else if (arg.starts_with("--") && i + 1 < argc) {
      value = argv[++i];
    } else {
      return fail("unknown or incomplete option '" + std::string(arg) + "'", exit_code);
    }
    const std::string bad = "bad value '" + std::string(value) + "' for " + std::string(name);
    uint64_t number = 0;
    bool ok = true;
    if (name == "--out") {
      opts.out = std::string(value);
      ok = !opts.out.empty();
      have_out = ok;
    } else if (name == "--bytes") {
      ok = parse_size(value, opts.bytes) && opts.bytes > 0;
    } else if (name == "--hosts") {
      // Two hosts at least, so internal-to-internal flows have a peer; the
      // upper bound keeps addresses inside the 10/8 and fd00::/8 plans.
      ok = parse_uint(value, 10'000'000, number) && number >= 2;
      opts.hosts = static_cast<uint32_t>(number);
    } else if (name == "--servers") {
      ok = parse_uint(value, 100'000'000, number) && number >= 1;
      opts.servers = static_cast<uint32_t>(number);
    } else if (name == "--concurrency") {
      ok = parse_uint(value, 100'000, number) && number >= 1;
      opts.concurrency = static_cast<uint32_t>(number);
    } else if (name == "--seed") {
      ok = parse_uint(value, UINT64_MAX, opts.seed);
    } else if (name == "--rate") {
      double mbit = 0;
      ok = parse_double(value, 0.001, 1e6, mbit);
      opts.rate_bps = static_cast<uint64_t>(std::llround(mbit * 1e6));
    } else if (name == "--start") {
      // Classic pcap stores 32-bit seconds.
      ok = parse_uint(value, UINT32_MAX - 10'000'000ULL, opts.start_epoch);
    } else if (name == "--ipv6-share") {
      ok = parse_share(value, opts.ipv6_per_million);
    } else if (name == "--vlan-share") {
      ok = parse_share(value, opts.vlan_per_million);
    } else {
      return fail("unknown option '" + std::string(name) + "'", exit_code);
    }
    if (!ok) return fail(bad, exit_code);
  }
  if (!have_out) return fail("--out is required", exit_code);
  return opts;
}

}  // namespace gencap
