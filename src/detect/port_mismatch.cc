#include "detect/port_mismatch.h"

#include <algorithm>

#include "core/text_format.h"

namespace vigil {
namespace {

// The first service of a comma-separated list ("ssl,http" is TLS carrying HTTP: ssl decides).
std::string_view first_service(std::string_view s) { return s.substr(0, s.find(',')); }

bool is_dns_port(uint16_t p) { return p == 53 || p == 5353 || p == 5355 || p == 853 || p == 137; }

}  // namespace

const PortRule* port_rule(uint16_t port, TransportProto proto, std::string_view service) {
  static constexpr PortRule kDnsPort{"dns", 0.9};        // anything but DNS on 53: TLS or HTTP through the resolver's hole
  static constexpr PortRule kHttpsPort{"ssl", 0.6};      // cleartext HTTP, SSH or DNS on 443
  static constexpr PortRule kHttpPort{"http", 0.6};      // TLS or SSH on 80
  static constexpr PortRule kDnsElsewhere{"a DNS port (53, 5353, 5355, 853)", 0.8};
  static constexpr PortRule kSshPort{"ssh", 0.5};
  service = first_service(service);
  if (service.empty() || service == "-") return nullptr;
  if (service == "dns") return is_dns_port(port) ? nullptr : &kDnsElsewhere;
  if (port == 53) return &kDnsPort;
  if (port == 443 && proto == TransportProto::kTcp)
    return service == "ssl" || service == "quic" ? nullptr : &kHttpsPort;
  if (port == 80 && proto == TransportProto::kTcp) return service == "http" ? nullptr : &kHttpPort;
  if (port == 22 && proto == TransportProto::kTcp) return service == "ssh" ? nullptr : &kSshPort;
  return nullptr;
}

size_t PortMismatchTable::KeyHash::operator()(const Key& k) const {
  return std::hash<uint64_t>{}(k.host.lo() * 31 + k.peer.lo()) ^ (size_t{k.port} << 8) ^ std::hash<std::string>{}(k.service);
}

void PortMismatchTable::conn(const ConnRecord& c) {
  const PortRule* rule = port_rule(c.resp_p, c.proto, c.service);
  if (!rule) return;
  bool orig_in = locality_.internal(c.orig_h, c.local_orig), resp_in = locality_.internal(c.resp_h, c.local_resp);
  if (!orig_in && !resp_in) return;
  Direction d = !resp_in ? Direction::kOutbound : orig_in ? Direction::kInternal : Direction::kInbound;
  const IpAddr& host = d == Direction::kInbound ? c.resp_h : c.orig_h;
  const IpAddr& peer = d == Direction::kInbound ? c.orig_h : c.resp_h;
  std::string service(first_service(c.service));
  PortMismatchFinding& f = seen_[Key{host, peer, c.resp_p, c.proto, service}];
  if (f.connections == 0) {
    f = PortMismatchFinding{host, peer, c.resp_p, c.proto, d, service, rule->expected, rule->confidence};
    f.first_ns = f.last_ns = c.ts.ns;
  }
  ++f.connections;
  f.sent += c.orig_bytes.value_or(0);
  f.received += c.resp_bytes.value_or(0);
  f.first_ns = std::min(f.first_ns, c.ts.ns);
  f.last_ns = std::max(f.last_ns, c.ts.ns);
}

std::vector<PortMismatchFinding> PortMismatchTable::findings(double min_confidence, const Allowlist* allowlist) const {
  std::vector<PortMismatchFinding> out;
  for (const auto& [key, f] : seen_)
    if (f.confidence >= min_confidence && !(allowlist && allowlist->allows_address(f.peer))) out.push_back(f);
  std::sort(out.begin(), out.end(), [](const PortMismatchFinding& a, const PortMismatchFinding& b) {
    if (a.confidence != b.confidence) return a.confidence > b.confidence;
    return a.connections > b.connections;
  });
  return out;
}

std::vector<std::string> explain(const PortMismatchFinding& f) {
  std::string proto(to_string(f.proto));
  std::vector<std::string> lines;
  lines.push_back(format("%s on port %u/%s, which is for %s", f.service.c_str(), f.port, proto.c_str(), f.expected.c_str()));
  lines.push_back(format("%zu connection%s from %s to %s UTC; sent %llu B, received %llu B", f.connections,
                         f.connections == 1 ? "" : "s", utc_minute(f.first_ns).c_str(), utc_minute(f.last_ns).c_str(),
                         static_cast<unsigned long long>(f.sent), static_cast<unsigned long long>(f.received)));
  lines.push_back(format("confidence %.2f: how rarely %s runs there on purpose", f.confidence, f.service.c_str()));
  return lines;
}

}  // namespace vigil
