// DnsDomainTable::add: one dns.log row into its (host, registered domain) key; the hot path of the DNS
// detector, so it allocates only for new keys, new subdomains of small keys, and check-ins.
#include "detect/dns_domains.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <functional>

#include "core/hash_mix.h"

namespace vigil {
namespace {

constexpr size_t kMaxExamples = 3;
constexpr size_t kExampleBytes = 80;
constexpr int kHllBits = 8;  // 256 registers: about 6.5% standard error

size_t char_bin(unsigned char c) {
  if (c >= 'a' && c <= 'z') return c - 'a';
  if (c >= '0' && c <= '9') return 26 + (c - '0');
  if (c == '-') return 36;
  if (c == '_') return 37;
  if (c == '.') return 38;
  return 39;
}

// n·log2(n) for small counts, so a name's entropy costs no log per character.
struct NLogN {
  std::array<double, 256> v{};
  NLogN() {
    for (size_t n = 1; n < v.size(); ++n) v[n] = static_cast<double>(n) * std::log2(static_cast<double>(n));
  }
  double operator()(uint32_t n) const {
    return n < v.size() ? v[n] : static_cast<double>(n) * std::log2(static_cast<double>(n));
  }
};
const NLogN kNLogN;

// Shannon entropy of one string's characters (bits per character) over the 40 bins.
double name_entropy(std::string_view s) {
  if (s.empty()) return 0;
  std::array<uint32_t, 40> counts{};
  for (char c : s) ++counts[char_bin(static_cast<unsigned char>(c))];
  double sum = 0;
  for (uint32_t c : counts) sum += kNLogN(c);
  double n = static_cast<double>(s.size());
  return std::max(0.0, std::log2(n) - sum / n);
}

// "4.3.2.1.zen" and the like: a reversed IPv4 address at the front, as DNSBL lookups are.
bool starts_with_reversed_ipv4(std::string_view s) {
  for (int i = 0; i < 4; ++i) {
    size_t n = 0;
    while (n < s.size() && n < 4 && s[n] >= '0' && s[n] <= '9') ++n;
    if (n == 0 || n > 3) return false;
    s.remove_prefix(n);
    if (i < 3) {
      if (s.empty() || s[0] != '.') return false;
      s.remove_prefix(1);
    }
  }
  return s.empty() || s[0] == '.';
}

bool is_multicast(const IpAddr& a) {
  const auto& b = a.bytes();
  if (a.is_v4()) return (b[12] & 0xf0) == 0xe0 || (b[12] == 255 && b[13] == 255 && b[14] == 255 && b[15] == 255);
  return b[0] == 0xff;
}

void hll_add(std::array<uint8_t, 256>& regs, uint64_t h) {
  size_t index = static_cast<size_t>(h >> (64 - kHllBits));
  uint64_t rest = h << kHllBits;
  auto rank = static_cast<uint8_t>(rest == 0 ? 64 - kHllBits + 1 : std::countl_zero(rest) + 1);
  regs[index] = std::max(regs[index], rank);
}

double hll_estimate(const std::array<uint8_t, 256>& regs) {
  constexpr double m = 256;
  double sum = 0;
  size_t zeros = 0;
  for (uint8_t r : regs) {
    sum += std::ldexp(1.0, -static_cast<int>(r));
    zeros += r == 0;
  }
  double e = 0.7213 / (1 + 1.079 / m) * m * m / sum;
  if (e <= 2.5 * m && zeros > 0) e = m * std::log(m / static_cast<double>(zeros));  // small-range correction
  return e;
}

uint64_t mix(uint64_t x) { return splitmix64_finalise(x); }

}  // namespace

QtypeGroup qtype_group(uint16_t qtype) {
  switch (qtype) {
    case 1: case 28: case 64: case 65: return QtypeGroup::kAddress;  // A, AAAA, SVCB, HTTPS
    case 16: return QtypeGroup::kTxt;
    case 10: return QtypeGroup::kNull;
    case 5: return QtypeGroup::kCname;
    case 15: return QtypeGroup::kMx;
    default: return QtypeGroup::kOther;
  }
}

size_t DnsKeyHash::operator()(const DnsKey& k) const { return mix(k.host.hi() * 0x9e3779b97f4a7c15ULL ^ k.host.lo() ^ (uint64_t{k.domain} << 17)); }

double DnsKeyStats::distinct_subdomains() const {
  if (detail && detail->hll) return std::max(hll_estimate(*detail->hll), 1.0);
  return static_cast<double>(subdomain_hashes.size());
}

double DnsKeyStats::new_subdomain_chars(size_t exact_cap) const {
  double chars = static_cast<double>(new_chars);
  if (detail && detail->hll && detail->sketch_queries > 0) {
    // In sketch mode each query's characters were counted; the share of those queries that brought a new
    // subdomain is (distinct - exact cap) / queries counted since.
    double fresh = (distinct_subdomains() - static_cast<double>(exact_cap)) / detail->sketch_queries;
    chars += static_cast<double>(detail->sketch_chars) * std::clamp(fresh, 0.0, 1.0);
  }
  return chars;
}

double DnsKeyStats::entropy_bits_per_char() const {
  if (!detail) return 0;
  uint64_t n = 0;
  double sum = 0;
  for (uint32_t c : detail->chars) {
    n += c;
    if (c) sum += static_cast<double>(c) * std::log2(static_cast<double>(c));
  }
  if (n == 0) return 0;
  double dn = static_cast<double>(n);
  return std::max(0.0, std::log2(dn) - sum / dn);
}

size_t DnsKeyStats::memory_bytes() const {
  size_t b = sizeof(*this) + subdomain_hashes.capacity() * sizeof(uint64_t);
  if (detail) {
    b += sizeof(DnsKeyDetail) + detail->check_ins.encoded_bytes();
    for (const auto& e : detail->examples) b += e.capacity() + 1;
    if (detail->hll) b += sizeof(*detail->hll);
  }
  return b;
}

DnsDomainTable::DnsDomainTable(NetSet internal, DnsTableLimits limits)
    : internal_(std::move(internal)), limits_(limits) {
  if (limits_.detail_from < 1) limits_.detail_from = 1;
  if (limits_.exact_subdomains < limits_.detail_from) limits_.exact_subdomains = limits_.detail_from;
}

void DnsDomainTable::add(const DnsRecord& r) {
  ++counts_.records;
  if (!r.query || r.query->empty()) {
    ++counts_.missing_query;
    return;
  }
  const ConnRef& id = r.id;
  if (id.resp_p == 5353 || id.resp_p == 5355 || id.resp_p == 137 || id.orig_p == 5353 || id.orig_p == 137 ||
      is_multicast(id.resp_h)) {
    ++counts_.multicast;
    return;
  }
  if (!internal_.contains(id.orig_h)) {
    ++counts_.external_asker;
    return;
  }
  bool server_internal = internal_.contains(id.resp_h);
  if (server_internal && id.resp_h != id.orig_h) ++resolvers_[id.resp_h];

  NameRepairs repairs = normalise_query_name(*r.query, name_, limits_.max_name_bytes);
  counts_.empty_labels += repairs.empty_labels;
  counts_.truncated_names += repairs.truncated;
  NameSplit split = psl_.split(name_);
  switch (split.kind) {
    case NameKind::kRegistered: break;
    case NameKind::kEmpty: ++counts_.missing_query; return;
    case NameKind::kPublicSuffix: ++counts_.public_suffix; return;
    case NameKind::kReverseLookup: ++counts_.reverse_lookup; return;
    case NameKind::kInternalSuffix: ++counts_.internal_suffix; return;
  }
  counts_.grouped += split.grouped;

  DnsKeyStats* k = key_for(id.orig_h, split.registered);
  if (!k) {
    ++counts_.dropped_key_limit;
    return;
  }
  ++counts_.kept;
  int64_t ts = id.ts.ns;
  if (k->queries == 0) {
    k->first_ns = k->last_ns = ts;
    k->server = id.resp_h;
  }
  ++k->queries;
  k->first_ns = std::min(k->first_ns, ts);
  k->last_ns = std::max(k->last_ns, ts);
  (server_internal ? k->server_internal : k->server_external) = true;
  if (r.rcode && *r.rcode == 3) ++k->nxdomain;
  ++k->qtypes[static_cast<size_t>(r.qtype ? qtype_group(*r.qtype) : QtypeGroup::kOther)];
  add_subdomain(*k, split.subdomain, ts);
}

DnsKeyStats* DnsDomainTable::key_for(const IpAddr& host, std::string_view domain) {
  auto d = domain_ids_.find(domain);
  if (d != domain_ids_.end()) {
    DnsKey key{host, d->second};
    if (DnsKeyStats* found = find_key(key, DnsKeyHash{}(key))) return found;
  }
  if (keys_.size() >= limits_.max_keys) return nullptr;
  uint32_t& per_host = domains_per_host_[host];
  if (per_host >= limits_.max_domains_per_host) return nullptr;
  ++per_host;
  uint32_t domain_id;
  if (d != domain_ids_.end()) {
    domain_id = d->second;
  } else {
    domain_id = static_cast<uint32_t>(domains_.size());
    domains_.emplace_back(domain);
    domain_ids_.emplace(domains_.back(), domain_id);
  }
  DnsKey key{host, domain_id};
  return insert_key(key, DnsKeyHash{}(key));
}

DnsKeyStats* DnsDomainTable::find_key(const DnsKey& k, uint64_t h) {
  if (index_.empty()) return nullptr;
  size_t mask = index_.size() - 1;
  auto tag = static_cast<uint32_t>(h >> 32);
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    uint64_t slot = index_[i];
    if (slot == 0) return nullptr;
    if (static_cast<uint32_t>(slot >> 32) == tag) {
      auto& entry = keys_[static_cast<uint32_t>(slot) - 1];
      if (entry.first == k) return &entry.second;
    }
  }
}

