#include "report/finding_view.h"

#include <algorithm>

namespace vigil {

const char* to_string(Severity s) {
  switch (s) {
    case Severity::kLow: return "low";
    case Severity::kMedium: return "medium";
    case Severity::kHigh: break;
  }
  return "high";
}

double severity_weight(Severity s) {
  switch (s) {
    case Severity::kLow: return 0.3;
    case Severity::kMedium: return 0.6;
    case Severity::kHigh: break;
  }
  return 1.0;
}

void sort_findings(std::vector<FindingView>& findings) {
  std::stable_sort(findings.begin(), findings.end(), [](const FindingView& a, const FindingView& b) {
    if (a.score() != b.score()) return a.score() > b.score();
    return a.evidence.size() > b.evidence.size();
  });
}

std::string destination_text(const ChannelKey& key) {
  std::string d;
  if (key.direction == Direction::kInbound) d = "from ";
  if (key.is_name()) {
    d += key.name;
  } else if (key.external.is_v4()) {
    d += key.external.to_string();
  } else {
    d.push_back('[');  // pushed, not "[" + ...: GCC 12 gives a false -Wrestrict for that
    key.external.append_to(d);
    d += ']';
  }
  d += key.direction == Direction::kInbound ? " to port " : ":";
  d += std::to_string(key.port);
  d += '/';
  d += to_string(key.proto);
  if (key.direction == Direction::kInternal) d += " (internal)";
  return d;
}

std::string channel_target(const ChannelKey& key) { return key.is_name() ? key.name : key.external.to_string(); }

JsonMembers destination_json(const ChannelKey& key, bool bare_ip) {
  JsonMembers d;
  if (key.is_name()) d.text("name", key.name);
  else d.text("address", key.external.to_string());
  d.uint("port", key.port).text("proto", to_string(key.proto)).text("direction", to_string(key.direction));
  d.boolean("bare_ip", bare_ip);
  return d;
}

}  // namespace vigil
