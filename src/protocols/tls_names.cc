// Version, named-group and alert names as Zeek prints them (base/protocols/ssl/consts.zeek); cipher suite
// names are in tls_cipher_names.cc.
#include "protocols/tls_names.h"

#include <algorithm>
#include <iterator>

namespace vigil {
namespace {

struct Named {
  uint16_t code;
  const char* name;
};

// Zeek's SSL::ec_curves (IANA "TLS Supported Groups", with Zeek's spellings), sorted by code.
constexpr Named kGroupNames[] = {
    {1, "sect163k1"},        {2, "sect163r1"},        {3, "sect163r2"},
    {4, "sect193r1"},        {5, "sect193r2"},        {6, "sect233k1"},
    {7, "sect233r1"},        {8, "sect239k1"},        {9, "sect283k1"},
    {10, "sect283r1"},       {11, "sect409k1"},       {12, "sect409r1"},
    {13, "sect571k1"},       {14, "sect571r1"},       {15, "secp160k1"},
    {16, "secp160r1"},       {17, "secp160r2"},       {18, "secp192k1"},
    {19, "secp192r1"},       {20, "secp224k1"},       {21, "secp224r1"},
    {22, "secp256k1"},       {23, "secp256r1"},       {24, "secp384r1"},
    {25, "secp521r1"},       {26, "brainpoolP256r1"}, {27, "brainpoolP384r1"},
    {28, "brainpoolP512r1"}, {29, "x25519"},          {30, "x448"},
    {31, "brainpoolP256r1tls13"}, {32, "brainpoolP384r1tls13"}, {33, "brainpoolP512r1tls13"},
    {34, "GC256A"},          {35, "GC256B"},          {36, "GC256C"},
    {37, "GC256D"},          {38, "GC512A"},          {39, "GC512B"},
    {40, "GC512C"},          {41, "curveSM2"},
    {256, "ffdhe2048"},      {257, "ffdhe3072"},      {258, "ffdhe4096"},
    {259, "ffdhe6144"},      {260, "ffdhe8192"},
    {512, "MLKEM512"},       {513, "MLKEM768"},       {514, "MLKEM1024"},
    {4587, "SecP256r1MLKEM768"}, {4588, "X25519MLKEM768"}, {4589, "SecP384r1MLKEM1024"},
    {4590, "curveSM2MLKEM768"},
    {16696, "CECPQ2"},       {25497, "X25519Kyber768Draft00"}, {25498, "SecP256r1Kyber768Draft00"},
    {0xff01, "arbitrary_explicit_prime_curves"}, {0xff02, "arbitrary_explicit_char2_curves"},
};

// Zeek's SSL::alert_descriptions, sorted by code.
constexpr Named kAlertNames[] = {
    {0, "close_notify"},
    {10, "unexpected_message"},
    {20, "bad_record_mac"},
    {21, "decryption_failed"},
    {22, "record_overflow"},
    {30, "decompression_failure"},
    {40, "handshake_failure"},
    {41, "no_certificate"},
    {42, "bad_certificate"},
    {43, "unsupported_certificate"},
    {44, "certificate_revoked"},
    {45, "certificate_expired"},
    {46, "certificate_unknown"},
    {47, "illegal_parameter"},
    {48, "unknown_ca"},
    {49, "access_denied"},
    {50, "decode_error"},
    {51, "decrypt_error"},
    {60, "export_restriction"},
    {70, "protocol_version"},
    {71, "insufficient_security"},
    {80, "internal_error"},
    {86, "inappropriate_fallback"},
    {90, "user_canceled"},
    {100, "no_renegotiation"},
    {110, "unsupported_extension"},
    {111, "certificate_unobtainable"},
    {112, "unrecognized_name"},
    {113, "bad_certificate_status_response"},
    {114, "bad_certificate_hash_value"},
    {115, "unknown_psk_identity"},
    {116, "certificate_required"},
    {117, "general_error"},
    {120, "no_application_protocol"},
    {121, "ech_required"},
};

template <size_t N>
const char* find_name(const Named (&table)[N], uint16_t code) {
  auto it = std::lower_bound(std::begin(table), std::end(table), code,
                             [](const Named& n, uint16_t c) { return n.code < c; });
  return it != std::end(table) && it->code == code ? it->name : nullptr;
}

std::string unknown(uint32_t v) { return "unknown-" + std::to_string(v); }

}  // namespace

bool is_tls13_draft(uint16_t version) { return version / 0xff == 0x7f; }

bool is_pre_tls13(uint16_t version) {
  return version == kSslV2 || version == kSslV3 || version == kTlsV10 || version == kTlsV11 ||
         version == kTlsV12;
}

std::string tls_version_name(uint16_t version) {
  switch (version) {
    case kSslV2: return "SSLv2";
    case kSslV3: return "SSLv3";
    case kTlsV10: return "TLSv10";
    case kTlsV11: return "TLSv11";
    case kTlsV12: return "TLSv12";
    case kTlsV13: return "TLSv13";
    case kDtlsV10: return "DTLSv10";
    case kDtlsV12: return "DTLSv12";
    case kDtlsV13: return "DTLSv13";
    default: break;
  }
  // Zeek's fallback numbers a draft by the remainder modulo 0x7f, which is the low byte for 0x7fxx.
  if (is_tls13_draft(version)) return "TLSv13-draft" + std::to_string(version % 0x7f);
  return unknown(version);
}

std::string tls_grease_name(uint16_t v) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string name = "grease_0x";
  for (int shift = 12; shift >= 0; shift -= 4) name += kHex[(v >> shift) & 0xf];
  return name;
}

std::string tls_curve_name(uint16_t group) {
  if (is_grease(group)) return tls_grease_name(group);
  const char* name = find_name(kGroupNames, group);
  return name ? name : unknown(group);
}

std::string tls_alert_name(uint16_t description) {
  const char* name = find_name(kAlertNames, description);
  return name ? name : unknown(description);
}

}  // namespace vigil
