// The whole-hunt evaluation's scoring (bench/hunt_eval): which findings count as found signs, which as
// false alarms, and where infected hosts rank. docs/detection.md's numbers rest on these rules.
#include "hunt_scoring.h"

#include <gtest/gtest.h>

namespace vigil::eval {
namespace {

IpAddr ip(const char* s) { return *IpAddr::parse(s); }

FindingView finding(const char* detector, const char* host, std::vector<std::string> targets, double confidence,
                    Severity severity = Severity::kHigh) {
  FindingView f;
  f.detector = detector;
  f.host = ip(host);
  f.targets = std::move(targets);
  f.confidence = confidence;
  f.severity = severity;
  return f;
}

SignTruth sign(bool malicious, const char* label, const char* detector, const char* host,
               std::vector<std::string> targets) {
  return {malicious, label, detector, ip(host), std::move(targets)};
}

TEST(HuntScoring, PointsAtNeedsTheHostAndATargetOrAZoneOfIt) {
  SignTruth tunnel = sign(true, "sign/dns-tunnel-10Bps", "dns-tunnel", "10.1.0.5", {"t1.pixel-sync.net"});
  EXPECT_TRUE(points_at(finding("dns-tunnel", "10.1.0.5", {"pixel-sync.net"}, 0.9), tunnel));
  EXPECT_TRUE(points_at(finding("dns-tunnel", "10.1.0.5", {"a.t1.pixel-sync.net"}, 0.9), tunnel));
  EXPECT_FALSE(points_at(finding("dns-tunnel", "10.1.0.6", {"pixel-sync.net"}, 0.9), tunnel));
  EXPECT_FALSE(points_at(finding("dns-tunnel", "10.1.0.5", {"xpixel-sync.net"}, 0.9), tunnel));
  SignTruth shell = sign(true, "sign/reverse-shell", "long-connection", "10.1.0.5", {"203.0.113.9"});
  EXPECT_TRUE(points_at(finding("long-connection", "10.1.0.5", {"203.0.113.9"}, 0.5), shell));
  EXPECT_FALSE(points_at(finding("long-connection", "10.1.0.5", {"203.0.113.90"}, 0.5), shell));
}

TEST(HuntScoring, RecallCountsTheIntendedDetectorAndFalseAlarmsAreNamedByTheLookAlike) {
  std::vector<SignTruth> truth = {
      sign(true, "sign/reverse-shell", "long-connection", "10.1.0.1", {"198.51.100.1"}),
      sign(true, "sign/nightly-upload", "exfiltration", "10.1.0.2", {"drop.example", "198.51.100.2"}),
      sign(false, "benign/cloud-backup", "exfiltration", "10.1.0.3", {"backup.example"}),
  };
  std::vector<FindingView> findings = {
      finding("long-connection", "10.1.0.1", {"198.51.100.1"}, 0.7),
      finding("beacon", "10.1.0.2", {"drop.example"}, 0.6),         // true, but not the detector it is meant for
      finding("exfiltration", "10.1.0.3", {"backup.example"}, 0.6),  // the look-alike
      finding("exfiltration", "10.1.0.4", {"elsewhere.example"}, 0.6),
  };
  HuntOutcome o = score_findings(findings, truth);
  EXPECT_EQ(o.detectors["long-connection"].expected, 1u);
  EXPECT_EQ(o.detectors["long-connection"].found, 1u);
  EXPECT_EQ(o.detectors["exfiltration"].expected, 1u);
  EXPECT_EQ(o.detectors["exfiltration"].found, 0u);
  EXPECT_EQ(o.detectors["exfiltration"].findings, 2u);
  EXPECT_EQ(o.detectors["exfiltration"].false_findings(), 2u);
  EXPECT_EQ(o.detectors["exfiltration"].false_by_label["benign/cloud-backup"], 1u);
  EXPECT_EQ(o.detectors["exfiltration"].false_by_label["other"], 1u);
  EXPECT_EQ(o.detectors["beacon"].true_findings, 1u);
  EXPECT_EQ(o.signs["sign/nightly-upload"].found_by_expected, 0u);
  EXPECT_EQ(o.signs["sign/nightly-upload"].found_by_any, 1u);
  EXPECT_EQ(o.signs["sign/nightly-upload"].by_detector["beacon"], 1u);
  EXPECT_EQ(o.signs.count("benign/cloud-backup"), 0u);
}

TEST(HuntScoring, TheOperatingPointIsTheLowestInfectedHost) {
  std::vector<SignTruth> truth = {
      sign(true, "sign/reverse-shell", "long-connection", "10.1.0.1", {"198.51.100.1"}),
      sign(true, "sign/feed-hit", "threat-intel", "10.1.0.2", {"listed.example"}),
      sign(false, "benign/admin-ssh", "long-connection", "10.1.0.3", {"10.2.0.1"}),
  };
  std::vector<FindingView> findings = {
      finding("long-connection", "10.1.0.1", {"198.51.100.1"}, 0.5, Severity::kMedium),  // 0.30
      finding("threat-intel", "10.1.0.2", {"listed.example"}, 0.95),                   // 0.95
      finding("long-connection", "10.1.0.3", {"10.2.0.1"}, 0.6, Severity::kMedium),     // 0.36: above 0.30
      finding("unnamed-destination", "10.1.0.4", {"192.0.2.1"}, 0.5, Severity::kLow),  // 0.15: below
  };
  RankingOutcome r = score_ranking(findings, truth);
  EXPECT_EQ(r.infected, 2u);
  EXPECT_EQ(r.infected_ranks, (std::vector<size_t>{1, 3}));
  EXPECT_NEAR(r.lowest_infected_score, 0.30, 1e-9);
  EXPECT_EQ(r.benign_at_operating_point, 1u);
  EXPECT_EQ(r.benign_with_findings, 2u);
  ASSERT_EQ(r.benign_above.size(), 1u);
  EXPECT_EQ(r.benign_above[0], "10.1.0.3 (long-connection: benign/admin-ssh)");
  EXPECT_TRUE(r.all_in_top(3));
  EXPECT_FALSE(r.all_in_top(2));

  findings.erase(findings.begin());  // the shell unseen: every host with a finding is read
  r = score_ranking(findings, truth);
  EXPECT_EQ(r.infected_ranks, (std::vector<size_t>{1, 0}));
  EXPECT_FALSE(r.all_in_top(10));
  EXPECT_EQ(r.benign_at_operating_point, 2u);
}

}  // namespace
}  // namespace vigil::eval
