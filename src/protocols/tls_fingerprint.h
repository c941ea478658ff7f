// TLS client and server fingerprints from parsed hellos:
//   JA3 and JA3S, per Salesforce's specification (https://github.com/salesforce/ja3, README): the decimal
//     fields "SSLVersion,Ciphers,Extensions,EllipticCurves,EllipticCurvePointFormats" (JA3S:
//     "SSLVersion,Cipher,Extensions"), values joined by '-', GREASE values (RFC 8701) left out, and the
//     fingerprint is the MD5 of that string in lower-case hex.
//   JA4, per FoxIO's specification (https://github.com/FoxIO-LLC/ja4, technical_details/JA4.md):
//     "t13d1516h2_8daaf6152771_e5627efa2ab1" -- transport, version, SNI, counts and ALPN; then the first 12
//     hex digits of the SHA-256 of the sorted ciphers and of the sorted extensions (less SNI and ALPN)
//     followed by the signature algorithms in the order sent.
// An SSLv2 hello has none of these fields, so it has no fingerprint (empty strings).
#pragma once

#include <string>

#include "protocols/tls_hello.h"

namespace vigil {

std::string ja3_string(const ClientHello& hello);
std::string ja3(const ClientHello& hello);
std::string ja3s_string(const ServerHello& hello);
std::string ja3s(const ServerHello& hello);

// JA4's three parts before hashing: "t13d1516h2", the sorted cipher list ("002f,0035,...") and the
// extension list with the signature algorithms ("0005,000a,..._0403,0804,...").
struct Ja4Parts {
  std::string a, b, c;
};
// `transport` is 't' (TLS over TCP), 'q' (QUIC) or 'd' (DTLS).
Ja4Parts ja4_parts(const ClientHello& hello, char transport = 't');
std::string ja4(const ClientHello& hello, char transport = 't');

}  // namespace vigil
