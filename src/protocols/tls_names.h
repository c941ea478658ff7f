// Names of TLS versions, cipher suites, named groups (curves) and alerts exactly as Zeek's ssl.log prints
// them (base/protocols/ssl/consts.zeek: version_strings, cipher_desc, ec_curves, alert_descriptions),
// including Zeek's fallbacks for values it does not know ("unknown-<n>", "TLSv13-draft<n>").
#pragma once

#include <cstdint>
#include <string>

namespace vigil {

// Protocol versions as they appear on the wire.
inline constexpr uint16_t kSslV2 = 0x0002;
inline constexpr uint16_t kSslV3 = 0x0300;
inline constexpr uint16_t kTlsV10 = 0x0301;
inline constexpr uint16_t kTlsV11 = 0x0302;
inline constexpr uint16_t kTlsV12 = 0x0303;
inline constexpr uint16_t kTlsV13 = 0x0304;
inline constexpr uint16_t kDtlsV10 = 0xfeff;
inline constexpr uint16_t kDtlsV12 = 0xfefd;
inline constexpr uint16_t kDtlsV13 = 0xfefc;

// Extension types the parsers and fingerprints look at (IANA TLS ExtensionType Values).
inline constexpr uint16_t kExtServerName = 0;
inline constexpr uint16_t kExtSupportedGroups = 10;
inline constexpr uint16_t kExtEcPointFormats = 11;
inline constexpr uint16_t kExtSignatureAlgorithms = 13;
inline constexpr uint16_t kExtAlpn = 16;
inline constexpr uint16_t kExtSessionTicket = 35;
inline constexpr uint16_t kExtPreSharedKey = 41;
inline constexpr uint16_t kExtSupportedVersions = 43;
inline constexpr uint16_t kExtKeyShare = 51;

// "TLSv12", "SSLv3", "TLSv13-draft23", "unknown-<n>".
std::string tls_version_name(uint16_t version);
// Zeek's test for "some draft of TLS 1.3" (versions 0x7exx..0x7fxx that divide by 0xff to 0x7f).
bool is_tls13_draft(uint16_t version);
// Whether Zeek treats `version` as a pre-1.3 protocol (SSLv2 .. TLSv12); everything else, including an
// unknown version, counts as TLS 1.3-like for its record layer.
bool is_pre_tls13(uint16_t version);

// IANA-style cipher suite name as Zeek spells it ("TLS_AES_128_GCM_SHA256", "TLS_DH_ANON_..."). Takes 24
// bits so that SSLv2 cipher kinds ("SSLv20_CK_RC4_128_WITH_MD5") have names too.
std::string tls_cipher_name(uint32_t cipher);
// "secp256r1", "x25519", "X25519MLKEM768", "grease_0x0A0A", "unknown-<n>".
std::string tls_curve_name(uint16_t group);
// "handshake_failure", "close_notify", "unknown-<n>".
std::string tls_alert_name(uint16_t description);  // 16 bits: SSLv2 error codes are logged as alerts

// GREASE values (RFC 8701): 0x0a0a, 0x1a1a, ..., 0xfafa. Fingerprints skip them.
constexpr bool is_grease(uint16_t v) { return (v & 0x0f0f) == 0x0a0a && (v >> 8) == (v & 0xff); }
// Zeek's name for a GREASE value in its cipher and curve tables: "grease_0x0A0A".
std::string tls_grease_name(uint16_t v);

// For tests: the cipher table is sorted by code, as its binary search needs.
bool tls_cipher_table_is_sorted();

}  // namespace vigil
