// ClientHello in a Chrome-like or curl-like shape, and the TLS 1.3 server reply, from the flow's seed.
#include "tls_hello.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <span>
#include <string_view>

#include "prng.h"

namespace gencap {
namespace {

constexpr uint8_t kHandshake = 0x16;
constexpr uint8_t kChangeCipherSpec = 0x14;
constexpr uint8_t kClientHello = 1;
constexpr uint8_t kServerHello = 2;
constexpr uint16_t kTls12 = 0x0303;  // legacy_version in TLS 1.3 messages
constexpr uint16_t kTls13 = 0x0304;
constexpr uint16_t kX25519 = 0x001d;
constexpr size_t kRandomLen = 32;
constexpr size_t kSessionIdLen = 32;  // "middlebox compatibility mode", RFC 8446 D.4
constexpr size_t kX25519KeyLen = 32;
constexpr size_t kAeadOverhead = 1 + 16;  // inner content type + AES-GCM/ChaCha20 tag

// Extension types (IANA TLS ExtensionType Values).
enum Ext : uint16_t {
  kServerName = 0,
  kStatusRequest = 5,
  kSupportedGroups = 10,
  kEcPointFormats = 11,
  kSignatureAlgorithms = 13,
  kAlpn = 16,
  kSignedCertTimestamp = 18,
  kPadding = 21,
  kEncryptThenMac = 22,
  kExtendedMasterSecret = 23,
  kCompressCertificate = 27,
  kSessionTicket = 35,
  kSupportedVersions = 43,
  kPskKeyExchangeModes = 45,
  kKeyShare = 51,
  kApplicationSettings = 17513,
  kRenegotiationInfo = 65281,
};

// Each part of the handshake draws from its own stream, so changing one
// (say, the extension order) leaves the others' bytes as they were.
enum class Part : uint64_t { kClientRandom = 1, kSessionId, kClientKey, kGrease, kOrder, kServer };
Rng part_rng(const TlsState& tls, Part part) {
  return Rng(mix64(tls.seed ^ static_cast<uint64_t>(part) << 56));
}

// Appends big-endian fields; vectors get their length prefix patched in when
// closed. The buffers are sized for the largest message this file writes, so
// running past the end is a bug here, not bad input: it stops the program.
class Writer {
 public:
  explicit Writer(std::span<uint8_t> out) : out_(out) {}
  void u8(uint8_t v) {
    if (pos_ >= out_.size()) std::abort();
    out_[pos_++] = v;
  }
  void u16(uint16_t v) {
    u8(static_cast<uint8_t>(v >> 8));
    u8(static_cast<uint8_t>(v));
  }
  void bytes(std::span<const uint8_t> b) {
    if (b.size() > out_.size() - pos_) std::abort();
    std::memcpy(out_.data() + pos_, b.data(), b.size());
    pos_ += b.size();
  }
  void text(std::string_view s) { bytes({reinterpret_cast<const uint8_t*>(s.data()), s.size()}); }
  void random(Rng& rng, size_t n) {
    for (size_t i = 0; i < n; ++i) u8(static_cast<uint8_t>(rng.next()));
  }
  // Reserves a length prefix of `width` bytes; close() fills it in.
  size_t open(size_t width) {
    const size_t at = pos_;
    pos_ += width;
    return at;
  }
  void close(size_t at, size_t width) {
    const size_t len = pos_ - at - width;
    for (size_t i = 0; i < width; ++i) out_[at + i] = static_cast<uint8_t>(len >> (8 * (width - 1 - i)));
  }
  size_t size() const { return pos_; }

