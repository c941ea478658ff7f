// Sign placement: hosts, names, addresses, schedules and truth rows, one function per kind of sign.
#include "signs.h"

#include <algorithm>
#include <cmath>

#include "bulk_transfer.h"
#include "dns_beacon.h"
#include "dns_tunnel.h"
#include "hashed_lookups.h"
#include "implant_channel.h"
#include "inbound_poller.h"
#include "long_poll.h"
#include "long_session.h"
#include "occasional_visit.h"

namespace vigil::sim {
namespace {

constexpr uint64_t kStreamSignPlacement = 31, kStreamSignChannel = 32, kStreamLookalike = 33;
constexpr size_t kSshServers = 4;
constexpr size_t kSshServerIndex = 100;  // World::server(100..): SSH targets; web servers from 0
constexpr double kOpenShellMaxPauseS = 40;  // an operator at work when the data end: the last byte is recent

class SignPlacer {
 public:
  SignPlacer(const Scenario& sc, World& world, std::vector<std::unique_ptr<SimChannel>>& channels,
             std::vector<TruthChannel>& truth)
      : sc_(sc), world_(world), channels_(channels), truth_(truth), rng_(sc.seed, kStreamSignPlacement, 0),
        end_ns_(sc.start_ns + to_ns(sc.days * 86400)) {
    // Malicious instances take hosts in a shuffled order: distinct until every host has one.
    for (size_t h = 0; h < sc.hosts; ++h) host_order_.push_back(h);
    for (size_t i = 0; i + 1 < host_order_.size(); ++i)
      std::swap(host_order_[i], host_order_[i + rng_.below(host_order_.size() - i)]);
  }

  void place(const SignProfile& p) {
    if (!p.malicious) return lookalike(p);
    for (size_t k = 0; k < sc_.signs_per_profile; ++k) {
      seed_ = gencap::mix64(sc_.seed ^ gencap::mix64(kStreamSignChannel << 40 ^ hash_name(p.name) ^ k));
      intrusion(p);
    }
  }

 private:
  void intrusion(const SignProfile& p);
  void lookalike(const SignProfile& p);
  void dns_tunnel(const SignProfile& p, size_t host);
  void dns_beacon(const SignProfile& p, size_t host);
  void shell(const SignProfile& p, size_t host);
  void transfer(const SignProfile& p, size_t host, const std::string& name, const std::vector<IpAddr>& answers);
  void direct_ip(const SignProfile& p, size_t host);
  void web_shell(const SignProfile& p);
  void feed_hit(const SignProfile& p, size_t host);
  void rare_tool(const SignProfile& p, size_t host);
  void rare_visits(const SignProfile& p, SimRng& rng);
  void long_polls(const SignProfile& p, SimRng& rng);
  void hashed_lookups(const SignProfile& p, SimRng& rng);
  void admin_ssh(const SignProfile& p, SimRng& rng);

  size_t next_host() { return host_order_[next_++ % host_order_.size()]; }
  // A look-alike instance's channel seed: by profile and `instance` (a host, or a host and its server).
  uint64_t lookalike_seed(const SignProfile& p, uint64_t instance) const {
    return gencap::mix64(sc_.seed ^ gencap::mix64(kStreamLookalike << 40 ^ hash_name(p.name) ^ instance));
  }
  // A look-alike's hosts: round(share × hosts), at least one, in host order.
  std::vector<size_t> some_hosts(SimRng& rng, double share) const;
  int64_t scenario_ns() const { return end_ns_ - sc_.start_ns; }
  // When a campaign starts: in the first half of the first day (of the scenario, if shorter), so that even a
  // one-day run shows every beacon-like sign for at least half a day.
  int64_t early_start() { return sc_.start_ns + to_ns(rng_.uniform(0, std::min(43200.0, sc_.days * 43200))); }

  TruthChannel row(const SignProfile& p, const IpAddr& internal, std::string name, std::vector<IpAddr> addresses,
                   uint16_t port) const;
  int add(TruthChannel t) {
    truth_.push_back(std::move(t));
    return static_cast<int>(truth_.size() - 1);
  }

