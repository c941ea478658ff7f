// TlsAnalyzer end to end on hand-built handshakes: the ssl.log row Zeek would write (TLS 1.2 and 1.3,
// resumption three ways, HelloRetryRequest, drafts, alerts, SSLv2), stream splitting (byte by byte, one
// message over many records), and the ways it stops (violations, a gap, the handshake-size cap).
#include <gtest/gtest.h>

#include <algorithm>

#include "protocols/tls_analyzer.h"
#include "tls_builder.h"
#include "x509_test_certs.h"

namespace vigil {
namespace {

using namespace tls_test;

struct Step {
  bool from_client;
  Bytes bytes;
};

// Delivers each step in pieces of at most `piece` bytes.
void play(TlsAnalyzer& a, const std::vector<Step>& steps, size_t piece = SIZE_MAX) {
  for (const Step& s : steps)
    for (size_t at = 0; at < s.bytes.size(); at += piece)
      a.deliver(s.from_client, std::span<const uint8_t>(s.bytes).subspan(at, std::min(piece, s.bytes.size() - at)));
}

Bytes concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) append(out, p);
  return out;
}

const Bytes kCertA = bytes_of("abc");  // stands in for DER; its SHA-256 is the FIPS 180-2 example
const char* kCertAHash = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
const Bytes kCertB(200, 0x30);

std::vector<Step> tls12_full_handshake() {
  ClientHelloSpec ch;
  ch.extensions = {sni("www.example.com"), alpn({"h2", "http/1.1"}), supported_groups({29, 23}), ec_point_formats({0}),
                   session_ticket({})};
  ServerHelloSpec sh;
  sh.session_id = Bytes(32, 1);
  sh.extensions = {alpn({"h2"}), {0xff01, {0}}};
  // The server's first flight in one record, four messages in it.
  Bytes flight = concat({handshake(kServerHello, server_hello_body(sh)), handshake(kCertificate, certificate_body({kCertA, kCertB})),
                         handshake(kServerKeyExchange, ecdhe_key_exchange_body(23)), handshake(kServerHelloDone, {})});
  return {
      {true, handshake_record(kClientHello, client_hello_body(ch), 0x0301)},
      {false, record(kHandshakeRecord, flight)},
      {true, concat({handshake_record(kClientKeyExchange, with_len8(Bytes(65, 4))), ccs_record(),
                     encrypted_record(kHandshakeRecord)})},
      {false, concat({handshake_record(kNewSessionTicket, Bytes(40, 9)), ccs_record(), encrypted_record(kHandshakeRecord)})},
      {true, encrypted_record()},
  };
}

// A real (generated) self-signed leaf in the server's Certificate message: its names, validity and
// self-signature reach the record; the chain's second entry (not DER) is only hashed.
TEST(TlsAnalyzer, ServerCertificateIsDescribed) {
  EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
  X509* cert = x509_test::make_cert(key, "update.example.net", "Example", nullptr, nullptr, "20260101000000Z",
                                    "20270101000000Z");
  Bytes der = x509_test::der_of(cert);
  X509_free(cert);
  EVP_PKEY_free(key);
  std::vector<Step> steps = tls12_full_handshake();
  ServerHelloSpec sh;
  sh.session_id = Bytes(32, 1);
  steps[1].bytes = record(kHandshakeRecord, concat({handshake(kServerHello, server_hello_body(sh)),
                                                    handshake(kCertificate, certificate_body({der, kCertB})),
                                                    handshake(kServerHelloDone, {})}));
  TlsAnalyzer a;
  play(a, steps, 7);  // the certificate arrives in many pieces
  SslRecord r = a.record();
  ASSERT_EQ(r.cert_chain_fps.size(), 2u);
  EXPECT_EQ(r.subject, "CN=update.example.net,O=Example");
  EXPECT_EQ(r.issuer, "CN=update.example.net,O=Example");
  EXPECT_EQ(r.not_valid_before, 1767225600);  // 2026-01-01
  EXPECT_EQ(r.not_valid_after, 1798761600);   // 2027-01-01
  EXPECT_EQ(r.self_signed, true);
}

TEST(TlsAnalyzer, ACertificateThatIsNotDerIsOnlyHashed) {
  TlsAnalyzer a;
  play(a, tls12_full_handshake());
  SslRecord r = a.record();
  EXPECT_EQ(r.cert_chain_fps.size(), 2u);
  EXPECT_FALSE(r.subject);
  EXPECT_FALSE(r.self_signed);
}

