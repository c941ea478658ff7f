// MD5 and SHA-256 digests as lower-case hex, for fingerprints (JA3's MD5, JA4's truncated SHA-256) and
// certificate hashes. Backed by OpenSSL's libcrypto.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace vigil {

std::string md5_hex(std::span<const uint8_t> bytes);
std::string sha256_hex(std::span<const uint8_t> bytes);

inline std::string md5_hex(std::string_view text) {
  return md5_hex(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
}
inline std::string sha256_hex(std::string_view text) {
  return sha256_hex(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
}

}  // namespace vigil
