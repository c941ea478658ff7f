// TlsAnalyzer: the TLS handshake of one TCP connection, from both directions' reassembled streams to one
// ssl.log row, following Zeek's SSL analyzer (src/analyzer/protocol/ssl/*.pac) and its scripts.
//
// What it tracks, as Zeek does:
//  * the record layer: the first record must look like TLS (a 3.x version, a content type 20..30) or like
//    an SSLv2 hello; every later record must carry version 3.0..3.3; anything else is a violation;
//  * encryption per direction: a ChangeCipherSpec switches that side to ciphertext (ignored once TLS 1.3
//    is negotiated); under TLS 1.3 the first application-data record does;
//  * `established`: the first ciphertext record seen while both sides are encrypted (for TLS <= 1.2 the
//    server's Finished after both ChangeCipherSpecs, for 1.3 the client's first encrypted record after the
//    server's);
//  * confirmation (service "ssl"): a ClientHello with a version Zeek supports.
// It stops -- done() -- once established, on a violation, on a gap in either direction (Zeek stops feeding
// its parser after a content gap) or when a handshake message exceeds kMaxHandshakeMessage; the row keeps
// what was learned until then. Memory per direction: one record body and one handshake message, each at
// most 64 KiB.
//
//   TlsAnalyzer tls;  // for a connection whose first originator bytes pass looks_like_tls()
//   tls.deliver(true, client_bytes); tls.deliver(false, server_bytes);  // ... until tls.done()
//   if (tls.confirmed()) write(tls.record());
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>

#include "core/app_records.h"

namespace vigil {

class TlsLogBuilder;

// Why the analyzer stopped (kNone while it still reads).
enum class TlsStop : uint8_t {
  kNone,
  kEstablished,
  kGap,
  kNotTls,                // the first record header is neither TLS nor an SSLv2 hello
  kBadRecordVersion,      // a later record's version is not SSLv3..TLSv12
  kUnknownRecordType,     // a cleartext record of a content type TLS does not define
  kMalformedMessage,      // a handshake message (or heartbeat) shorter than its fields
  kUnsupportedVersion,    // a hello with a version Zeek does not accept
  kUnknownHandshakeType,  // a cleartext handshake message of an undefined type
  kHandshakeTooLarge,     // a handshake message above kMaxHandshakeMessage
};

// True when an originator's first data segment opens like a TLS ClientHello (a handshake record of
// version 3.x whose message is a ClientHello of version 3.x, Zeek's dpd_tls_client signature) or an
// SSLv2-format CLIENT-HELLO. A segment shorter than the pattern matches when what it has matches.
bool looks_like_tls(std::span<const uint8_t> first_orig_payload);

class TlsAnalyzer {
 public:
  static constexpr size_t kMaxHandshakeMessage = 64 * 1024;

  TlsAnalyzer();
  ~TlsAnalyzer();
  TlsAnalyzer(const TlsAnalyzer&) = delete;
  TlsAnalyzer& operator=(const TlsAnalyzer&) = delete;

  // The next reassembled, in-order bytes of one direction.
  void deliver(bool is_orig, std::span<const uint8_t> bytes);
  // `len` bytes of that direction are missing.
  void gap(bool is_orig, uint64_t len);

  bool done() const { return stop_ != TlsStop::kNone; }
  bool confirmed() const { return confirmed_; }
  TlsStop stop_reason() const { return stop_; }
  // The ssl.log row (its ConnRef is left for the caller).
  SslRecord record() const;
  // The same, moved out: the analyzer is done with it (the connection's session hands it on once).
  SslRecord take_record();

 private:
  class Direction;
  using Header = std::array<uint8_t, 5>;
  struct Framing {
    int content_type = 0;  // TLS content type; SSLv2 message type + 300, as Zeek numbers them
    size_t length = 0;
  };

  std::optional<Framing> frame(const Direction& d, const Header& head);
  std::optional<Framing> frame_first(const Direction& d, const Header& head);
  bool on_record(Direction& d, int content_type, const Header& head, std::span<const uint8_t> body);
  bool on_ciphertext();
  bool on_plaintext(Direction& d, int content_type, const Header& head, std::span<const uint8_t> body);
  bool on_change_cipher_spec(Direction& d, std::span<const uint8_t> body);
  bool on_alerts(const Direction& d, std::span<const uint8_t> body);
  bool on_heartbeat(const Direction& d, std::span<const uint8_t> body);
  bool on_handshake_record(Direction& d, std::span<const uint8_t> body);
  bool on_handshake_message(const Direction& d, uint8_t type, std::span<const uint8_t> body);
  bool on_client_hello(std::span<const uint8_t> body);
  bool on_server_hello(std::span<const uint8_t> body);
  bool on_sslv2_client_hello(const Direction& d, std::span<const uint8_t> body);
  bool on_sslv2_server_hello(std::span<const uint8_t> body);
  bool on_sslv2_client_master_key();
  bool stop(TlsStop why);               // records why and returns false (stop reading)
  std::nullopt_t refuse(TlsStop why);   // the same, for a record header that is refused
  bool tls13_negotiated() const;

  std::unique_ptr<Direction> orig_, resp_;
  std::unique_ptr<TlsLogBuilder> log_;
  uint16_t record_layer_version_ = 0;  // set by the first TLS record; kSslV2 after an SSLv2 SERVER-HELLO
  uint16_t negotiated_version_ = 0;    // the server's choice (supported_versions first); 0 before it
  uint16_t chosen_cipher_ = 0;
  bool confirmed_ = false;
  bool established_ = false;
  TlsStop stop_ = TlsStop::kNone;
};

}  // namespace vigil
