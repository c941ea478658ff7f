#include "detect/long_connections.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <unordered_set>

#include "core/text_format.h"
#include "detect/prevalence.h"

namespace vigil {
namespace {

constexpr double kNsPerS = 1e9;
constexpr double kFullHours = 6;       // a session this long (or twice this connected) is fully suspicious
constexpr double kNamedFactor = 0.8;
constexpr double kEndSlackS = 60;      // a session ending this close to the data's end may still be open
constexpr size_t kMaxSessions = 4096;

struct Candidate {
  const ChannelKey* key;
  LongConnectionFinding finding;
};

// The channel's sessions measured; nullopt when nothing in it is long enough to consider.
std::optional<LongConnectionFinding> measure(const ChannelKey& key, const ChannelSummary& s,
                                             const LongConnectionOptions& options, int64_t& data_end_ns) {
  std::vector<ChannelConnection> conns = s.connections();
  LongConnectionFinding f;
  f.channel = key;
  f.connections = conns.size();
  int64_t end_ns = 0;
  for (const ChannelConnection& c : conns) {
    double d = static_cast<double>(c.duration_ns) / kNsPerS;
    end_ns = std::max(end_ns, c.start_ns + c.duration_ns);
    f.connected_s += d;
    f.sent += c.orig_bytes;
    f.received += c.resp_bytes;
    if (d >= options.min_session_s) ++f.long_sessions;
    if (d > f.longest_s) {
      f.longest_s = d;
      f.longest_start_ns = c.start_ns;
      f.longest_open = c.open;
    }
  }
  data_end_ns = std::max(data_end_ns, end_ns);
  if (f.longest_s < options.min_session_s && f.connected_s < options.min_connected_s) return std::nullopt;
  f.first_ns = conns.empty() ? 0 : conns.front().start_ns;
  f.last_ns = end_ns;
  f.window_s = static_cast<double>(end_ns - f.first_ns) / kNsPerS;
  for (const ChannelConnection& c : conns) f.sessions.push_back({c.start_ns, static_cast<double>(c.duration_ns) / kNsPerS});
  if (f.sessions.size() > kMaxSessions) {
    auto longer = [](const auto& a, const auto& b) { return a.duration_s > b.duration_s; };
    std::nth_element(f.sessions.begin(), f.sessions.begin() + kMaxSessions, f.sessions.end(), longer);
    f.sessions.resize(kMaxSessions);
  }
  f.addresses = s.addresses;
  return f;
}

// The same long session found through its name and through its address: the name's finding is kept.
std::vector<LongConnectionFinding> fold_into_names(std::vector<LongConnectionFinding> found) {
  struct Session {
    IpAddr host, address;
    int64_t start_ns;
    bool operator==(const Session&) const = default;
  };
  struct SessionHash {
    size_t operator()(const Session& s) const { return (s.host.lo() * 31 + s.address.lo()) ^ static_cast<size_t>(s.start_ns); }
  };
  std::unordered_set<Session, SessionHash> named;
  for (const auto& f : found)
    if (f.channel.is_name())
      for (const IpAddr& a : f.addresses) named.insert({f.channel.internal, a, f.longest_start_ns});
  std::erase_if(found, [&](const LongConnectionFinding& f) {
    return !f.channel.is_name() && named.contains({f.channel.internal, f.channel.external, f.longest_start_ns});
  });
  return found;
}

}  // namespace

std::vector<LongConnectionFinding> find_long_connections(const ChannelMap& channels, const LongConnectionContext& context,
                                                         const LongConnectionOptions& options) {
  DestinationTable dests(channels);
  std::vector<LongConnectionFinding> found;
  int64_t data_end_ns = 0;
  for (const auto& [key, summary] : channels) {
    if (mostly_named(key, summary)) continue;  // judged through its names, as beacons are
    if (options.allowlist &&
        (key.is_name() ? options.allowlist->allows_name(key.name) : options.allowlist->allows_address(key.external)))
      continue;
    if (auto f = measure(key, summary, options, data_end_ns)) found.push_back(std::move(*f));
  }
  std::vector<LongConnectionFinding> out;
  for (LongConnectionFinding& f : found) {
    const DestinationFacts& d = dests.of(f.channel);
    f.prevalence = d.hosts;
    size_t by_direction = context.hosts[static_cast<size_t>(f.channel.direction)];
    f.internal_hosts = by_direction ? by_direction : context.internal_hosts;
    f.bare_ip = !f.channel.is_name() && context.was_resolved && !context.was_resolved(f.channel.external);
    int64_t longest_end = f.longest_start_ns + static_cast<int64_t>(f.longest_s * kNsPerS);
    f.open_at_end = f.longest_open && static_cast<double>(data_end_ns - longest_end) / kNsPerS <= kEndSlackS;
    // A session still open is still going: its length so far is a lower bound, and for lengths as
    // heavy-tailed as sessions', one seen at age t lasts about 2t in all (the median, Lindy's rule).
    double longest_s = f.open_at_end ? 2 * f.longest_s : f.longest_s;
    double hours = std::max(longest_s, f.connected_s / 2) / 3600;
    f.factors.duration = std::min(1.0, std::log1p(hours) / std::log1p(kFullHours));
    f.factors.rarity = rarity(f.prevalence, f.internal_hosts);
    f.factors.naming = f.bare_ip ? 1.0 : kNamedFactor;
    f.confidence = f.factors.duration * f.factors.rarity * f.factors.naming;
    if (f.confidence >= options.min_confidence) out.push_back(std::move(f));
  }
  out = fold_into_names(std::move(out));
  std::sort(out.begin(), out.end(), [](const LongConnectionFinding& a, const LongConnectionFinding& b) {
    if (a.confidence != b.confidence) return a.confidence > b.confidence;
    return a.longest_s > b.longest_s;
  });
  return out;
}

std::vector<std::string> explain(const LongConnectionFinding& f) {
  std::vector<std::string> lines;
  std::string longest = format("longest session %s, from %s UTC", human_span(f.longest_s).c_str(),
                               utc_minute(f.longest_start_ns).c_str());
  if (f.open_at_end) longest += ", still open when the data ends";
  lines.push_back(longest);
  lines.push_back(format("%zu session%s of an hour or more; %zu connection%s connected %s in all over %s", f.long_sessions,
                         f.long_sessions == 1 ? "" : "s", f.connections, f.connections == 1 ? "" : "s",
                         human_span(f.connected_s).c_str(), human_span(f.window_s).c_str()));
  lines.push_back("sent " + byte_size(static_cast<double>(f.sent)) + ", received " + byte_size(static_cast<double>(f.received)));
  lines.push_back(prevalence_text(f.channel.direction, f.prevalence, f.internal_hosts));
  if (f.bare_ip) lines.push_back("bare IP: no DNS answer in the data gave this address, and no TLS SNI or HTTP Host named it");
  lines.push_back(format("confidence %.2f = duration %.2f x rarity %.2f x naming %.2f", f.confidence, f.factors.duration,
                         f.factors.rarity, f.factors.naming));
  return lines;
}

}  // namespace vigil
