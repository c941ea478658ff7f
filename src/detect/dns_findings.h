// The DNS detector's verdicts: for each (asking host, registered domain) of a DnsDomainTable, how much it
// looks like a DNS tunnel (much new, long, random-looking name data) or a DNS beacon (check-ins with a
// machine rhythm, each naming a new subdomain), with the evidence. docs/dns-detection.md explains the score.
//
//   DnsDomainTable table;
//   for (const DnsRecord& r : rows) table.add(r);
//   for (const DnsFinding& f : find_dns_findings(table, {}, {}))
//     for (const std::string& line : explain(f)) ...
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/ip_addr.h"
#include "detect/allowlist.h"
#include "detect/dns_domains.h"
#include "detect/periodicity.h"

namespace vigil {

struct DnsOptions {
  double min_score = 0.5;             // findings below this are not reported
  size_t min_distinct = 20;           // tunnel: keys with fewer distinct subdomains score 0
  size_t min_check_ins = 8;           // beacon: keys with fewer check-ins score 0
  double volume_low_bytes = 256;      // volume: 0 at or below this much new name data ...
  double volume_high_bytes = 2048;    // ... 1 from this much, logarithmic in between
  double length_low = 12, length_high = 40;   // shape: mean new-subdomain length ramp (characters)
  double entropy_low = 2.8, entropy_high = 3.8;  // shape: alphabet entropy ramp (bits per character)
  double novelty_low = 0.3, novelty_high = 0.9;  // beacon: distinct subdomains per check-in ramp
  double resolver_duplicate_share = 0.5;  // a resolver's upstream key is a duplicate when its visible clients
                                          // asked at least this share of its distinct subdomains
  bool skip_lookup_services = true;   // leave out known reputation / DNSBL services (dns_lookup_services)
  const Allowlist* allowlist = nullptr;  // registered domains (and names above them) to leave out
};

// What the table knows beyond itself.
struct DnsContext {
  size_t internal_hosts = 0;  // hosts on the network; 0: the hosts seen asking in the table
};

enum class DnsFindingKind : uint8_t { kTunnel, kBeacon };
const char* to_string(DnsFindingKind k);

// Each factor is in [0, 1]; tunnel = volume × shape × qtype × rarity, beacon = rhythm × novelty × rarity,
// and the finding's score is the larger (docs/dns-detection.md).
struct DnsFactors {
  double volume = 0;   // log-ramp of new name data (bytes) between volume_low_bytes and volume_high_bytes
  double shape = 0;    // ramp(mean length) × ramp(alphabet entropy) × (1 − share of reversed-IP subdomains)
  double qtype = 0;    // 0.8 + 0.2 × share of TXT, NULL, CNAME and MX queries
  double rarity = 0;   // min(1, sqrt(3 / p)) × (1 − (p − 1) / (hosts − 1))², p = hosts asking the domain
  double rhythm = 0;   // the check-ins' rhythm confidence (estimate_period)
  double novelty = 0;  // ramp(distinct subdomains per check-in) × (1 − share of reversed-IP subdomains)
  double tunnel = 0, beacon = 0;
};

struct DnsFinding {
  DnsFindingKind kind = DnsFindingKind::kTunnel;
  double score = 0;
  DnsFactors factors;
  IpAddr host;                 // the asking host (a resolver only when no client of it asked: host_is_resolver)
  std::string domain;          // the registered domain
  size_t queries = 0;
  double distinct_subdomains = 0;
  bool distinct_estimated = false;  // above the exact cap: a HyperLogLog estimate (about ±6.5%)
  double mean_length = 0;      // mean length of the new subdomains, characters
  uint32_t max_length = 0;
  double entropy_bits_per_char = 0;
  std::array<uint32_t, static_cast<size_t>(QtypeGroup::kCount)> qtypes{};
  size_t nxdomain = 0;
  size_t ip_shaped = 0;        // new subdomains starting with a reversed IPv4 address
  double info_bytes = 0;       // new name data: new subdomain characters × entropy / 8
  double info_rate = 0;        // info_bytes over the active span (bytes/s; span at least 1 s)
  int64_t first_ns = 0, last_ns = 0;
  size_t prevalence = 0;       // internal hosts asking this registered domain
  size_t internal_hosts = 0;
  IpAddr server;               // the first server asked
  bool via_resolver = false;   // asked an internal resolver (server is that resolver)
  bool host_is_resolver = false;  // the host answers other hosts' queries; its own clients are not visible
  size_t check_ins = 0;
  PeriodEstimate period;       // over the check-ins (beacon), when there were enough
  std::vector<std::string> examples;  // at most 3 subdomains, at most 80 bytes each, raw (escape before printing)
  std::array<uint32_t, 16> length_histogram{};   // new subdomains by length, 4 characters a bucket
  std::array<uint32_t, 16> entropy_histogram{};  // new subdomains by their own entropy, 0.5 bits a bucket
};

struct DnsRunStats {
  size_t keys = 0;
  size_t resolver_duplicates = 0;  // resolver upstream keys folded into their clients' keys
  size_t lookup_services = 0;      // keys left out as known reputation / DNSBL services
  size_t allowlisted = 0;
  size_t scored = 0;               // keys with enough subdomains or check-ins to judge
  size_t below_threshold = 0;
};

// Scores every key of the table; returns findings at or above options.min_score, best first (score, then
// host and domain, so the order is deterministic).
std::vector<DnsFinding> find_dns_findings(const DnsDomainTable& table, const DnsContext& context,
                                          const DnsOptions& options, DnsRunStats* stats = nullptr);

// Registered domains of reputation and blocklist services whose lookups carry hashes or addresses by
// design (antivirus cloud lookups, DNSBLs). The data goes to the vendor, never to an attacker.
bool is_lookup_service(std::string_view registered_domain);

// The evidence in words, one line per fact.
std::vector<std::string> explain(const DnsFinding& f);

}  // namespace vigil
