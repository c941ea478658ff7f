// DnsDomainTable: dns.log rows folded per (asking internal host, registered domain) into what a DNS tunnel
// or a DNS beacon detector needs: queries, distinct subdomains (exact up to a cap, then a HyperLogLog),
// their lengths and characters, record types, NXDOMAIN, first and last time, and check-in times.
// Memory is bounded per key and in total, whatever the input. docs/dns-detection.md says why.
//
//   DnsDomainTable table;                       // internal networks: RFC 1918 and friends
//   for (const DnsRecord& r : rows) table.add(r);
//   auto findings = find_dns_findings(table, {}, {});   // dns_findings.h
#pragma once

#include <array>
#include <climits>
#include <deque>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/app_records.h"
#include "core/ip_addr.h"
#include "core/net_set.h"
#include "detect/connection_series.h"
#include "detect/registered_domain.h"

namespace vigil {

// Record types, grouped as the detector weighs them.
enum class QtypeGroup : uint8_t { kAddress, kTxt, kNull, kCname, kMx, kOther, kCount };
QtypeGroup qtype_group(uint16_t qtype);

struct DnsTableLimits {
  size_t exact_subdomains = 64;       // distinct subdomains kept exactly per key; then a HyperLogLog
  size_t detail_from = 8;             // distinct subdomains from which a key keeps characters, histograms, times
  size_t max_check_ins = 16384;       // check-in times kept per key
  double same_check_in_s = 2.0;       // queries this close to the previous one are one check-in
  size_t max_keys = 2'000'000;        // (host, domain) keys in all; further new keys are counted, not kept
  size_t max_domains_per_host = 50'000;  // new domains of a host beyond this are counted, not kept
  size_t max_detail_keys = 50'000;    // keys with detail in all; beyond, keys keep the plain counts only
  size_t max_name_bytes = 1024;       // longer query names keep their last labels up to this size
};

// Kept only for keys with enough distinct subdomains to matter (DnsTableLimits::detail_from).
struct DnsKeyDetail {
  std::array<uint32_t, 40> chars{};            // a-z, 0-9, '-', '_', '.', anything else
  std::array<uint32_t, 16> length_histogram{};  // new subdomains by length: 0-3, 4-7, ..., 60+ chars
  std::array<uint32_t, 16> entropy_histogram{}; // new subdomains by their own entropy: 0.5 bits/char per bucket
  std::vector<std::string> examples;           // at most 3, at most 80 bytes each, as written by the asker
  ConnectionSeries check_ins;                  // one entry per check-in (queries within same_check_in_s merged)
  int64_t last_check_in_ns = INT64_MIN;
  bool check_ins_full = false;
  std::unique_ptr<std::array<uint8_t, 256>> hll;  // once the exact set is full
  uint64_t sketch_chars = 0;   // subdomain characters of queries counted while in HyperLogLog mode
  uint32_t sketch_queries = 0;
};

struct DnsKeyStats {
  uint32_t queries = 0;
  uint32_t nxdomain = 0;
  std::array<uint32_t, static_cast<size_t>(QtypeGroup::kCount)> qtypes{};
  uint32_t max_length = 0;      // longest subdomain, characters
  uint32_t ip_shaped = 0;       // new subdomains that start with a reversed IPv4 address (DNSBL lookups)
  uint64_t new_chars = 0;       // characters of subdomains seen for the first time (exact mode)
  int64_t first_ns = 0, last_ns = 0;
  IpAddr server;                // the first server asked
  bool server_internal = false; // some query went to an internal server (a site resolver)
  bool server_external = false; // some query went straight to an outside server
  std::vector<uint64_t> subdomain_hashes;  // exact distinct set (unsorted), emptied when the HyperLogLog starts
  std::unique_ptr<DnsKeyDetail> detail;

