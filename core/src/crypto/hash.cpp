// crypto/hash.cpp: SHA-256 through EVP_Digest, HMAC-SHA256 through EVP_Q_mac.
#include <openssl/err.h>
#include <openssl/evp.h>

#include <stdexcept>

#include "crypto/crypto.hpp"

namespace coach::crypto {

// sha256() has no error channel: SHA-256 of the default provider can only fail when OpenSSL itself is broken
// or out of memory, which this code treats as a broken invariant (an exception, like Result::value() on an
// error), not as an expected failure.
Bytes sha256(ByteView data) {
  static constexpr std::uint8_t kEmpty = 0;  // EVP_Digest wants a real pointer even for zero bytes
  Bytes digest(kSha256Size);
  unsigned int size = 0;
  const void* input = data.empty() ? &kEmpty : static_cast<const void*>(data.data());
  if (EVP_Digest(input, data.size(), digest.data(), &size, EVP_sha256(), nullptr) != 1 ||
      size != kSha256Size) {
    ERR_clear_error();
    throw std::runtime_error(
        "SHA-256 failed inside OpenSSL (EVP_Digest); the library is broken or out of memory");
  }
  return digest;
}

Bytes hmacSha256(ByteView key, ByteView data) {
  static constexpr std::uint8_t kEmpty = 0;
  Bytes mac(kSha256Size);
  std::size_t size = 0;
  const void* input = data.empty() ? &kEmpty : static_cast<const void*>(data.data());
  const void* keyBytes = key.empty() ? &kEmpty : static_cast<const void*>(key.data());
  if (EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, keyBytes, key.size(),
                static_cast<const unsigned char*>(input), data.size(), mac.data(), mac.size(), &size) == nullptr ||
      size != kSha256Size) {
    ERR_clear_error();
    throw std::runtime_error("HMAC-SHA256 failed inside OpenSSL (EVP_Q_mac); the library is broken or out of memory");
  }
  return mac;
}

}  // namespace coach::crypto
