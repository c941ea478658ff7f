// find_beacons: prevalence per destination first (one pass over the keys), then every channel scored on
// its own, on all cores; address findings that a name finding already covers are folded into it.
#include "detect/beacon_scorer.h"

#include "detect/prevalence.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <thread>
#include <unordered_map>
#include <unordered_set>

namespace vigil {
namespace {

constexpr double kNsPerS = 1e9;
constexpr double kByteFloor = 32;       // bytes: sizes this close are alike whatever the median
constexpr double kDurationFloor = 0.05; // seconds
constexpr double kNamedFactor = 0.9;

// One check-in may open several connections at once (a browser-like client, a retry); they count once.
std::vector<double> check_in_times(const std::vector<ChannelConnection>& conns, double same_s) {
  std::vector<double> t;
  t.reserve(conns.size());
  for (const auto& c : conns) {
    double s = static_cast<double>(c.start_ns) / kNsPerS;
    if (t.empty() || s - t.back() >= same_s) t.push_back(s);
  }
  return t;
}

std::vector<double> message_times(const std::vector<int64_t>& starts) {
  std::vector<double> t;
  t.reserve(starts.size());
  for (int64_t s : starts) t.push_back(static_cast<double>(s) / kNsPerS);
  return t;
}

// Connections grouped into sessions: a new one starts after a quiet gap of at least `gap_s`.
std::vector<double> session_starts(const std::vector<ChannelConnection>& conns, double gap_s) {
  std::vector<double> t;
  double previous = 0;
  for (const auto& c : conns) {
    double s = static_cast<double>(c.start_ns) / kNsPerS;
    if (t.empty() || s - previous >= gap_s) t.push_back(s);
    previous = s;
  }
  return t;
}

// Some implants answer each check-in with a burst (Cobalt Strike's DNS beacon fetches its tasks in
// dozens of queries 0.3 s apart): the rhythm is then in the bursts' starts. Tried only when the
// connections themselves show none, and only when grouping changes the series.
constexpr double kSessionGaps[] = {2.0, 8.0};


uint32_t hour_mask(const std::array<uint32_t, 24>& hours) {
  uint32_t mask = 0;
  for (unsigned h = 0; h < 24; ++h)
    if (hours[h]) mask |= 1u << h;
  return mask;
}

// Cron jobs and system timers fire on the wall clock's minutes; an implant's sleep timer counts from
// whenever it started, so its check-ins fall anywhere in the minute (at random, 2 s in 60: about 3%).
// The share of check-ins starting within 2 s after a whole minute, when the period is whole minutes; else 0.
constexpr double kClockWindowS = 2;
constexpr double kOnTheClockShare = 0.9;
constexpr double kOnTheClockFactor = 0.6;

double share_on_the_clock(const std::vector<double>& times, double period_s) {
  double minutes = period_s / 60;
  if (minutes < 0.99 || std::abs(minutes - std::round(minutes)) > 0.01 * minutes || times.empty()) return 0;
  size_t on = 0;
  for (double t : times) on += std::fmod(t, 60.0) < kClockWindowS;
  return static_cast<double>(on) / static_cast<double>(times.size());
}

void measure_regularity(const std::vector<ChannelConnection>& conns, BeaconFinding& f) {
  std::vector<double> v(conns.size());
  for (size_t i = 0; i < conns.size(); ++i) v[i] = static_cast<double>(conns[i].orig_bytes);
  f.sent = regularity_of(v, kByteFloor);
  for (size_t i = 0; i < conns.size(); ++i) v[i] = static_cast<double>(conns[i].resp_bytes);
  f.received = regularity_of(v, kByteFloor);
  for (size_t i = 0; i < conns.size(); ++i) v[i] = static_cast<double>(conns[i].duration_ns) / kNsPerS;
  f.duration_s = regularity_of(v, kDurationFloor);
}

}  // namespace

BeaconFinding score_channel(const ChannelKey& key, const ChannelSummary& summary, size_t prevalence,
                            const BeaconContext& context, const BeaconOptions& options) {
  BeaconFinding f;
  f.channel = key;
  f.connections = summary.count();
  f.prevalence = prevalence;
  f.internal_hosts = context.hosts_for(key.direction);
  f.first_ns = summary.series.first_ns();
  f.last_ns = summary.series.last_ns();
  f.named_by_dns = summary.named_by_dns;
  f.bare_ip = !key.is_name() && context.was_resolved && !context.was_resolved(key.external);
  // A single-socket implant checks in with messages inside a connection it keeps open (captures show them).
  bool by_messages = summary.messages.size() > kMinIntervals && summary.messages.size() >= 2 * f.connections;
  if (f.connections <= kMinIntervals && !by_messages) return f;
  std::vector<ChannelConnection> conns = summary.connections();
  std::vector<double> times = by_messages ? message_times(summary.messages) : check_in_times(conns, options.same_check_in_s);
  if (by_messages) {
    f.messages = times.size();
    f.first_ns = summary.messages.front();
    f.last_ns = summary.messages.back();
  }
  f.period = estimate_period(times);
  f.check_in_gap_s = options.same_check_in_s;
  for (double gap : kSessionGaps) {
    if (f.period.periodic || by_messages) break;
    std::vector<double> sessions = session_starts(conns, gap);
    if (sessions.size() > kMinIntervals && sessions.size() < times.size() * 4 / 5) {
      times = std::move(sessions);
      f.period = estimate_period(times);
      f.check_in_gap_s = gap;
    }
  }
  if (!f.period.periodic) return f;
  f.plot = plot_check_ins(times, f.period.period_s);
  f.active_hours = hour_mask(f.plot.hours);
  f.addresses = summary.addresses;
  f.user_agents = summary.user_agents;
  measure_regularity(conns, f);
  f.factors.rhythm = f.period.confidence;
  f.factors.alike = 0.8 + 0.2 * (f.sent.share_alike + f.duration_s.share_alike) / 2;
  f.factors.rarity = rarity(prevalence, f.internal_hosts);
  f.factors.naming = f.bare_ip ? 1.0 : kNamedFactor;
  f.on_the_clock = share_on_the_clock(times, f.period.period_s);
  f.factors.schedule = f.on_the_clock >= kOnTheClockShare ? kOnTheClockFactor : 1.0;
  f.score = f.factors.rhythm * f.factors.alike * f.factors.rarity * f.factors.naming * f.factors.schedule;
  return f;
}

namespace {


bool allowlisted(const ChannelKey& key, const Allowlist* list) {
  if (!list) return false;
  return key.is_name() ? list->allows_name(key.name) : list->allows_address(key.external);
}

// An address finding whose address a name finding of the same host, port and protocol lists tells
// nothing new: the name finding is the one to read.
std::vector<BeaconFinding> fold_address_findings(std::vector<BeaconFinding> findings, size_t& folded) {
  struct Covered {
    IpAddr host, address;
    uint16_t port;
    TransportProto proto;
    Direction direction;
    bool operator==(const Covered&) const = default;
  };
  struct CoveredHash {
    size_t operator()(const Covered& c) const { return (c.host.lo() * 31 + c.address.lo()) ^ (c.port * 7919u); }
  };
  std::unordered_set<Covered, CoveredHash> covered;
  for (const BeaconFinding& f : findings) {
    if (!f.channel.is_name()) continue;
    for (const IpAddr& a : f.addresses)
      covered.insert({f.channel.internal, a, f.channel.port, f.channel.proto, f.channel.direction});
  }
  std::vector<BeaconFinding> out;
  for (BeaconFinding& f : findings) {
    if (!f.channel.is_name() &&
        covered.contains({f.channel.internal, f.channel.external, f.channel.port, f.channel.proto, f.channel.direction})) {
      ++folded;
      continue;
    }
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace

std::vector<BeaconFinding> find_beacons(const ChannelMap& channels, const BeaconContext& context,
                                        const BeaconOptions& options, BeaconRunStats* stats) {
  BeaconRunStats local;
  BeaconRunStats& st = stats ? *stats : local;
  st.channels = channels.size();
  DestinationTable dests(channels);
  std::vector<std::pair<const ChannelKey*, const ChannelSummary*>> work;
  work.reserve(channels.size());
  for (const auto& [key, summary] : channels) {
    if (allowlisted(key, options.allowlist)) {
      ++st.allowlisted;
      continue;
    }
    if (summary.count() <= kMinIntervals && summary.messages.size() <= kMinIntervals) continue;
    if (mostly_named(key, summary)) {
      ++st.named_elsewhere;
      continue;
    }
    work.emplace_back(&key, &summary);
  }
  st.scored = work.size();
  unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<size_t>(threads, std::max<size_t>(1, work.size() / 256)));
  std::vector<std::vector<BeaconFinding>> found(threads);
  auto run = [&](unsigned t) {
    for (size_t i = t; i < work.size(); i += threads) {
      const auto& [key, summary] = work[i];
      const DestinationFacts& d = dests.of(*key);
      BeaconFinding f = score_channel(*key, *summary, d.hosts, context, options);
      f.destination_first_ns = d.first_ns;
      // A channel with no rhythm is no beacon finding, even at a threshold of 0 (its score is 0).
      if (f.period.periodic && f.score >= options.min_score) found[t].push_back(std::move(f));
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(run, t);
  run(0);
  for (auto& th : pool) th.join();
  std::vector<BeaconFinding> all;
  for (auto& v : found) std::move(v.begin(), v.end(), std::back_inserter(all));
  size_t reported_before = all.size();
  all = fold_address_findings(std::move(all), st.merged_into_name);
  st.below_threshold = st.scored - reported_before;
  std::sort(all.begin(), all.end(), [](const BeaconFinding& a, const BeaconFinding& b) {
    if (a.score != b.score) return a.score > b.score;
    return a.connections > b.connections;
  });
  return all;
}

}  // namespace vigil
