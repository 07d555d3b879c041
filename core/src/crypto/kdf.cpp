// crypto/kdf.cpp: HKDF-SHA256 and scrypt through EVP_KDF.
//
// The KDF implementations are fetched per call: both are far slower than a fetch (scrypt by design, HKDF is
// not on a hot path), and a per-call fetch leaves no global OpenSSL object to outlive library shutdown.
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include <array>
#include <string>

#include "crypto/crypto.hpp"
#include "crypto/openssl_util.hpp"

namespace coach::crypto {

namespace {

using namespace detail;  // NOLINT(google-build-using-namespace): the module's own helpers


constexpr std::size_t kHkdfMaxLength = 255 * kSha256Size;

// An octet-string parameter over `bytes`. OpenSSL only reads it, but the constructor takes a mutable
// pointer, and it refuses a null one even for zero bytes, so empty input points at a dummy byte.
OSSL_PARAM octetParam(const char* name, ByteView bytes) {
  static std::uint8_t empty = 0;
  void* data = bytes.empty() ? &empty : const_cast<std::uint8_t*>(bytes.data());  // NOLINT: read only
  return OSSL_PARAM_construct_octet_string(name, data, bytes.size());
}

// Runs the KDF `name` with `params` into `out`. A refused derivation is reported as `refused`.
Status derive(const char* name, const OSSL_PARAM* params, std::span<std::uint8_t> out, ErrorCode refused,
              const std::string& refusal) {
  const KdfPtr kdf(EVP_KDF_fetch(nullptr, name, nullptr));
  if (!kdf) {
    return makeError(ErrorCode::CryptoFailure,
                     std::string("OpenSSL has no ") + name + " implementation (" + openSslReason() + ")");
  }
  const KdfCtxPtr ctx(EVP_KDF_CTX_new(kdf.get()));
  if (!ctx) {
    return makeError(ErrorCode::CryptoFailure, std::string("cannot create a ") + name + " context (" +
                                                   openSslReason() + ")");
  }
  if (EVP_KDF_derive(ctx.get(), out.data(), out.size(), params) != 1) {
    return makeError(refused, refusal + " (OpenSSL: " + openSslReason() + ")");
  }
  return {};
}

bool isPowerOfTwo(std::uint64_t n) noexcept { return n != 0 && (n & (n - 1)) == 0; }

Status checkScryptParams(const ScryptParams& params, std::size_t length) {
  if (params.n < 2 || !isPowerOfTwo(params.n)) {
    return makeError(ErrorCode::InvalidArgument,
                     "scrypt's cost n must be a power of two above 1, got " + std::to_string(params.n));
  }
  if (params.r == 0 || params.p == 0) {
    return makeError(ErrorCode::InvalidArgument, "scrypt's r and p must be at least 1, got r=" +
                                                     std::to_string(params.r) + " p=" + std::to_string(params.p));
  }
  if (length == 0) return makeError(ErrorCode::InvalidArgument, "scrypt cannot derive a key of 0 bytes");
  return {};
}

}  // namespace

Result<SecretBytes> hkdfSha256(ByteView ikm, ByteView salt, ByteView info, std::size_t length) {
  if (length == 0 || length > kHkdfMaxLength) {
    return makeError(ErrorCode::InvalidArgument, "HKDF-SHA256 can derive 1 to 8160 bytes (255 * 32), "
                                                 "asked for " + std::to_string(length));
  }
  static char digest[] = "SHA256";
  const std::array<OSSL_PARAM, 5> params = {
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
      octetParam(OSSL_KDF_PARAM_KEY, ikm),
      octetParam(OSSL_KDF_PARAM_SALT, salt),  // empty means HashLen zero bytes (RFC 5869 sec. 2.2)
      octetParam(OSSL_KDF_PARAM_INFO, info),
      OSSL_PARAM_construct_end(),
  };
  SecretBytes okm(length);
  COACH_TRY(derive(OSSL_KDF_NAME_HKDF, params.data(), okm.span(), ErrorCode::CryptoFailure,
                   "HKDF-SHA256 failed inside OpenSSL"));
  return okm;
}

// OpenSSL also bounds the memory scrypt may use (about 1 GiB by default: 128 * r * n bytes must fit), so
// very large n * r is refused too; that is reported as InvalidArgument like the other refused parameters.
Result<SecretBytes> scrypt(std::string_view passphrase, ByteView salt, const ScryptParams& params,
                           std::size_t length) {
  COACH_TRY(checkScryptParams(params, length));
  std::uint64_t n = params.n;  // the constructors take mutable pointers; OpenSSL only reads them
  std::uint32_t r = params.r;
  std::uint32_t p = params.p;
  const std::array<OSSL_PARAM, 6> ossl = {
      octetParam(OSSL_KDF_PARAM_PASSWORD, asBytes(passphrase)),
      octetParam(OSSL_KDF_PARAM_SALT, salt),
      OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n),
      OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r),
      OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &p),
      OSSL_PARAM_construct_end(),
  };
  SecretBytes key(length);
  const std::string refusal = "scrypt refused n=" + std::to_string(n) + " r=" + std::to_string(r) + " p=" +
                              std::to_string(p) + "; keep 128 * r * n under about 1 GiB";
  COACH_TRY(derive(OSSL_KDF_NAME_SCRYPT, ossl.data(), key.span(), ErrorCode::InvalidArgument, refusal));
  return key;
}

}  // namespace coach::crypto
