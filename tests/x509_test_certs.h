// Certificates made at test time with OpenSSL (no fixture files): a self-signed one and a leaf signed by
// a separate CA, as DER, with the names and validity the tests expect.
#pragma once

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <cstdint>
#include <string>
#include <vector>

namespace vigil::x509_test {

struct Issued {
  std::vector<uint8_t> der;
  EVP_PKEY* key = nullptr;  // kept to sign further certificates; freed by the caller
  X509_NAME* name = nullptr;  // the subject, owned by `cert`
  X509* cert = nullptr;
};

inline X509* make_cert(EVP_PKEY* key, const std::string& cn, const std::string& org, X509_NAME* issuer,
                       EVP_PKEY* signer, const char* not_before, const char* not_after) {
  X509* x = X509_new();
  X509_set_version(x, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(x), 7);
  X509_NAME* name = X509_get_subject_name(x);
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(org.c_str()), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
  X509_set_issuer_name(x, issuer ? issuer : name);
  ASN1_TIME_set_string(X509_getm_notBefore(x), not_before);
  ASN1_TIME_set_string(X509_getm_notAfter(x), not_after);
  X509_set_pubkey(x, key);
  X509_sign(x, signer ? signer : key, EVP_sha256());
  return x;
}

inline std::vector<uint8_t> der_of(X509* x) {
  unsigned char* out = nullptr;
  int len = i2d_X509(x, &out);
  std::vector<uint8_t> der(out, out + (len > 0 ? len : 0));
  OPENSSL_free(out);
  return der;
}

}  // namespace vigil::x509_test
