// TlsAnalyzer: record framing and validation, per-direction encryption state, and the dispatch of records
// and handshake messages to the ssl.log builder, in the order Zeek's SSL analyzer raises its events.
#include "protocols/tls_analyzer.h"

#include <algorithm>

#include "protocols/byte_reader.h"
#include "protocols/tls_handshake_reassembler.h"
#include "protocols/tls_hello.h"
#include "protocols/tls_log_builder.h"
#include "protocols/tls_names.h"
#include "protocols/tls_record_framer.h"
#include "protocols/tls_server_params.h"

namespace vigil {
namespace {

// Content types (RFC 5246 6.2.1) and Zeek's numbering of SSLv2 messages (message type + 300).
constexpr int kChangeCipherSpec = 20;
constexpr int kAlert = 21;
constexpr int kHandshake = 22;
constexpr int kApplicationData = 23;
constexpr int kHeartbeat = 24;
constexpr int kV2Error = 300;
constexpr int kV2ClientHello = 301;
constexpr int kV2ClientMasterKey = 302;
constexpr int kV2ServerHello = 304;
constexpr int kV2MessageBase = 300;

constexpr uint8_t kClientHelloType = 1;
constexpr uint8_t kServerHelloType = 2;
constexpr uint8_t kCertificateType = 11;
constexpr uint8_t kServerKeyExchangeType = 12;

constexpr size_t kMaxAlertsPerRecord = 10;  // Zeek's SSL::max_alerts_per_record
constexpr size_t kHeartbeatHeader = 3;      // type and payload length

uint16_t u16_at(std::span<const uint8_t> bytes, size_t at) {
  return static_cast<uint16_t>(bytes[at] << 8 | bytes[at + 1]);
}

// The record-layer versions Zeek accepts: SSLv3 .. TLSv12 (TLS 1.3 records say 3.3 too).
bool is_record_version(uint16_t v) { return v >= kSslV3 && v <= kTlsV12; }

// Zeek's version_ok: the hello versions it analyzes.
bool is_hello_version_ok(uint16_t v) {
  return v == kSslV2 || is_record_version(v) || v == kDtlsV10 || v == kDtlsV12;
}

// The handshake types Zeek's parser knows; others are a violation.
bool is_known_handshake_type(uint8_t type) {
  switch (type) {
    case 0: case 1: case 2: case 3: case 4: case 5: case 6: case 8:
    case 11: case 12: case 13: case 14: case 15: case 16:
    case 20: case 21: case 22: case 23: case 24: case 254:
      return true;
    default:
      return false;
  }
}

// An SSLv2 record: a 2-byte length (high bit set) covering the message type, two more header bytes (Zeek
// reads five header bytes for both formats) and the body. Negative when the length is under three.
long sslv2_body_length(const std::array<uint8_t, 5>& head) {
  return static_cast<long>((head[0] & 0x7f) << 8 | head[1]) - 3;
}

}  // namespace

// One direction: its record framer, its handshake reassembler and whether it is encrypted yet.
class TlsAnalyzer::Direction final : public TlsRecordFramer::Handler {
 public:
  Direction(TlsAnalyzer& analyzer, bool orig) : is_orig(orig), analyzer_(analyzer) {}

  std::optional<TlsRecordFramer::Framing> record_header(const TlsRecordFramer::Header& head) override {
    std::optional<Framing> f = analyzer_.frame(*this, head);
    if (!f) return std::nullopt;
    content_type_ = f->content_type;
    // Ciphertext and application data are only counted; everything else is parsed once complete.
    bool keep = !encrypted && content_type_ != kApplicationData;
    return TlsRecordFramer::Framing{f->length, keep};
  }
  bool record(const TlsRecordFramer::Header& head, std::span<const uint8_t> body) override {
    return analyzer_.on_record(*this, content_type_, head, body);
  }

  const bool is_orig;
  bool encrypted = false;
  TlsRecordFramer framer;
  TlsHandshakeReassembler handshakes{kMaxHandshakeMessage};

