// Builders of TLS wire bytes for tests: extensions, ClientHello/ServerHello bodies, handshake messages and
// records, so that each test states the handshake it plays and nothing else.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace vigil::tls_test {

using Bytes = std::vector<uint8_t>;

inline void put8(Bytes& b, uint32_t v) { b.push_back(static_cast<uint8_t>(v)); }
inline void put16(Bytes& b, uint32_t v) {
  put8(b, v >> 8);
  put8(b, v);
}
inline void put24(Bytes& b, uint32_t v) {
  put8(b, v >> 16);
  put16(b, v);
}
inline void append(Bytes& b, const Bytes& more) {  // resize and copy: see with_len on GCC 12's -Warray-bounds
  size_t at = b.size();
  b.resize(at + more.size());
  std::copy(more.begin(), more.end(), b.begin() + static_cast<std::ptrdiff_t>(at));
}
inline Bytes bytes_of(const std::string& s) { return Bytes(s.begin(), s.end()); }
// A body behind its length in `width` bytes. Built in one allocation: GCC 12 reports a false
// -Warray-bounds for an insert into a small vector that was just pushed to.
inline Bytes with_len(const Bytes& body, int width) {
  Bytes b(static_cast<size_t>(width) + body.size());
  for (int i = 0; i < width; ++i) b[static_cast<size_t>(i)] = static_cast<uint8_t>(body.size() >> (8 * (width - 1 - i)));
  std::copy(body.begin(), body.end(), b.begin() + width);
  return b;
}
inline Bytes with_len8(const Bytes& body) { return with_len(body, 1); }
inline Bytes with_len16(const Bytes& body) { return with_len(body, 2); }
inline Bytes with_len24(const Bytes& body) { return with_len(body, 3); }
inline Bytes u16s(const std::vector<uint16_t>& values) {
  Bytes b;
  for (uint16_t v : values) put16(b, v);
  return b;
}

struct Extension {
  uint16_t type;
  Bytes data;
};

// Extension bodies (RFC 6066, 7301, 8422, 8446).
inline Extension sni(const std::string& host) {
  Bytes entry;
  put8(entry, 0);
  append(entry, with_len16(bytes_of(host)));
  return {0, with_len16(entry)};
}
inline Extension alpn(const std::vector<std::string>& protocols) {
  Bytes list;
  for (const auto& p : protocols) append(list, with_len8(bytes_of(p)));
  return {16, with_len16(list)};
}
inline Extension supported_groups(const std::vector<uint16_t>& groups) { return {10, with_len16(u16s(groups))}; }
inline Extension ec_point_formats(const Bytes& formats) { return {11, with_len8(formats)}; }
inline Extension signature_algorithms(const std::vector<uint16_t>& algs) { return {13, with_len16(u16s(algs))}; }
inline Extension client_versions(const std::vector<uint16_t>& versions) { return {43, with_len8(u16s(versions))}; }
inline Extension server_version(uint16_t version) { return {43, u16s({version})}; }
inline Extension client_key_share(uint16_t group) {
  Bytes entry = u16s({group});
  append(entry, with_len16(Bytes(32, 0x11)));
  return {51, with_len16(entry)};
}
inline Extension server_key_share(uint16_t group) {
  Bytes entry = u16s({group});
  append(entry, with_len16(Bytes(32, 0x22)));
  return {51, entry};
}
inline Extension session_ticket(const Bytes& ticket) { return {35, ticket}; }
inline Extension pre_shared_key() { return {41, Bytes(10, 0x33)}; }
inline Extension empty_extension(uint16_t type) { return {type, {}}; }

inline Bytes extensions_block(const std::vector<Extension>& exts) {
  Bytes list;
  for (const auto& e : exts) {
    put16(list, e.type);
    append(list, with_len16(e.data));
  }
  return with_len16(list);
}

struct ClientHelloSpec {
  uint16_t version = 0x0303;
  Bytes session_id;
  std::vector<uint16_t> ciphers = {0xc02f, 0x1301};
  Bytes compression = {0};
  std::vector<Extension> extensions;
  bool omit_extensions = false;  // no extensions block at all (SSLv3-style)
};

inline Bytes client_hello_body(const ClientHelloSpec& s) {
  Bytes b;
  put16(b, s.version);
  append(b, Bytes(32, 0xaa));  // random
  append(b, with_len8(s.session_id));
  append(b, with_len16(u16s(s.ciphers)));
  append(b, with_len8(s.compression));
  if (!s.omit_extensions) append(b, extensions_block(s.extensions));
  return b;
}

struct ServerHelloSpec {
  uint16_t version = 0x0303;
  Bytes random = Bytes(32, 0xbb);
  Bytes session_id;
  uint16_t cipher = 0xc02f;
  std::vector<Extension> extensions;
};

// RFC 8446 4.1.3: the random of a HelloRetryRequest.
inline Bytes hello_retry_random() {
  return {0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
          0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c};
}

inline Bytes server_hello_body(const ServerHelloSpec& s) {
  Bytes b;
  put16(b, s.version);
  append(b, s.random);
  append(b, with_len8(s.session_id));
  put16(b, s.cipher);
  put8(b, 0);  // compression
  append(b, extensions_block(s.extensions));
  return b;
}

inline Bytes certificate_body(const std::vector<Bytes>& certs) {
  Bytes list;
  for (const auto& c : certs) append(list, with_len24(c));
  return with_len24(list);
}

// An ECDHE ServerKeyExchange (RFC 8422 5.4): named curve, point, then a signature.
inline Bytes ecdhe_key_exchange_body(uint16_t group) {
  Bytes b;
  put8(b, 3);
  put16(b, group);
  append(b, with_len8(Bytes(65, 0x04)));
  put16(b, 0x0401);
  append(b, with_len16(Bytes(64, 0x55)));
  return b;
}

inline Bytes handshake(uint8_t type, const Bytes& body) {
  Bytes b;
  put8(b, type);
  append(b, with_len24(body));
  return b;
}

enum : uint8_t { kCcs = 20, kAlertRecord = 21, kHandshakeRecord = 22, kAppData = 23 };
enum : uint8_t {
  kClientHello = 1, kServerHello = 2, kNewSessionTicket = 4, kCertificate = 11, kServerKeyExchange = 12,
  kServerHelloDone = 14, kClientKeyExchange = 16, kFinished = 20
};

inline Bytes record(uint8_t type, const Bytes& payload, uint16_t version = 0x0303) {
  Bytes b;
  put8(b, type);
  put16(b, version);
  append(b, with_len16(payload));
  return b;
}
inline Bytes handshake_record(uint8_t type, const Bytes& body, uint16_t version = 0x0303) {
  return record(kHandshakeRecord, handshake(type, body), version);
}
inline Bytes ccs_record() { return record(kCcs, {1}); }
inline Bytes alert_record(uint8_t level, uint8_t description) { return record(kAlertRecord, {level, description}); }
inline Bytes encrypted_record(uint8_t type = kAppData, size_t size = 40) { return record(type, Bytes(size, 0xee)); }

}  // namespace vigil::tls_test
