// view_of(IntelFinding): a feed's indicator seen from an internal host, as every output shows it.
#include "core/text_format.h"
#include "report/finding_view.h"
#include "report/json_members.h"

namespace vigil {

FindingView view_of(const IntelFinding& f) {
  FindingView v;
  v.detector = "threat-intel";
  v.host = f.host;
  v.subject = f.indicator + " (" + f.feed + ")";
  v.targets = {f.indicator, f.matched};
  v.severity = f.inbound_only ? Severity::kMedium : Severity::kHigh;
  v.confidence = f.confidence;
  v.first_ns = f.first_ns;
  v.last_ns = f.last_ns;
  v.headline = "listed by " + f.feed + (f.label.empty() ? "" : ": " + f.label);
  v.evidence = explain(f);
  JsonMembers m, hits;
  m.text("indicator", f.indicator).text("feed", f.feed).text("label", f.label).text("matched", f.matched);
  static const char* const kFields[] = {"connection", "inbound_connection", "dns_query", "dns_answer", "sni", "http_host"};
  for (size_t i = 0; i < f.hits.size(); ++i) hits.uint(kFields[i], f.hits[i]);
  m.object("hits", hits).uint("sent_bytes", f.sent).uint("received_bytes", f.received);
  v.json_fields = m.str();
  return v;
}

}  // namespace vigil
