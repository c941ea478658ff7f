// view_of(PortMismatchFinding): a protocol on another protocol's port, as every output shows it.
#include "core/text_format.h"
#include "report/finding_view.h"
#include "report/json_members.h"

namespace vigil {

FindingView view_of(const PortMismatchFinding& f) {
  FindingView v;
  v.detector = "wrong-port";
  v.host = f.host;
  ChannelKey key{f.host, f.peer, f.port, f.proto, {}, f.direction};
  v.subject = destination_text(key);
  v.targets = {f.peer.to_string()};
  v.severity = Severity::kMedium;
  v.confidence = f.confidence;
  v.first_ns = f.first_ns;
  v.last_ns = f.last_ns;
  v.headline = format("%s on port %u (for %s), %zu connection%s", f.service.c_str(), f.port, f.expected.c_str(),
                      f.connections, f.connections == 1 ? "" : "s");
  v.evidence = explain(f);
  JsonMembers m;
  m.text("peer", f.peer.to_string()).uint("port", f.port).text("proto", to_string(f.proto));
  m.text("direction", to_string(f.direction)).text("service", f.service).text("port_is_for", f.expected);
  m.uint("connections", f.connections).uint("sent_bytes", f.sent).uint("received_bytes", f.received);
  v.json_fields = m.str();
  return v;
}

}  // namespace vigil