  const Scenario& sc_;
  World& world_;
  std::vector<std::unique_ptr<SimChannel>>& channels_;
  std::vector<TruthChannel>& truth_;
  SimRng rng_;
  int64_t end_ns_;
  std::vector<size_t> host_order_;
  size_t next_ = 0;
  size_t web_servers_ = 0;
  uint64_t seed_ = 0;  // the current instance's channel seed
};

TruthChannel SignPlacer::row(const SignProfile& p, const IpAddr& internal, std::string name,
                             std::vector<IpAddr> addresses, uint16_t port) const {
  TruthChannel t;
  t.implant = p.malicious;
  t.label = p.name;
  t.detector = p.detector;
  t.direction = p.direction;
  t.internal = internal;
  t.name = std::move(name);
  t.addresses = std::move(addresses);
  t.port = port;
  t.proto = port == 53 ? TransportProto::kUdp : TransportProto::kTcp;
  t.jitter_model = "none";
  t.working_hours = p.working_hours;
  if (p.period_s > 0) {  // only signs with a rhythm fill the rhythm columns
    t.sleep_s = t.mean_interval_s = p.period_s;
    t.jitter_model = "symmetric";
    t.jitter = p.jitter;
  }
  return t;
}

std::vector<size_t> SignPlacer::some_hosts(SimRng& rng, double share) const {
  size_t n = std::clamp<size_t>(static_cast<size_t>(std::llround(share * static_cast<double>(sc_.hosts))), 1, sc_.hosts);
  std::vector<size_t> all(sc_.hosts);
  for (size_t h = 0; h < all.size(); ++h) all[h] = h;
  for (size_t i = 0; i < n; ++i) std::swap(all[i], all[i + rng.below(all.size() - i)]);
  all.resize(n);
  std::sort(all.begin(), all.end());
  return all;
}

void SignPlacer::intrusion(const SignProfile& p) {
  switch (p.kind) {
    case SignKind::kDnsTunnel: return dns_tunnel(p, next_host());
    case SignKind::kDnsBeacon: return dns_beacon(p, next_host());
    case SignKind::kShell: return shell(p, next_host());
    case SignKind::kTransfer:  // the attacker's own drop server: a name nobody else uses
      return transfer(p, next_host(), world_.new_name(World::NameStyle::kC2), {world_.new_external()});
    case SignKind::kDirectIpBeacon: return direct_ip(p, next_host());
    case SignKind::kInboundPoller: return web_shell(p);
    case SignKind::kOccasionalVisit: return feed_hit(p, next_host());
    case SignKind::kRareTool: return rare_tool(p, next_host());
    default: return;  // the look-alike kinds have no malicious form
  }
}

void SignPlacer::lookalike(const SignProfile& p) {
  SimRng rng(sc_.seed, kStreamLookalike, hash_name(p.name));
  switch (p.kind) {
    case SignKind::kLongPoll: return long_polls(p, rng);
    case SignKind::kHashedLookups: return hashed_lookups(p, rng);
    case SignKind::kAdminSsh: return admin_ssh(p, rng);
    case SignKind::kOccasionalVisit: return rare_visits(p, rng);
    case SignKind::kTransfer: {
      // One well-known name on all of them: prevalence is what makes it benign.
      const bool backup = p.upload;
      std::string name = backup ? kBackupName : kUpdateName;
      std::vector<IpAddr> answers;
      if (backup) {
        for (int i = 0; i < 4; ++i) answers.push_back(world_.new_external());
      } else {
        answers = world_.cdn_addresses(rng, 4);
      }
      for (size_t host : some_hosts(rng, p.host_share)) {
        seed_ = lookalike_seed(p, host);
        std::rotate(answers.begin(), answers.begin() + 1, answers.end());  // hosts spread over the addresses
        transfer(p, host, name, answers);
      }
      return;
    }
    default: return;
  }
}

void SignPlacer::dns_tunnel(const SignProfile& p, size_t host) {
  DnsTunnelSetup s;
  s.host = host;
  std::string domain = world_.new_domain();
  s.zone = "t1." + domain;
  s.bytes_per_s = p.bytes_per_s;
  s.session_min_s = p.session_min_s, s.session_max_s = p.session_max_s;
  s.start_ns = sc_.start_ns, s.end_ns = end_ns_;
  s.seed = seed_;
  s.truth = add(row(p, world_.host(host), domain, {world_.resolver()}, 53));
  channels_.push_back(std::make_unique<DnsTunnel>(std::move(s)));
}

void SignPlacer::dns_beacon(const SignProfile& p, size_t host) {
  DnsBeaconSetup s;
  s.host = host;
  std::string domain = world_.new_domain();
  s.zone = "ns1." + domain;
  s.period_s = p.period_s, s.jitter = p.jitter;
  s.start_ns = early_start(), s.end_ns = end_ns_;
  s.seed = seed_;
  s.truth = add(row(p, world_.host(host), domain, {world_.resolver()}, 53));
  channels_.push_back(std::make_unique<DnsBeacon>(std::move(s)));
}

// A reverse shell: the victim connects out to the operator's listener on a bare address.
void SignPlacer::shell(const SignProfile& p, size_t host) {
  LongSessionSetup s;
  s.host = host;
  s.server = world_.new_external();
  s.port = p.port != 0 ? p.port : rng_.chance(0.5) ? 4444 : 443;  // 443 without TLS: blends in by port only
  s.talk = SessionTalk::kShell;
  const double scenario_s = static_cast<double>(scenario_ns()) / 1e9;
  if (p.open_at_end) {
    // Started 1–4 h before the end and still going: the capture's end cuts it (conn_state S1).
    double before_s = std::min(rng_.uniform(p.session_min_s, p.session_max_s), scenario_s);
    s.first_ns = end_ns_ - to_ns(before_s);
    s.length_s = before_s + 600;
    s.max_pause_s = kOpenShellMaxPauseS;
  } else {
    s.length_s = std::min(rng_.uniform(p.session_min_s, p.session_max_s), 0.8 * scenario_s);
    s.first_ns = sc_.start_ns + to_ns(rng_.uniform(0, 0.9 * scenario_s - s.length_s));
  }
  s.start_ns = sc_.start_ns, s.end_ns = end_ns_;
  s.seed = seed_;
  s.truth = add(row(p, world_.host(host), "", {s.server}, s.port));
  channels_.push_back(std::make_unique<LongSession>(std::move(s)));
}

void SignPlacer::transfer(const SignProfile& p, size_t host, const std::string& name,
                          const std::vector<IpAddr>& answers) {
  TransferSetup s;
  s.host = host;
  s.name = name;
  s.answers = answers;
  s.upload = p.upload;
  s.bytes_min = p.bytes_min, s.bytes_max = p.bytes_max;
  s.rate_min = p.rate_min, s.rate_max = p.rate_max;
  s.nightly = p.nightly;
  s.night_from_h = p.night_from_h, s.night_to_h = p.night_to_h;
  if (!p.malicious && p.nightly) {  // a backup job runs at its own time each night, give or take minutes
    s.night_from_h = rng_.uniform(p.night_from_h, p.night_to_h - 0.5);
    s.night_to_h = s.night_from_h + 0.25;
  }
  s.events_per_day = rng_.uniform(p.events_per_day_min, p.events_per_day_max);
  s.start_ns = sc_.start_ns, s.end_ns = end_ns_;
  s.seed = seed_;
  s.truth = add(row(p, world_.host(host), name, answers, 443));
  channels_.push_back(std::make_unique<BulkTransferChannel>(std::move(s)));
}

// Direct-to-IP C2: an implant with no name. HTTP's Host header carries the address itself.
void SignPlacer::direct_ip(const SignProfile& p, size_t host) {
  ImplantSetup s;
  s.profile.name = p.name;
  s.profile.sleep_s = p.period_s;
  s.profile.model = JitterModel::kSymmetric;
  s.profile.jitter = p.jitter;
  s.host = host;
  s.addresses = {world_.new_external()};
  s.name = s.addresses.front().to_string();
  s.port = p.port;
  s.resolves = false;
  s.campaign_start_ns = early_start();
  s.campaign_end_ns = end_ns_;
  s.seed = seed_;
  s.truth = add(row(p, world_.host(host), "", s.addresses, s.port));
  channels_.push_back(std::make_unique<ImplantChannel>(std::move(s)));
}

// A web shell on one of the site's own web servers (10.0.1.x, not a workstation), polled from outside.
void SignPlacer::web_shell(const SignProfile& p) {
  InboundPollerSetup s;
  s.server = world_.server(web_servers_++);
  s.name = world_.new_name(World::NameStyle::kSite);  // the site's public name, in SNI
  s.peer = world_.new_external();
  s.port = p.port;
  s.period_s = p.period_s, s.jitter = p.jitter;
  s.start_ns = early_start(), s.end_ns = end_ns_;
  s.seed = seed_;
  s.truth = add(row(p, s.server, s.name, {s.peer}, s.port));
  channels_.push_back(std::make_unique<InboundPoller>(std::move(s)));
}

void SignPlacer::feed_hit(const SignProfile& p, size_t host) {
  VisitSetup s;
  s.host = host;
  s.name = world_.new_name(World::NameStyle::kC2);
  s.answers = {world_.new_external()};
  s.per_day = rng_.uniform(p.events_per_day_min, p.events_per_day_max);
  s.start_ns = sc_.start_ns, s.end_ns = end_ns_;
  s.seed = seed_;
  s.truth = add(row(p, world_.host(host), s.name, s.answers, 443));
  channels_.push_back(std::make_unique<OccasionalVisit>(std::move(s)));
}

// A custom implant over HTTP with a user agent of its own: an old-Internet-Explorer string with the build's
// mark in it, as operators' profiles carry (Cobalt Strike's malleable profiles set any agent they like).
void SignPlacer::rare_tool(const SignProfile& p, size_t host) {
  ImplantSetup s;
  s.profile.name = p.name;
  s.profile.sleep_s = p.period_s;
  s.profile.model = JitterModel::kSymmetric;
  s.profile.jitter = p.jitter;
  s.host = host;
  s.name = world_.new_name(World::NameStyle::kC2);
  s.addresses = {world_.new_external()};
  s.port = p.port;
  s.user_agent = "Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1; Trident/4.0; SLCC2; " +
                 std::to_string(seed_ % 100000) + ")";
  s.campaign_start_ns = early_start();
  s.campaign_end_ns = end_ns_;
  s.seed = seed_;
  s.truth = add(row(p, world_.host(host), s.name, s.addresses, s.port));
  channels_.push_back(std::make_unique<ImplantChannel>(std::move(s)));
}

// A look-alike's visits with its own user agent: to the name every host's updates come from, or (own_server)
// to a test server of each host's own.
void SignPlacer::rare_visits(const SignProfile& p, SimRng& rng) {
  const std::vector<IpAddr> shared = world_.cdn_addresses(rng, 4);
  for (size_t host : some_hosts(rng, p.host_share)) {
    VisitSetup s;
    s.host = host;
    s.name = p.own_server ? world_.new_name(World::NameStyle::kApi) : kUpdateName;
    s.answers = p.own_server ? std::vector<IpAddr>{world_.new_external()} : shared;
    s.user_agent = p.user_agent;
    s.port = p.port;
    s.per_day = rng.uniform(p.events_per_day_min, p.events_per_day_max);
    s.start_ns = sc_.start_ns, s.end_ns = end_ns_;
    s.seed = lookalike_seed(p, host);
    s.truth = add(row(p, world_.host(host), s.name, s.answers, s.port));
    channels_.push_back(std::make_unique<OccasionalVisit>(std::move(s)));
  }
}

void SignPlacer::long_polls(const SignProfile& p, SimRng& rng) {
  const std::vector<IpAddr> answers = world_.cdn_addresses(rng, 4);
  for (size_t host : some_hosts(rng, p.host_share)) {
    LongPollSetup s;
    s.host = host;
    s.name = kLongPollName;
    s.answers = answers;
    s.connection_min_s = p.session_min_s, s.connection_max_s = p.session_max_s;
    s.start_ns = sc_.start_ns, s.end_ns = end_ns_;
    s.seed = lookalike_seed(p, host);
    s.truth = add(row(p, world_.host(host), s.name, answers, 443));
    channels_.push_back(std::make_unique<LongPoll>(std::move(s)));
  }
}

void SignPlacer::hashed_lookups(const SignProfile& p, SimRng& rng) {
  const uint64_t popular_seed = rng.next();
  for (size_t host : some_hosts(rng, p.host_share)) {
    HashedLookupSetup s;
    s.host = host;
    s.zone = kAvZone;
    s.per_day = rng.uniform(p.events_per_day_min, p.events_per_day_max);
    s.popular_seed = popular_seed;
    s.start_ns = sc_.start_ns, s.end_ns = end_ns_;
    s.seed = lookalike_seed(p, host);
    s.truth = add(row(p, world_.host(host), kAvDomain, {world_.resolver()}, 53));
    channels_.push_back(std::make_unique<HashedLookups>(std::move(s)));
  }
}

// 2–3 admin hosts, each with SSH sessions to 1–3 of the site's servers, looked up by their internal names.
void SignPlacer::admin_ssh(const SignProfile& p, SimRng& rng) {
  size_t admins = std::min(sc_.hosts, p.admin_hosts + rng.below(2));
  for (size_t host : some_hosts(rng, static_cast<double>(admins) / static_cast<double>(sc_.hosts))) {
    size_t servers = 1 + rng.below(3);
    size_t first = rng.below(kSshServers);
    for (size_t i = 0; i < servers; ++i) {
      size_t index = (first + i) % kSshServers;
      LongSessionSetup s;
      s.host = host;
      s.server = world_.server(kSshServerIndex + index);
      s.port = p.port;
      s.service = "ssh";
      s.dns_name = "srv-0" + std::to_string(index + 1) + ".corp.internal";
      s.talk = SessionTalk::kSsh;
      s.daily = true;
      s.length_min_s = p.session_min_s, s.length_max_s = p.session_max_s;
      s.start_ns = sc_.start_ns, s.end_ns = end_ns_;
      s.seed = lookalike_seed(p, host << 8 | index);
      s.truth = add(row(p, world_.host(host), s.dns_name, {s.server}, s.port));
      channels_.push_back(std::make_unique<LongSession>(std::move(s)));
    }
  }
}

}  // namespace

void add_signs(const Scenario& scenario, World& world, std::vector<std::unique_ptr<SimChannel>>& channels,
               std::vector<TruthChannel>& truth) {
  if (scenario.signs.empty() || scenario.hosts == 0) return;
  SignPlacer placer(scenario, world, channels, truth);
  for (const SignProfile& p : scenario.signs) placer.place(p);
}

}  // namespace vigil::sim
