// ClientHello/ServerHello parsing: fixed fields, then each extension's body into the fields logs and
// fingerprints use. Every read goes through ByteReader, so no length is trusted before it is checked.
#include "protocols/tls_hello.h"

#include <algorithm>
#include <array>

#include "protocols/byte_reader.h"
#include "protocols/tls_names.h"

namespace vigil {
namespace {

// RFC 8446 4.1.3: a ServerHello with this random is a HelloRetryRequest.
constexpr std::array<uint8_t, 32> kHelloRetryRandom = {
    0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
    0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c};

std::vector<uint8_t> to_vector(std::span<const uint8_t> s) { return {s.begin(), s.end()}; }
std::string to_string(std::span<const uint8_t> s) { return {s.begin(), s.end()}; }

// A list of 16-bit values filling `block` (a trailing odd byte is ignored).
std::vector<uint16_t> u16_list(std::span<const uint8_t> block) {
  std::vector<uint16_t> out;
  ByteReader r(block);
  while (r.remaining() >= 2) out.push_back(r.u16());
  return out;
}

// RFC 6066 3: a list of (name type, name); only host names (type 0) are names Zeek reports.
std::vector<std::string> server_names(std::span<const uint8_t> data) {
  std::vector<std::string> names;
  ByteReader list(ByteReader(data).block16());
  while (!list.empty()) {
    uint8_t type = list.u8();
    std::span<const uint8_t> name = list.block16();
    if (!list.ok()) break;
    if (type == 0) names.push_back(to_string(name));
  }
  return names;
}

// RFC 7301 3.1: a list of length-prefixed protocol names.
std::vector<std::string> alpn_names(std::span<const uint8_t> data) {
  std::vector<std::string> names;
  ByteReader list(ByteReader(data).block16());
  while (!list.empty()) {
    std::span<const uint8_t> name = list.block8();
    if (!list.ok()) break;
    names.push_back(to_string(name));
  }
  return names;
}

std::optional<uint16_t> first_u16(std::span<const uint8_t> data) {
  ByteReader r(data);
  uint16_t v = r.u16();
  return r.ok() ? std::optional<uint16_t>(v) : std::nullopt;
}

void apply_client_extension(uint16_t type, std::span<const uint8_t> data, ClientHello& out) {
  switch (type) {
    case kExtServerName:
      out.has_server_name_extension = true;
      out.server_names = server_names(data);
      break;
    case kExtSupportedGroups: out.supported_groups = u16_list(ByteReader(data).block16()); break;
    case kExtEcPointFormats: out.ec_point_formats = to_vector(ByteReader(data).block8()); break;
    case kExtSignatureAlgorithms: out.signature_algorithms = u16_list(ByteReader(data).block16()); break;
    case kExtAlpn: out.alpn = alpn_names(data); break;
    case kExtSessionTicket: out.session_ticket_with_data = !data.empty(); break;
    case kExtPreSharedKey: out.pre_shared_key = true; break;
    case kExtSupportedVersions: out.supported_versions = u16_list(ByteReader(data).block8()); break;
    default: break;
  }
}

void apply_server_extension(uint16_t type, std::span<const uint8_t> data, ServerHello& out) {
  switch (type) {
    case kExtAlpn: out.alpn = alpn_names(data); break;
    case kExtPreSharedKey: out.pre_shared_key = true; break;
    case kExtSupportedVersions: out.selected_version = first_u16(data); break;
    case kExtKeyShare: out.key_share_group = first_u16(data); break;  // the group leads the entry
    default: break;
  }
}

// The extensions that end a hello. Zeek reads the block's length but parses extensions to the end of the
// message, so vigil does the same. Returns false when an extension header or body is cut short.
template <typename Apply>
bool read_extensions(ByteReader& r, std::vector<uint16_t>& types, Apply&& apply) {
  if (r.empty()) return true;
  (void)r.u16();  // the extensions block's length, not enforced (see above)
  while (r.ok() && !r.empty()) {
    uint16_t type = r.u16();
    std::span<const uint8_t> data = r.block16();
    if (!r.ok()) return false;
    types.push_back(type);
    apply(type, data);
  }
  return r.ok();
}

}  // namespace

bool parse_client_hello(std::span<const uint8_t> body, ClientHello& out) {
  ByteReader r(body);
  out.version = r.u16();
  r.take(32);  // random
  out.session_id = to_vector(r.block8());
  if (out.version == kDtlsV10 || out.version == kDtlsV12) r.block8();  // DTLS cookie
  uint16_t cipher_bytes = r.u16();
  for (int i = 0; i < cipher_bytes / 2 && r.ok(); ++i) out.ciphers.push_back(r.u16());
  out.compression_methods = to_vector(r.block8());
  if (!r.ok()) return false;
  return read_extensions(r, out.extensions,
                         [&](uint16_t type, std::span<const uint8_t> data) { apply_client_extension(type, data, out); });
}

bool parse_server_hello(std::span<const uint8_t> body, ServerHello& out) {
  ByteReader r(body);
  out.version = r.u16();
  std::span<const uint8_t> random = r.take(32);
  out.hello_retry_request = r.ok() && std::equal(random.begin(), random.end(), kHelloRetryRandom.begin());
  // Zeek's TLS 1.3 layout (no session id, no compression) for 0x0304 and any 0x7fxx draft version.
  bool tls13_layout = out.version == kTlsV13 || (out.version >> 8) == 0x7f;
  if (!tls13_layout) out.session_id = to_vector(r.block8());
  out.cipher = r.u16();
  if (!tls13_layout) out.compression_method = r.u8();
  if (!r.ok()) return false;
  return read_extensions(r, out.extensions,
                         [&](uint16_t type, std::span<const uint8_t> data) { apply_server_extension(type, data, out); });
}

bool parse_sslv2_client_hello(std::span<const uint8_t> body, ClientHello& out) {
  ByteReader r(body);
  uint16_t cipher_bytes = r.u16();
  uint16_t session_bytes = r.u16();
  uint16_t challenge_bytes = r.u16();
  out.sslv2 = true;
  out.version = kSslV2;
  for (int i = 0; i < cipher_bytes / 3 && r.ok(); ++i) out.ciphers.push_back(r.u24());
  r.take(cipher_bytes % 3);
  out.session_id = to_vector(r.take(session_bytes));
  r.take(challenge_bytes);
  return r.ok();
}

}  // namespace vigil
