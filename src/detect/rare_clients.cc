#include "detect/rare_clients.h"

#include <algorithm>

#include "core/hash_mix.h"
#include "core/text_format.h"
#include "detect/prevalence.h"

namespace vigil {
namespace {

// A lead, not a verdict: even a client and a destination both unique to one host are most often a
// program of its own (docs/detection.md); the ranking's low severity weight comes on top.
constexpr double kBaseConfidence = 0.8;

uint64_t text_hash(uint64_t salt, std::string_view text) {
  return splitmix64_finalise(std::hash<std::string_view>{}(text) ^ salt);
}

// A record's destination: its server name as names are compared (normalise_server_name), written into
// `buf` (no allocation per record), or its server's address when it has none.
std::string_view destination_text(std::string_view name, const IpAddr& server, std::string& buf) {
  normalise_server_name(name, buf);
  if (buf.empty()) buf = server.to_string();
  if (buf.size() > 255) buf.resize(255);
  return buf;
}

}  // namespace

const char* to_string(ClientSignature kind) {
  switch (kind) {
    case ClientSignature::kJa4: return "ja4";
    case ClientSignature::kJa3: return "ja3";
    case ClientSignature::kUserAgent: return "user-agent";
  }
  return "?";
}

void RareClientTable::HostSet::add(uint32_t id) {
  if (count >= kTrackedHosts) return;
  for (uint8_t i = 0; i < count; ++i)
    if (ids[i] == id) return;
  ids[count++] = id;
}

void RareClientTable::ssl(const SslRecord& r) {
  std::string_view name = r.server_name ? std::string_view(*r.server_name) : std::string_view{};
  if (r.ja4 && !r.ja4->empty()) return observe(r.id, ClientSignature::kJa4, *r.ja4, name);
  if (r.ja3 && !r.ja3->empty()) observe(r.id, ClientSignature::kJa3, *r.ja3, name);
}

void RareClientTable::http(const HttpRecord& r) {
  if (r.user_agent && !r.user_agent->empty())
    observe(r.id, ClientSignature::kUserAgent, *r.user_agent, r.host ? std::string_view(*r.host) : std::string_view{});
}

uint32_t RareClientTable::host_id(const IpAddr& host) {
  auto [id, fresh] = host_index_.try_emplace(splitmix64_finalise(host.lo() ^ splitmix64_finalise(host.hi())),
                                             static_cast<uint32_t>(hosts_.size()));
  if (fresh) hosts_.push_back(host);
  return *id;
}

uint32_t RareClientTable::destination_id(std::string_view target, uint32_t host) {
  uint64_t h = text_hash(0x64657374, target);
  if (destinations_.size() >= kMaxTracked && !destination_index_.find(h)) return kUntracked;
  auto [id, fresh] = destination_index_.try_emplace(h, static_cast<uint32_t>(destinations_.size()));
  if (fresh) {
    destinations_.push_back({.hosts = {}, .text = static_cast<uint32_t>(texts_.size())});
    texts_.emplace_back(target);
  }
  destinations_[*id].hosts.add(host);
  return *id;
}

void RareClientTable::observe(const ConnRef& id, ClientSignature kind, std::string_view signature,
                              std::string_view name) {
  if (!locality_.internal(id.orig_h) || locality_.internal(id.resp_h)) return;
  signature = signature.substr(0, kMaxSignatureBytes);
  uint32_t host = host_id(id.orig_h);
  // Every destination's prevalence counts, whichever client went there: that is what makes one rare.
  uint32_t destination = destination_id(destination_text(name, id.resp_h, scratch_), host);
  uint64_t h = text_hash(static_cast<uint64_t>(kind) + 1, signature);
  if (signatures_.size() >= kMaxTracked && !signature_index_.find(h)) return void(++untracked_);
  auto [sig, fresh] = signature_index_.try_emplace(h, static_cast<uint32_t>(signatures_.size()));
  if (fresh) signatures_.push_back({.hosts = {}, .kind = kind});
  Signature& s = signatures_[*sig];
  s.hosts.add(host);
  if (s.hosts.count > kRareHosts) return;  // common: no host's use of it can be a finding
  auto [use_index, new_use] = use_index_.try_emplace(splitmix64_finalise((uint64_t{*sig} << 32) | host),
                                                     static_cast<uint32_t>(uses_.size()));
  if (new_use) uses_.push_back({.host = host, .signature = *sig});
  Use& u = uses_[*use_index];
  ++u.connections;
  u.first_ns = std::min(u.first_ns, id.ts.ns);
  u.last_ns = std::max(u.last_ns, id.ts.ns);
  if (u.connections == kMinUses && s.text == UINT32_MAX) {  // the text is kept only for what can be reported
    s.text = static_cast<uint32_t>(texts_.size());
    texts_.emplace_back(signature);
  }
  for (uint8_t i = 0; i < u.destination_count; ++i)
    if (u.destinations[i] == destination) return void(++u.per_destination[i]);
  if (u.destination_count == kMaxDestinations || destination == kUntracked) return void(++u.other_connections);
  u.destinations[u.destination_count] = destination;
  u.per_destination[u.destination_count++] = 1;
}

std::vector<RareDestination> RareClientTable::rare_destinations(const Use& use, size_t& others) const {
  std::vector<RareDestination> out;
  for (uint8_t i = 0; i < use.destination_count; ++i) {
    const Destination& d = destinations_[use.destinations[i]];
    out.push_back({texts_[d.text], d.hosts.count, use.per_destination[i]});
  }
  std::stable_sort(out.begin(), out.end(), [](const RareDestination& a, const RareDestination& b) {
    if (a.prevalence != b.prevalence) return a.prevalence < b.prevalence;
    return a.connections > b.connections;
  });
  others = use.other_connections;
  return out;
}

std::vector<RareClientFinding> RareClientTable::findings(double min_confidence, const Allowlist* allowlist) const {
  std::vector<RareClientFinding> out;
  const size_t population = hosts_.size();
  if (population < kMinPopulation) return out;
  for (const Use& u : uses_) {
    const Signature& s = signatures_[u.signature];
    if (u.connections < kMinUses || s.hosts.count > kRareHosts || s.text == UINT32_MAX) continue;
    RareClientFinding f;
    f.destinations = rare_destinations(u, f.other_connections);
    if (allowlist)
      std::erase_if(f.destinations, [&](const RareDestination& d) {
        auto address = IpAddr::parse(d.target);
        return address ? allowlist->allows_address(*address) : allowlist->allows_name(d.target);
      });
    if (f.destinations.empty() || f.destinations.front().prevalence > kRareHosts) continue;
    f.host = hosts_[u.host];
    f.kind = s.kind;
    f.signature = texts_[s.text];
    f.prevalence = s.hosts.count;
    f.internal_hosts = population;
    f.connections = u.connections;
    f.first_ns = u.first_ns;
    f.last_ns = u.last_ns;
    f.confidence = kBaseConfidence * rarity(f.prevalence, population) *
                   rarity(f.destinations.front().prevalence, population);
    if (f.confidence >= min_confidence) out.push_back(std::move(f));
  }
  std::sort(out.begin(), out.end(), [](const RareClientFinding& a, const RareClientFinding& b) {
    if (a.confidence != b.confidence) return a.confidence > b.confidence;
    if (a.host != b.host) return a.host < b.host;
    return a.signature < b.signature;
  });
  return out;
}

std::vector<std::string> explain(const RareClientFinding& f) {
  const char* what = f.kind == ClientSignature::kUserAgent ? "HTTP user agent"
                     : f.kind == ClientSignature::kJa4  ? "TLS client fingerprint (JA4)"
                                                        : "TLS client fingerprint (JA3)";
  std::vector<std::string> lines;
  lines.push_back(format("%s %s", what, f.signature.c_str()));
  lines.push_back(format("used by %zu of the %zu internal hosts that send TLS or HTTP out", f.prevalence, f.internal_hosts));
  lines.push_back(format("%zu connection%s from this host with it", f.connections, f.connections == 1 ? "" : "s"));
  for (const RareDestination& d : f.destinations)
    lines.push_back(format("to %s: %zu connection%s; %s of the internal hosts go there", d.target.c_str(), d.connections,
                           d.connections == 1 ? "" : "s",
                           d.prevalence >= RareClientTable::kTrackedHosts
                               ? format("more than %zu", RareClientTable::kRareHosts).c_str()
                               : std::to_string(d.prevalence).c_str()));
  if (f.other_connections) lines.push_back(format("and %zu connections to other destinations", f.other_connections));
  lines.push_back(format("confidence %.2f = %.1f x rarity of the client %.2f x rarity of its rarest destination %.2f",
                         f.confidence, kBaseConfidence, rarity(f.prevalence, f.internal_hosts),
                         f.destinations.empty() ? 0.0 : rarity(f.destinations.front().prevalence, f.internal_hosts)));
  return lines;
}

}  // namespace vigil
