// explain(): a DNS finding's evidence in words and numbers, so an analyst can check it in a minute.
#include <string>

#include "core/text_format.h"
#include "detect/dns_findings.h"

namespace vigil {
namespace {

double share(uint32_t part, size_t whole) { return whole ? 100.0 * part / static_cast<double>(whole) : 0; }

std::string rate(double bytes_per_s) {
  if (bytes_per_s < 10) return format("%.1f bytes/s", bytes_per_s);
  if (bytes_per_s < 10'000) return format("%.0f bytes/s", bytes_per_s);
  return format("%.1f kB/s", bytes_per_s / 1e3);
}


}  // namespace

std::vector<std::string> explain(const DnsFinding& f) {
  std::vector<std::string> lines;
  double span_s = static_cast<double>(f.last_ns - f.first_ns) / 1e9;
  auto q = [&](QtypeGroup g) { return share(f.qtypes[static_cast<size_t>(g)], f.queries); };
  lines.push_back(format("%s%.0f distinct subdomains of %s in %s (%zu queries), mean subdomain %.0f chars (longest %u), "
                         "entropy %.1f bits/char",
                         f.distinct_estimated ? "about " : "", f.distinct_subdomains, f.domain.c_str(),
                         human_span(span_s).c_str(), f.queries, f.mean_length, f.max_length, f.entropy_bits_per_char));
  lines.push_back(format("record types: %.0f%% A/AAAA, %.0f%% TXT, %.0f%% NULL, %.0f%% CNAME, %.0f%% MX, %.0f%% other; "
                         "%.0f%% NXDOMAIN",
                         q(QtypeGroup::kAddress), q(QtypeGroup::kTxt), q(QtypeGroup::kNull), q(QtypeGroup::kCname),
                         q(QtypeGroup::kMx), q(QtypeGroup::kOther), share(static_cast<uint32_t>(f.nxdomain), f.queries)));
  lines.push_back("names carry about " + byte_size(f.info_bytes) + " of new data, about " + rate(f.info_rate) +
                  " over the active span");
  if (f.ip_shaped > 0) lines.push_back(format("%zu subdomains start with a reversed IPv4 address (blocklist-style lookups)", f.ip_shaped));
  if (f.check_ins > 0) {
    std::string line = format("%zu check-ins (queries less than 2 s apart counted as one)", f.check_ins);
    if (f.period.period_s > 0 && f.factors.rhythm > 0)
      line += format("; rhythm every %s (jitter %.0f%%, %zu of %zu expected seen)", human_span(f.period.period_s).c_str(),
                     f.period.jitter * 100, f.period.check_ins, f.period.expected);
    lines.push_back(line);
  }
  lines.push_back(format("asked by %zu of %zu internal hosts", f.prevalence, f.internal_hosts));
  if (f.host_is_resolver)
    lines.push_back(f.host.to_string() + " is a resolver; the asking client is not visible (its clients' queries for "
                                         "this domain are not in the data)");
  else if (f.via_resolver)
    lines.push_back("asked through resolver " + f.server.to_string());
  else
    lines.push_back("asked server " + f.server.to_string() + " directly");
  lines.push_back("first seen " + utc_minute(f.first_ns) + " UTC, last seen " + utc_minute(f.last_ns) + " UTC");
  if (!f.examples.empty()) {
    std::string ex = "for example: ";
    for (size_t i = 0; i < f.examples.size(); ++i) ex += (i ? ", " : "") + f.examples[i] + "." + f.domain;
    lines.push_back(ex);
  }
  const DnsFactors& x = f.factors;
  if (f.kind == DnsFindingKind::kTunnel)
    lines.push_back(format("score %.2f (tunnel) = volume %.2f x shape %.2f x qtype %.2f x rarity %.2f; as a beacon %.2f",
                           f.score, x.volume, x.shape, x.qtype, x.rarity, x.beacon));
  else
    lines.push_back(format("score %.2f (beacon) = rhythm %.2f x novelty %.2f x rarity %.2f; as a tunnel %.2f", f.score,
                           x.rhythm, x.novelty, x.rarity, x.tunnel));
  return lines;
}

}  // namespace vigil