  // Distinct subdomains: exact below the cap, estimated above it.
  double distinct_subdomains() const;
  // Characters of new subdomains, the HyperLogLog part estimated (docs/dns-detection.md).
  double new_subdomain_chars(size_t exact_cap) const;
  // Character (Shannon) entropy of the subdomains' alphabet, bits per character; 0 without detail.
  double entropy_bits_per_char() const;
  size_t memory_bytes() const;
};

struct DnsKey {
  IpAddr host;
  uint32_t domain = 0;  // index into DnsDomainTable::domain_name()
  friend bool operator==(const DnsKey&, const DnsKey&) = default;
};
struct DnsKeyHash {
  size_t operator()(const DnsKey& k) const;
};

// What add() left out or repaired, by kind: malformed traffic is data.
struct DnsTableCounts {
  size_t records = 0;
  size_t kept = 0;
  size_t missing_query = 0;
  size_t external_asker = 0;    // the asking host is not internal (inbound queries to a site server)
  size_t multicast = 0;         // mDNS, LLMNR, NetBIOS (ports 5353, 5355, 137) and multicast destinations
  size_t public_suffix = 0;     // the name is a bare public suffix ("com", "local")
  size_t reverse_lookup = 0;    // well-formed in-addr.arpa / ip6.arpa
  size_t internal_suffix = 0;   // .local, .lan, .internal, .corp, home.arpa, ...
  size_t grouped = 0;           // malformed reverse names, non-ASCII tails: grouped, still kept
  size_t empty_labels = 0;
  size_t truncated_names = 0;
  size_t dropped_key_limit = 0; // records of new keys refused by max_keys / max_domains_per_host
  size_t detail_refused = 0;    // keys that would have kept detail but max_detail_keys was reached
};

class DnsDomainTable {
 public:
  explicit DnsDomainTable(NetSet internal = NetSet::private_networks(), DnsTableLimits limits = {});

  void add(const DnsRecord& r);

  // Every key with its stats, in order of first appearance.
  const std::vector<std::pair<DnsKey, DnsKeyStats>>& keys() const { return keys_; }
  const std::string& domain_name(uint32_t id) const { return domains_[id]; }
  size_t domain_count() const { return domains_.size(); }
  // Internal servers that internal clients asked, with how many queries each received.
  const std::unordered_map<IpAddr, uint64_t, IpAddrHash>& resolvers() const { return resolvers_; }
  bool is_resolver(const IpAddr& a) const { return resolvers_.count(a) != 0; }
  const DnsTableCounts& counts() const { return counts_; }
  const DnsTableLimits& limits() const { return limits_; }
  const NetSet& internal() const { return internal_; }
  const std::string& suffix_list_source() const { return psl_.source(); }
  // Approximate heap bytes held (keys, details, domain names, caches): the bound tests assert on.
  size_t memory_bytes() const;

 private:
  DnsKeyStats* key_for(const IpAddr& host, std::string_view domain);
  void add_subdomain(DnsKeyStats& k, std::string_view sub, int64_t ts_ns);
  void add_detail(DnsKeyStats& k, std::string_view sub, bool is_new, int64_t ts_ns);

  NetSet internal_;
  DnsTableLimits limits_;
  RegisteredDomains psl_;
  // The keys in a vector and an open-addressing index over it (slot: 32 bits of the key's hash, then the
  // position + 1; 0 is empty): a lookup touches the small index and then one entry, where a node-based map
  // cost two or three cache misses a record (src/detect/NOTES.md).
  DnsKeyStats* find_key(const DnsKey& k, uint64_t h);
  DnsKeyStats* insert_key(const DnsKey& k, uint64_t h);
  void grow_index();
  std::vector<std::pair<DnsKey, DnsKeyStats>> keys_;
  std::vector<uint64_t> index_;
  std::deque<std::string> domains_;  // a deque: the views below stay valid as it grows
  std::unordered_map<std::string_view, uint32_t> domain_ids_;
  std::unordered_map<IpAddr, uint32_t, IpAddrHash> domains_per_host_;
  std::unordered_map<IpAddr, uint64_t, IpAddrHash> resolvers_;
  DnsTableCounts counts_;
  std::string name_;  // normalised name of the current record
  size_t detail_keys_ = 0;
};

}  // namespace vigil
