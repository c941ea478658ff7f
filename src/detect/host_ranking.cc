#include "detect/host_ranking.h"

#include <algorithm>
#include <map>

namespace vigil {

std::vector<RankedHost> rank_hosts(const std::vector<FindingRef>& findings) {
  std::map<IpAddr, RankedHost> by_host;
  for (size_t i = 0; i < findings.size(); ++i) {
    RankedHost& h = by_host[findings[i].host];
    h.host = findings[i].host;
    h.findings.push_back(i);
  }
  std::vector<RankedHost> hosts;
  hosts.reserve(by_host.size());
  for (auto& [address, h] : by_host) {
    std::stable_sort(h.findings.begin(), h.findings.end(),
                     [&](size_t a, size_t b) { return findings[a].score > findings[b].score; });
    double unexplained = 1;  // the chance that none of the findings is right, were they independent
    for (size_t i : h.findings) {
      unexplained *= 1 - std::clamp(findings[i].score, 0.0, 1.0);
      const std::string& d = findings[i].detector;
      if (std::find(h.detectors.begin(), h.detectors.end(), d) == h.detectors.end()) h.detectors.push_back(d);
    }
    h.score = 1 - unexplained;
    hosts.push_back(std::move(h));
  }
  std::stable_sort(hosts.begin(), hosts.end(), [](const RankedHost& a, const RankedHost& b) {
    if (a.score != b.score) return a.score > b.score;
    return a.findings.size() > b.findings.size();
  });
  return hosts;
}

}  // namespace vigil
