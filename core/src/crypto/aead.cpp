// crypto/aead.cpp: AES-GCM through EVP_CIPHER_CTX: the raw test-vector pair and Aead, the product's AEAD.
//
// Aead keys its cipher context once (AES key schedule and GHASH tables) and re-initialises it per call with
// only the nonce and the direction; that is what keeps a small seal or open around a microsecond. AES-GCM
// encrypts and decrypts with the same key schedule, so switching direction never needs the key again.
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <optional>
#include <string>
#include <utility>

#if !defined(_WIN32)
#include <pthread.h>
#endif

#include "crypto/crypto.hpp"
#include "crypto/openssl_util.hpp"

namespace coach::crypto {

namespace {

using namespace detail;  // NOLINT(google-build-using-namespace): the module's own helpers


// OpenSSL 3.0's GCM provider refuses IVs longer than 128 bytes (GCM_IV_MAX_SIZE); we refuse them up front
// with a clear message instead of a library error.
constexpr std::size_t kMaxIvSize = 128;
constexpr std::size_t kMinTagSize = 4;
constexpr std::size_t kMaxTagSize = 16;
// EVP_CipherUpdate takes an int length; longer inputs go through in chunks of this size.
constexpr std::size_t kMaxAeadChunk = std::size_t{1} << 30;

enum class Direction : int { kDecrypt = 0, kEncrypt = 1 };

Error notAuthentic() {
  return makeError(ErrorCode::DecryptFailed,
                   "the ciphertext does not authenticate (wrong key, wrong associated data or tampered bytes)");
}

const EVP_CIPHER* gcmCipherFor(std::size_t keySize) {
  switch (keySize) {
    case 16: return EVP_aes_128_gcm();
    case 24: return EVP_aes_192_gcm();
    case 32: return EVP_aes_256_gcm();
    default: return nullptr;
  }
}

Status checkRawParams(ByteView key, ByteView iv, std::size_t tagSize) {
  if (gcmCipherFor(key.size()) == nullptr) {
    return makeError(ErrorCode::InvalidArgument,
                     "an AES-GCM key must be 16, 24 or 32 bytes, got " + std::to_string(key.size()));
  }
  if (iv.empty() || iv.size() > kMaxIvSize) {
    return makeError(ErrorCode::InvalidArgument, "an AES-GCM IV must be 1 to 128 bytes (an empty IV leaks the "
                                                 "authentication key), got " + std::to_string(iv.size()));
  }
  if (tagSize < kMinTagSize || tagSize > kMaxTagSize) {
    return makeError(ErrorCode::InvalidArgument,
                     "an AES-GCM tag must be 4 to 16 bytes, got " + std::to_string(tagSize));
  }
  return {};
}

// A context keyed with `key` for AES-GCM with IVs of `ivSize` bytes, ready for either direction.
Result<CipherCtxPtr> newGcmContext(ByteView key, std::size_t ivSize) {
  CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  if (!ctx) return libraryFailure("AES-GCM", "EVP_CIPHER_CTX_new");
  if (EVP_CipherInit_ex(ctx.get(), gcmCipherFor(key.size()), nullptr, nullptr, nullptr, 1) != 1) {
    return libraryFailure("AES-GCM", "selecting the cipher");
  }
  if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(ivSize), nullptr) != 1) {
    return libraryFailure("AES-GCM", "setting the IV length");
  }
  if (EVP_CipherInit_ex(ctx.get(), nullptr, nullptr, key.data(), nullptr, 1) != 1) {
    return libraryFailure("AES-GCM", "setting the key");
  }
  return ctx;
}

// Feeds `in` through the context; `out` is null for associated data, else receives in.size() bytes.
Status update(EVP_CIPHER_CTX* ctx, ByteView in, std::uint8_t* out) {
  for (std::size_t done = 0; done < in.size();) {
    const std::size_t chunk = std::min(in.size() - done, kMaxAeadChunk);
    int written = 0;
    if (EVP_CipherUpdate(ctx, out == nullptr ? nullptr : out + done, &written, in.data() + done,
                         static_cast<int>(chunk)) != 1 ||
        static_cast<std::size_t>(written) != chunk) {
      return libraryFailure("AES-GCM", "EVP_CipherUpdate");
    }
    done += chunk;
  }
  return {};
}

Status start(EVP_CIPHER_CTX* ctx, ByteView iv, Direction direction) {
  if (EVP_CipherInit_ex(ctx, nullptr, nullptr, nullptr, iv.data(), static_cast<int>(direction)) != 1) {
    return libraryFailure("AES-GCM", "setting the IV");
  }
  return {};
}

