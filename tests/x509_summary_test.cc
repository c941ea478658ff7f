// summarize_certificate: names in Zeek's RFC 2253 form, validity (also past 2112), self-signed or not,
// and nothing from bytes that are not a certificate.
#include "protocols/x509_summary.h"

#include <gtest/gtest.h>

#include "x509_test_certs.h"

namespace vigil {
namespace {

using x509_test::der_of;
using x509_test::make_cert;

TEST(X509Summary, SelfSignedCertificateWithFarValidity) {
  EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
  ASSERT_NE(key, nullptr);
  X509* cert = make_cert(key, "c2.example.net", "Evil, Inc.", nullptr, nullptr, "20240101000000Z", "99991231235959Z");
  std::vector<uint8_t> der = der_of(cert);
  auto s = summarize_certificate(der);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->subject, "CN=c2.example.net,O=Evil\\, Inc.");  // most specific first, comma escaped
  EXPECT_EQ(s->issuer, s->subject);
  EXPECT_EQ(s->not_valid_before, 1704067200);   // 2024-01-01T00:00:00Z
  EXPECT_EQ(s->not_valid_after, 253402300799);  // 9999-12-31T23:59:59Z, beyond a Timestamp's range
  EXPECT_TRUE(s->self_signed);
  X509_free(cert);
  EVP_PKEY_free(key);
}

TEST(X509Summary, CaSignedLeafIsNotSelfSigned) {
  EVP_PKEY* ca_key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
  EVP_PKEY* leaf_key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
  X509* ca = make_cert(ca_key, "Example Root", "Example CA", nullptr, nullptr, "20200101000000Z", "20400101000000Z");
  X509* leaf = make_cert(leaf_key, "www.example.org", "Example", X509_get_subject_name(ca), ca_key,
                         "20250601120000Z", "20260601120000Z");
  auto s = summarize_certificate(der_of(leaf));
  ASSERT_TRUE(s);
  EXPECT_EQ(s->subject, "CN=www.example.org,O=Example");
  EXPECT_EQ(s->issuer, "CN=Example Root,O=Example CA");
  EXPECT_EQ(s->not_valid_before, 1748779200);
  EXPECT_FALSE(s->self_signed);
  // Same names but another key's signature: the issuer equals the subject, yet it did not sign itself.
  X509* forged = make_cert(leaf_key, "Example Root", "Example CA", nullptr, ca_key, "20200101000000Z", "20400101000000Z");
  auto f = summarize_certificate(der_of(forged));
  ASSERT_TRUE(f);
  EXPECT_EQ(f->subject, f->issuer);
  EXPECT_FALSE(f->self_signed);
  for (X509* x : {ca, leaf, forged}) X509_free(x);
  EVP_PKEY_free(ca_key);
  EVP_PKEY_free(leaf_key);
}

TEST(X509Summary, BytesThatAreNotACertificateGiveNothing) {
  EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
  X509* cert = make_cert(key, "x", "y", nullptr, nullptr, "20240101000000Z", "20250101000000Z");
  std::vector<uint8_t> der = der_of(cert);
  for (size_t cut : {size_t{0}, size_t{1}, size_t{10}, der.size() / 2, der.size() - 1})
    EXPECT_FALSE(summarize_certificate(std::span(der.data(), cut))) << "cut at " << cut;
  std::vector<uint8_t> garbage(300, 0x30);
  EXPECT_FALSE(summarize_certificate(garbage));
  X509_free(cert);
  EVP_PKEY_free(key);
}

}  // namespace
}  // namespace vigil
