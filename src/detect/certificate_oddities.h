// The certificate detector: TLS servers outside the network that show a certificate no public service
// would — self-signed, expired or not yet valid, valid for longer than any publicly trusted certificate
// may be (825 days), or not naming the server the client asked for. C2 frameworks ship such defaults
// (AsyncRAT's "AsyncRAT Server", valid to 9999; Cobalt Strike's and Metasploit's self-signed ones), and
// operators rarely buy a certificate for a listening post. Only what the input shows is judged: TLS 1.3
// hides the certificate, and Zeek logs carry it only with the x509 fields vigil reads into ssl.log rows.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "detect/allowlist.h"
#include "detect/channel.h"
#include "detect/record_observer.h"

namespace vigil {

// What is odd about one certificate; each oddity has a weight (docs/detection.md).
struct CertificateOddities {
  bool self_signed = false;
  bool expired = false;         // used after its not-after date
  bool not_yet_valid = false;   // used before its not-before date
  bool overlong = false;        // valid for more than 825 days
  bool name_mismatch = false;   // the SNI is not among the names it covers
  double weight() const;        // 1 - product of (1 - weight of each oddity)
  bool any() const { return self_signed || expired || not_yet_valid || overlong || name_mismatch; }
};

struct CertificateFinding {
  IpAddr host, server;
  uint16_t port = 0;
  std::string server_name;  // SNI, may be empty
  std::string subject, issuer, fingerprint;
  int64_t not_before_s = 0, not_after_s = 0;
  CertificateOddities oddities;
  size_t prevalence = 0;  // internal hosts shown this certificate
  size_t internal_hosts = 0;
  size_t connections = 0;
  int64_t first_ns = 0, last_ns = 0;
  double confidence = 0;  // oddities' weight x rarity of the certificate
};

// The oddities of one ssl.log row's certificate at the time of use; nothing when the row has none.
CertificateOddities oddities_of(const SslRecord& r);

class CertificateTable : public RecordObserver {
 public:
  explicit CertificateTable(const Locality& locality) : locality_(locality) {}
  void ssl(const SslRecord& r) override;
  std::vector<CertificateFinding> findings(size_t internal_hosts, double min_confidence, const Allowlist* allowlist) const;

 private:
  struct Key {
    IpAddr host, server;
    uint16_t port;
    std::string fingerprint;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    size_t operator()(const Key& k) const;
  };
  const Locality& locality_;
  std::unordered_map<Key, CertificateFinding, KeyHash> seen_;
  std::unordered_map<std::string, std::vector<IpAddr>> hosts_by_certificate_;  // at most a few per certificate
};

std::vector<std::string> explain(const CertificateFinding& f);

}  // namespace vigil
