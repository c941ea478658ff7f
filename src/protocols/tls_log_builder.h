// TlsLogBuilder: the ssl.log row of one connection, built from handshake events the way Zeek's script
// base/protocols/ssl/main.zeek builds SSL::Info from the analyzer's events.
//
// The analyzer (TlsAnalyzer) calls these in Zeek's event order: for a hello, its extension events come
// before the hello event, and the handshake-message event after it. What each field means follows the
// script: version from the ServerHello (or its supported_versions), cipher from the ServerHello, curve from
// an ECDHE ServerKeyExchange or a TLS 1.3 key_share, server_name from the client's SNI, next_protocol from
// the server's ALPN, resumed from a matching session id, a ticket without key exchange or an accepted PSK,
// last_alert from the last alert seen, ssl_history one letter per message (client's upper case, at most
// 100), established from the analyzer.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/app_records.h"
#include "protocols/tls_hello.h"

namespace vigil {

class TlsLogBuilder {
 public:
  static constexpr size_t kMaxHistory = 100;  // Zeek's SSL::max_ssl_history_length

  void client_hello(const ClientHello& hello);
  void server_hello(const ServerHello& hello);
  // An SSLv2 SERVER-HELLO: version SSLv2 and the first of its 24-bit cipher kinds.
  void sslv2_server_hello(uint32_t first_cipher);
  void handshake_message(bool is_client, uint8_t type);
  void change_cipher_spec(bool is_client);
  void alert(bool is_client, uint16_t description);
  void heartbeat(bool is_client);
  void server_key_exchange_curve(uint16_t group);
  // The certificates (DER) of a Certificate message: their SHA-256 goes to the chain of that side; the
  // server's first is also described (subject, issuer, validity, self-signed).
  void certificates(bool is_client, const std::vector<std::span<const uint8_t>>& certs);
  void established();

  const SslRecord& record() const { return rec_; }
  SslRecord take_record() { return std::move(rec_); }

 private:
  void add_history(bool is_client, char letter);
  void describe_server_certificate(std::span<const uint8_t> der);
  void client_extensions(const ClientHello& hello);
  void server_extensions(const ServerHello& hello);

  SslRecord rec_;
  std::optional<uint16_t> version_num_;
  std::optional<std::array<uint8_t, 32>> client_session_id_;  // as Zeek keeps it: 32 bytes, zero-padded
  bool client_ticket_empty_session_seen_ = false;
  bool client_key_exchange_seen_ = false;
  bool client_psk_seen_ = false;
  bool hrr_seen_ = false;
};

}  // namespace vigil