// Encrypts with a keyed context whose IV length is iv.size(); `out` receives the ciphertext then the tag
// (out.size() - plaintext.size() bytes of it).
Status sealWith(EVP_CIPHER_CTX* ctx, ByteView iv, ByteView aad, ByteView plaintext, std::span<std::uint8_t> out) {
  COACH_TRY(start(ctx, iv, Direction::kEncrypt));
  COACH_TRY(update(ctx, aad, nullptr));
  COACH_TRY(update(ctx, plaintext, out.data()));
  std::uint8_t* tag = out.data() + plaintext.size();
  int finalBytes = 0;
  if (EVP_CipherFinal_ex(ctx, tag, &finalBytes) != 1 || finalBytes != 0) return libraryFailure("AES-GCM", "finishing");
  const int tagSize = static_cast<int>(out.size() - plaintext.size());
  if (EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, tagSize, tag) != 1) return libraryFailure("AES-GCM", "reading the tag");
  return {};
}

// Decrypts into `out` (ciphertext.size() bytes) and checks `tag`. On any failure `out` is cleansed: it may
// hold unauthenticated plaintext.
Status openWith(EVP_CIPHER_CTX* ctx, ByteView iv, ByteView aad, ByteView ciphertext, ByteView tag,
                std::span<std::uint8_t> out) {
  std::array<std::uint8_t, kMaxTagSize> expected{};  // the ctrl takes a mutable pointer; give it a copy
  std::copy(tag.begin(), tag.end(), expected.begin());
  Status status = start(ctx, iv, Direction::kDecrypt);
  if (status.ok() &&
      EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, static_cast<int>(tag.size()), expected.data()) != 1) {
    status = libraryFailure("AES-GCM", "setting the expected tag");
  }
  if (status.ok()) status = update(ctx, aad, nullptr);
  if (status.ok()) status = update(ctx, ciphertext, out.data());
  int finalBytes = 0;
  if (status.ok() && EVP_CipherFinal_ex(ctx, out.data() + out.size(), &finalBytes) != 1) {
    ERR_clear_error();
    status = notAuthentic();
  }
  if (!status.ok() && !out.empty()) OPENSSL_cleanse(out.data(), out.size());
  return status;
}

}  // namespace

// ---- raw AES-GCM ------------------------------------------------------------------------------------------

Result<Bytes> aesGcmSeal(ByteView key, ByteView iv, ByteView aad, ByteView plaintext, std::size_t tagSize) {
  COACH_TRY(checkRawParams(key, iv, tagSize));
  COACH_ASSIGN_OR_RETURN(const CipherCtxPtr ctx, newGcmContext(key, iv.size()));
  Bytes sealed(plaintext.size() + tagSize);
  COACH_TRY(sealWith(ctx.get(), iv, aad, plaintext, sealed));
  return sealed;
}

Result<Bytes> aesGcmOpen(ByteView key, ByteView iv, ByteView aad, ByteView ciphertextAndTag,
                         std::size_t tagSize) {
  COACH_TRY(checkRawParams(key, iv, tagSize));
  if (ciphertextAndTag.size() < tagSize) return notAuthentic();
  COACH_ASSIGN_OR_RETURN(const CipherCtxPtr ctx, newGcmContext(key, iv.size()));
  const std::size_t ciphertextSize = ciphertextAndTag.size() - tagSize;
  Bytes plaintext(ciphertextSize);
  COACH_TRY(openWith(ctx.get(), iv, aad, ciphertextAndTag.first(ciphertextSize),
                     ciphertextAndTag.subspan(ciphertextSize), plaintext));
  return plaintext;
}

// ---- Aead -------------------------------------------------------------------------------------------------

namespace {

// Bumped in the child by every fork(), so that nonce pools filled before a fork are discarded after it.
std::atomic<std::uint64_t> forkGeneration{0};

// The current fork generation, or nothing when forks cannot be detected. A pthread_atfork handler costs one
// atomic load per seal; asking getpid() each time would cost a system call, as much as the sealing itself.
std::optional<std::uint64_t> currentForkGeneration() noexcept {
#if defined(_WIN32)
  return 0;  // Windows has no fork()
#else
  static const bool watching =
      ::pthread_atfork(nullptr, nullptr, [] { forkGeneration.fetch_add(1, std::memory_order_relaxed); }) == 0;
  if (!watching) return std::nullopt;
  return forkGeneration.load(std::memory_order_relaxed);
#endif
}

}  // namespace

