// The benign services: names and addresses shared by all hosts, schedules per host.
#include "background.h"

#include <algorithm>
#include <array>

#include "browsing_host.h"
#include "periodic_service.h"
#include "push_channel.h"

namespace vigil::sim {
namespace {

constexpr uint64_t kStreamServices = 21, kStreamBrowsing = 22, kStreamHostService = 23;
constexpr double kMonitoredShare = 0.3;  // hosts running the monitoring agent
constexpr size_t kHostsPerCronJob = 100;  // one developer's cron job per 100 hosts, at least one

// The names every host shares. Real, well-known service names make the demo read naturally; their
// addresses are random like everything else.
struct SharedNames {
  std::vector<IpAddr> ntp_pool, update_http, update_tls, telemetry, mail, monitoring, push;
  std::string monitoring_name;
};

std::vector<IpAddr> fresh(World& world, size_t n) {
  std::vector<IpAddr> out;
  for (size_t i = 0; i < n; ++i) out.push_back(world.new_external());
  return out;
}

TruthChannel truth_row(const ServiceSetup& s, const World& world, const IpAddr& used) {
  TruthChannel t;
  t.label = s.label;
  t.detector = "beacon";
  t.internal = world.host(s.host);
  t.name = s.name;
  t.addresses = {used};
  t.port = s.port;
  t.proto = s.app == ServiceApp::kNtp ? TransportProto::kUdp : TransportProto::kTcp;
  t.sleep_s = s.period_s;
  t.mean_interval_s = s.clock_aligned ? s.period_s : mean_interval_s(s.model, s.period_s, s.jitter);
  t.jitter_model = std::string(to_string(s.model));
  t.jitter = s.jitter;
  return t;
}

class HostServices {
 public:
  HostServices(const Scenario& sc, const World& world, std::vector<std::unique_ptr<SimChannel>>& channels,
               std::vector<TruthChannel>& truth)
      : sc_(sc), world_(world), channels_(channels), truth_(truth),
        end_ns_(sc.start_ns + to_ns(sc.days * 86400)) {}

  void add(ServiceSetup s) {
    s.end_ns = end_ns_;
    s.seed = gencap::mix64(sc_.seed ^ gencap::mix64(kStreamHostService << 40 | count_++));
    s.truth = static_cast<int>(truth_.size());
    truth_.push_back(truth_row(s, world_, s.answers.front()));
    channels_.push_back(std::make_unique<PeriodicService>(std::move(s), sc_.start_ns));
  }

  void add_push(PushSetup p) {
    p.end_ns = end_ns_;
    p.seed = gencap::mix64(sc_.seed ^ gencap::mix64(kStreamHostService << 40 | count_++));
    TruthChannel t;
    t.label = "push";  // also the push look-alike of a long connection: every host keeps one all day
    t.detector = "beacon";
    t.internal = world_.host(p.host);
    t.name = p.name;
    t.addresses = {p.answers.front()};
    t.port = 443;
    t.sleep_s = t.mean_interval_s = p.reconnect_s;
    t.jitter_model = "symmetric";
    t.jitter = 0.5;
    p.truth = static_cast<int>(truth_.size());
    truth_.push_back(std::move(t));
    channels_.push_back(std::make_unique<PushChannel>(std::move(p), sc_.start_ns));
  }

