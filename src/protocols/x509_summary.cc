// CertificateSummary from DER through OpenSSL's X.509 functions (libcrypto is linked for the digests).
#include "protocols/x509_summary.h"

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <ctime>
#include <memory>

namespace vigil {
namespace {

struct X509Deleter {
  void operator()(X509* x) const { X509_free(x); }
};
struct BioDeleter {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct KeyDeleter {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};

// Zeek prints names with XN_FLAG_RFC2253: most specific first, comma-separated, special characters escaped.
std::string rfc2253(const X509_NAME* name) {
  if (!name) return {};
  std::unique_ptr<BIO, BioDeleter> bio(BIO_new(BIO_s_mem()));
  if (!bio || X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253) < 0) return {};
  char* text = nullptr;
  long len = BIO_get_mem_data(bio.get(), &text);
  return len > 0 && text ? std::string(text, static_cast<size_t>(len)) : std::string();
}

std::optional<int64_t> to_epoch_seconds(const ASN1_TIME* t) {
  if (!t) return std::nullopt;
  struct tm parts {};
  if (ASN1_TIME_to_tm(t, &parts) != 1) return std::nullopt;
  return static_cast<int64_t>(timegm(&parts));  // ASN1_TIME_to_tm gives UTC
}

bool signed_by_itself(X509* cert) {
  if (X509_NAME_cmp(X509_get_subject_name(cert), X509_get_issuer_name(cert)) != 0) return false;
  std::unique_ptr<EVP_PKEY, KeyDeleter> key(X509_get_pubkey(cert));
  return key && X509_verify(cert, key.get()) == 1;
}

}  // namespace

std::optional<CertificateSummary> summarize_certificate(std::span<const uint8_t> der) {
  const unsigned char* p = der.data();
  std::unique_ptr<X509, X509Deleter> cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
  if (!cert) return std::nullopt;
  CertificateSummary s;
  s.subject = rfc2253(X509_get_subject_name(cert.get()));
  s.issuer = rfc2253(X509_get_issuer_name(cert.get()));
  s.not_valid_before = to_epoch_seconds(X509_get0_notBefore(cert.get()));
  s.not_valid_after = to_epoch_seconds(X509_get0_notAfter(cert.get()));
  s.self_signed = signed_by_itself(cert.get());
  return s;
}

}  // namespace vigil