DnsKeyStats* DnsDomainTable::insert_key(const DnsKey& k, uint64_t h) {
  if ((keys_.size() + 1) * 2 > index_.size()) grow_index();
  size_t mask = index_.size() - 1;
  size_t i = h & mask;
  while (index_[i] != 0) i = (i + 1) & mask;
  keys_.emplace_back(k, DnsKeyStats{});
  index_[i] = (h >> 32 << 32) | static_cast<uint64_t>(keys_.size());
  return &keys_.back().second;
}

void DnsDomainTable::grow_index() {
  index_.assign(std::max<size_t>(1024, index_.size() * 2), 0);
  size_t mask = index_.size() - 1;
  for (size_t pos = 0; pos < keys_.size(); ++pos) {
    uint64_t h = DnsKeyHash{}(keys_[pos].first);
    size_t i = h & mask;
    while (index_[i] != 0) i = (i + 1) & mask;
    index_[i] = (h >> 32 << 32) | static_cast<uint64_t>(pos + 1);
  }
}

void DnsDomainTable::add_subdomain(DnsKeyStats& k, std::string_view sub, int64_t ts_ns) {
  if (sub.empty()) {  // the registered domain itself: no subdomain, no data
    if (k.detail) add_detail(k, sub, false, ts_ns);
    return;
  }
  auto len = static_cast<uint32_t>(sub.size());
  k.max_length = std::max(k.max_length, len);
  uint64_t h = std::hash<std::string_view>{}(sub);
  if (k.detail && k.detail->hll) {
    hll_add(*k.detail->hll, h);
    k.detail->sketch_chars += len;
    ++k.detail->sketch_queries;
    add_detail(k, sub, true, ts_ns);
    return;
  }
  bool is_new = std::find(k.subdomain_hashes.begin(), k.subdomain_hashes.end(), h) == k.subdomain_hashes.end();
  if (is_new && k.subdomain_hashes.size() >= limits_.exact_subdomains && !k.detail) {
    is_new = false;  // no detail allowed (max_detail_keys): the exact set stays at its cap
  }
  if (is_new) {
    k.subdomain_hashes.push_back(h);
    k.new_chars += len;
    k.ip_shaped += starts_with_reversed_ipv4(sub);
    if (!k.detail && k.subdomain_hashes.size() >= limits_.detail_from) {
      if (detail_keys_ < limits_.max_detail_keys) {
        k.detail = std::make_unique<DnsKeyDetail>();
        ++detail_keys_;
      } else if (k.subdomain_hashes.size() == limits_.detail_from) {
        ++counts_.detail_refused;
      }
    }
    if (k.detail && k.subdomain_hashes.size() > limits_.exact_subdomains) {
      k.detail->hll = std::make_unique<std::array<uint8_t, 256>>();
      for (uint64_t x : k.subdomain_hashes) hll_add(*k.detail->hll, x);
      k.subdomain_hashes = {};
      // This subdomain is counted in new_chars; the sketch counts only what follows.
    }
  }
  if (k.detail) add_detail(k, sub, is_new, ts_ns);
}