 private:
  TlsAnalyzer& analyzer_;
  int content_type_ = 0;
};

bool looks_like_tls(std::span<const uint8_t> p) {
  if (p.size() < 3) return false;
  auto byte_is = [&](size_t i, auto&& pred) { return i >= p.size() || pred(p[i]); };
  auto minor_version = [](uint8_t b) { return b <= 3; };
  // Zeek's dpd_tls_client: /^\x16\x03[\x00-\x03]..\x01...\x03[\x00-\x03]/
  bool tls = p[0] == kHandshake && p[1] == 3 && minor_version(p[2]) &&
             byte_is(5, [](uint8_t b) { return b == kClientHelloType; }) &&
             byte_is(9, [](uint8_t b) { return b == 3; }) && byte_is(10, minor_version);
  // An SSLv2-format CLIENT-HELLO: a 2-byte length with the high bit set, type 1, version 2.0 or 3.0..3.3.
  bool sslv2 = (p[0] & 0x80) && p[2] == kClientHelloType &&
               (p.size() < 5 ? byte_is(3, [](uint8_t b) { return b == 0 || b == 3; })
                             : u16_at(p, 3) == kSslV2 || is_record_version(u16_at(p, 3)));
  return tls || sslv2;
}

TlsAnalyzer::TlsAnalyzer()
    : orig_(std::make_unique<Direction>(*this, true)),
      resp_(std::make_unique<Direction>(*this, false)),
      log_(std::make_unique<TlsLogBuilder>()) {}

TlsAnalyzer::~TlsAnalyzer() = default;

void TlsAnalyzer::deliver(bool is_orig, std::span<const uint8_t> bytes) {
  if (done()) return;
  Direction& d = is_orig ? *orig_ : *resp_;
  d.framer.feed(bytes, d);
}

void TlsAnalyzer::gap(bool /*is_orig*/, uint64_t len) {
  if (len > 0 && !done()) stop(TlsStop::kGap);
}

SslRecord TlsAnalyzer::record() const { return log_->record(); }
SslRecord TlsAnalyzer::take_record() { return log_->take_record(); }

bool TlsAnalyzer::stop(TlsStop why) {
  if (stop_ == TlsStop::kNone) stop_ = why;
  return false;
}

std::nullopt_t TlsAnalyzer::refuse(TlsStop why) {
  stop(why);
  return std::nullopt;
}

bool TlsAnalyzer::tls13_negotiated() const {
  return negotiated_version_ == kTlsV13 || is_tls13_draft(negotiated_version_);
}

// Zeek's determine_ssl_record_layer: once the first TLS record fixed the record layer, every record must
// keep a 3.x version; after an SSLv2 SERVER-HELLO every record is SSLv2.
std::optional<TlsAnalyzer::Framing> TlsAnalyzer::frame(const Direction& d, const Header& head) {
  if (done()) return std::nullopt;
  if (record_layer_version_ == kSslV2) {
    long length = sslv2_body_length(head);
    if (length < 0) return refuse(TlsStop::kNotTls);
    return Framing{head[2] + kV2MessageBase, static_cast<size_t>(length)};
  }
  if (record_layer_version_ != 0) {
    if (!is_record_version(u16_at(head, 1))) return refuse(TlsStop::kBadRecordVersion);
    return Framing{head[0], u16_at(head, 3)};
  }
  return frame_first(d, head);
}

std::optional<TlsAnalyzer::Framing> TlsAnalyzer::frame_first(const Direction& d, const Header& head) {
  if (head[0] & 0x80) {
    long length = sslv2_body_length(head);
    uint16_t version = u16_at(head, 3);
    bool client_hello = head[2] == 1 && d.is_orig && (version == kSslV2 || is_record_version(version));
    bool server_hello = head[2] == 4 && head[4] < 2 && !d.is_orig;
    if (length < 0 || !(client_hello || server_hello)) return refuse(TlsStop::kNotTls);
    if (server_hello) record_layer_version_ = kSslV2;  // the connection stays SSLv2
    return Framing{head[2] + kV2MessageBase, static_cast<size_t>(length)};
  }
  uint16_t version = u16_at(head, 1);
  if (!is_record_version(version) || head[0] < 20 || head[0] > 30) return refuse(TlsStop::kNotTls);
  record_layer_version_ = version;
  return Framing{head[0], u16_at(head, 3)};
}

// Zeek's determine_state: a record is ciphertext once its side is encrypted; under TLS 1.3 (or before any
// version was negotiated) an application-data record is what switches a side to encrypted.
bool TlsAnalyzer::on_record(Direction& d, int content_type, const Header& head, std::span<const uint8_t> body) {
  if (done()) return false;
  if (!d.encrypted && content_type == kApplicationData && !is_pre_tls13(negotiated_version_)) d.encrypted = true;
  if (d.encrypted) return on_ciphertext();
  return on_plaintext(d, content_type, head, body);
}

bool TlsAnalyzer::on_ciphertext() {
  if (!orig_->encrypted || !resp_->encrypted || established_) return true;
  established_ = true;
  log_->established();
  return stop(TlsStop::kEstablished);  // Zeek logs the row and detaches its analyzer here
}

bool TlsAnalyzer::on_plaintext(Direction& d, int content_type, const Header& head, std::span<const uint8_t> body) {
  switch (content_type) {
    case kChangeCipherSpec: return on_change_cipher_spec(d, body);
    case kAlert: return on_alerts(d, body);
    case kHandshake: return on_handshake_record(d, body);
    case kApplicationData: return true;  // cleartext application data before encryption: nothing to log
    case kHeartbeat: return on_heartbeat(d, body);
    case kV2Error: log_->alert(d.is_orig, u16_at(head, 3)); return true;
    case kV2ClientHello: return on_sslv2_client_hello(d, body);
    case kV2ClientMasterKey: return on_sslv2_client_master_key();
    case kV2ServerHello: return on_sslv2_server_hello(body);
    default: return stop(TlsStop::kUnknownRecordType);
  }
}

// Each byte of a ChangeCipherSpec record is one message for Zeek's parser. Under TLS 1.3 it is only a
// compatibility gesture (RFC 8446 D.4) and changes nothing.
bool TlsAnalyzer::on_change_cipher_spec(Direction& d, std::span<const uint8_t> body) {
  for (size_t i = 0; i < body.size(); ++i) {
    log_->change_cipher_spec(d.is_orig);
    if (!tls13_negotiated()) d.encrypted = true;
  }
  return true;
}

// A record holds up to ten alerts for Zeek (one under TLS 1.3, RFC 8446 5.1); a trailing odd byte is ignored.
bool TlsAnalyzer::on_alerts(const Direction& d, std::span<const uint8_t> body) {
  size_t count = std::min(body.size() / 2, tls13_negotiated() ? size_t{1} : kMaxAlertsPerRecord);
  for (size_t i = 0; i < count; ++i) log_->alert(d.is_orig, body[2 * i + 1]);
  return true;
}

bool TlsAnalyzer::on_heartbeat(const Direction& d, std::span<const uint8_t> body) {
  if (body.size() < kHeartbeatHeader) return stop(TlsStop::kMalformedMessage);
  log_->heartbeat(d.is_orig);
  return true;
}

bool TlsAnalyzer::on_handshake_record(Direction& d, std::span<const uint8_t> body) {
  auto result = d.handshakes.feed(body, [&](uint8_t type, std::span<const uint8_t> message) {
    return on_handshake_message(d, type, message);
  });
  if (result == TlsHandshakeReassembler::Result::kTooLarge) return stop(TlsStop::kHandshakeTooLarge);
  return result == TlsHandshakeReassembler::Result::kOk;
}

bool TlsAnalyzer::on_handshake_message(const Direction& d, uint8_t type, std::span<const uint8_t> body) {
  if (!is_known_handshake_type(type)) return stop(TlsStop::kUnknownHandshakeType);
  bool go_on = true;
  if (type == kClientHelloType && d.is_orig) go_on = on_client_hello(body);
  if (type == kServerHelloType && !d.is_orig) go_on = on_server_hello(body);
  if (type == kCertificateType) {
    auto certs = parse_certificate_list(body);
    if (!certs) return stop(TlsStop::kMalformedMessage);
    log_->certificates(d.is_orig, *certs);
  }
  if (type == kServerKeyExchangeType && !d.is_orig && cipher_has_ec_server_key_exchange(chosen_cipher_)) {
    if (auto curve = server_key_exchange_curve(body)) log_->server_key_exchange_curve(*curve);
  }
  if (!go_on) return false;
  log_->handshake_message(d.is_orig, type);
  return true;
}

bool TlsAnalyzer::on_client_hello(std::span<const uint8_t> body) {
  ClientHello hello;
  if (!parse_client_hello(body, hello)) return stop(TlsStop::kMalformedMessage);
  if (!is_hello_version_ok(hello.version)) return stop(TlsStop::kUnsupportedVersion);
  confirmed_ = true;
  log_->client_hello(hello);
  return true;
}

bool TlsAnalyzer::on_server_hello(std::span<const uint8_t> body) {
  ServerHello hello;
  if (!parse_server_hello(body, hello)) return stop(TlsStop::kMalformedMessage);
  negotiated_version_ = hello.selected_version.value_or(hello.version);
  chosen_cipher_ = hello.cipher;
  if (!is_hello_version_ok(hello.version)) return stop(TlsStop::kUnsupportedVersion);
  log_->server_hello(hello);
  return true;
}

bool TlsAnalyzer::on_sslv2_client_hello(const Direction& d, std::span<const uint8_t> body) {
  if (!d.is_orig) return stop(TlsStop::kUnknownRecordType);
  ClientHello hello;
  if (!parse_sslv2_client_hello(body, hello)) return stop(TlsStop::kMalformedMessage);
  confirmed_ = true;
  log_->client_hello(hello);
  return true;
}

// SSLv2 SERVER-HELLO (SSLv2 spec 2.6): session-id-hit and certificate type sit in the header bytes Zeek
// reads; the body has the version, the lengths, the certificate and the cipher kinds.
bool TlsAnalyzer::on_sslv2_server_hello(std::span<const uint8_t> body) {
  ByteReader r(body);
  uint16_t version = r.u16();
  uint16_t cert_bytes = r.u16();
  uint16_t cipher_bytes = r.u16();
  r.u16();  // connection id length
  std::span<const uint8_t> cert = r.take(cert_bytes);
  uint32_t first_cipher = cipher_bytes >= 3 ? r.u24() : 0;
  if (!r.ok()) return stop(TlsStop::kMalformedMessage);
  if (version != kSslV2) return stop(TlsStop::kUnsupportedVersion);
  negotiated_version_ = kSslV2;
  log_->sslv2_server_hello(first_cipher);
  log_->certificates(false, {cert});
  return true;
}

// SSLv2 CLIENT-MASTER-KEY: both sides encrypt from here and Zeek calls the connection established.
bool TlsAnalyzer::on_sslv2_client_master_key() {
  orig_->encrypted = resp_->encrypted = true;
  established_ = true;
  log_->established();
  return stop(TlsStop::kEstablished);
}

}  // namespace vigil
