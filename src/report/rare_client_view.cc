// view_of(RareClientFinding): client software few hosts run, talking to a place few hosts go.
#include "core/text_format.h"
#include "report/finding_view.h"
#include "report/json_members.h"

namespace vigil {

FindingView view_of(const RareClientFinding& f) {
  FindingView v;
  v.detector = "rare-client";
  v.host = f.host;
  const bool agent = f.kind == ClientSignature::kUserAgent;
  v.subject = (agent ? "user agent " : std::string(to_string(f.kind)) + " ") + f.signature;
  for (const RareDestination& d : f.destinations) v.targets.push_back(d.target);
  v.severity = Severity::kLow;  // unusual software has benign owners far more often than not
  v.confidence = f.confidence;
  v.first_ns = f.first_ns;
  v.last_ns = f.last_ns;
  const RareDestination* rarest = f.destinations.empty() ? nullptr : &f.destinations.front();
  v.headline = format("%s used by %zu of %zu hosts, %zu connections%s%s", agent ? "a user agent" : "a TLS client",
                      f.prevalence, f.internal_hosts, f.connections, rarest ? ", to " : "",
                      rarest ? rarest->target.c_str() : "");
  v.evidence = explain(f);
  JsonMembers m;
  m.text("signature_kind", to_string(f.kind)).text("signature", f.signature);
  m.uint("prevalence", f.prevalence).uint("connections", f.connections);
  std::vector<std::string> targets;
  std::vector<uint64_t> prevalence, connections;
  for (const RareDestination& d : f.destinations) {
    targets.push_back(d.target);
    prevalence.push_back(d.prevalence);
    connections.push_back(d.connections);
  }
  m.texts("destinations", targets).uints("destination_prevalence", prevalence).uints("destination_connections", connections);
  m.uint("other_connections", f.other_connections);
  v.json_fields = m.str();
  return v;
}

}  // namespace vigil
