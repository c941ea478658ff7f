#include "detect/intel_matcher.h"

#include <algorithm>

#include "core/text_format.h"

namespace vigil {

const char* to_string(IntelField f) {
  switch (f) {
    case IntelField::kConnection: return "connection";
    case IntelField::kInboundConnection: return "inbound connection";
    case IntelField::kDnsQuery: return "DNS query";
    case IntelField::kDnsAnswer: return "DNS answer";
    case IntelField::kSni: return "TLS SNI";
    case IntelField::kHttpHost: return "HTTP Host";
    case IntelField::kCount: break;
  }
  return "?";
}

void IntelMatcher::hit(const IpAddr& host, const IndicatorMatch& m, std::string_view matched, IntelField field,
                       int64_t ts_ns, uint64_t sent, uint64_t received) {
  IntelFinding& f = hits_[{host, m.indicator()}];
  if (f.feed.empty()) {
    f.host = host;
    f.indicator = m.indicator();
    f.feed = std::string(m.feed);
    f.label = std::string(m.label);
    f.matched = std::string(matched);
    f.first_ns = f.last_ns = ts_ns;
  }
  ++f.hits[static_cast<size_t>(field)];
  f.sent += sent;
  f.received += received;
  f.first_ns = std::min(f.first_ns, ts_ns);
  f.last_ns = std::max(f.last_ns, ts_ns);
}

void IntelMatcher::name(const IpAddr& host, std::string_view name, IntelField field, int64_t ts_ns) {
  std::string n = normalise_server_name(name);
  if (n.empty()) return;
  if (auto m = indicators_.match_name(n)) hit(host, *m, n, field, ts_ns);
}

void IntelMatcher::conn(const ConnRecord& c) {
  bool orig_in = locality_.internal(c.orig_h, c.local_orig), resp_in = locality_.internal(c.resp_h, c.local_resp);
  uint64_t sent = c.orig_bytes.value_or(0), received = c.resp_bytes.value_or(0);
  if (orig_in && !resp_in) {
    if (auto m = indicators_.match_address(c.resp_h)) hit(c.orig_h, *m, c.resp_h.to_string(), IntelField::kConnection, c.ts.ns, sent, received);
  } else if (!orig_in && resp_in && sent > 0 && received > 0) {
    if (auto m = indicators_.match_address(c.orig_h))
      hit(c.resp_h, *m, c.orig_h.to_string(), IntelField::kInboundConnection, c.ts.ns, sent, received);
  }
}

void IntelMatcher::dns(const DnsRecord& r) {
  if (!locality_.internal(r.id.orig_h, std::nullopt)) return;
  if (r.query) name(r.id.orig_h, *r.query, IntelField::kDnsQuery, r.id.ts.ns);
  for (const std::string& answer : r.answers) {
    if (auto a = IpAddr::parse(answer)) {
      if (auto m = indicators_.match_address(*a)) hit(r.id.orig_h, *m, answer, IntelField::kDnsAnswer, r.id.ts.ns);
    } else {
      name(r.id.orig_h, answer, IntelField::kDnsAnswer, r.id.ts.ns);  // a CNAME
    }
  }
}

void IntelMatcher::ssl(const SslRecord& r) {
  if (r.server_name && locality_.internal(r.id.orig_h, std::nullopt)) name(r.id.orig_h, *r.server_name, IntelField::kSni, r.id.ts.ns);
}

void IntelMatcher::http(const HttpRecord& r) {
  if (r.host && locality_.internal(r.id.orig_h, std::nullopt)) name(r.id.orig_h, *r.host, IntelField::kHttpHost, r.id.ts.ns);
}

std::vector<IntelFinding> IntelMatcher::findings() const {
  std::vector<IntelFinding> out;
  for (const auto& [key, hit] : hits_) {
    IntelFinding f = hit;
    auto n = [&](IntelField field) { return f.hits[static_cast<size_t>(field)]; };
    bool outbound = n(IntelField::kConnection) + n(IntelField::kSni) + n(IntelField::kHttpHost) > 0;
    f.inbound_only = !outbound && n(IntelField::kInboundConnection) > 0 && n(IntelField::kDnsQuery) == 0;
    if (outbound && f.sent > 0 && f.received > 0) f.confidence = 0.95;
    else if (outbound || f.inbound_only) f.confidence = 0.8;
    else f.confidence = 0.6;  // looked up only: the answer may have been blocked or sinkholed
    out.push_back(std::move(f));
  }
  std::sort(out.begin(), out.end(), [](const IntelFinding& a, const IntelFinding& b) {
    if (a.confidence != b.confidence) return a.confidence > b.confidence;
    return a.first_ns < b.first_ns;
  });
  return out;
}

std::vector<std::string> explain(const IntelFinding& f) {
  std::vector<std::string> lines;
  lines.push_back("listed by feed " + f.feed + " as " + f.indicator + (f.label.empty() ? "" : " (" + f.label + ")"));
  std::string seen;
  for (size_t i = 0; i < f.hits.size(); ++i)
    if (f.hits[i]) seen += format("%s%llu %s", seen.empty() ? "" : ", ", static_cast<unsigned long long>(f.hits[i]),
                                  to_string(static_cast<IntelField>(i)));
  lines.push_back("matched " + f.matched + ": " + seen);
  lines.push_back("from " + utc_minute(f.first_ns) + " to " + utc_minute(f.last_ns) + " UTC" +
                  format("; %llu B sent, %llu B received over the matching connections",
                         static_cast<unsigned long long>(f.sent), static_cast<unsigned long long>(f.received)));
  lines.push_back(format("confidence %.2f: %s", f.confidence,
                         f.confidence >= 0.95 ? "data exchanged with the listed destination"
                         : f.inbound_only     ? "the listed address reached this server and got answers"
                         : f.confidence >= 0.8 ? "a connection or name use without data both ways"
                                               : "only looked up (the answer may have been blocked or sinkholed)"));
  return lines;
}

}  // namespace vigil
