// TlsLogBuilder: Zeek's SSL event handlers (base/protocols/ssl/main.zeek), one method per event.
#include "protocols/tls_log_builder.h"

#include <algorithm>
#include <array>

#include "protocols/digest.h"
#include "protocols/tls_fingerprint.h"
#include "protocols/tls_names.h"
#include "protocols/x509_summary.h"

namespace vigil {
namespace {

// Zeek hands session ids to scripts as exactly 32 bytes: shorter ids zero-padded, longer ones all zero.
std::array<uint8_t, 32> padded_session_id(const std::vector<uint8_t>& id) {
  std::array<uint8_t, 32> out{};
  if (id.size() <= out.size()) std::copy(id.begin(), id.end(), out.begin());
  return out;
}

// The ssl_history letter of a handshake message type (lower case; the client's are upper-cased).
char history_letter(uint8_t type) {
  switch (type) {
    case 0: return 'h';    // hello_request
    case 1: return 'c';    // client_hello
    case 2: return 's';    // server_hello ('j' after a HelloRetryRequest, decided by the caller)
    case 3: return 'v';    // hello_verify_request
    case 4: return 't';    // new_session_ticket
    case 5: return 'e';    // end_of_early_data
    case 6: return 'j';    // hello_retry_request (drafts)
    case 8: return 'o';    // encrypted_extensions
    case 11: return 'x';   // certificate
    case 12: return 'k';   // server_key_exchange
    case 13: return 'r';   // certificate_request
    case 14: return 'n';   // server_hello_done
    case 15: return 'y';   // certificate_verify
    case 16: return 'g';   // client_key_exchange
    case 20: return 'f';   // finished
    case 21: return 'w';   // certificate_url
    case 22: return 'u';   // certificate_status
    case 23: return 'a';   // supplemental_data
    case 24: return 'p';   // key_update
    case 254: return 'm';  // message_hash
    default: return 'z';
  }
}

constexpr uint8_t kClientKeyExchange = 16;
constexpr uint8_t kServerHelloType = 2;

}  // namespace

void TlsLogBuilder::add_history(bool is_client, char letter) {
  std::string& h = rec_.ssl_history ? *rec_.ssl_history : rec_.ssl_history.emplace();
  if (h.size() >= kMaxHistory) return;
  h += is_client ? static_cast<char>(letter - 'a' + 'A') : letter;
}

void TlsLogBuilder::client_extensions(const ClientHello& hello) {
  if (hello.session_ticket_with_data) client_ticket_empty_session_seen_ = true;
  if (hello.pre_shared_key) client_psk_seen_ = true;
  if (hello.has_server_name_extension && !hello.server_names.empty()) rec_.server_name = hello.server_names.front();
}

void TlsLogBuilder::client_hello(const ClientHello& hello) {
  client_extensions(hello);
  std::array<uint8_t, 32> id = padded_session_id(hello.session_id);
  if (std::any_of(id.begin(), id.end(), [](uint8_t b) { return b != 0; })) {
    client_session_id_ = id;
    client_ticket_empty_session_seen_ = false;
  }
  // An SSLv2 hello has no handshake-message event, so the script adds its letter here.
  if (hello.sslv2) add_history(true, 'c');
  if (!rec_.ja3 && !hello.sslv2) {
    rec_.ja3 = ja3(hello);
    rec_.ja4 = ja4(hello);
  }
}

void TlsLogBuilder::server_extensions(const ServerHello& hello) {
  if (hello.selected_version) {
    version_num_ = *hello.selected_version;
    rec_.version = tls_version_name(*version_num_);
  }
  if (hello.key_share_group) rec_.curve = tls_curve_name(*hello.key_share_group);
  if (!hello.alpn.empty()) rec_.next_protocol = hello.alpn.front();
  if (hello.pre_shared_key && client_psk_seen_) rec_.resumed = true;
}

void TlsLogBuilder::server_hello(const ServerHello& hello) {
  server_extensions(hello);
  if (!version_num_) {
    version_num_ = hello.version;
    rec_.version = tls_version_name(hello.version);
  }
  rec_.cipher = tls_cipher_name(hello.cipher);
  if (hello.hello_retry_request) hrr_seen_ = true;
  bool tls13 = *version_num_ == kTlsV13 || is_tls13_draft(*version_num_);
  if (client_session_id_ && *client_session_id_ == padded_session_id(hello.session_id) && !tls13)
    rec_.resumed = true;
  if (!rec_.ja3s) rec_.ja3s = ja3s(hello);
}

void TlsLogBuilder::sslv2_server_hello(uint32_t first_cipher) {
  if (!version_num_) {
    version_num_ = kSslV2;
    rec_.version = tls_version_name(kSslV2);
  }
  rec_.cipher = tls_cipher_name(first_cipher);
  add_history(false, 's');
}

void TlsLogBuilder::handshake_message(bool is_client, uint8_t type) {
  if (is_client && type == kClientKeyExchange) client_key_exchange_seen_ = true;
  char letter = history_letter(type);
  if (type == kServerHelloType && hrr_seen_) {
    letter = 'j';
    hrr_seen_ = false;
  }
  add_history(is_client, letter);
}

void TlsLogBuilder::change_cipher_spec(bool is_client) {
  add_history(is_client, 'i');
  if (is_client && client_ticket_empty_session_seen_ && !client_key_exchange_seen_) rec_.resumed = true;
}

void TlsLogBuilder::alert(bool is_client, uint16_t description) {
  add_history(is_client, 'l');
  rec_.last_alert = tls_alert_name(description);
}

void TlsLogBuilder::heartbeat(bool is_client) { add_history(is_client, 'b'); }

void TlsLogBuilder::server_key_exchange_curve(uint16_t group) { rec_.curve = tls_curve_name(group); }

void TlsLogBuilder::certificates(bool is_client, const std::vector<std::span<const uint8_t>>& certs) {
  std::vector<std::string>& chain = is_client ? rec_.client_cert_chain_fps : rec_.cert_chain_fps;
  for (std::span<const uint8_t> cert : certs)
    if (!cert.empty()) chain.push_back(sha256_hex(cert));
  if (!is_client && !rec_.subject && !certs.empty()) describe_server_certificate(certs.front());
}

// The leaf of the server's chain, as Zeek's x509.log shows it (subject, issuer, validity), and whether it
// signed itself.
void TlsLogBuilder::describe_server_certificate(std::span<const uint8_t> der) {
  std::optional<CertificateSummary> s = summarize_certificate(der);
  if (!s) return;
  rec_.subject = std::move(s->subject);
  rec_.issuer = std::move(s->issuer);
  rec_.not_valid_before = s->not_valid_before;
  rec_.not_valid_after = s->not_valid_after;
  rec_.self_signed = s->self_signed;
}

void TlsLogBuilder::established() { rec_.established = true; }

}  // namespace vigil
