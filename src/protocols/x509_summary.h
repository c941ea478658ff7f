// What a hunter reads off a server's certificate (TLS <= 1.2 sends it in the clear): subject, issuer,
// validity and whether it signed itself. C2 servers often present self-signed or freshly minted
// certificates, so these belong next to the SNI and the fingerprints.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace vigil {

struct CertificateSummary {
  std::string subject;  // RFC 2253 text, as Zeek's x509.log writes it ("CN=host,O=Org,C=US")
  std::string issuer;
  // Validity in whole seconds since 1970 (not a Timestamp: "99991231235959Z" is a common notAfter, past
  // the range a Timestamp holds).
  std::optional<int64_t> not_valid_before, not_valid_after;
  bool self_signed = false;  // issuer equals subject and the certificate's own key verifies its signature
};

// Parses one DER certificate (attacker-written; OpenSSL's hardened d2i parser does the reading).
// nullopt when it is not a certificate.
std::optional<CertificateSummary> summarize_certificate(std::span<const uint8_t> der);

}  // namespace vigil
