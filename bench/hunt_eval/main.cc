// hunt_eval: the labelled simulator's intrusion signs (tunnels, shells, uploads, web-shell polling, feed
// hits...) and their benign look-alikes through the whole hunt, every detector on, as `vigil hunt` runs
// it; prints the "other signs" results of docs/detection.md (Markdown) on stdout:
//   - per detector: recall on the signs it is meant for, precision, false alarms per 1,000 host-days;
//   - per sign: found by its detector, by any;
//   - the host ranking on several seeds: where the infected hosts ranked among 300.
// Usage: vigil_hunt_eval [--hosts N] [--days D] [--seed S] [--per-sign K] [--per-profile K]
//                        [--ranking-seeds N] [--ranking-days D]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "cli/hunt_detectors.h"
#include "cli/record_router.h"
#include "feed_file.h"
#include "hunt_scoring.h"
#include "intel/feed_loader.h"
#include "sign_profile.h"
#include "simulator.h"

namespace {

using vigil::eval::DetectorOutcome;
using vigil::eval::HuntOutcome;
using vigil::eval::RankingOutcome;
using vigil::eval::SignTruth;

struct Settings {
  size_t hosts = 300;
  double days = 2;
  uint64_t seed = 1;
  size_t per_sign = 5;
  size_t per_profile = 5;  // framework-default beacons beside the signs, so the beacon detector is judged too
  size_t ranking_seeds = 5;
  double ranking_days = 1;
};

[[noreturn]] void usage() {
  std::fprintf(stderr, "usage: vigil_hunt_eval [--hosts N] [--days D] [--seed S] [--per-sign K] [--per-profile K] "
                       "[--ranking-seeds N] [--ranking-days D]\n");
  std::exit(2);
}

Settings parse(int argc, char** argv) {
  Settings s;
  for (int i = 1; i < argc; i += 2) {
    if (i + 1 >= argc) usage();
    std::string k = argv[i];
    const char* v = argv[i + 1];
    if (k == "--hosts") s.hosts = std::strtoull(v, nullptr, 10);
    else if (k == "--days") s.days = std::strtod(v, nullptr);
    else if (k == "--seed") s.seed = std::strtoull(v, nullptr, 10);
    else if (k == "--per-sign") s.per_sign = std::strtoull(v, nullptr, 10);
    else if (k == "--per-profile") s.per_profile = std::strtoull(v, nullptr, 10);
    else if (k == "--ranking-seeds") s.ranking_seeds = std::strtoull(v, nullptr, 10);
    else if (k == "--ranking-days") s.ranking_days = std::strtod(v, nullptr);
    else usage();
  }
  return s;
}

struct HuntRun {
  std::vector<vigil::FindingView> findings;
  std::vector<SignTruth> truth;
  uint64_t connections = 0, dns_rows = 0;
  size_t indicators = 0;
  double simulate_and_read_s = 0, detect_s = 0;
};

std::vector<SignTruth> sign_truth(const std::vector<vigil::sim::TruthChannel>& truth) {
  std::vector<SignTruth> out;
  for (const auto& t : truth) {
    SignTruth s{t.implant, t.label, t.detector, t.internal, {}};
    if (!t.name.empty()) s.targets.push_back(t.name);
    for (const auto& a : t.addresses) s.targets.push_back(a.to_string());
    out.push_back(std::move(s));
  }
  return out;
}

// The simulator's feed (the feed-hit signs' names among decoys), loaded as `vigil hunt --feed` would.
vigil::IndicatorSet simulated_feed(const vigil::sim::Scenario& scenario, size_t& count) {
  // The truth is fixed by the seed before any record is made; a first run without sinks gives it.
  std::vector<vigil::sim::TruthChannel> planned = vigil::sim::simulate(scenario, {});
  std::string text;
  for (const std::string& line : vigil::sim::feed_indicators(planned, scenario.seed)) text += line + "\n";
  vigil::IndicatorSet set;
  auto report = vigil::parse_feed_into(set, text, vigil::FeedFormat::kPlain, "simulated-feed");
  count = report.is_ok() ? report.value().loaded : 0;
  return set;
}

// The scenario through the hunt: the same routing and detectors as `vigil hunt`, default thresholds.
HuntRun hunt(const vigil::sim::Scenario& scenario) {
  HuntRun run;
  vigil::cli::DetectorSettings settings;
  settings.indicators = simulated_feed(scenario, run.indicators);
  vigil::ChannelTable table(vigil::Locality(vigil::NetSet::private_networks(), true), vigil::NameOrder::kBeforeConnections);
  vigil::cli::HuntDetectors detectors(table, std::move(settings));
  std::vector<vigil::RecordObserver*> observers = detectors.observers();
  vigil::cli::RecordRouter router{table, observers};
  vigil::sim::SimSink sink;
  sink.conn = [&](vigil::ConnRecord&& c) {
    ++run.connections;
    router.conn(c);
  };
  sink.dns = [&](vigil::DnsRecord&& r) {
    ++run.dns_rows;
    router.dns(r);
  };
  sink.ssl = [&](vigil::SslRecord&& r) { router.ssl(r); };
  sink.http = [&](vigil::HttpRecord&& r) { router.http(r); };
  auto t0 = std::chrono::steady_clock::now();
  run.truth = sign_truth(vigil::sim::simulate(scenario, sink));
  vigil::ChannelMap channels = table.finish();
  auto t1 = std::chrono::steady_clock::now();
  vigil::HuntSummary summary;
  run.findings = detectors.run(channels, summary);
  auto t2 = std::chrono::steady_clock::now();
  run.simulate_and_read_s = std::chrono::duration<double>(t1 - t0).count();
  run.detect_s = std::chrono::duration<double>(t2 - t1).count();
  return run;
}

vigil::sim::Scenario scenario(size_t hosts, double days, uint64_t seed, std::vector<vigil::sim::SignProfile> signs,
                              size_t per_sign, size_t per_profile) {
  vigil::sim::Scenario s;
  s.seed = seed;
  s.hosts = hosts;
  s.days = days;
  s.signs = std::move(signs);
  s.signs_per_profile = per_sign;
  if (per_profile > 0) vigil::sim::profile_set("defaults", s.profiles);
  s.implants_per_profile = per_profile;
  return s;
}

std::string pct(size_t n, size_t of) {
  if (of == 0) return "–";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f%%", 100.0 * static_cast<double>(n) / static_cast<double>(of));
  return buf;
}

double per_thousand_host_days(size_t n, size_t hosts, double days) {
  return static_cast<double>(n) * 1000.0 / (static_cast<double>(hosts) * days);
}

std::string labels_text(const std::map<std::string, size_t>& by_label) {
  std::string out;
  for (const auto& [label, n] : by_label) out += (out.empty() ? "" : ", ") + label + " " + std::to_string(n);
  return out.empty() ? "–" : out;
}

void detector_table(const HuntOutcome& o, size_t hosts, double days) {
  std::printf("| detector | signs meant for it | found | recall | findings | of them true | precision | "
              "false alarms | per 1,000 host-days | false alarms on |\n");
  std::printf("|---|---|---|---|---|---|---|---|---|---|\n");
  for (const auto& [name, d] : o.detectors) {
    std::printf("| %s | %zu | %zu | %s | %zu | %zu | %s | %zu | %.2f | %s |\n", name.c_str(), d.expected, d.found,
                pct(d.found, d.expected).c_str(), d.findings, d.true_findings, pct(d.true_findings, d.findings).c_str(),
                d.false_findings(), per_thousand_host_days(d.false_findings(), hosts, days), labels_text(d.false_by_label).c_str());
  }
}

void sign_table(const HuntOutcome& o) {
  std::printf("| sign | instances | found by its detector | found by any detector | reported by |\n");
  std::printf("|---|---|---|---|---|\n");
  for (const auto& [label, s] : o.signs)
    std::printf("| %s | %zu | %s | %s | %s |\n", label.c_str(), s.instances, pct(s.found_by_expected, s.instances).c_str(),
                pct(s.found_by_any, s.instances).c_str(), labels_text(s.by_detector).c_str());
}

std::string ranks_text(const std::vector<size_t>& ranks) {
  std::string out;
  for (size_t r : ranks) out += (out.empty() ? "" : ", ") + (r ? std::to_string(r) : std::string("–"));
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  Settings s = parse(argc, argv);

  // Per detector: every sign and look-alike, several instances each, with the framework-default beacons.
  auto detectors_run = hunt(scenario(s.hosts, s.days, s.seed, vigil::sim::all_signs(), s.per_sign, s.per_profile));
  HuntOutcome outcome = vigil::eval::score_findings(detectors_run.findings, detectors_run.truth);
  std::printf("## The other signs on the labelled simulator\n\n");
  std::printf("Generated by `scripts/detection-report` (`vigil_hunt_eval --hosts %zu --days %g --seed %llu --per-sign %zu "
              "--per-profile %zu --ranking-seeds %zu --ranking-days %g`). The whole hunt, every detector on at its "
              "default threshold, fed the simulated records in-process through the same routing as `vigil hunt` "
              "(the feed is the simulator's `feed.txt`).\n\n",
              s.hosts, s.days, static_cast<unsigned long long>(s.seed), s.per_sign, s.per_profile, s.ranking_seeds,
              s.ranking_days);
  std::printf("%zu internal hosts over %g days, every malicious sign %zu times and the framework-default beacons %zu times "
              "each, every benign look-alike: %llu connections, %llu DNS rows, %zu feed indicators. Simulation and "
              "channel building %.1f s, detectors %.2f s.\n\n",
              s.hosts, s.days, s.per_sign, s.per_profile, static_cast<unsigned long long>(detectors_run.connections),
              static_cast<unsigned long long>(detectors_run.dns_rows), detectors_run.indicators,
              detectors_run.simulate_and_read_s, detectors_run.detect_s);
  std::printf("### Per detector\n\n");
  std::printf("A finding is true when it is on the host of a malicious sign and points at its name or one of its "
              "addresses (a DNS finding: its domain), whichever detector the sign was made for; recall counts only "
              "the detector the sign is meant for. False alarms are named by the benign look-alike they hit.\n\n");
  detector_table(outcome, s.hosts, s.days);
  std::printf("\n### Per sign\n\n");
  sign_table(outcome);

  std::printf("\n### The host ranking\n\n");
  std::printf("%zu internal hosts over %g day%s, one instance of each malicious sign on its own host (so at most %zu "
              "infected hosts: the issue's ten, not the extra sign/rare-tool), every benign look-alike, no beacon profiles; one run per seed. The operating point is "
              "the lowest score of an infected host: every host at or above it is what an analyst working down the "
              "list to the last infected host reads.\n\n",
              s.hosts, s.ranking_days, s.ranking_days == 1 ? "" : "s", vigil::sim::intrusion_signs().size());
  std::printf("| seed | infected hosts | their ranks | all in the top 10 | operating point (host score) | benign hosts at or above it | "
              "per 1,000 host-days | benign hosts with any finding |\n");
  std::printf("|---|---|---|---|---|---|---|---|\n");
  std::vector<std::string> above, infected;
  size_t runs_in_top = 0, benign_total = 0;
  std::vector<vigil::sim::SignProfile> ranked_signs = vigil::sim::intrusion_signs();
  for (vigil::sim::SignProfile& p : vigil::sim::benign_lookalikes()) ranked_signs.push_back(std::move(p));
  for (size_t i = 0; i < s.ranking_seeds; ++i) {
    uint64_t seed = s.seed + 100 + i;
    auto run = hunt(scenario(s.hosts, s.ranking_days, seed, ranked_signs, 1, 0));
    RankingOutcome r = vigil::eval::score_ranking(run.findings, run.truth);
    runs_in_top += r.all_in_top(10);
    benign_total += r.benign_at_operating_point;
    std::printf("| %llu | %zu | %s | %s | %.3f | %zu | %.2f | %zu |\n", static_cast<unsigned long long>(seed), r.infected,
                ranks_text(r.infected_ranks).c_str(), r.all_in_top(10) ? "yes" : "no", r.lowest_infected_score,
                r.benign_at_operating_point, per_thousand_host_days(r.benign_at_operating_point, s.hosts, s.ranking_days),
                r.benign_with_findings);
    for (const std::string& b : r.benign_above) above.push_back("seed " + std::to_string(seed) + ": " + b);
    if (!r.infected_detail.empty()) infected.push_back("seed " + std::to_string(seed) + ": " + r.infected_detail.back());
  }
  std::printf("\nEvery infected host in the top 10: %zu of %zu runs. Benign hosts at the operating point: %zu in %g "
              "host-days, %.2f per 1,000 host-days (target ≤ 1).\n",
              runs_in_top, s.ranking_seeds, benign_total, static_cast<double>(s.hosts) * s.ranking_days * static_cast<double>(s.ranking_seeds),
              per_thousand_host_days(benign_total, s.hosts, s.ranking_days * static_cast<double>(s.ranking_seeds)));
  std::printf("\nThe weakest infected host of each run, which sets the operating point (rank, host score, detectors in "
              "the order of their best findings):\n\n");
  for (const std::string& d : infected) std::printf("- %s\n", d.c_str());
  if (!above.empty()) {
    std::printf("\nThe benign hosts at or above the operating point (their best finding):\n\n");
    for (const std::string& b : above) std::printf("- %s\n", b.c_str());
  }
  return 0;
}
