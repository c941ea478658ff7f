// view_of(CertificateFinding): a server outside showing a certificate no public service would.
#include <algorithm>

#include "core/text_format.h"
#include "report/finding_view.h"
#include "report/json_members.h"

namespace vigil {

FindingView view_of(const CertificateFinding& f) {
  FindingView v;
  v.detector = "certificate";
  v.host = f.host;
  ChannelKey key{f.host, f.server, f.port, TransportProto::kTcp, {}, Direction::kOutbound};
  v.subject = destination_text(key);
  v.targets = {f.server.to_string()};
  if (!f.server_name.empty()) v.targets.insert(v.targets.begin(), f.server_name);
  v.severity = Severity::kMedium;  // odd certificates have benign owners too (appliances, test servers)
  v.confidence = f.confidence;
  v.first_ns = f.first_ns;
  v.last_ns = f.last_ns;
  std::string what;
  auto add = [&what](bool on, const char* text) {
    if (on) what += (what.empty() ? "" : ", ") + std::string(text);
  };
  add(f.oddities.self_signed, "self-signed");
  add(f.oddities.expired, "expired");
  add(f.oddities.not_yet_valid, "not yet valid");
  add(f.oddities.overlong, "valid for over 825 days");
  add(f.oddities.name_mismatch, "wrong name");
  v.headline = "certificate " + what + (f.subject.empty() ? "" : ": " + f.subject);
  v.evidence = explain(f);
  JsonMembers m;
  m.text("server", f.server.to_string()).uint("port", f.port).text("server_name", f.server_name);
  m.text("cert_subject", f.subject).text("cert_issuer", f.issuer).text("cert_fingerprint", f.fingerprint);
  m.uint("not_valid_before", static_cast<uint64_t>(std::max<int64_t>(0, f.not_before_s)));
  m.uint("not_valid_after", static_cast<uint64_t>(std::max<int64_t>(0, f.not_after_s)));
  m.boolean("self_signed", f.oddities.self_signed).boolean("expired", f.oddities.expired);
  m.boolean("not_yet_valid", f.oddities.not_yet_valid).boolean("overlong", f.oddities.overlong);
  m.boolean("name_mismatch", f.oddities.name_mismatch);
  m.uint("connections", f.connections).uint("prevalence", f.prevalence);
  v.json_fields = m.str();
  return v;
}

}  // namespace vigil
