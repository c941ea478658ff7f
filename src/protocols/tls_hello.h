// ClientHello and ServerHello: the two TLS handshake messages ssl.log and the JA3/JA4 fingerprints are
// built from, parsed from attacker-written bytes (RFC 5246 7.4.1, RFC 8446 4.1, SSLv2's CLIENT-HELLO).
//
// The layout follows Zeek's parser where it is more lenient than the RFCs, so that vigil accepts what
// Zeek accepts: the extensions block's own length is read but not enforced (extensions run to the end of
// the message), a cipher list of odd length yields its whole pairs, and a TLS 1.3 draft ServerHello
// (version 0x7fxx) has no session id or compression method. Extension bodies that are malformed are
// ignored rather than fatal; a truncated fixed field or extension header makes the message malformed.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace vigil {

struct ClientHello {
  bool sslv2 = false;      // an SSLv2-format CLIENT-HELLO (its ciphers are 24-bit cipher kinds)
  uint16_t version = 0;    // legacy_version (Zeek reports 0x0002 for an SSLv2 hello)
  std::vector<uint8_t> session_id;
  std::vector<uint32_t> ciphers;
  std::vector<uint8_t> compression_methods;
  std::vector<uint16_t> extensions;  // extension types, in the order sent
  bool has_server_name_extension = false;
  std::vector<std::string> server_names;  // host names (name type 0) of the server_name extension
  std::vector<std::string> alpn;          // protocol names offered, in order
  std::vector<uint16_t> supported_versions;
  std::vector<uint16_t> supported_groups;
  std::vector<uint8_t> ec_point_formats;
  std::vector<uint16_t> signature_algorithms;
  bool session_ticket_with_data = false;  // a non-empty SessionTicket extension (resumption by ticket)
  bool pre_shared_key = false;            // the pre_shared_key extension (TLS 1.3 resumption offer)
};

struct ServerHello {
  uint16_t version = 0;  // legacy_version, or the draft version of a TLS 1.3 draft hello
  bool hello_retry_request = false;  // the RFC 8446 4.1.3 magic random
  std::vector<uint8_t> session_id;
  uint16_t cipher = 0;
  uint8_t compression_method = 0;
  std::vector<uint16_t> extensions;  // extension types, in the order sent
  std::optional<uint16_t> selected_version;  // supported_versions (TLS 1.3)
  std::optional<uint16_t> key_share_group;   // key_share's group (TLS 1.3, also in a HelloRetryRequest)
  std::vector<std::string> alpn;             // protocol names of the ALPN extension (one, normally)
  bool pre_shared_key = false;               // the server accepted a PSK (TLS 1.3 resumption)
};

// `body` is the handshake message body (after its 4-byte header). False when a fixed field or an
// extension header runs past the end of the message.
[[nodiscard]] bool parse_client_hello(std::span<const uint8_t> body, ClientHello& out);
[[nodiscard]] bool parse_server_hello(std::span<const uint8_t> body, ServerHello& out);
// `body` is the SSLv2 record after its 2-byte length, message type and 2-byte version.
[[nodiscard]] bool parse_sslv2_client_hello(std::span<const uint8_t> body, ClientHello& out);

}  // namespace vigil
