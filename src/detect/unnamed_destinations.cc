#include "detect/unnamed_destinations.h"

#include <algorithm>
#include <map>

#include "core/text_format.h"
#include "detect/prevalence.h"

namespace vigil {
namespace {

constexpr size_t kMaxListed = 16;

// Services reached by address by design: resolvers, time, local discovery, NAT traversal.
bool expected_by_address(uint16_t port, TransportProto proto) {
  if (proto == TransportProto::kIcmp) return true;
  switch (port) {
    case 53: case 853: case 123: case 67: case 68: case 137: case 138: case 1900: case 5353: case 5355:
    case 3478: case 19302:
      return true;
    default:
      return false;
  }
}

}  // namespace

std::vector<UnnamedFinding> find_unnamed_destinations(const ChannelMap& channels, const UnnamedContext& context,
                                                      const UnnamedOptions& options) {
  if (!context.saw_dns_answers || !context.was_resolved) return {};
  DestinationTable dests(channels);
  std::map<IpAddr, UnnamedFinding> by_host;
  for (const auto& [key, s] : channels) {
    if (key.direction != Direction::kOutbound || key.is_name() || s.named > 0) continue;
    if (expected_by_address(key.port, key.proto) || context.was_resolved(key.external)) continue;
    if (options.allowlist && options.allowlist->allows_address(key.external)) continue;
    UnnamedDestination d{key.external, key.port, key.proto, s.count(), dests.of(key).hosts, s.sent_bytes,
                         s.received_bytes, 0};
    d.weight = 0.5 * rarity(d.prevalence, context.internal_hosts) * (d.received > 0 ? 1.0 : 0.5);
    UnnamedFinding& f = by_host[key.internal];
    f.host = key.internal;
    f.first_ns = f.destinations.empty() && f.total_destinations == 0 ? s.series.first_ns()
                                                                     : std::min(f.first_ns, s.series.first_ns());
    f.last_ns = std::max(f.last_ns, s.series.last_ns());
    ++f.total_destinations;
    f.destinations.push_back(d);
  }
  std::vector<UnnamedFinding> out;
  for (auto& [host, f] : by_host) {
    std::sort(f.destinations.begin(), f.destinations.end(),
              [](const UnnamedDestination& a, const UnnamedDestination& b) { return a.weight > b.weight; });
    double none = 1;
    for (const UnnamedDestination& d : f.destinations) none *= 1 - d.weight;
    f.confidence = 1 - none;
    if (f.destinations.size() > kMaxListed) f.destinations.resize(kMaxListed);
    f.internal_hosts = context.internal_hosts;
    if (f.confidence >= options.min_confidence) out.push_back(std::move(f));
  }
  std::sort(out.begin(), out.end(),
            [](const UnnamedFinding& a, const UnnamedFinding& b) { return a.confidence > b.confidence; });
  return out;
}

std::vector<std::string> explain(const UnnamedFinding& f) {
  std::vector<std::string> lines;
  lines.push_back(format("%zu external address%s reached with no DNS answer, TLS SNI or HTTP Host naming %s",
                         f.total_destinations, f.total_destinations == 1 ? "" : "es",
                         f.total_destinations == 1 ? "it" : "them"));
  for (const UnnamedDestination& d : f.destinations) {
    if (d.weight < 0.05) break;
    std::string address;
    if (!d.address.is_v4()) address.push_back('[');  // not "[" + ...: GCC 12 warns falsely (-Wrestrict)
    d.address.append_to(address);
    if (!d.address.is_v4()) address.push_back(']');
    lines.push_back(format("%s:%u/%s: %zu connection%s, sent %llu B, received %llu B; %zu of %zu internal hosts (weight %.2f)",
                           address.c_str(), d.port, std::string(to_string(d.proto)).c_str(), d.connections,
                           d.connections == 1 ? "" : "s", static_cast<unsigned long long>(d.sent),
                           static_cast<unsigned long long>(d.received), d.prevalence, f.internal_hosts, d.weight));
  }
  lines.push_back(format("confidence %.2f = 1 - product of (1 - weight) over the destinations; weight = 0.5 x rarity "
                         "x (1 if it answered, else 0.5)",
                         f.confidence));
  return lines;
}

}  // namespace vigil
