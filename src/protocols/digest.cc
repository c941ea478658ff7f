// Digests through OpenSSL's EVP interface, rendered as lower-case hex.
#include "protocols/digest.h"

#include <openssl/evp.h>

#include <memory>

namespace vigil {
namespace {

// The algorithm is fetched once and the context reused: OpenSSL 3 looks the algorithm up again on every
// EVP_Digest with EVP_md5()/EVP_sha256(), which cost more than the hashing of a ClientHello itself.
const EVP_MD* md5_algorithm() {
  static EVP_MD* md = EVP_MD_fetch(nullptr, "MD5", nullptr);
  return md;
}
const EVP_MD* sha256_algorithm() {
  static EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return md;
}

struct ContextDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

std::string hex_digest(const EVP_MD* md, std::span<const uint8_t> bytes) {
  thread_local std::unique_ptr<EVP_MD_CTX, ContextDeleter> ctx(EVP_MD_CTX_new());
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!md || !ctx || EVP_DigestInit_ex(ctx.get(), md, nullptr) != 1 ||
      EVP_DigestUpdate(ctx.get(), bytes.data(), bytes.size()) != 1 || EVP_DigestFinal_ex(ctx.get(), out, &len) != 1)
    return {};
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

std::string md5_hex(std::span<const uint8_t> bytes) { return hex_digest(md5_algorithm(), bytes); }
std::string sha256_hex(std::span<const uint8_t> bytes) { return hex_digest(sha256_algorithm(), bytes); }

}  // namespace vigil
