// view_of(UnnamedFinding): a host's unnamed destinations as every output shows them.
#include "core/text_format.h"
#include "report/finding_view.h"
#include "report/json_members.h"

namespace vigil {

FindingView view_of(const UnnamedFinding& f) {
  FindingView v;
  v.detector = "unnamed-destination";
  v.host = f.host;
  v.subject = format("%zu address%s without a name", f.total_destinations, f.total_destinations == 1 ? "" : "es");
  for (const UnnamedDestination& d : f.destinations) v.targets.push_back(d.address.to_string());
  v.severity = Severity::kLow;  // many benign programs use addresses; it adds to other signs
  v.confidence = f.confidence;
  v.first_ns = f.first_ns;
  v.last_ns = f.last_ns;
  if (!f.destinations.empty()) {
    const UnnamedDestination& d = f.destinations.front();
    v.headline = format("most telling: %s:%u/%s, %zu connections, %zu of %zu hosts", d.address.to_string().c_str(),
                        d.port, std::string(to_string(d.proto)).c_str(), d.connections, d.prevalence, f.internal_hosts);
  }
  v.evidence = explain(f);
  JsonMembers m;
  m.uint("destinations_total", f.total_destinations);
  std::string list = "[";
  for (size_t i = 0; i < f.destinations.size(); ++i) {
    const UnnamedDestination& d = f.destinations[i];
    JsonMembers one;
    one.text("address", d.address.to_string()).uint("port", d.port).text("proto", to_string(d.proto));
    one.uint("connections", d.connections).uint("sent_bytes", d.sent).uint("received_bytes", d.received);
    one.uint("prevalence", d.prevalence).number("weight", d.weight);
    list += (i ? ",{" : "{") + one.str() + "}";
  }
  m.raw("destinations", list + "]");
  v.json_fields = m.str();
  return v;
}

}  // namespace vigil
