// The two later handshake messages ssl.log reads: Certificate (the DER certificates of a TLS <= 1.2 chain,
// RFC 5246 7.4.2) and ServerKeyExchange (the named curve of an ECDHE or ECDH_anon key exchange,
// RFC 8422 5.4), both parsed from attacker-written bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace vigil {

// The certificates of a Certificate message body, in the order sent; nullopt when the lengths do not add
// up. The spans point into `body`.
std::optional<std::vector<std::span<const uint8_t>>> parse_certificate_list(std::span<const uint8_t> body);

// Whether Zeek parses the ServerKeyExchange of `cipher` as an EC key exchange (its ECDHE and ECDH_anon
// suites; the list includes the ECDHE_PSK suites, whose message actually starts with a PSK identity hint).
bool cipher_has_ec_server_key_exchange(uint16_t cipher);

// The named curve of an EC ServerKeyExchange body (curve type 3, named_curve), else nullopt.
std::optional<uint16_t> server_key_exchange_curve(std::span<const uint8_t> body);

}  // namespace vigil
