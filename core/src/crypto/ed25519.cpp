// crypto/ed25519.cpp: Ed25519 key pairs, signing and verification (RFC 8032, pure Ed25519) through EVP_PKEY.
//
// Ed25519 hashes the message itself, so the EVP_DigestSign/EVP_DigestVerify calls take no digest (NULL md)
// and are one-shot.
#include <openssl/err.h>
#include <openssl/evp.h>

#include <array>
#include <string>

#include "crypto/crypto.hpp"
#include "crypto/openssl_util.hpp"

namespace coach::crypto {

namespace {

using namespace detail;  // NOLINT(google-build-using-namespace): the module's own helpers


// One-shot signing reads the message through a pointer that must not be null, even for an empty message.
const std::uint8_t* messageData(ByteView message) noexcept {
  static constexpr std::uint8_t kEmpty = 0;
  return message.empty() ? &kEmpty : message.data();
}

Result<PkeyPtr> ed25519PrivateKey(ByteView seed) {
  PkeyPtr key(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed.data(), seed.size()));
  if (!key) return libraryFailure("Ed25519", "loading the private key");
  return key;
}

}  // namespace

Result<Ed25519KeyPair> Ed25519KeyPair::generate() {
  COACH_ASSIGN_OR_RETURN(const SecretBytes seed, randomSecret(kEd25519SeedSize));
  return fromSeed(seed.view());
}

Result<Ed25519KeyPair> Ed25519KeyPair::fromSeed(ByteView seed) {
  if (seed.size() != kEd25519SeedSize) {
    return makeError(ErrorCode::InvalidArgument,
                     "an Ed25519 seed must be 32 bytes, got " + std::to_string(seed.size()));
  }
  COACH_ASSIGN_OR_RETURN(const PkeyPtr key, ed25519PrivateKey(seed));
  Bytes publicKey(kEd25519PublicKeySize);
  std::size_t size = publicKey.size();
  if (EVP_PKEY_get_raw_public_key(key.get(), publicKey.data(), &size) != 1 || size != kEd25519PublicKeySize) {
    return libraryFailure("Ed25519", "computing the public key");
  }
  return Ed25519KeyPair(SecretBytes(seed), std::move(publicKey));
}

// The key object is rebuilt from the seed on every call (the pair keeps only seed and public key), which costs
// one extra scalar multiplication per signature; signing is not on a hot path.
Result<Bytes> Ed25519KeyPair::sign(ByteView message) const {
  if (seed_.size() != kEd25519SeedSize) {
    return makeError(ErrorCode::Internal, "this Ed25519 key pair was moved from and holds no key");
  }
  COACH_ASSIGN_OR_RETURN(const PkeyPtr key, ed25519PrivateKey(seed_.view()));
  const MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx) return libraryFailure("Ed25519", "EVP_MD_CTX_new");
  if (EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1) {
    return libraryFailure("Ed25519", "EVP_DigestSignInit");
  }
  Bytes signature(kEd25519SignatureSize);
  std::size_t size = signature.size();
  if (EVP_DigestSign(ctx.get(), signature.data(), &size, messageData(message), message.size()) != 1 ||
      size != kEd25519SignatureSize) {
    return libraryFailure("Ed25519", "EVP_DigestSign");
  }
  return signature;
}

// Every failure, from a key that does not decode to a library error, reads as "not a valid signature".
// OpenSSL rejects a non-canonical S (s >= L, RFC 8032 sec. 5.1.7) and compares the encoded R byte for byte.
bool ed25519Verify(ByteView publicKey, ByteView message, ByteView signature) {
  if (publicKey.size() != kEd25519PublicKeySize || signature.size() != kEd25519SignatureSize) return false;
  const PkeyPtr key(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, publicKey.data(), publicKey.size()));
  const MdCtxPtr ctx(EVP_MD_CTX_new());
  const bool valid =
      key && ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) == 1 &&
      EVP_DigestVerify(ctx.get(), signature.data(), signature.size(), messageData(message), message.size()) == 1;
  if (!valid) ERR_clear_error();
  return valid;
}

}  // namespace coach::crypto