 private:
  const Scenario& sc_;
  const World& world_;
  std::vector<std::unique_ptr<SimChannel>>& channels_;
  std::vector<TruthChannel>& truth_;
  int64_t end_ns_;
  uint64_t count_ = 0;
};

// The answers rotated by `k`: hosts spread over a pool, each sticking to the address it got.
std::vector<IpAddr> rotated(std::vector<IpAddr> v, size_t k) {
  std::rotate(v.begin(), v.begin() + static_cast<ptrdiff_t>(k % v.size()), v.end());
  return v;
}

void add_services_of_host(size_t h, SimRng& rng, const SharedNames& names, HostServices& out) {
  ServiceSetup ntp;
  ntp.label = "ntp";
  ntp.host = h;
  ntp.name = "time.windows.com";
  ntp.answers = rotated(names.ntp_pool, rng.below(names.ntp_pool.size()));
  ntp.app = ServiceApp::kNtp;
  ntp.port = 123;
  ntp.period_s = static_cast<double>(64 << rng.below(5));  // poll interval 2^6 .. 2^10 s
  ntp.model = JitterModel::kSymmetric;
  ntp.jitter = 0.02;
  ntp.ttl_s = 86400;
  out.add(ntp);

  ServiceSetup update;
  update.label = "os-update";
  update.host = h;
  bool http = rng.chance(0.5);
  update.name = http ? "ctldl.windowsupdate.com" : "fe3cr.delivery.mp.microsoft.com";
  update.answers = rotated(http ? names.update_http : names.update_tls, rng.below(4));
  update.app = http ? ServiceApp::kHttp : ServiceApp::kTls;
  update.port = http ? 80 : 443;
  update.http_uri = "/msdownload/update/v3/static/trustedr/en/authrootstl.cab";
  update.http_user_agent = "Microsoft-CryptoAPI/10.0";
  update.period_s = 3600;
  update.model = JitterModel::kSymmetric;
  update.jitter = 0.2;
  update.response_min = 300, update.response_max = 60'000;
  out.add(update);

  ServiceSetup telemetry;
  telemetry.label = "telemetry";
  telemetry.host = h;
  telemetry.name = "v10.events.data.microsoft.com";
  telemetry.answers = rotated(names.telemetry, rng.below(names.telemetry.size()));
  telemetry.period_s = rng.uniform(300, 900);
  telemetry.model = JitterModel::kSymmetric;
  telemetry.jitter = 0.1;
  telemetry.request_min = 2'000, telemetry.request_max = 8'000;
  telemetry.response_min = 100, telemetry.response_max = 300;
  out.add(telemetry);

  ServiceSetup mail;
  mail.label = "mail-poll";
  mail.host = h;
  mail.name = "outlook.office365.com";
  mail.answers = rotated(names.mail, rng.below(names.mail.size()));
  constexpr std::array<double, 4> kMailPeriods = {60, 120, 180, 300};
  mail.period_s = kMailPeriods[rng.below(kMailPeriods.size())];
  mail.model = JitterModel::kSymmetric;
  mail.jitter = 0.01;
  out.add(mail);

  if (rng.chance(kMonitoredShare)) {
    ServiceSetup agent;
    agent.label = "monitoring-agent";
    agent.host = h;
    agent.name = names.monitoring_name;
    agent.answers = rotated(names.monitoring, rng.below(names.monitoring.size()));
    agent.period_s = 60;
    agent.model = JitterModel::kNone;
    agent.request_min = 1'000, agent.request_max = 4'000;
    agent.response_min = 50, agent.response_max = 150;
    out.add(agent);
  }

  PushSetup push;
  push.host = h;
  push.name = "client.wns.windows.com";
  push.answers = rotated(names.push, rng.below(names.push.size()));
  out.add_push(push);
}

}  // namespace

void add_background(const Scenario& scenario, World& world, std::vector<std::unique_ptr<SimChannel>>& channels,
                    std::vector<TruthChannel>& truth) {
  if (!scenario.background || scenario.hosts == 0) return;
  SharedNames names;
  names.ntp_pool = fresh(world, 4);
  names.update_http = fresh(world, 4);
  names.update_tls = fresh(world, 4);
  names.telemetry = fresh(world, 3);
  names.mail = fresh(world, 2);
  names.monitoring = fresh(world, 2);
  names.push = fresh(world, 3);
  names.monitoring_name = world.new_name(World::NameStyle::kApi);  // one SaaS vendor's intake API
  SimRng rng(scenario.seed, kStreamServices, 0);
  HostServices out(scenario, world, channels, truth);
  const int64_t end_ns = scenario.start_ns + to_ns(scenario.days * 86400);
  for (size_t h = 0; h < scenario.hosts; ++h) {
    add_services_of_host(h, rng, names, out);
    channels.push_back(std::make_unique<BrowsingHost>(world, h, scenario.start_ns, end_ns,
                                                      gencap::mix64(scenario.seed ^ (kStreamBrowsing << 40 | h))));
  }
  // The hard false positives: a developer's cron job polling an API no one else uses, every 10 minutes
  // on the clock, from one host.
  size_t jobs = std::max<size_t>(1, scenario.hosts / kHostsPerCronJob);
  for (size_t j = 0; j < jobs; ++j) {
    ServiceSetup cron;
    cron.label = "cron-api-poll";
    cron.host = rng.below(scenario.hosts);
    cron.name = world.new_name(World::NameStyle::kApi);
    cron.answers = fresh(world, 1);
    cron.period_s = 600;
    cron.model = JitterModel::kNone;
    cron.clock_aligned = true;
    cron.response_min = 500, cron.response_max = 5'000;
    out.add(cron);
  }
}

}  // namespace vigil::sim