TEST(TlsAnalyzer, Tls12FullHandshake) {
  TlsAnalyzer a;
  play(a, tls12_full_handshake());
  ASSERT_TRUE(a.done());
  EXPECT_EQ(a.stop_reason(), TlsStop::kEstablished);
  EXPECT_TRUE(a.confirmed());
  SslRecord r = a.record();
  EXPECT_EQ(r.version, "TLSv12");
  EXPECT_EQ(r.cipher, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
  EXPECT_EQ(r.curve, "secp256r1");
  EXPECT_EQ(r.server_name, "www.example.com");
  EXPECT_EQ(r.next_protocol, "h2");
  EXPECT_FALSE(r.resumed);
  EXPECT_TRUE(r.established);
  EXPECT_FALSE(r.last_alert);
  EXPECT_EQ(r.ssl_history, "CsxknGIti");
  ASSERT_EQ(r.cert_chain_fps.size(), 2u);
  EXPECT_EQ(r.cert_chain_fps[0], kCertAHash);
  EXPECT_TRUE(r.client_cert_chain_fps.empty());
  EXPECT_TRUE(r.ja3 && r.ja3->size() == 32);
  EXPECT_TRUE(r.ja3s && r.ja3s->size() == 32);
  EXPECT_TRUE(r.ja4 && r.ja4->starts_with("t12d0205h2_"));
}

TEST(TlsAnalyzer, ByteByByteGivesTheSameRow) {
  TlsAnalyzer whole, bytewise;
  play(whole, tls12_full_handshake());
  play(bytewise, tls12_full_handshake(), 1);
  SslRecord a = whole.record(), b = bytewise.record();
  EXPECT_EQ(b.ssl_history, a.ssl_history);
  EXPECT_EQ(b.cert_chain_fps, a.cert_chain_fps);
  EXPECT_EQ(b.curve, a.curve);
  EXPECT_EQ(b.ja3, a.ja3);
  EXPECT_TRUE(b.established);
}

TEST(TlsAnalyzer, OneHandshakeMessageOverManyRecords) {
  ClientHelloSpec ch;
  ch.extensions = {sni("split.example")};
  Bytes message = handshake(kClientHello, client_hello_body(ch));
  Bytes stream;
  for (size_t at = 0; at < message.size(); at += 7)
    append(stream, record(kHandshakeRecord, Bytes(message.begin() + static_cast<long>(at),
                                                  message.begin() + static_cast<long>(std::min(at + 7, message.size())))));
  TlsAnalyzer a;
  play(a, {{true, stream}}, 3);
  EXPECT_TRUE(a.confirmed());
  EXPECT_EQ(a.record().server_name, "split.example");
  EXPECT_FALSE(a.done());
}

TEST(TlsAnalyzer, LargeCertificateAcrossRecordsUnderTheCap) {
  Bytes big(60000, 0x5a);
  Bytes message = handshake(kCertificate, certificate_body({big}));
  TlsAnalyzer a;
  play(a, {{true, handshake_record(kClientHello, client_hello_body({}))},
           {false, handshake_record(kServerHello, server_hello_body({}))}});
  for (size_t at = 0; at < message.size(); at += 16384)
    play(a, {{false, record(kHandshakeRecord, Bytes(message.begin() + static_cast<long>(at),
                                                    message.begin() + static_cast<long>(std::min(at + 16384, message.size()))))}});
  EXPECT_FALSE(a.done());
  EXPECT_EQ(a.record().cert_chain_fps.size(), 1u);
}

TEST(TlsAnalyzer, Tls13EstablishedWhenBothSidesSendCiphertext) {
  ClientHelloSpec ch;
  ch.session_id = Bytes(32, 5);  // the compatibility session id, echoed: not a resumption under TLS 1.3
  ch.ciphers = {0x1301, 0x1302};
  ch.extensions = {sni("tls13.example"), client_versions({0x0304, 0x0303}), client_key_share(29), supported_groups({29})};
  ServerHelloSpec sh;
  sh.session_id = ch.session_id;
  sh.cipher = 0x1301;
  sh.extensions = {server_version(0x0304), server_key_share(29)};
  TlsAnalyzer a;
  play(a, {{true, handshake_record(kClientHello, client_hello_body(ch), 0x0301)},
           {false, concat({handshake_record(kServerHello, server_hello_body(sh)), ccs_record(), encrypted_record(),
                           encrypted_record()})}});
  EXPECT_FALSE(a.done());
  play(a, {{true, concat({ccs_record(), encrypted_record()})}});
  ASSERT_EQ(a.stop_reason(), TlsStop::kEstablished);
  SslRecord r = a.record();
  EXPECT_EQ(r.version, "TLSv13");
  EXPECT_EQ(r.cipher, "TLS_AES_128_GCM_SHA256");
  EXPECT_EQ(r.curve, "x25519");
  EXPECT_FALSE(r.resumed);
  EXPECT_TRUE(r.established);
  EXPECT_EQ(r.ssl_history, "CsiI");
  EXPECT_TRUE(r.cert_chain_fps.empty());
  EXPECT_TRUE(r.ja4->starts_with("t13d0204"));
}

TEST(TlsAnalyzer, Tls13WithoutClientCiphertextIsNotEstablished) {
  ServerHelloSpec sh;
  sh.cipher = 0x1302;
  sh.extensions = {server_version(0x0304), server_key_share(23)};
  TlsAnalyzer a;
  play(a, {{true, handshake_record(kClientHello, client_hello_body({}))},
           {false, concat({handshake_record(kServerHello, server_hello_body(sh)), encrypted_record()})}});
  EXPECT_FALSE(a.done());
  EXPECT_FALSE(a.record().established);
  EXPECT_EQ(a.record().curve, "secp256r1");
}

TEST(TlsAnalyzer, Tls13DraftVersion) {
  ServerHelloSpec sh;
  sh.cipher = 0x1301;
  sh.extensions = {server_version(0x7f17), server_key_share(29)};
  TlsAnalyzer a;
  play(a, {{true, handshake_record(kClientHello, client_hello_body({}))},
           {false, concat({handshake_record(kServerHello, server_hello_body(sh)), ccs_record(), encrypted_record()})},
           {true, concat({ccs_record(), encrypted_record()})}});
  EXPECT_EQ(a.record().version, "TLSv13-draft23");
  EXPECT_TRUE(a.record().established);
}

TEST(TlsAnalyzer, HelloRetryRequest) {
  ServerHelloSpec hrr;
  hrr.random = hello_retry_random();
  hrr.cipher = 0x1301;
  hrr.extensions = {server_version(0x0304), {51, u16s({23})}};
  ServerHelloSpec sh;
  sh.cipher = 0x1301;
  sh.extensions = {server_version(0x0304), server_key_share(23)};
  TlsAnalyzer a;
  play(a, {{true, handshake_record(kClientHello, client_hello_body({}))},
           {false, concat({handshake_record(kServerHello, server_hello_body(hrr)), ccs_record()})},
           {true, handshake_record(kClientHello, client_hello_body({}))},
           {false, concat({handshake_record(kServerHello, server_hello_body(sh)), encrypted_record()})},
           {true, encrypted_record()}});
  EXPECT_EQ(a.record().ssl_history, "CjiCs");
  EXPECT_EQ(a.record().curve, "secp256r1");
  EXPECT_TRUE(a.record().established);
}

TEST(TlsAnalyzer, ResumedBySessionId) {
  ClientHelloSpec ch;
  ch.session_id = Bytes(32, 7);
  ServerHelloSpec sh;
  sh.session_id = ch.session_id;
  TlsAnalyzer a;
  play(a, {{true, handshake_record(kClientHello, client_hello_body(ch))},
           {false, concat({handshake_record(kServerHello, server_hello_body(sh)), ccs_record(),
                           encrypted_record(kHandshakeRecord)})}});
  EXPECT_FALSE(a.done());  // the client is not encrypted yet
  play(a, {{true, concat({ccs_record(), encrypted_record(kHandshakeRecord)})}});
  EXPECT_TRUE(a.record().resumed);
  EXPECT_TRUE(a.record().established);
  EXPECT_EQ(a.record().ssl_history, "CsiI");
}

TEST(TlsAnalyzer, ResumedByTicketWithoutKeyExchange) {
  ClientHelloSpec ch;
  ch.extensions = {session_ticket(Bytes(100, 3))};
  ServerHelloSpec sh;
  sh.session_id = Bytes(32, 8);  // a fresh id: no match, yet the ticket resumes
  sh.extensions = {session_ticket({})};
  TlsAnalyzer a;
  play(a, {{true, handshake_record(kClientHello, client_hello_body(ch))},
           {false, concat({handshake_record(kServerHello, server_hello_body(sh)), ccs_record(), encrypted_record(22)})},
           {true, concat({ccs_record(), encrypted_record(22)})}});
  EXPECT_TRUE(a.record().resumed);
}

TEST(TlsAnalyzer, ResumedByAcceptedPsk) {
  ClientHelloSpec ch;
  ch.extensions = {client_versions({0x0304}), client_key_share(29), pre_shared_key()};
  ServerHelloSpec sh;
  sh.cipher = 0x1301;
  sh.extensions = {server_version(0x0304), server_key_share(29), {41, u16s({0})}};
  TlsAnalyzer a;
  play(a, {{true, handshake_record(kClientHello, client_hello_body(ch))},
           {false, handshake_record(kServerHello, server_hello_body(sh))}});
  EXPECT_TRUE(a.record().resumed);
}

TEST(TlsAnalyzer, FatalAlertIsTheLastAlert) {
  TlsAnalyzer a;
  play(a, {{true, handshake_record(kClientHello, client_hello_body({}))},
           {false, concat({handshake_record(kServerHello, server_hello_body({})), alert_record(2, 40)})}});
  SslRecord r = a.record();
  EXPECT_EQ(r.last_alert, "handshake_failure");
  EXPECT_FALSE(r.established);
  EXPECT_EQ(r.ssl_history, "Csl");
}

TEST(TlsAnalyzer, ThousandExtensionClientHello) {
  ClientHelloSpec ch;
  for (uint16_t i = 0; i < 1000; ++i) ch.extensions.push_back(empty_extension(static_cast<uint16_t>(2000 + i)));
  ch.extensions.push_back(sni("many.example"));
  TlsAnalyzer a;
  play(a, {{true, handshake_record(kClientHello, client_hello_body(ch))}});
  EXPECT_TRUE(a.confirmed());
  EXPECT_EQ(a.record().server_name, "many.example");
  EXPECT_TRUE(a.record().ja4->starts_with("t12d0299"));  // the extension count stops at 99
}

TEST(TlsAnalyzer, TruncatedClientHelloIsAViolation) {
  Bytes body = client_hello_body({});
  body[35] = 0x40;  // the cipher list claims 16 KiB more than the message holds
  TlsAnalyzer a;
  play(a, {{true, handshake_record(kClientHello, body)}});
  EXPECT_EQ(a.stop_reason(), TlsStop::kMalformedMessage);
  EXPECT_FALSE(a.confirmed());
}

TEST(TlsAnalyzer, HandshakeMessageOverTheCapStops) {
  Bytes header = {kServerHello};
  put24(header, 70000);
  TlsAnalyzer a;
  play(a, {{true, handshake_record(kClientHello, client_hello_body({}))}, {false, record(kHandshakeRecord, header)}});
  EXPECT_EQ(a.stop_reason(), TlsStop::kHandshakeTooLarge);
  EXPECT_TRUE(a.done());
  play(a, {{false, Bytes(100000, 0)}});  // ignored: memory stays bounded
  EXPECT_TRUE(a.confirmed());
}

TEST(TlsAnalyzer, UnsupportedClientVersionIsNotConfirmed) {
  ClientHelloSpec ch;
  ch.version = 0x0305;
  TlsAnalyzer a;
  play(a, {{true, handshake_record(kClientHello, client_hello_body(ch))}});
  EXPECT_EQ(a.stop_reason(), TlsStop::kUnsupportedVersion);
  EXPECT_FALSE(a.confirmed());
}

TEST(TlsAnalyzer, RecordLayerViolations) {
  TlsAnalyzer not_tls;
  play(not_tls, {{true, bytes_of("GET / HTTP/1.1\r\nHost: x\r\n\r\n")}});
  EXPECT_EQ(not_tls.stop_reason(), TlsStop::kNotTls);

  TlsAnalyzer late;
  play(late, {{true, handshake_record(kClientHello, client_hello_body({}))},
              {false, handshake_record(kServerHello, server_hello_body({}), 0x0200)}});
  EXPECT_EQ(late.stop_reason(), TlsStop::kBadRecordVersion);
  EXPECT_TRUE(late.confirmed());

  TlsAnalyzer unknown_type;
  play(unknown_type, {{true, handshake_record(kClientHello, client_hello_body({}))}, {false, record(99, {1, 2})}});
  EXPECT_EQ(unknown_type.stop_reason(), TlsStop::kUnknownRecordType);

  TlsAnalyzer unknown_message;
  play(unknown_message, {{true, handshake_record(kClientHello, client_hello_body({}))},
                         {false, handshake_record(77, {1, 2, 3})}});
  EXPECT_EQ(unknown_message.stop_reason(), TlsStop::kUnknownHandshakeType);
}

TEST(TlsAnalyzer, GapStopsButKeepsWhatWasLearned) {
  ClientHelloSpec ch;
  ch.extensions = {sni("gap.example")};
  TlsAnalyzer a;
  play(a, {{true, handshake_record(kClientHello, client_hello_body(ch))}});
  a.gap(false, 1000);
  EXPECT_EQ(a.stop_reason(), TlsStop::kGap);
  EXPECT_TRUE(a.confirmed());
  EXPECT_EQ(a.record().server_name, "gap.example");
}

Bytes sslv2_record(uint8_t type, const Bytes& after_type) {
  Bytes b;
  put16(b, 0x8000 | static_cast<uint32_t>(after_type.size() + 1));
  put8(b, type);
  append(b, after_type);
  return b;
}

Bytes sslv2_client_hello() {
  Bytes b;
  put16(b, 0x0301);  // the highest version the client speaks
  put16(b, 6);
  put16(b, 0);
  put16(b, 16);
  put24(b, 0x010080);
  put24(b, 0x00002f);
  append(b, Bytes(16, 9));
  return sslv2_record(1, b);
}

TEST(TlsAnalyzer, Sslv2CompatibleHelloThenTls) {
  Bytes hello = sslv2_client_hello();
  EXPECT_TRUE(looks_like_tls(hello));
  ServerHelloSpec sh;
  sh.version = 0x0301;
  sh.cipher = 0x002f;
  TlsAnalyzer a;
  play(a, {{true, hello}, {false, handshake_record(kServerHello, server_hello_body(sh), 0x0301)}});
  EXPECT_TRUE(a.confirmed());
  EXPECT_FALSE(a.done());
  SslRecord r = a.record();
  EXPECT_EQ(r.version, "TLSv10");
  EXPECT_EQ(r.cipher, "TLS_RSA_WITH_AES_128_CBC_SHA");
  EXPECT_EQ(r.ssl_history, "Cs");
  EXPECT_FALSE(r.ja3);
}

TEST(TlsAnalyzer, Sslv2Connection) {
  Bytes server;
  put8(server, 0);  // session id hit
  put8(server, 1);  // certificate type
  put16(server, 0x0002);
  put16(server, static_cast<uint32_t>(kCertA.size()));
  put16(server, 3);
  put16(server, 16);
  append(server, kCertA);
  put24(server, 0x010080);
  append(server, Bytes(16, 1));
  Bytes master_key;
  put24(master_key, 0x010080);
  put16(master_key, 0);
  put16(master_key, 0);
  put16(master_key, 0);
  TlsAnalyzer a;
  play(a, {{true, sslv2_client_hello()}, {false, sslv2_record(4, server)}, {true, sslv2_record(2, master_key)}});
  SslRecord r = a.record();
  EXPECT_EQ(r.version, "SSLv2");
  EXPECT_EQ(r.cipher, "SSLv20_CK_RC4_128_WITH_MD5");
  EXPECT_TRUE(r.established);
  EXPECT_EQ(r.cert_chain_fps, std::vector<std::string>{kCertAHash});
}

TEST(TlsAnalyzer, LooksLikeTls) {
  Bytes hello = handshake_record(kClientHello, client_hello_body({}), 0x0301);
  EXPECT_TRUE(looks_like_tls(hello));
  EXPECT_TRUE(looks_like_tls(std::span<const uint8_t>(hello).first(3)));
  EXPECT_FALSE(looks_like_tls(std::span<const uint8_t>(hello).first(2)));
  EXPECT_FALSE(looks_like_tls(handshake_record(kServerHello, server_hello_body({}))));
  EXPECT_FALSE(looks_like_tls(bytes_of("GET / HTTP/1.1\r\n")));
  EXPECT_FALSE(looks_like_tls(alert_record(2, 40)));
  Bytes tls13 = handshake_record(kClientHello, client_hello_body({}), 0x0303);
  tls13[10] = 0x04;  // a ClientHello with legacy version 3.4: not what Zeek's signature accepts
  EXPECT_FALSE(looks_like_tls(tls13));
}

}  // namespace
}  // namespace vigil
