// Certificate lists and the ServerKeyExchange curve, with Zeek's list of EC key-exchange suites
// (src/analyzer/protocol/ssl/tls-handshake-protocol.pac, ServerKeyExchange).
#include "protocols/tls_server_params.h"

#include <algorithm>
#include <iterator>

#include "protocols/byte_reader.h"

namespace vigil {
namespace {

constexpr uint8_t kNamedCurve = 3;

// Sorted; these are exactly the suites Zeek decodes as EcdheServerKeyExchange or EcdhAnonServerKeyExchange.
constexpr uint16_t kEcKeyExchangeSuites[] = {
    0xc006, 0xc007, 0xc008, 0xc009, 0xc00a,  // ECDHE_ECDSA with NULL, RC4, 3DES, AES-CBC
    0xc010, 0xc011, 0xc012, 0xc013, 0xc014,  // ECDHE_RSA with NULL, RC4, 3DES, AES-CBC
    0xc015, 0xc016, 0xc017, 0xc018, 0xc019,  // ECDH_anon
    0xc023, 0xc024, 0xc027, 0xc028,          // ECDHE with AES-CBC-SHA2
    0xc02b, 0xc02c, 0xc02f, 0xc030,          // ECDHE with AES-GCM
    0xc033, 0xc034, 0xc035, 0xc036, 0xc037, 0xc038, 0xc039, 0xc03a, 0xc03b,  // ECDHE_PSK
    0xc048, 0xc049, 0xc04c, 0xc04d,          // ECDHE with ARIA-CBC
    0xc05c, 0xc05d, 0xc060, 0xc061,          // ECDHE with ARIA-GCM
    0xc070, 0xc071,                          // ECDHE_PSK with ARIA-CBC
    0xc072, 0xc073, 0xc076, 0xc077,          // ECDHE with CAMELLIA-CBC
    0xc086, 0xc087, 0xc08a, 0xc08b,          // ECDHE with CAMELLIA-GCM
    0xc09a, 0xc09b,                          // ECDHE_PSK with CAMELLIA-CBC
    0xc0ac, 0xc0ad, 0xc0ae, 0xc0af,          // ECDHE_ECDSA with AES-CCM
    0xcca8, 0xcca9,                          // ECDHE with CHACHA20-POLY1305
};

}  // namespace

std::optional<std::vector<std::span<const uint8_t>>> parse_certificate_list(std::span<const uint8_t> body) {
  ByteReader message(body);
  ByteReader list(message.block24());
  if (!message.ok()) return std::nullopt;
  std::vector<std::span<const uint8_t>> certs;
  while (!list.empty()) {
    std::span<const uint8_t> cert = list.block24();
    if (!list.ok()) return std::nullopt;
    certs.push_back(cert);
  }
  return certs;
}

bool cipher_has_ec_server_key_exchange(uint16_t cipher) {
  return std::binary_search(std::begin(kEcKeyExchangeSuites), std::end(kEcKeyExchangeSuites), cipher);
}

std::optional<uint16_t> server_key_exchange_curve(std::span<const uint8_t> body) {
  ByteReader r(body);
  if (r.u8() != kNamedCurve) return std::nullopt;
  uint16_t curve = r.u16();
  r.block8();  // the public point; Zeek needs it whole before it reports the curve
  return r.ok() ? std::optional<uint16_t>(curve) : std::nullopt;
}

}  // namespace vigil
