// JA3/JA3S exactly per Salesforce's README (https://github.com/salesforce/ja3) and JA4 per FoxIO's
// specification (https://github.com/FoxIO-LLC/ja4/blob/main/technical_details/JA4.md), including the
// worked examples of both documents and GREASE values left out everywhere.
#include <gtest/gtest.h>

#include "protocols/tls_fingerprint.h"
#include "tls_builder.h"

namespace vigil {
namespace {

using namespace tls_test;

// The ClientHello of JA4.md's worked example, with GREASE values added where Chrome puts them.
ClientHello ja4_example(bool with_signature_algorithms = true) {
  ClientHelloSpec spec;
  spec.ciphers = {0x2a2a, 0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9,
                  0xcca8, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035};
  std::vector<uint16_t> sigs;
  if (with_signature_algorithms) sigs = {0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601};
  spec.extensions = {empty_extension(0x8a8a),
                     {0x001b, {2, 0, 2}},
                     sni("example.com"),
                     client_key_share(29),
                     alpn({"h2", "http/1.1"}),
                     {0x4469, {0, 3, 2, 'h', '2'}},
                     empty_extension(0x0017),
                     {0x002d, {1, 1}},
                     signature_algorithms(sigs),
                     {0x0005, {1, 0, 0, 0, 0}},
                     empty_extension(0x0023),
                     empty_extension(0x0012),
                     client_versions({0x3a3a, 0x0304, 0x0303}),
                     {0xff01, {0}},
                     ec_point_formats({0}),
                     supported_groups({0x4a4a, 29, 23, 24}),
                     {0x0015, Bytes(20, 0)},
                     empty_extension(0xdada)};
  ClientHello h;
  EXPECT_TRUE(parse_client_hello(client_hello_body(spec), h));
  return h;
}

TEST(TlsFingerprint, Ja4MatchesTheSpecificationsExample) {
  ClientHello h = ja4_example();
  Ja4Parts parts = ja4_parts(h);
  EXPECT_EQ(parts.a, "t13d1516h2");
  EXPECT_EQ(parts.b, "002f,0035,009c,009d,1301,1302,1303,c013,c014,c02b,c02c,c02f,c030,cca8,cca9");
  EXPECT_EQ(parts.c,
            "0005,000a,000b,000d,0012,0015,0017,001b,0023,002b,002d,0033,4469,ff01_"
            "0403,0804,0401,0503,0805,0501,0806,0601");
  EXPECT_EQ(ja4(h), "t13d1516h2_8daaf6152771_e5627efa2ab1");
}

TEST(TlsFingerprint, Ja4WithoutSignatureAlgorithmsHasNoUnderscore) {
  EXPECT_EQ(ja4(ja4_example(false)), "t13d1516h2_8daaf6152771_6d807ffa2a79");
}

TEST(TlsFingerprint, Ja4EmptyListsAndLegacyVersion) {
  ClientHelloSpec spec;
  spec.ciphers = {};
  spec.extensions = {};
  ClientHello h;
  ASSERT_TRUE(parse_client_hello(client_hello_body(spec), h));
  EXPECT_EQ(ja4(h), "t12i000000_000000000000_000000000000");
  spec.version = 0x0300;
  spec.ciphers = {0x000a};
  spec.extensions = {sni("x"), alpn({"h2"})};  // only SNI and ALPN: c has nothing left to hash
  ASSERT_TRUE(parse_client_hello(client_hello_body(spec), h = {}));
  EXPECT_EQ(ja4(h).substr(0, 11), "ts3d0102h2_");
  EXPECT_TRUE(ja4(h).ends_with("_000000000000"));
}

std::string ja4_alpn_of(const std::string& first) {
  ClientHelloSpec spec;
  spec.extensions = {alpn({first, "x"})};
  ClientHello h;
  EXPECT_TRUE(parse_client_hello(client_hello_body(spec), h));
  return ja4_parts(h).a.substr(8);
}

TEST(TlsFingerprint, Ja4AlpnCharactersOrHexDigits) {
  EXPECT_EQ(ja4_alpn_of("http/1.1"), "h1");
  EXPECT_EQ(ja4_alpn_of("h"), "hh");
  EXPECT_EQ(ja4_alpn_of(""), "00");
  EXPECT_EQ(ja4_alpn_of("\xab"), "ab");
  EXPECT_EQ(ja4_alpn_of("\xab\xcd"), "ad");
  EXPECT_EQ(ja4_alpn_of("0\xab"), "3b");
  EXPECT_EQ(ja4_alpn_of(std::string("01\xab\xcd", 4)), "3d");
  EXPECT_EQ(ja4_alpn_of("0\xab\xcd" "1"), "01");
}

TEST(TlsFingerprint, Ja3OfTheReadmeExample) {
  ClientHelloSpec spec;
  spec.version = 769;
  spec.ciphers = {47, 53, 5, 10, 49161, 49162, 49171, 49172, 50, 56, 19, 4};
  spec.extensions = {sni("example.com"), supported_groups({23, 24, 25}), ec_point_formats({0})};
  ClientHello h;
  ASSERT_TRUE(parse_client_hello(client_hello_body(spec), h));
  EXPECT_EQ(ja3_string(h), "769,47-53-5-10-49161-49162-49171-49172-50-56-19-4,0-10-11,23-24-25,0");
  EXPECT_EQ(ja3(h), "ada70206e40642a3e4461f35503241d5");
}

TEST(TlsFingerprint, Ja3LeavesGreaseOutOfEveryList) {
  ClientHello h = ja4_example();
  EXPECT_EQ(ja3_string(h),
            "771,4865-4866-4867-49195-49199-49196-49200-52393-52392-49171-49172-156-157-47-53,"
            "27-0-51-16-17513-23-45-13-5-35-18-43-65281-11-10-21,29-23-24,0");
  EXPECT_EQ(ja3(h), "c000e2caf3a25423f9de6c8a4b12a975");
}

TEST(TlsFingerprint, Ja3WithEmptyFields) {
  ClientHelloSpec spec;
  spec.version = 0x0300;
  spec.ciphers = {4};
  spec.omit_extensions = true;
  ClientHello h;
  ASSERT_TRUE(parse_client_hello(client_hello_body(spec), h));
  EXPECT_EQ(ja3_string(h), "768,4,,,");
}

TEST(TlsFingerprint, Ja3s) {
  ServerHelloSpec spec;
  spec.version = 769;
  spec.cipher = 47;
  spec.extensions = {{0xff01, {0}}, empty_extension(0), ec_point_formats({0}), empty_extension(35),
                     empty_extension(23)};
  ServerHello h;
  ASSERT_TRUE(parse_server_hello(server_hello_body(spec), h));
  EXPECT_EQ(ja3s_string(h), "769,47,65281-0-11-35-23");
  EXPECT_EQ(ja3s(h), "9f21cbb9cb5139df72b85b17ab34eea1");
}

TEST(TlsFingerprint, Sslv2HelloHasNoFingerprint) {
  ClientHello h;
  h.sslv2 = true;
  EXPECT_EQ(ja3(h), "");
  EXPECT_EQ(ja4(h), "");
}

}  // namespace
}  // namespace vigil
