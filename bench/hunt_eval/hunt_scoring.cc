#include "hunt_scoring.h"

#include <algorithm>
#include <cstdio>
#include <set>
#include <unordered_map>

#include "report/hunt_report.h"

namespace vigil::eval {
namespace {

// `name` is `zone` or below it, on a label boundary.
bool within(const std::string& name, const std::string& zone) {
  if (name.size() < zone.size() || zone.empty()) return false;
  if (name.compare(name.size() - zone.size(), zone.size(), zone) != 0) return false;
  return name.size() == zone.size() || name[name.size() - zone.size() - 1] == '.';
}

// The truths of each host, so a finding is compared with its host's few labelled channels only.
class TruthByHost {
 public:
  explicit TruthByHost(const std::vector<SignTruth>& truth) {
    for (const SignTruth& t : truth) by_host_[t.host].push_back(&t);
  }
  // The malicious truth `f` points at, and failing that a benign one; nullptr for neither.
  const SignTruth* match(const FindingView& f, bool malicious) const {
    auto it = by_host_.find(f.host);
    if (it == by_host_.end()) return nullptr;
    const SignTruth* any = nullptr;
    for (const SignTruth* t : it->second) {
      if (t->malicious != malicious || !points_at(f, *t)) continue;
      if (t->detector == f.detector) return t;  // the one this detector is expected to report
      if (!any) any = t;
    }
    return any;
  }
  const SignTruth* label_of(const FindingView& f) const {
    const SignTruth* t = match(f, true);
    return t ? t : match(f, false);
  }

 private:
  std::unordered_map<IpAddr, std::vector<const SignTruth*>, IpAddrHash> by_host_;
};

}  // namespace

bool points_at(const FindingView& finding, const SignTruth& truth) {
  if (finding.host != truth.host) return false;
  for (const std::string& a : finding.targets)
    for (const std::string& b : truth.targets)
      if (within(a, b) || within(b, a)) return true;
  return false;
}

HuntOutcome score_findings(const std::vector<FindingView>& findings, const std::vector<SignTruth>& truth) {
  HuntOutcome out;
  for (const SignTruth& t : truth) {
    if (!t.malicious) continue;
    ++out.detectors[t.detector].expected;
    ++out.signs[t.label].instances;
  }
  TruthByHost index(truth);
  std::set<std::pair<const SignTruth*, std::string>> found;  // (truth, detector) pairs, counted once
  for (const FindingView& f : findings) {
    DetectorOutcome& d = out.detectors[f.detector];
    ++d.findings;
    if (const SignTruth* t = index.match(f, true)) {
      ++d.true_findings;
      found.insert({t, f.detector});
      continue;
    }
    const SignTruth* benign = index.match(f, false);
    ++d.false_by_label[benign ? benign->label : "other"];
  }
  std::set<const SignTruth*> found_any, found_expected;
  for (const auto& [t, detector] : found) {
    ++out.signs[t->label].by_detector[detector];
    if (found_any.insert(t).second) ++out.signs[t->label].found_by_any;
    if (detector == t->detector && found_expected.insert(t).second) {
      ++out.signs[t->label].found_by_expected;
      ++out.detectors[detector].found;
    }
  }
  return out;
}

bool RankingOutcome::all_in_top(size_t n) const {
  return std::all_of(infected_ranks.begin(), infected_ranks.end(), [n](size_t r) { return r > 0 && r <= n; });
}

RankingOutcome score_ranking(const std::vector<FindingView>& findings, const std::vector<SignTruth>& truth) {
  RankingOutcome out;
  std::set<IpAddr> infected;
  for (const SignTruth& t : truth)
    if (t.malicious) infected.insert(t.host);
  out.infected = infected.size();
  RankedFindings ranked = rank_findings(findings, 0);
  std::unordered_map<IpAddr, size_t, IpAddrHash> rank_of;
  for (size_t i = 0; i < ranked.hosts.size(); ++i) rank_of[ranked.hosts[i].host] = i + 1;
  out.lowest_infected_score = 1;
  std::unordered_map<IpAddr, std::string, IpAddrHash> label_of_host;
  for (const SignTruth& t : truth)
    if (t.malicious) label_of_host[t.host] += (label_of_host[t.host].empty() ? "" : "+") + t.label;
  std::vector<std::pair<size_t, std::string>> detail;
  for (const IpAddr& h : infected) {
    auto it = rank_of.find(h);
    size_t rank = it == rank_of.end() ? 0 : it->second;
    out.infected_ranks.push_back(rank);
    out.lowest_infected_score = rank ? std::min(out.lowest_infected_score, ranked.hosts[rank - 1].score) : 0;
    std::string line = label_of_host[h] + ": ";
    if (rank) {
      const RankedHost& r = ranked.hosts[rank - 1];
      std::string detectors;
      for (const std::string& d : r.detectors) detectors += (detectors.empty() ? "" : ", ") + d;
      char buf[64];
      std::snprintf(buf, sizeof buf, "rank %zu, %.3f (", rank, r.score);
      line += buf + detectors + ")";
    } else {
      line += "no finding";
    }
    detail.emplace_back(rank ? rank : SIZE_MAX, line);
  }
  std::sort(detail.begin(), detail.end());
  for (auto& [rank, line] : detail) out.infected_detail.push_back(std::move(line));
  std::sort(out.infected_ranks.begin(), out.infected_ranks.end(),
            [](size_t a, size_t b) { return (a ? a : SIZE_MAX) < (b ? b : SIZE_MAX); });
  TruthByHost index(truth);
  for (const RankedHost& h : ranked.hosts) {
    if (infected.count(h.host)) continue;
    ++out.benign_with_findings;
    // With an infected host not found at all, the analyst reads every host with a finding.
    if (out.lowest_infected_score > 0 && h.score < out.lowest_infected_score) continue;
    ++out.benign_at_operating_point;
    const FindingView& best = ranked.findings[h.findings.front()];
    const SignTruth* t = index.label_of(best);
    out.benign_above.push_back(h.host.to_string() + " (" + best.detector + ": " + (t ? t->label : "unlabelled") + ")");
  }
  return out;
}

}  // namespace vigil::eval
