// find_dns_findings: resolver duplicates first, then prevalence per registered domain (one pass over the
// keys), then every remaining key scored as a tunnel and as a beacon; the better kind is the finding.
#include <algorithm>
#include <array>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "detect/dns_findings.h"

#include "detect/prevalence.h"

namespace vigil {
namespace {


// Reputation and blocklist services whose query names are hashes or reversed addresses by design.
constexpr std::array<std::string_view, 24> kLookupServices = {
    "sophosxl.net",       // Sophos live protection: hashed file and URL lookups
    "mcafee.com",         // McAfee GTI file reputation (avqs.mcafee.com, gti.mcafee.com)
    "trellix.com",        // McAfee GTI after the rename
    "e5.sk",              // ESET LiveGrid
    "eset.net",           // ESET
    "spamhaus.org",       // Spamhaus DNSBL (zen., sbl., xbl., dbl.)
    "spamhaus.net",       // Spamhaus Data Query Service (dq.spamhaus.net)
    "spamcop.net",        // bl.spamcop.net
    "sorbs.net",          // dnsbl.sorbs.net
    "barracudacentral.org",
    "surbl.org",          // multi.surbl.org
    "uribl.com",
    "mailspike.net",
    "dnswl.org",          // list.dnswl.org (allow list, same shape)
    "abuseat.org",        // CBL
    "senderscore.com",    // bl.score.senderscore.com
    "cymru.com",          // Team Cymru malware hash registry (hash.cymru.com)
    "spameatingmonkey.net",
    "invaluement.com",
    "junkemailfilter.com",
    "nordspam.com",
    "s5h.net",
    "manitu.net",         // ix.dnsbl.manitu.net
    "mailpolice.com",
};

double ramp(double x, double lo, double hi) {
  if (!(hi > lo)) return x >= hi ? 1.0 : 0.0;
  return std::clamp((x - lo) / (hi - lo), 0.0, 1.0);
}

double log_ramp(double x, double lo, double hi) {
  if (x <= lo) return 0;
  if (x >= hi) return 1;
  return std::log(x / lo) / std::log(hi / lo);
}

struct ServerDomain {
  IpAddr server;
  uint32_t domain = 0;
  friend bool operator==(const ServerDomain&, const ServerDomain&) = default;
};
struct ServerDomainHash {
  size_t operator()(const ServerDomain& k) const { return DnsKeyHash{}(DnsKey{k.server, k.domain}); }
};
struct ClientShare {
  double distinct = 0;
  size_t keys = 0;
};

bool allowlisted(const Allowlist* allow, const std::string& domain) {
  return allow && allow->allows_name(domain);
}

// Check-in times in seconds, merged again after sorting (the table merged them in arrival order).
std::vector<double> check_in_times(const DnsKeyDetail& d, double gap_s) {
  std::vector<double> times;
  times.reserve(d.check_ins.size());
  for (const ChannelConnection& c : d.check_ins.decode()) {
    double t = static_cast<double>(c.start_ns) / 1e9;
    if (times.empty() || t - times.back() > gap_s) times.push_back(t);
  }
  return times;
}

DnsFinding score_key(const DnsDomainTable& table, const DnsKey& key, const DnsKeyStats& k, size_t prevalence,
                     size_t hosts, const DnsOptions& o) {
  DnsFinding f;
  f.host = key.host;
  f.domain = table.domain_name(key.domain);
  f.queries = k.queries;
  f.distinct_subdomains = k.distinct_subdomains();
  f.distinct_estimated = k.detail && k.detail->hll;
  double chars = k.new_subdomain_chars(table.limits().exact_subdomains);
  f.mean_length = f.distinct_subdomains > 0 ? chars / f.distinct_subdomains : 0;
  f.max_length = k.max_length;
  f.entropy_bits_per_char = k.entropy_bits_per_char();
  f.qtypes = k.qtypes;
  f.nxdomain = k.nxdomain;
  f.ip_shaped = k.ip_shaped;
  f.info_bytes = chars * f.entropy_bits_per_char / 8;
  f.first_ns = k.first_ns;
  f.last_ns = k.last_ns;
  f.info_rate = f.info_bytes / std::max(1.0, static_cast<double>(k.last_ns - k.first_ns) / 1e9);
  f.prevalence = prevalence;
  f.internal_hosts = hosts;
  f.server = k.server;
  f.via_resolver = k.server_internal && table.internal().contains(k.server) && k.server != key.host;
  f.host_is_resolver = table.is_resolver(key.host);

  DnsFactors& x = f.factors;
  x.rarity = rarity(prevalence, hosts);
  x.volume = log_ramp(f.info_bytes, o.volume_low_bytes, o.volume_high_bytes);
  // ip_shaped is counted over the exactly-kept subdomains (the first exact_subdomains of them).
  double judged = std::min(f.distinct_subdomains, static_cast<double>(table.limits().exact_subdomains));
  double ip_share = judged > 0 ? std::min(1.0, k.ip_shaped / judged) : 0;
  x.shape = ramp(f.mean_length, o.length_low, o.length_high) *
            ramp(f.entropy_bits_per_char, o.entropy_low, o.entropy_high) * (1 - ip_share);
  double unusual = k.qtypes[static_cast<size_t>(QtypeGroup::kTxt)] + k.qtypes[static_cast<size_t>(QtypeGroup::kNull)] +
                   k.qtypes[static_cast<size_t>(QtypeGroup::kCname)] + k.qtypes[static_cast<size_t>(QtypeGroup::kMx)];
  x.qtype = 0.8 + 0.2 * (k.queries ? unusual / k.queries : 0);
  if (f.distinct_subdomains >= static_cast<double>(o.min_distinct))
    x.tunnel = x.volume * x.shape * x.qtype * x.rarity;

  if (k.detail) {
    const DnsKeyDetail& d = *k.detail;
    f.examples = d.examples;
    f.length_histogram = d.length_histogram;
    f.entropy_histogram = d.entropy_histogram;
    std::vector<double> times = check_in_times(d, table.limits().same_check_in_s);
    f.check_ins = times.size();
    if (times.size() >= o.min_check_ins) {
      x.novelty = ramp(std::min(1.0, f.distinct_subdomains / static_cast<double>(times.size())), o.novelty_low,
                       o.novelty_high) * (1 - ip_share);
      // The rhythm is the costly part; a key that could not reach min_score with a perfect rhythm (or whose
      // tunnel score is already at least as high) skips it and keeps rhythm 0.
      double best_beacon = x.novelty * x.rarity;
      if (best_beacon > 0 && best_beacon >= o.min_score && best_beacon > x.tunnel) {
        f.period = estimate_period(times);
        x.rhythm = f.period.confidence;
        x.beacon = x.rhythm * x.novelty * x.rarity;
      }
    }
  }
  f.kind = x.beacon > x.tunnel ? DnsFindingKind::kBeacon : DnsFindingKind::kTunnel;
  f.score = std::max(x.tunnel, x.beacon);
  return f;
}

}  // namespace

const char* to_string(DnsFindingKind k) { return k == DnsFindingKind::kBeacon ? "DNS beacon" : "DNS tunnel"; }

bool is_lookup_service(std::string_view registered_domain) {
  return std::find(kLookupServices.begin(), kLookupServices.end(), registered_domain) != kLookupServices.end();
}

std::vector<DnsFinding> find_dns_findings(const DnsDomainTable& table, const DnsContext& context,
                                          const DnsOptions& options, DnsRunStats* stats) {
  DnsRunStats local;
  DnsRunStats& s = stats ? *stats : local;
  s = {};
  const auto& keys = table.keys();
  s.keys = keys.size();

  // Resolver rule: what visible clients asked each internal server, per domain.
  std::unordered_map<ServerDomain, ClientShare, ServerDomainHash> via;
  for (const auto& [key, k] : keys) {
    if (k.server_internal && k.server != key.host && table.is_resolver(k.server)) {
      ClientShare& c = via[ServerDomain{k.server, key.domain}];
      c.distinct += k.distinct_subdomains();
      ++c.keys;
    }
  }
  auto duplicate = [&](const DnsKey& key, const DnsKeyStats& k) {
    if (!table.is_resolver(key.host) || !k.server_external) return false;
    auto it = via.find(ServerDomain{key.host, key.domain});
    return it != via.end() && it->second.distinct >= options.resolver_duplicate_share * k.distinct_subdomains();
  };

  std::vector<const std::pair<DnsKey, DnsKeyStats>*> kept;
  kept.reserve(keys.size());
  std::unordered_map<uint32_t, size_t> prevalence;
  std::unordered_set<IpAddr, IpAddrHash> hosts;
  for (const auto& entry : keys) {
    if (duplicate(entry.first, entry.second)) {
      ++s.resolver_duplicates;
      continue;
    }
    kept.push_back(&entry);
    ++prevalence[entry.first.domain];
    hosts.insert(entry.first.host);
  }
  size_t internal_hosts = context.internal_hosts ? context.internal_hosts : hosts.size();

  std::vector<DnsFinding> out;
  for (const auto* entry : kept) {
    const auto& [key, k] = *entry;
    const std::string& domain = table.domain_name(key.domain);
    if (options.skip_lookup_services && is_lookup_service(domain)) {
      ++s.lookup_services;
      continue;
    }
    if (allowlisted(options.allowlist, domain)) {
      ++s.allowlisted;
      continue;
    }
    bool enough = k.distinct_subdomains() >= static_cast<double>(options.min_distinct) ||
                  (k.detail && k.detail->check_ins.size() >= options.min_check_ins);
    if (!enough) continue;
    ++s.scored;
    DnsFinding f = score_key(table, key, k, prevalence[key.domain], internal_hosts, options);
    if (f.score < options.min_score) {
      ++s.below_threshold;
      continue;
    }
    out.push_back(std::move(f));
  }
  std::sort(out.begin(), out.end(), [](const DnsFinding& a, const DnsFinding& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.host != b.host) return a.host < b.host;
    return a.domain < b.domain;
  });
  return out;
}

}  // namespace vigil