 private:
  std::span<uint8_t> out_;
  size_t pos_ = 0;
};

// RFC 8701 GREASE values: 0x0a0a, 0x1a1a, ... 0xfafa.
uint16_t grease(Rng& rng) {
  const auto nibble = static_cast<uint16_t>(rng.below(16));
  return static_cast<uint16_t>(nibble << 12 | 0x0a00 | nibble << 4 | 0x0a);
}

// Chrome picks its GREASE values per connection, one per place they appear.
struct GreasePicks {
  uint16_t cipher = 0, group = 0, version = 0, first_ext = 0, last_ext = 0;
};

GreasePicks pick_grease(const TlsState& tls) {
  Rng rng = part_rng(tls, Part::kGrease);
  GreasePicks g{grease(rng), grease(rng), grease(rng), grease(rng), grease(rng)};
  if (g.last_ext == g.first_ext) g.last_ext ^= 0x1010;  // two extensions may not share a type
  return g;
}

constexpr uint16_t kChromeCiphers[] = {0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030,
                                       0xcca9, 0xcca8, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035};
// OpenSSL 3.0's default list, as curl on Debian 12 offers it.
constexpr uint16_t kCurlCiphers[] = {0x1302, 0x1303, 0x1301, 0xc02c, 0xc030, 0x009f, 0xcca9, 0xcca8,
                                     0xccaa, 0xc02b, 0xc02f, 0x009e, 0xc024, 0xc028, 0x006b, 0xc023,
                                     0xc027, 0x0067, 0xc00a, 0xc014, 0x0039, 0xc009, 0xc013, 0x0033,
                                     0x009d, 0x009c, 0x003d, 0x003c, 0x0035, 0x002f, 0x00ff};
constexpr uint16_t kChromeSigAlgs[] = {0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601};
constexpr uint16_t kCurlSigAlgs[] = {0x0403, 0x0503, 0x0603, 0x0807, 0x0808, 0x0809, 0x080a,
                                     0x080b, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601,
                                     0x0303, 0x0301, 0x0302, 0x0402, 0x0502, 0x0602};
constexpr uint16_t kChromeGroups[] = {kX25519, 0x0017, 0x0018};
constexpr uint16_t kCurlGroups[] = {kX25519, 0x0017, 0x001e, 0x0019, 0x0018};

void u16_list(Writer& w, std::span<const uint16_t> values, uint16_t grease_first = 0) {
  const size_t at = w.open(2);
  if (grease_first != 0) w.u16(grease_first);
  for (uint16_t v : values) w.u16(v);
  w.close(at, 2);
}

// Writes one extension: type, then its body with a 2-byte length.
template <typename Body>
void extension(Writer& w, uint16_t type, Body&& body) {
  w.u16(type);
  const size_t at = w.open(2);
  body();
  w.close(at, 2);
}

void server_name_ext(Writer& w, const TlsState& tls) {
  extension(w, kServerName, [&] {
    const size_t list = w.open(2);
    w.u8(0);  // host_name
    w.u16(static_cast<uint16_t>(tls.server_name.size()));
    w.text(tls.server_name);
    w.close(list, 2);
  });
}

void alpn_ext(Writer& w, const TlsState& tls) {
  extension(w, kAlpn, [&] {
    const size_t list = w.open(2);
    if (tls.alpn_h2) {
      w.u8(2);
      w.text("h2");
    }
    w.u8(8);
    w.text("http/1.1");
    w.close(list, 2);
  });
}

void key_share_ext(Writer& w, const TlsState& tls, uint16_t grease_group) {
  Rng key = part_rng(tls, Part::kClientKey);
  extension(w, kKeyShare, [&] {
    const size_t list = w.open(2);
    if (grease_group != 0) {  // Chrome's GREASE key share: one zero byte
      w.u16(grease_group);
      w.u16(1);
      w.u8(0);
    }
    w.u16(kX25519);
    w.u16(kX25519KeyLen);
    w.random(key, kX25519KeyLen);
    w.close(list, 2);
  });
}

void supported_versions_ext(Writer& w, uint16_t grease_version) {
  extension(w, kSupportedVersions, [&] {
    const size_t list = w.open(1);
    if (grease_version != 0) w.u16(grease_version);
    w.u16(kTls13);
    w.u16(kTls12);
    w.close(list, 1);
  });
}

void empty_ext(Writer& w, uint16_t type) { extension(w, type, [] {}); }

// One of Chrome's extensions, GREASE and padding aside.
void chrome_extension(Writer& w, Ext type, const TlsState& tls, const GreasePicks& g) {
  switch (type) {
    case kServerName:
      if (!tls.server_name.empty()) server_name_ext(w, tls);
      break;
    case kRenegotiationInfo: extension(w, type, [&] { w.u8(0); }); break;
    case kSupportedGroups: extension(w, type, [&] { u16_list(w, kChromeGroups, g.group); }); break;
    case kEcPointFormats: extension(w, type, [&] { w.u8(1); w.u8(0); }); break;  // uncompressed only
    case kAlpn: alpn_ext(w, tls); break;
    case kStatusRequest: extension(w, type, [&] { w.u8(1); w.u16(0); w.u16(0); }); break;  // OCSP
    case kSignatureAlgorithms: extension(w, type, [&] { u16_list(w, kChromeSigAlgs); }); break;
    case kKeyShare: key_share_ext(w, tls, g.group); break;
    case kPskKeyExchangeModes: extension(w, type, [&] { w.u8(1); w.u8(1); }); break;  // psk_dhe_ke
    case kSupportedVersions: supported_versions_ext(w, g.version); break;
    case kCompressCertificate: extension(w, type, [&] { w.u8(2); w.u16(2); }); break;  // brotli
    case kApplicationSettings:
      if (!tls.alpn_h2) break;  // ALPS settings exist only for h2
      extension(w, type, [&] {
        const size_t list = w.open(2);
        w.u8(2);
        w.text("h2");
        w.close(list, 2);
      });
      break;
    default: empty_ext(w, type); break;  // extended_master_secret, session_ticket, SCT
  }
}

// Chrome's set. Since Chrome 110 the order of everything but the GREASE
// extensions and padding is shuffled per connection, so its JA3 varies from
// flow to flow while the set stays the same.
void chrome_extensions(Writer& w, const TlsState& tls, const GreasePicks& g) {
  Ext order[] = {kServerName,      kExtendedMasterSecret, kRenegotiationInfo,   kSupportedGroups,
                 kEcPointFormats,  kSessionTicket,        kAlpn,                kStatusRequest,
                 kSignatureAlgorithms, kSignedCertTimestamp, kKeyShare,          kPskKeyExchangeModes,
                 kSupportedVersions, kCompressCertificate, kApplicationSettings};
  Rng rng = part_rng(tls, Part::kOrder);
  for (size_t i = std::size(order) - 1; i > 0; --i) std::swap(order[i], order[rng.below(i + 1)]);
  empty_ext(w, g.first_ext);
  for (Ext type : order) chrome_extension(w, type, tls, g);
  extension(w, g.last_ext, [&] { w.u8(0); });
}

// OpenSSL 3.0's set and order, as curl sends it.
void curl_extensions(Writer& w, const TlsState& tls) {
  if (!tls.server_name.empty()) server_name_ext(w, tls);
  extension(w, kEcPointFormats, [&] { w.u8(3); w.u8(0); w.u8(1); w.u8(2); });
  extension(w, kSupportedGroups, [&] { u16_list(w, kCurlGroups); });
  empty_ext(w, kSessionTicket);
  alpn_ext(w, tls);
  empty_ext(w, kEncryptThenMac);
  empty_ext(w, kExtendedMasterSecret);
  extension(w, kSignatureAlgorithms, [&] { u16_list(w, kCurlSigAlgs); });
  supported_versions_ext(w, 0);
  extension(w, kPskKeyExchangeModes, [&] { w.u8(1); w.u8(1); });
  key_share_ext(w, tls, 0);
}

// BoringSSL pads a ClientHello whose handshake message is 256..511 bytes
// long up to 512, working around servers that hang on those sizes.
void chrome_padding(Writer& w, size_t handshake_start) {
  const size_t len = w.size() - handshake_start;
  if (len < 0x100 || len >= 0x200) return;
  const size_t pad = 0x200 - len >= 4 + 1 ? 0x200 - len - 4 : 1;
  extension(w, kPadding, [&] {
    for (size_t i = 0; i < pad; ++i) w.u8(0);
  });
}

void session_id(Writer& w, const TlsState& tls) {
  Rng rng = part_rng(tls, Part::kSessionId);
  w.u8(kSessionIdLen);
  w.random(rng, kSessionIdLen);
}

void record_header(Writer& w, uint8_t type, uint16_t version) {
  w.u8(type);
  w.u16(version);
}

// The encrypted handshake's plaintext sizes: EncryptedExtensions (ALPN and
// a little more), Certificate (a chain of one to three certificates),
// CertificateVerify (ECDSA P-256 or RSA-2048), Finished (SHA-256).
struct EncryptedHandshake {
  uint32_t ee, cert, verify, finished;
};

EncryptedHandshake encrypted_handshake(Rng& rng) {
  return {static_cast<uint32_t>(rng.range(10, 40)), static_cast<uint32_t>(rng.range(1200, 4200)),
          rng.chance(500'000) ? 8u + 72 : 8u + 256, 4 + 32};
}

}  // namespace

size_t write_client_hello(const TlsState& tls, uint8_t* out) {
  Writer w({out, kMaxClientHello});
  const bool chrome = tls.client == TlsClient::kChrome;
  const GreasePicks g = tls.grease ? pick_grease(tls) : GreasePicks{};
  record_header(w, kHandshake, 0x0301);  // TLS 1.0 in the record layer, as both clients send
  const size_t record = w.open(2);
  const size_t handshake_start = w.size();
  w.u8(kClientHello);
  const size_t body = w.open(3);
  w.u16(kTls12);
  Rng random = part_rng(tls, Part::kClientRandom);
  w.random(random, kRandomLen);
  session_id(w, tls);
  if (chrome) {
    u16_list(w, kChromeCiphers, g.cipher);
  } else {
    u16_list(w, kCurlCiphers);
  }
  w.u8(1);  // compression methods: null only
  w.u8(0);
  const size_t extensions = w.open(2);
  if (chrome) {
    chrome_extensions(w, tls, g);
    chrome_padding(w, handshake_start);
  } else {
    curl_extensions(w, tls);
  }
  w.close(extensions, 2);
  w.close(body, 3);
  w.close(record, 2);
  return w.size();
}

uint32_t TlsServerFlight::total() const {
  uint32_t sum = static_cast<uint32_t>(hello_len);
  for (uint8_t i = 0; i < records; ++i) sum += record_len[i];
  return sum;
}

TlsServerFlight server_flight(const TlsState& tls) {
  TlsServerFlight flight;
  Rng rng = part_rng(tls, Part::kServer);
  Writer w({flight.hello, kMaxServerHello});
  record_header(w, kHandshake, kTls12);
  const size_t record = w.open(2);
  w.u8(kServerHello);
  const size_t body = w.open(3);
  w.u16(kTls12);
  w.random(rng, kRandomLen);
  session_id(w, tls);  // echoes the client's
  // Servers mostly follow their own preference: AES-256 for OpenSSL's default order.
  w.u16(tls.client == TlsClient::kCurl ? 0x1302 : rng.chance(700'000) ? 0x1301 : 0x1303);
  w.u8(0);  // compression: null
  const size_t extensions = w.open(2);
  extension(w, kKeyShare, [&] {
    w.u16(kX25519);
    w.u16(kX25519KeyLen);
    w.random(rng, kX25519KeyLen);
  });
  extension(w, kSupportedVersions, [&] { w.u16(kTls13); });
  w.close(extensions, 2);
  w.close(body, 3);
  w.close(record, 2);
  // Middlebox compatibility: a ChangeCipherSpec right after the ServerHello.
  record_header(w, kChangeCipherSpec, kTls12);
  w.u16(1);
  w.u8(1);
  flight.hello_len = w.size();

  // Servers put the encrypted handshake in one record or in one record per
  // message; two and three merge neighbours.
  const EncryptedHandshake e = encrypted_handshake(rng);
  const uint32_t plain4[] = {e.ee, e.cert, e.verify, e.finished};
  const uint32_t plain3[] = {e.ee, e.cert, e.verify + e.finished};
  const uint32_t plain2[] = {e.ee + e.cert, e.verify + e.finished};
  const uint32_t plain1[] = {e.ee + e.cert + e.verify + e.finished};
  const uint32_t* plain[] = {plain1, plain2, plain3, plain4};
  flight.records = std::clamp<uint8_t>(tls.server_records, 1, kMaxServerRecords);
  for (uint8_t i = 0; i < flight.records; ++i) {
    flight.record_len[i] = static_cast<uint16_t>(5 + plain[flight.records - 1][i] + kAeadOverhead);
  }
  return flight;
}

}  // namespace gencap