// (Not in the anonymous namespace: Aead::Impl, which has linkage, holds one.)
namespace detail {

// Fresh random nonces, drawn from RAND_bytes 64 at a time. Nonces are public, so holding some ahead of use
// reveals nothing; what matters is that none is handed out twice under one key. Each is zeroed as it is
// taken, and the pool is discarded in a child after fork(), where parent and child would otherwise hand out
// the same nonces. (A child made by a raw clone() system call, bypassing fork(), is not detected.) Without
// fork detection every nonce comes straight from RAND_bytes. Not thread-safe, like the Aead that owns it.
class NoncePool {
 public:
  Status take(std::span<std::uint8_t> nonce) {
    const std::optional<std::uint64_t> generation = currentForkGeneration();
    if (!generation) return randomBytes(nonce);
    if (used_ + nonce.size() > pool_.size() || generation_ != *generation) {
      COACH_TRY(randomBytes(pool_));
      used_ = 0;
      generation_ = *generation;
    }
    std::copy_n(pool_.data() + used_, nonce.size(), nonce.data());
    std::fill_n(pool_.data() + used_, nonce.size(), std::uint8_t{0});
    used_ += nonce.size();
    return {};
  }

 private:
  static constexpr std::size_t kNonces = 64;
  std::array<std::uint8_t, kNonces * Aead::kNonceSize> pool_{};
  std::size_t used_ = pool_.size();  // empty: the first take() fills it
  std::uint64_t generation_ = 0;
};

}  // namespace detail

struct Aead::Impl {
  CipherCtxPtr ctx;
  SecretBytes key;
  NoncePool nonces;

  // A library failure part-way through an operation leaves the context in an unknown state; keying it again
  // from scratch puts it back in a known one. Decryption failures are normal and need nothing.
  Status afterward(Status status) {
    if (!status.ok() && status.error().code == ErrorCode::CryptoFailure &&
        EVP_CipherInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key.data(), nullptr, 1) != 1) {
      ERR_clear_error();  // the next call fails again and reports it
    }
    return status;
  }
};

Aead::Aead(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Aead::Aead(Aead&&) noexcept = default;
Aead& Aead::operator=(Aead&&) noexcept = default;
Aead::~Aead() = default;

Result<Aead> Aead::create(ByteView key) {
  if (key.size() != kKeySize) {
    return makeError(ErrorCode::InvalidArgument,
                     "an AES-256-GCM key must be 32 bytes, got " + std::to_string(key.size()));
  }
  auto impl = std::make_unique<Impl>();
  impl->key = SecretBytes(key);
  COACH_ASSIGN_OR_RETURN(impl->ctx, newGcmContext(key, kNonceSize));
  return Aead(std::move(impl));
}

namespace {

Error movedFrom() {
  return makeError(ErrorCode::Internal, "this Aead was moved from and holds no key; create a new one");
}

}  // namespace

// `plaintext` and `aad` must not point into `out`: growing `out` may move its bytes.
Status Aead::sealAppend(ByteView plaintext, ByteView aad, Bytes& out) const {
  if (!impl_) return movedFrom();
  const std::size_t start = out.size();
  out.resize(start + kOverhead + plaintext.size());
  const std::span<std::uint8_t> sealed(out.data() + start, kOverhead + plaintext.size());
  Status status = impl_->nonces.take(sealed.first(kNonceSize));
  if (status.ok()) {
    status = impl_->afterward(sealWith(impl_->ctx.get(), sealed.first(kNonceSize), aad, plaintext,
                                       sealed.subspan(kNonceSize)));
  }
  if (!status.ok()) out.resize(start);
  return status;
}

Result<Bytes> Aead::seal(ByteView plaintext, ByteView aad) const {
  Bytes sealed;
  COACH_TRY(sealAppend(plaintext, aad, sealed));
  return sealed;
}

Result<Bytes> Aead::sealWithNonce(ByteView nonce, ByteView plaintext, ByteView aad) const {
  if (!impl_) return movedFrom();
  if (nonce.size() != kNonceSize) {
    return makeError(ErrorCode::InvalidArgument,
                     "an AES-256-GCM nonce must be 12 bytes, got " + std::to_string(nonce.size()));
  }
  Bytes sealed(kOverhead + plaintext.size());
  std::copy(nonce.begin(), nonce.end(), sealed.begin());
  const std::span<std::uint8_t> body = std::span<std::uint8_t>(sealed).subspan(kNonceSize);
  COACH_TRY(impl_->afterward(sealWith(impl_->ctx.get(), nonce, aad, plaintext, body)));
  return sealed;
}

Result<Bytes> Aead::open(ByteView sealed, ByteView aad) const {
  if (!impl_) return movedFrom();
  if (sealed.size() < kOverhead) {
    return makeError(ErrorCode::DecryptFailed, "the ciphertext does not authenticate: it is " +
                                                   std::to_string(sealed.size()) +
                                                   " bytes, shorter than its 28 bytes of nonce and tag");
  }
  const std::size_t ciphertextSize = sealed.size() - kOverhead;
  Bytes plaintext(ciphertextSize);
  COACH_TRY(impl_->afterward(openWith(impl_->ctx.get(), sealed.first(kNonceSize), aad,
                                      sealed.subspan(kNonceSize, ciphertextSize), sealed.last(kTagSize),
                                      plaintext)));
  return plaintext;
}

}  // namespace coach::crypto
