// crypto/x25519.cpp: X25519 key pairs and key agreement (RFC 7748) through EVP_PKEY.
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#include <array>
#include <string>

#include "crypto/crypto.hpp"
#include "crypto/openssl_util.hpp"

namespace coach::crypto {

namespace {

using namespace detail;  // NOLINT(google-build-using-namespace): the module's own helpers


Status checkKeySize(ByteView key, const char* which) {
  if (key.size() == kX25519KeySize) return {};
  return makeError(ErrorCode::InvalidArgument, std::string("an X25519 ") + which + " key must be 32 bytes, got " +
                                                   std::to_string(key.size()));
}

Result<PkeyPtr> x25519PrivateKey(ByteView privateKey) {
  PkeyPtr key(EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, nullptr, privateKey.data(), privateKey.size()));
  if (!key) return libraryFailure("X25519", "loading the private key");
  return key;
}

bool isAllZero(ByteView bytes) noexcept {
  std::uint8_t any = 0;
  for (const std::uint8_t byte : bytes) any |= byte;  // no early exit: the time does not depend on the value
  return any == 0;
}

Error lowOrderPeer() {
  return makeError(ErrorCode::CryptoFailure, "X25519 key agreement gave the all-zero secret: the peer's public "
                                             "key is a low-order point and must not be trusted");
}

}  // namespace

Result<X25519KeyPair> X25519KeyPair::generate() {
  COACH_ASSIGN_OR_RETURN(const SecretBytes privateKey, randomSecret(kX25519KeySize));
  return fromPrivate(privateKey.view());
}

Result<X25519KeyPair> X25519KeyPair::fromPrivate(ByteView privateKey) {
  COACH_TRY(checkKeySize(privateKey, "private"));
  COACH_ASSIGN_OR_RETURN(const PkeyPtr key, x25519PrivateKey(privateKey));
  Bytes publicKey(kX25519KeySize);
  std::size_t size = publicKey.size();
  if (EVP_PKEY_get_raw_public_key(key.get(), publicKey.data(), &size) != 1 || size != kX25519KeySize) {
    return libraryFailure("X25519", "computing the public key");
  }
  return X25519KeyPair(SecretBytes(privateKey), std::move(publicKey));
}

// OpenSSL itself refuses an all-zero result (EVP_PKEY_derive fails), so a low-order peer key surfaces as a
// derive failure; the explicit check afterwards keeps the contract should a library version stop doing so.
Result<SecretBytes> x25519(ByteView privateKey, ByteView peerPublicKey) {
  COACH_TRY(checkKeySize(privateKey, "private"));
  COACH_TRY(checkKeySize(peerPublicKey, "public"));
  COACH_ASSIGN_OR_RETURN(const PkeyPtr ours, x25519PrivateKey(privateKey));
  const PkeyPtr peer(
      EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, nullptr, peerPublicKey.data(), peerPublicKey.size()));
  if (!peer) return libraryFailure("X25519", "loading the peer's public key");
  const PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, ours.get(), nullptr));
  if (!ctx) return libraryFailure("X25519", "EVP_PKEY_CTX_new_from_pkey");
  if (EVP_PKEY_derive_init(ctx.get()) != 1) return libraryFailure("X25519", "EVP_PKEY_derive_init");
  if (EVP_PKEY_derive_set_peer(ctx.get(), peer.get()) != 1) return libraryFailure("X25519", "setting the peer key");
  SecretBytes shared(kX25519KeySize);
  std::size_t size = shared.size();
  if (EVP_PKEY_derive(ctx.get(), shared.data(), &size) != 1) {
    ERR_clear_error();
    return makeError(ErrorCode::CryptoFailure, "X25519 key agreement failed inside OpenSSL; the peer's public "
                                               "key is most likely a low-order point (all-zero secret)");
  }
  if (size != kX25519KeySize) return libraryFailure("X25519", "EVP_PKEY_derive (wrong secret size)");
  if (isAllZero(shared.view())) return lowOrderPeer();
  return shared;
}

}  // namespace coach::crypto
