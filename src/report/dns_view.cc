// view_of(DnsFinding): a DNS tunnel or DNS beacon as every output shows it, with the new subdomains'
// lengths and entropies as plots (a tunnel's are long and random-looking; a CDN's short and few).
#include <numeric>

#include "core/text_format.h"
#include "report/finding_view.h"
#include "report/json_members.h"

namespace vigil {

FindingView view_of(const DnsFinding& f) {
  FindingView v;
  v.detector = f.kind == DnsFindingKind::kTunnel ? "dns-tunnel" : "dns-beacon";
  v.host = f.host;
  v.subject = f.domain + " (DNS)";
  v.targets = {f.domain};
  v.severity = Severity::kHigh;  // data or commands through the resolver: the channel itself
  v.confidence = f.score;
  v.first_ns = f.first_ns;
  v.last_ns = f.last_ns;
  size_t odd = std::accumulate(f.qtypes.begin() + 1, f.qtypes.end(), size_t{0});
  v.headline = format("%.0f distinct subdomains in %zu queries, mean %.0f characters, %.1f bits/char, %.0f%% not A/AAAA, "
                      "about %.1f bytes/s",
                      f.distinct_subdomains, f.queries, f.mean_length, f.entropy_bits_per_char,
                      f.queries ? 100.0 * static_cast<double>(odd) / static_cast<double>(f.queries) : 0, f.info_rate);
  if (f.kind == DnsFindingKind::kBeacon && f.period.periodic)
    v.headline = "checks in every " + human_span(f.period.period_s) + "; " + v.headline;
  v.evidence = explain(f);
  PlotSpec lengths{"new subdomains by length (characters)", PlotAxis::kNumber, 0, 4, {}, {}, 16, ""};
  lengths.counts.assign(f.length_histogram.begin(), f.length_histogram.end());
  PlotSpec entropy{"new subdomains by entropy (bits per character)", PlotAxis::kNumber, 0, 0.5, {}, {}, 1, ""};
  entropy.counts.assign(f.entropy_histogram.begin(), f.entropy_histogram.end());
  v.plots = {lengths, entropy};
  JsonMembers m, factors;
  m.text("kind", to_string(f.kind)).text("registered_domain", f.domain).uint("queries", f.queries);
  m.number("distinct_subdomains", f.distinct_subdomains).boolean("distinct_estimated", f.distinct_estimated);
  m.number("mean_length", f.mean_length).uint("max_length", f.max_length);
  m.number("entropy_bits_per_char", f.entropy_bits_per_char).uint("nxdomain", f.nxdomain);
  static const char* const kGroups[] = {"a_aaaa", "txt", "null", "cname", "mx", "other"};
  JsonMembers qtypes;
  for (size_t i = 0; i < f.qtypes.size(); ++i) qtypes.uint(kGroups[i], f.qtypes[i]);
  m.object("qtypes", qtypes);
  m.number("info_bytes", f.info_bytes).number("info_rate_bytes_per_s", f.info_rate);
  m.uint("prevalence", f.prevalence).uint("internal_hosts", f.internal_hosts);
  m.text("server", f.server.to_string()).boolean("via_resolver", f.via_resolver);
  m.boolean("host_is_resolver", f.host_is_resolver).uint("check_ins", f.check_ins);
  if (f.period.periodic) m.number("period_s", f.period.period_s).number("jitter", f.period.jitter);
  m.texts("examples", f.examples);
  factors.number("volume", f.factors.volume).number("shape", f.factors.shape).number("qtype", f.factors.qtype);
  factors.number("rarity", f.factors.rarity).number("rhythm", f.factors.rhythm).number("novelty", f.factors.novelty);
  factors.number("tunnel", f.factors.tunnel).number("beacon", f.factors.beacon);
  m.object("factors", factors);
  v.json_fields = m.str();
  return v;
}

}  // namespace vigil
