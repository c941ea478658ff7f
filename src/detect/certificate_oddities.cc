#include "detect/certificate_oddities.h"

#include <algorithm>
#include <ctime>

#include "core/text_format.h"
#include "detect/prevalence.h"

namespace vigil {
namespace {

constexpr double kSelfSigned = 0.5;
constexpr double kOutOfDate = 0.4;
constexpr double kOverlong = 0.3;
constexpr double kNameMismatch = 0.4;
// The CA/Browser Forum's longest validity for a publicly trusted certificate (since 2018; 398 days since 2020).
constexpr int64_t kMaxPublicValidityS = 825 * 86400LL;
constexpr size_t kMaxHostsPerCertificate = 64;  // prevalence past this is "many"
constexpr int64_t kNsPerS = 1'000'000'000;

// Certificates may claim any date up to 9999: formatted from seconds (nanoseconds would overflow past 2262).
std::string utc_day(int64_t seconds) {
  time_t t = static_cast<time_t>(seconds);
  std::tm tm{};
  char buf[32];
  if (!gmtime_r(&t, &tm) || std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm) == 0) return "?";
  return buf;
}

std::string certificate_id(const SslRecord& r) {
  if (!r.cert_chain_fps.empty()) return r.cert_chain_fps.front();
  return r.subject.value_or("") + "\n" + r.issuer.value_or("");
}

}  // namespace

double CertificateOddities::weight() const {
  double keep = 1;
  if (self_signed) keep *= 1 - kSelfSigned;
  if (expired || not_yet_valid) keep *= 1 - kOutOfDate;
  if (overlong) keep *= 1 - kOverlong;
  if (name_mismatch) keep *= 1 - kNameMismatch;
  return 1 - keep;
}

CertificateOddities oddities_of(const SslRecord& r) {
  CertificateOddities o;
  if (!r.subject && !r.issuer && r.cert_chain_fps.empty()) return o;  // no certificate in view
  o.self_signed = r.self_signed.value_or(r.subject && r.issuer && *r.subject == *r.issuer);
  int64_t now_s = r.id.ts.ns / kNsPerS;
  if (r.not_valid_after) o.expired = now_s > *r.not_valid_after;
  if (r.not_valid_before) o.not_yet_valid = now_s < *r.not_valid_before;
  if (r.not_valid_before && r.not_valid_after) o.overlong = *r.not_valid_after - *r.not_valid_before > kMaxPublicValidityS;
  o.name_mismatch = r.server_name && !r.server_name->empty() && r.sni_matches_cert == false;
  return o;
}

size_t CertificateTable::KeyHash::operator()(const Key& k) const {
  return std::hash<uint64_t>{}(k.host.lo() * 31 + k.server.lo()) ^ (size_t{k.port} << 16) ^
         std::hash<std::string>{}(k.fingerprint);
}

void CertificateTable::ssl(const SslRecord& r) {
  CertificateOddities o = oddities_of(r);
  if (!o.any()) return;
  // Outbound only: inside the network self-signed certificates are the rule (printers, appliances, labs).
  if (!locality_.internal(r.id.orig_h) || locality_.internal(r.id.resp_h)) return;
  std::string id = certificate_id(r);
  std::vector<IpAddr>& hosts = hosts_by_certificate_[id];
  if (hosts.size() < kMaxHostsPerCertificate && std::find(hosts.begin(), hosts.end(), r.id.orig_h) == hosts.end())
    hosts.push_back(r.id.orig_h);
  auto [it, fresh] = seen_.try_emplace(Key{r.id.orig_h, r.id.resp_h, r.id.resp_p, id});
  CertificateFinding& f = it->second;
  if (fresh) {
    f.host = r.id.orig_h;
    f.server = r.id.resp_h;
    f.port = r.id.resp_p;
    f.server_name = r.server_name.value_or("");
    f.subject = r.subject.value_or("");
    f.issuer = r.issuer.value_or("");
    f.fingerprint = r.cert_chain_fps.empty() ? "" : r.cert_chain_fps.front();
    f.not_before_s = r.not_valid_before.value_or(0);
    f.not_after_s = r.not_valid_after.value_or(0);
    f.first_ns = r.id.ts.ns;
  }
  f.oddities.self_signed |= o.self_signed;
  f.oddities.expired |= o.expired;
  f.oddities.not_yet_valid |= o.not_yet_valid;
  f.oddities.overlong |= o.overlong;
  f.oddities.name_mismatch |= o.name_mismatch;
  f.first_ns = std::min(f.first_ns, r.id.ts.ns);
  f.last_ns = std::max(f.last_ns, r.id.ts.ns);
  ++f.connections;
}

std::vector<CertificateFinding> CertificateTable::findings(size_t internal_hosts, double min_confidence,
                                                           const Allowlist* allowlist) const {
  std::vector<CertificateFinding> out;
  for (const auto& [key, seen] : seen_) {
    if (allowlist && (allowlist->allows_address(seen.server) ||
                      (!seen.server_name.empty() && allowlist->allows_name(seen.server_name))))
      continue;
    CertificateFinding f = seen;
    auto hosts = hosts_by_certificate_.find(key.fingerprint);
    f.prevalence = hosts == hosts_by_certificate_.end() ? 1 : hosts->second.size();
    f.internal_hosts = std::max<size_t>(internal_hosts, 1);
    f.confidence = f.oddities.weight() * rarity(f.prevalence, f.internal_hosts);
    if (f.confidence >= min_confidence) out.push_back(std::move(f));
  }
  std::sort(out.begin(), out.end(), [](const CertificateFinding& a, const CertificateFinding& b) {
    if (a.confidence != b.confidence) return a.confidence > b.confidence;
    if (a.host != b.host) return a.host < b.host;
    if (a.server != b.server) return a.server < b.server;
    return a.port < b.port;
  });
  return out;
}

std::vector<std::string> explain(const CertificateFinding& f) {
  std::vector<std::string> lines;
  lines.push_back(format("certificate subject %s, issuer %s", f.subject.empty() ? "(none)" : f.subject.c_str(),
                         f.issuer.empty() ? "(none)" : f.issuer.c_str()));
  if (f.oddities.self_signed) lines.push_back("self-signed: no certificate authority vouches for it");
  if (f.not_after_s || f.not_before_s)
    lines.push_back("valid " + utc_day(f.not_before_s) + " to " + utc_day(f.not_after_s) + " UTC" +
                    (f.oddities.overlong ? format(" (%.0f days: longer than any publicly trusted certificate may be)",
                                                  static_cast<double>(f.not_after_s - f.not_before_s) / 86400)
                                         : std::string()));
  if (f.oddities.expired) lines.push_back("expired when it was used");
  if (f.oddities.not_yet_valid) lines.push_back("not yet valid when it was used");
  if (f.oddities.name_mismatch) lines.push_back("does not cover the server name the client asked for (" + f.server_name + ")");
  if (f.server_name.empty()) lines.push_back("the client sent no server name (SNI): it connected to a bare address");
  if (!f.fingerprint.empty()) lines.push_back("SHA-256 " + f.fingerprint);
  lines.push_back(format("%zu connection%s, %s", f.connections, f.connections == 1 ? "" : "s",
                         prevalence_text(Direction::kOutbound, f.prevalence, f.internal_hosts).c_str()));
  lines.push_back(format("confidence %.2f = oddities %.2f x rarity %.2f", f.confidence, f.oddities.weight(),
                         rarity(f.prevalence, f.internal_hosts)));
  return lines;
}

}  // namespace vigil
