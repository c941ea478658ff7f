#include "detect/exfiltration.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "core/text_format.h"
#include "detect/prevalence.h"

namespace vigil {
namespace {

constexpr double kNsPerS = 1e9;
constexpr double kVolumeFloor = 10e6;  // bytes: the volume factor's zero

bool considered(const ChannelKey& key, const ChannelSummary& s, const ExfiltrationOptions& options) {
  if (key.direction != Direction::kOutbound || mostly_named(key, s)) return false;
  if (!options.allowlist) return true;
  return !(key.is_name() ? options.allowlist->allows_name(key.name) : options.allowlist->allows_address(key.external));
}

bool off_hours(int64_t start_ns, const ExfiltrationOptions& o) {
  int64_t s = start_ns / 1'000'000'000;
  int hour = static_cast<int>(((s % 86400) + 86400) % 86400 / 3600);
  return hour < o.work_start_hour || hour >= o.work_end_hour;
}

ExfiltrationFinding measure(const ChannelKey& key, const ChannelSummary& s, const ExfiltrationOptions& options) {
  ExfiltrationFinding f;
  f.channel = key;
  std::vector<ChannelConnection> conns = s.connections();
  f.connections = conns.size();
  f.first_ns = conns.front().start_ns;
  f.last_ns = conns.back().start_ns;
  uint64_t off = 0;
  double width = std::max(1.0, static_cast<double>(f.last_ns - f.first_ns) / f.sent_over_time.size());
  for (const ChannelConnection& c : conns) {
    f.sent += c.orig_bytes;
    f.received += c.resp_bytes;
    if (off_hours(c.start_ns, options)) off += c.orig_bytes;
    size_t bin = std::min(f.sent_over_time.size() - 1, static_cast<size_t>(static_cast<double>(c.start_ns - f.first_ns) / width));
    f.sent_over_time[bin] += c.orig_bytes;
    int64_t sec = c.start_ns / 1'000'000'000;
    f.sent_by_hour[static_cast<size_t>(((sec % 86400) + 86400) % 86400 / 3600)] += c.orig_bytes;
  }
  f.off_hours_share = f.sent ? static_cast<double>(off) / static_cast<double>(f.sent) : 0;
  return f;
}

}  // namespace

std::vector<ExfiltrationFinding> find_exfiltration(const ChannelMap& channels, const ExfiltrationContext& context,
                                                   const ExfiltrationOptions& options) {
  // Everything each host sent outside, through its address channels (every outbound connection is in
  // exactly one of them): the baseline a single destination is measured against.
  std::unordered_map<IpAddr, uint64_t, IpAddrHash> host_sent;
  for (const auto& [key, s] : channels)
    if (key.direction == Direction::kOutbound && !key.is_name()) host_sent[key.internal] += s.sent_bytes;
  std::vector<std::pair<const ChannelKey*, const ChannelSummary*>> candidates;
  for (const auto& [key, s] : channels)
    if (s.sent_bytes >= options.min_sent_bytes && considered(key, s, options)) candidates.emplace_back(&key, &s);
  DestinationTable dests(channels);
  std::vector<ExfiltrationFinding> out;
  for (const auto& [key, s] : candidates) {
    ExfiltrationFinding f = measure(*key, *s, options);
    if (f.sent < options.min_sent_bytes) continue;
    f.host_sent = host_sent[key->internal];
    f.prevalence = dests.of(*key).hosts;
    f.internal_hosts = context.internal_hosts;
    f.bare_ip = !key->is_name() && context.was_resolved && !context.was_resolved(key->external);
    double sent = static_cast<double>(f.sent), received = static_cast<double>(f.received);
    f.factors.volume = std::clamp(std::log10(sent / kVolumeFloor) / 2, 0.0, 1.0);
    f.factors.lopsided = std::max(0.0, (sent - received) / (sent + received));
    f.factors.share = std::min(1.0, 2 * sent / std::max(1.0, static_cast<double>(f.host_sent)));
    f.factors.rarity = rarity(f.prevalence, f.internal_hosts);
    f.factors.hours = 0.7 + 0.3 * f.off_hours_share;
    f.confidence = f.factors.volume * f.factors.lopsided * f.factors.share * f.factors.rarity * f.factors.hours;
    if (f.confidence >= options.min_confidence) out.push_back(std::move(f));
  }
  std::sort(out.begin(), out.end(), [](const ExfiltrationFinding& a, const ExfiltrationFinding& b) {
    if (a.confidence != b.confidence) return a.confidence > b.confidence;
    return a.sent > b.sent;
  });
  return out;
}

std::vector<std::string> explain(const ExfiltrationFinding& f) {
  std::vector<std::string> lines;
  lines.push_back("sent " + byte_size(static_cast<double>(f.sent)) + ", received " + byte_size(static_cast<double>(f.received)) +
                  format(" (producer-consumer ratio %.2f) in %zu connection%s", f.factors.lopsided, f.connections,
                         f.connections == 1 ? "" : "s"));
  lines.push_back(format("%.0f%% of everything this host sent outside (", 100 * static_cast<double>(f.sent) /
                                                                            std::max(1.0, static_cast<double>(f.host_sent))) +
                  byte_size(static_cast<double>(f.host_sent)) + ")");
  lines.push_back(format("%.0f%% of the bytes sent outside working hours (before 07:00 or after 19:00 UTC)",
                         100 * f.off_hours_share));
  lines.push_back("from " + utc_minute(f.first_ns) + " to " + utc_minute(f.last_ns) + " UTC");
  lines.push_back(prevalence_text(f.channel.direction, f.prevalence, f.internal_hosts));
  if (f.bare_ip) lines.push_back("bare IP: no DNS answer in the data gave this address, and no TLS SNI or HTTP Host named it");
  lines.push_back(format("confidence %.2f = volume %.2f x lopsided %.2f x share %.2f x rarity %.2f x hours %.2f",
                         f.confidence, f.factors.volume, f.factors.lopsided, f.factors.share, f.factors.rarity,
                         f.factors.hours));
  return lines;
}

}  // namespace vigil
