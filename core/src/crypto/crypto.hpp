// crypto/crypto.hpp: every cryptographic primitive the product uses, over OpenSSL 3 EVP.
//
// Provides: CSPRNG, AES-256-GCM (Aead, plus a raw AES-GCM pair for test vectors), HKDF-SHA256, scrypt,
// SHA-256, X25519 and Ed25519. Nothing else in the code base calls OpenSSL for these. Every OpenSSL handle
// has an owner object from the line where it is acquired and every return code is checked; failures are
// Result errors (DecryptFailed for anything that does not authenticate, CryptoFailure for a library
// failure, InvalidArgument for wrong sizes), never exceptions. Key material lives in SecretBytes.
//
// Thread-safety: free functions are thread-safe. An Aead object owns one cipher context and is NOT safe to
// use from two threads at once; give each thread its own (creation is cheap).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "coach/result.hpp"
#include "crypto/bytes.hpp"

namespace coach::crypto {

// ---- randomness -------------------------------------------------------------------------------------------
// Fills `out` from OpenSSL's CSPRNG (RAND_bytes).
Status randomBytes(std::span<std::uint8_t> out);
Result<Bytes> randomBytes(std::size_t count);
Result<SecretBytes> randomSecret(std::size_t count);

// ---- hashing ----------------------------------------------------------------------------------------------
inline constexpr std::size_t kSha256Size = 32;
Bytes sha256(ByteView data);
// HMAC-SHA256 (RFC 2104); like sha256(), it can only fail when OpenSSL is broken (an exception then).
Bytes hmacSha256(ByteView key, ByteView data);

// ---- AES-GCM ----------------------------------------------------------------------------------------------
// Raw AES-GCM for test vectors: any AES key size (16/24/32 bytes), an IV of 1 to 128 bytes (OpenSSL 3.0's
// GCM refuses longer ones), tag of `tagSize` bytes (4..16); InvalidArgument otherwise. Seal returns
// ciphertext || tag; open expects the same and returns the plaintext, or DecryptFailed when it does not
// authenticate.
Result<Bytes> aesGcmSeal(ByteView key, ByteView iv, ByteView aad, ByteView plaintext, std::size_t tagSize = 16);
Result<Bytes> aesGcmOpen(ByteView key, ByteView iv, ByteView aad, ByteView ciphertextAndTag,
                         std::size_t tagSize = 16);

// AES-256-GCM with a 96-bit random nonce and a 128-bit tag, the product's only AEAD.
// Sealed layout: nonce (12 bytes) || ciphertext || tag (16 bytes).
class Aead {
 public:
  static constexpr std::size_t kKeySize = 32;
  static constexpr std::size_t kNonceSize = 12;
  static constexpr std::size_t kTagSize = 16;
  static constexpr std::size_t kOverhead = kNonceSize + kTagSize;

  // InvalidArgument unless key is 32 bytes.
  static Result<Aead> create(ByteView key);

  Aead(Aead&&) noexcept;
  Aead& operator=(Aead&&) noexcept;
  ~Aead();

  // Encrypts with a fresh random nonce; appends nonce || ciphertext || tag to `out`.
  Status sealAppend(ByteView plaintext, ByteView aad, Bytes& out) const;
  Result<Bytes> seal(ByteView plaintext, ByteView aad) const;
  // Deterministic variant for test vectors only: the caller guarantees the nonce is never reused.
  Result<Bytes> sealWithNonce(ByteView nonce, ByteView plaintext, ByteView aad) const;
  // Opens nonce || ciphertext || tag. DecryptFailed when too short, or when key, nonce, aad or any byte differ.
  Result<Bytes> open(ByteView sealed, ByteView aad) const;

 private:
  struct Impl;
  explicit Aead(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// ---- key derivation ---------------------------------------------------------------------------------------
// HKDF-SHA256 (RFC 5869). InvalidArgument when length is 0 or above 255 * 32.
Result<SecretBytes> hkdfSha256(ByteView ikm, ByteView salt, ByteView info, std::size_t length);

struct ScryptParams {
  std::uint64_t n = 1u << 15;  // CPU/memory cost, a power of two
  std::uint32_t r = 8;
  std::uint32_t p = 1;
};
// scrypt (RFC 7914) through EVP_KDF. InvalidArgument for parameters OpenSSL refuses (n not a power of two...).
Result<SecretBytes> scrypt(std::string_view passphrase, ByteView salt, const ScryptParams& params,
                           std::size_t length);

// ---- X25519 -----------------------------------------------------------------------------------------------
inline constexpr std::size_t kX25519KeySize = 32;

class X25519KeyPair {
 public:
  static Result<X25519KeyPair> generate();
  // From a 32-byte private key (clamped by X25519 itself).
  static Result<X25519KeyPair> fromPrivate(ByteView privateKey);
  const Bytes& publicKey() const noexcept { return public_; }
  const SecretBytes& privateKey() const noexcept { return private_; }

 private:
  X25519KeyPair(SecretBytes priv, Bytes pub) : private_(std::move(priv)), public_(std::move(pub)) {}
  SecretBytes private_;
  Bytes public_;
};

// The shared secret of our private key and the peer's public key. InvalidArgument for
// wrong sizes; CryptoFailure when the result is the all-zero value (a low-order peer key, RFC 7748 sec. 6.1).
Result<SecretBytes> x25519(ByteView privateKey, ByteView peerPublicKey);

// ---- Ed25519 ----------------------------------------------------------------------------------------------
inline constexpr std::size_t kEd25519PublicKeySize = 32;
inline constexpr std::size_t kEd25519SeedSize = 32;
inline constexpr std::size_t kEd25519SignatureSize = 64;

class Ed25519KeyPair {
 public:
  static Result<Ed25519KeyPair> generate();
  static Result<Ed25519KeyPair> fromSeed(ByteView seed);
  const Bytes& publicKey() const noexcept { return public_; }
  const SecretBytes& seed() const noexcept { return seed_; }
  Result<Bytes> sign(ByteView message) const;

 private:
  Ed25519KeyPair(SecretBytes seed, Bytes pub) : seed_(std::move(seed)), public_(std::move(pub)) {}
  SecretBytes seed_;
  Bytes public_;
};

// True only for a valid signature of `message` by `publicKey` (wrong sizes give false).
bool ed25519Verify(ByteView publicKey, ByteView message, ByteView signature);

}  // namespace coach::crypto