void DnsDomainTable::add_detail(DnsKeyStats& k, std::string_view sub, bool is_new, int64_t ts_ns) {
  DnsKeyDetail& d = *k.detail;
  int64_t gap = static_cast<int64_t>(limits_.same_check_in_s * 1e9);
  if (d.last_check_in_ns == INT64_MIN || ts_ns - d.last_check_in_ns > gap || d.last_check_in_ns - ts_ns > gap) {
    if (d.check_ins.size() < limits_.max_check_ins) {
      d.check_ins.append(ChannelConnection{ts_ns, 0, 0, 0});
      d.last_check_in_ns = ts_ns;
    } else {
      d.check_ins_full = true;
    }
  }
  if (!is_new || sub.empty()) return;
  for (char c : sub) ++d.chars[char_bin(static_cast<unsigned char>(c))];
  ++d.length_histogram[std::min<size_t>(sub.size() / 4, 15)];
  double e = name_entropy(sub);
  ++d.entropy_histogram[std::min<size_t>(static_cast<size_t>(e * 2), 15)];
  if (d.examples.size() < kMaxExamples) d.examples.emplace_back(sub.substr(0, kExampleBytes));
}

size_t DnsDomainTable::memory_bytes() const {
  // Node-based maps: the element, the cached hash and the next pointer per node, plus the bucket array.
  constexpr size_t kNode = 2 * sizeof(void*);
  size_t b = index_.capacity() * sizeof(uint64_t) + (keys_.capacity() - keys_.size()) * sizeof(keys_[0]);
  for (const auto& [key, stats] : keys_) b += sizeof(key) + stats.memory_bytes();
  for (const auto& d : domains_) b += sizeof(std::string) + (d.size() > 15 ? d.capacity() + 1 : 0);
  b += domain_ids_.bucket_count() * sizeof(void*) + domain_ids_.size() * (sizeof(std::string_view) + 4 + kNode);
  b += domains_per_host_.bucket_count() * sizeof(void*) + domains_per_host_.size() * (sizeof(IpAddr) + 4 + kNode);
  b += resolvers_.bucket_count() * sizeof(void*) + resolvers_.size() * (sizeof(IpAddr) + 8 + kNode);
  b += RegisteredDomains::kCacheSlots * 40;  // the suffix cache: a string and an offset per slot
  return b;
}

}  // namespace vigil
