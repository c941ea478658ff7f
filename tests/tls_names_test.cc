// TLS names as Zeek prints them: versions (drafts and unknowns), cipher suites, curves, alerts, GREASE.
#include <gtest/gtest.h>

#include "protocols/tls_names.h"

namespace vigil {
namespace {

TEST(TlsNames, VersionsAsZeekPrintsThem) {
  EXPECT_EQ(tls_version_name(0x0002), "SSLv2");
  EXPECT_EQ(tls_version_name(0x0300), "SSLv3");
  EXPECT_EQ(tls_version_name(0x0301), "TLSv10");
  EXPECT_EQ(tls_version_name(0x0303), "TLSv12");
  EXPECT_EQ(tls_version_name(0x0304), "TLSv13");
  EXPECT_EQ(tls_version_name(0xfefd), "DTLSv12");
  EXPECT_EQ(tls_version_name(0x7f17), "TLSv13-draft23");  // the tls13-version baseline
  EXPECT_EQ(tls_version_name(0x0305), "unknown-773");
}

TEST(TlsNames, Tls13DraftsAndPreTls13) {
  EXPECT_TRUE(is_tls13_draft(0x7f1c));
  EXPECT_FALSE(is_tls13_draft(0x0304));
  EXPECT_TRUE(is_pre_tls13(0x0303));
  EXPECT_FALSE(is_pre_tls13(0x0304));
  EXPECT_FALSE(is_pre_tls13(0));  // nothing negotiated yet counts as 1.3-like for Zeek's record layer
}

TEST(TlsNames, CipherSuitesWithZeeksSpellings) {
  EXPECT_TRUE(tls_cipher_table_is_sorted());
  EXPECT_EQ(tls_cipher_name(0x1301), "TLS_AES_128_GCM_SHA256");
  EXPECT_EQ(tls_cipher_name(0xc02f), "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
  EXPECT_EQ(tls_cipher_name(0x0088), "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA");
  EXPECT_EQ(tls_cipher_name(0x0018), "TLS_DH_ANON_WITH_RC4_128_MD5");
  EXPECT_EQ(tls_cipher_name(0xcc13), "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256_OLD");
  EXPECT_EQ(tls_cipher_name(0x00ff), "TLS_EMPTY_RENEGOTIATION_INFO_SCSV");
  EXPECT_EQ(tls_cipher_name(0x010080), "SSLv20_CK_RC4_128_WITH_MD5");
  EXPECT_EQ(tls_cipher_name(0x0a0a), "grease_0x0A0A");
  EXPECT_EQ(tls_cipher_name(0x1234), "unknown-4660");
}

TEST(TlsNames, CurvesAndAlerts) {
  EXPECT_EQ(tls_curve_name(23), "secp256r1");
  EXPECT_EQ(tls_curve_name(29), "x25519");
  EXPECT_EQ(tls_curve_name(4588), "X25519MLKEM768");
  EXPECT_EQ(tls_curve_name(0xfafa), "grease_0xFAFA");
  EXPECT_EQ(tls_curve_name(999), "unknown-999");
  EXPECT_EQ(tls_alert_name(40), "handshake_failure");
  EXPECT_EQ(tls_alert_name(0), "close_notify");
  EXPECT_EQ(tls_alert_name(255), "unknown-255");
}

TEST(TlsNames, GreaseValues) {
  for (int i = 0; i < 16; ++i) EXPECT_TRUE(is_grease(static_cast<uint16_t>(0x0a0a + 0x1010 * i))) << i;
  EXPECT_FALSE(is_grease(0x0a1a));
  EXPECT_FALSE(is_grease(0x1301));
  EXPECT_FALSE(is_grease(0x0000));
}

}  // namespace
}  // namespace vigil
