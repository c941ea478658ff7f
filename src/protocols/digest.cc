// Digests through OpenSSL's one-shot EVP_Digest, rendered as lower-case hex.
#include "protocols/digest.h"

#include <openssl/evp.h>

namespace vigil {
namespace {

std::string hex_digest(const EVP_MD* md, std::span<const uint8_t> bytes) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), out, &len, md, nullptr) != 1) return {};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text;
  text.reserve(2 * len);
  for (unsigned int i = 0; i < len; ++i) {
    text += kHex[out[i] >> 4];
    text += kHex[out[i] & 0xf];
  }
  return text;
}

}  // namespace

std::string md5_hex(std::span<const uint8_t> bytes) { return hex_digest(EVP_md5(), bytes); }
std::string sha256_hex(std::span<const uint8_t> bytes) { return hex_digest(EVP_sha256(), bytes); }

}  // namespace vigil
