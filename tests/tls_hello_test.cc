// ClientHello/ServerHello parsing: extensions into fields, Zeek's layout quirks, truncation at every byte,
// a thousand extensions, the SSLv2 hello.
#include <gtest/gtest.h>

#include "protocols/tls_hello.h"
#include "tls_builder.h"

namespace vigil {
namespace {

using namespace tls_test;

TEST(TlsHello, ClientHelloExtensionsBecomeFields) {
  ClientHelloSpec spec;
  spec.session_id = Bytes(32, 0x42);
  spec.extensions = {sni("www.example.com"), alpn({"h2", "http/1.1"}), supported_groups({0x1a1a, 29, 23}),
                     ec_point_formats({0}), signature_algorithms({0x0403, 0x0804}), client_versions({0x0304, 0x0303}),
                     client_key_share(29), session_ticket({1, 2, 3}), pre_shared_key()};
  ClientHello h;
  ASSERT_TRUE(parse_client_hello(client_hello_body(spec), h));
  EXPECT_EQ(h.version, 0x0303);
  EXPECT_EQ(h.session_id, spec.session_id);
  EXPECT_EQ(h.ciphers, (std::vector<uint32_t>{0xc02f, 0x1301}));
  EXPECT_EQ(h.extensions, (std::vector<uint16_t>{0, 16, 10, 11, 13, 43, 51, 35, 41}));
  EXPECT_TRUE(h.has_server_name_extension);
  EXPECT_EQ(h.server_names, std::vector<std::string>{"www.example.com"});
  EXPECT_EQ(h.alpn, (std::vector<std::string>{"h2", "http/1.1"}));
  EXPECT_EQ(h.supported_groups, (std::vector<uint16_t>{0x1a1a, 29, 23}));
  EXPECT_EQ(h.ec_point_formats, Bytes{0});
  EXPECT_EQ(h.signature_algorithms, (std::vector<uint16_t>{0x0403, 0x0804}));
  EXPECT_EQ(h.supported_versions, (std::vector<uint16_t>{0x0304, 0x0303}));
  EXPECT_TRUE(h.session_ticket_with_data);
  EXPECT_TRUE(h.pre_shared_key);
}

TEST(TlsHello, HelloWithoutExtensionsBlock) {
  ClientHelloSpec spec;
  spec.version = 0x0300;
  spec.omit_extensions = true;
  ClientHello h;
  ASSERT_TRUE(parse_client_hello(client_hello_body(spec), h));
  EXPECT_TRUE(h.extensions.empty());
  EXPECT_FALSE(h.has_server_name_extension);
}

TEST(TlsHello, EveryTruncationIsRefusedOrParsedWithinBounds) {
  ClientHelloSpec spec;
  spec.extensions = {sni("a.example"), alpn({"h2"}), supported_groups({29})};
  Bytes body = client_hello_body(spec);
  for (size_t cut = 0; cut < body.size(); ++cut) {
    ClientHello h;
    bool ok = parse_client_hello(std::span<const uint8_t>(body.data(), cut), h);
    // Cuts inside the fixed part or an extension fail; a cut right after the compression methods parses.
    if (ok) {
      EXPECT_LE(h.extensions.size(), 3u) << cut;
    }
  }
  ServerHelloSpec server;
  server.extensions = {alpn({"h2"})};
  Bytes sbody = server_hello_body(server);
  for (size_t cut = 0; cut < sbody.size(); ++cut) {
    ServerHello h;
    (void)parse_server_hello(std::span<const uint8_t>(sbody.data(), cut), h);
  }
}

TEST(TlsHello, LengthsThatLieAreRefused) {
  Bytes body = client_hello_body({});
  body[2 + 32 + 1] = 0xff;  // cipher list length far beyond the message
  ClientHello h;
  EXPECT_FALSE(parse_client_hello(body, h));
  ClientHelloSpec spec;
  spec.extensions = {sni("x")};
  Bytes with_ext = client_hello_body(spec);
  with_ext[with_ext.size() - sni("x").data.size() - 1] = 0x7f;  // the SNI extension claims more than is left
  EXPECT_FALSE(parse_client_hello(with_ext, h));
}

TEST(TlsHello, MalformedExtensionBodiesAreIgnoredNotFatal) {
  ClientHelloSpec spec;
  spec.extensions = {{0, {0x00, 0x09, 0x00, 0x00}}, {16, {0xff}}};  // SNI and ALPN lists cut short
  ClientHello h;
  ASSERT_TRUE(parse_client_hello(client_hello_body(spec), h));
  EXPECT_TRUE(h.has_server_name_extension);
  EXPECT_TRUE(h.server_names.empty());
  EXPECT_TRUE(h.alpn.empty());
}

TEST(TlsHello, AThousandExtensionsParse) {
  ClientHelloSpec spec;
  for (uint16_t i = 0; i < 1000; ++i) spec.extensions.push_back(empty_extension(static_cast<uint16_t>(1000 + i)));
  spec.extensions.push_back(sni("last.example"));
  ClientHello h;
  ASSERT_TRUE(parse_client_hello(client_hello_body(spec), h));
  EXPECT_EQ(h.extensions.size(), 1001u);
  EXPECT_EQ(h.server_names, std::vector<std::string>{"last.example"});
}

TEST(TlsHello, ServerHelloTls12AndTls13) {
  ServerHelloSpec s12;
  s12.session_id = Bytes(32, 7);
  s12.extensions = {alpn({"h2"}), empty_extension(0xff01)};
  ServerHello h;
  ASSERT_TRUE(parse_server_hello(server_hello_body(s12), h));
  EXPECT_EQ(h.version, 0x0303);
  EXPECT_EQ(h.cipher, 0xc02f);
  EXPECT_EQ(h.session_id, s12.session_id);
  EXPECT_EQ(h.alpn, std::vector<std::string>{"h2"});
  EXPECT_FALSE(h.selected_version);
  EXPECT_FALSE(h.hello_retry_request);

  ServerHelloSpec s13;
  s13.cipher = 0x1302;
  s13.extensions = {server_version(0x0304), server_key_share(29), pre_shared_key()};
  ServerHello h13;
  ASSERT_TRUE(parse_server_hello(server_hello_body(s13), h13));
  EXPECT_EQ(h13.selected_version, 0x0304);
  EXPECT_EQ(h13.key_share_group, 29);
  EXPECT_TRUE(h13.pre_shared_key);

  s13.random = hello_retry_random();
  s13.extensions = {server_version(0x0304), {51, u16s({23})}};  // a HelloRetryRequest names just the group
  ServerHello hrr;
  ASSERT_TRUE(parse_server_hello(server_hello_body(s13), hrr));
  EXPECT_TRUE(hrr.hello_retry_request);
  EXPECT_EQ(hrr.key_share_group, 23);
}

TEST(TlsHello, DraftServerHelloHasNoSessionIdOrCompression) {
  Bytes b;
  put16(b, 0x7f12);  // draft 18 put its version here and dropped the legacy fields
  append(b, Bytes(32, 1));
  put16(b, 0x1301);
  append(b, extensions_block({server_key_share(29)}));
  ServerHello h;
  ASSERT_TRUE(parse_server_hello(b, h));
  EXPECT_EQ(h.cipher, 0x1301);
  EXPECT_EQ(h.key_share_group, 29);
}

TEST(TlsHello, Sslv2ClientHello) {
  Bytes b;
  put16(b, 6);   // two 3-byte cipher kinds
  put16(b, 0);   // no session id
  put16(b, 16);  // challenge
  put24(b, 0x010080);
  put24(b, 0x00002f);
  append(b, Bytes(16, 9));
  ClientHello h;
  ASSERT_TRUE(parse_sslv2_client_hello(b, h));
  EXPECT_TRUE(h.sslv2);
  EXPECT_EQ(h.version, 0x0002);
  EXPECT_EQ(h.ciphers, (std::vector<uint32_t>{0x010080, 0x2f}));
  b.pop_back();
  EXPECT_FALSE(parse_sslv2_client_hello(b, h));
}

}  // namespace
}  // namespace vigil
