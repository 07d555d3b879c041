// crypto/openssl_util.hpp: owner types for OpenSSL handles and the library's failure reason, shared by the
// crypto module's sources (never included outside core/src/crypto).
#pragma once

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>

#include <array>
#include <memory>
#include <string>

#include "coach/result.hpp"

namespace coach::crypto::detail {

template <class T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const noexcept { Free(p); }
};

using CipherCtxPtr = std::unique_ptr<EVP_CIPHER_CTX, Deleter<EVP_CIPHER_CTX, EVP_CIPHER_CTX_free>>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX, EVP_PKEY_CTX_free>>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX, EVP_MD_CTX_free>>;
using KdfPtr = std::unique_ptr<EVP_KDF, Deleter<EVP_KDF, EVP_KDF_free>>;
using KdfCtxPtr = std::unique_ptr<EVP_KDF_CTX, Deleter<EVP_KDF_CTX, EVP_KDF_CTX_free>>;

// OpenSSL's reason for the last failure (library text, never key material); empties the error queue.
inline std::string openSslReason() {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "no reason given";
  std::array<char, 256> text{};
  ERR_error_string_n(code, text.data(), text.size());
  return text.data();
}

// A failure inside OpenSSL while `algorithm` was at `step` (both fixed texts), with the library's reason.
inline Error libraryFailure(const char* algorithm, const char* step) {
  return makeError(ErrorCode::CryptoFailure,
                   std::string(algorithm) + " failed inside OpenSSL at " + step + " (" + openSslReason() + ")");
}

}  // namespace coach::crypto::detail
