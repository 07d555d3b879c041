// Round trips and refusals of every primitive in crypto/crypto.hpp, with the RFC vectors the product relies on.
// The exhaustive known-answer tests live in test_wycheproof.cpp.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <set>
#include <string>
#include <utility>

#if !defined(_WIN32)
#include <sys/wait.h>
#include <unistd.h>
#endif

#include "crypto/crypto.hpp"

using namespace coach;
using namespace coach::crypto;

namespace {

Bytes hex(std::string_view text) {
  Bytes out;
  REQUIRE(fromHex(text, out));
  return out;
}

Bytes toBytes(std::string_view text) { return Bytes(text.begin(), text.end()); }

Aead makeAead(ByteView key) {
  Result<Aead> aead = Aead::create(key);
  REQUIRE(aead.ok());
  return std::move(aead).value();
}

Bytes fixedKey(std::uint8_t fill) { return Bytes(Aead::kKeySize, fill); }

const std::string kMessage = "Session 12: sprint intervals, RPE 7, knee pain reported after set 3.";

void requireDecryptFailed(const Result<Bytes>& opened) {
  REQUIRE_FALSE(opened.ok());
  CHECK(opened.error().code == ErrorCode::DecryptFailed);
  CHECK(opened.error().message.find("does not authenticate") != std::string::npos);
}

}  // namespace

// ---- Aead -------------------------------------------------------------------------------------------------

TEST_CASE("Aead opens exactly what it sealed", "[crypto][aead]") {
  const Aead aead = makeAead(fixedKey(0x42));
  const Bytes aad = {1, 2, 3};
  for (const std::size_t size : {0u, 1u, 15u, 512u, 70000u}) {
    INFO("plaintext of " << size << " bytes");
    Bytes plaintext(size);
    for (std::size_t i = 0; i < size; ++i) plaintext[i] = static_cast<std::uint8_t>(i * 7);
    const Result<Bytes> sealed = aead.seal(plaintext, aad);
    REQUIRE(sealed.ok());
    CHECK(sealed->size() == size + Aead::kOverhead);
    const Result<Bytes> opened = aead.open(*sealed, aad);
    REQUIRE(opened.ok());
    CHECK(*opened == plaintext);
  }
}

TEST_CASE("Aead seals the same plaintext differently every time", "[crypto][aead]") {
  const Aead aead = makeAead(fixedKey(0x42));
  const Result<Bytes> first = aead.seal(asBytes(kMessage), {});
  const Result<Bytes> second = aead.seal(asBytes(kMessage), {});
  REQUIRE(first.ok());
  REQUIRE(second.ok());
  CHECK(*first != *second);
  CHECK_FALSE(std::equal(first->begin(), first->begin() + Aead::kNonceSize, second->begin()));
}

TEST_CASE("Aead never repeats a nonce across many seals", "[crypto][aead]") {
  const Aead aead = makeAead(fixedKey(0x42));
  std::set<Bytes> nonces;
  constexpr std::size_t kSeals = 1000;  // many refills of the nonce pool
  for (std::size_t i = 0; i < kSeals; ++i) {
    const Result<Bytes> sealed = aead.seal(asBytes(kMessage), {});
    REQUIRE(sealed.ok());
    nonces.emplace(sealed->begin(), sealed->begin() + Aead::kNonceSize);
  }
  CHECK(nonces.size() == kSeals);
  CHECK(nonces.count(Bytes(Aead::kNonceSize, 0)) == 0);
}

#if !defined(_WIN32)
TEST_CASE("Aead hands out different nonces in a forked child and its parent", "[crypto][aead]") {
  const Aead aead = makeAead(fixedKey(0x42));
  REQUIRE(aead.seal(asBytes(kMessage), {}).ok());  // the nonce pool is now full
  std::array<int, 2> pipeEnds{};
  REQUIRE(::pipe(pipeEnds.data()) == 0);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {  // only async-signal-safe calls and our own code until _exit; no Catch2 here
    const Result<Bytes> sealed = aead.seal(asBytes(kMessage), {});
    const bool sent = sealed.ok() && ::write(pipeEnds[1], sealed->data(), Aead::kNonceSize) ==
                                         static_cast<ssize_t>(Aead::kNonceSize);
    ::_exit(sent ? 0 : 1);
  }
  ::close(pipeEnds[1]);
  const Result<Bytes> sealed = aead.seal(asBytes(kMessage), {});
  Bytes childNonce(Aead::kNonceSize);
  const ssize_t received = ::read(pipeEnds[0], childNonce.data(), childNonce.size());
  ::close(pipeEnds[0]);
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
  REQUIRE(received == static_cast<ssize_t>(Aead::kNonceSize));
  REQUIRE(sealed.ok());
  CHECK(childNonce != Bytes(sealed->begin(), sealed->begin() + Aead::kNonceSize));
}
#endif

TEST_CASE("Aead refuses sealed data with any single bit flipped in nonce, ciphertext or tag", "[crypto][aead]") {
  const Aead aead = makeAead(fixedKey(0x42));
  const Bytes aad = toBytes("record:42");
  const Result<Bytes> sealed = aead.seal(asBytes(kMessage), aad);
  REQUIRE(sealed.ok());
  for (std::size_t byte = 0; byte < sealed->size(); ++byte) {
    for (int bit = 0; bit < 8; ++bit) {
      INFO("byte " << byte << " bit " << bit);
      Bytes tampered = *sealed;
      tampered[byte] = static_cast<std::uint8_t>(tampered[byte] ^ (1u << bit));
      requireDecryptFailed(aead.open(tampered, aad));
    }
  }
  REQUIRE(aead.open(*sealed, aad).ok());  // the context still works after all those failures
}

TEST_CASE("Aead refuses the wrong associated data", "[crypto][aead]") {
  const Aead aead = makeAead(fixedKey(0x42));
  const Result<Bytes> sealed = aead.seal(asBytes(kMessage), asBytes("participant:7"));
  REQUIRE(sealed.ok());
  requireDecryptFailed(aead.open(*sealed, asBytes("participant:8")));
  requireDecryptFailed(aead.open(*sealed, {}));
}

TEST_CASE("Aead refuses data sealed under another key", "[crypto][aead]") {
  const Aead sealer = makeAead(fixedKey(0x42));
  Bytes otherKey = fixedKey(0x42);
  otherKey[31] ^= 0x01;
  const Aead opener = makeAead(otherKey);
  const Result<Bytes> sealed = sealer.seal(asBytes(kMessage), {});
  REQUIRE(sealed.ok());
  requireDecryptFailed(opener.open(*sealed, {}));
}

TEST_CASE("Aead refuses truncated sealed data", "[crypto][aead]") {
  const Aead aead = makeAead(fixedKey(0x42));
  const Result<Bytes> sealed = aead.seal(asBytes(kMessage), {});
  REQUIRE(sealed.ok());
  for (const std::size_t size : {sealed->size() - 1, Aead::kOverhead, Aead::kOverhead - 1, std::size_t{0}}) {
    INFO("truncated to " << size << " bytes");
    requireDecryptFailed(aead.open(ByteView(*sealed).first(size), {}));
  }
}

TEST_CASE("Aead error messages never contain the plaintext", "[crypto][aead]") {
  const Aead aead = makeAead(fixedKey(0x42));
  Result<Bytes> sealed = aead.seal(asBytes(kMessage), {});
  REQUIRE(sealed.ok());
  sealed->back() ^= 0x80;
  const Result<Bytes> opened = aead.open(*sealed, {});
  REQUIRE_FALSE(opened.ok());
  CHECK(opened.error().message.find("knee") == std::string::npos);
}

TEST_CASE("Aead::create refuses keys that are not 32 bytes", "[crypto][aead]") {
  for (const std::size_t size : {std::size_t{0}, std::size_t{16}, std::size_t{31}, std::size_t{33}}) {
    const Result<Aead> aead = Aead::create(Bytes(size, 1));
    REQUIRE_FALSE(aead.ok());
    CHECK(aead.error().code == ErrorCode::InvalidArgument);
  }
}

TEST_CASE("Aead::sealAppend appends after the bytes already in the buffer", "[crypto][aead]") {
  const Aead aead = makeAead(fixedKey(0x42));
  Bytes buffer = {0xaa, 0xbb};
  REQUIRE(aead.sealAppend(asBytes(kMessage), {}, buffer).ok());
  REQUIRE(buffer.size() == 2 + kMessage.size() + Aead::kOverhead);
  CHECK(buffer[0] == 0xaa);
  CHECK(buffer[1] == 0xbb);
  const Result<Bytes> opened = aead.open(ByteView(buffer).subspan(2), {});
  REQUIRE(opened.ok());
  CHECK(*opened == toBytes(kMessage));
}

TEST_CASE("Aead::sealWithNonce is deterministic and refuses nonces that are not 12 bytes", "[crypto][aead]") {
  const Aead aead = makeAead(fixedKey(0x42));
  const Bytes nonce(Aead::kNonceSize, 9);
  const Result<Bytes> first = aead.sealWithNonce(nonce, asBytes(kMessage), {});
  const Result<Bytes> second = aead.sealWithNonce(nonce, asBytes(kMessage), {});
  REQUIRE(first.ok());
  REQUIRE(second.ok());
  CHECK(*first == *second);
  CHECK(std::equal(nonce.begin(), nonce.end(), first->begin()));
  const Result<Bytes> shortNonce = aead.sealWithNonce(Bytes(8, 9), asBytes(kMessage), {});
  REQUIRE_FALSE(shortNonce.ok());
  CHECK(shortNonce.error().code == ErrorCode::InvalidArgument);
}

TEST_CASE("A moved Aead keeps working and the moved-from one reports an error", "[crypto][aead]") {
  Aead original = makeAead(fixedKey(0x42));
  const Aead moved = std::move(original);
  const Result<Bytes> sealed = moved.seal(asBytes(kMessage), {});
  REQUIRE(sealed.ok());
  REQUIRE(moved.open(*sealed, {}).ok());
  const Result<Bytes> fromEmpty = original.seal(asBytes(kMessage), {});  // NOLINT(bugprone-use-after-move)
  REQUIRE_FALSE(fromEmpty.ok());
  CHECK(fromEmpty.error().code == ErrorCode::Internal);
}

TEST_CASE("Raw AES-GCM supports truncated tags and refuses bad key, IV and tag sizes", "[crypto][aead]") {
  const Bytes key(16, 3);
  const Bytes iv(12, 4);
  const Result<Bytes> sealed = aesGcmSeal(key, iv, {}, asBytes(kMessage), 8);
  REQUIRE(sealed.ok());
  CHECK(sealed->size() == kMessage.size() + 8);
  const Result<Bytes> opened = aesGcmOpen(key, iv, {}, *sealed, 8);
  REQUIRE(opened.ok());
  CHECK(*opened == toBytes(kMessage));
  requireDecryptFailed(aesGcmOpen(key, iv, {}, ByteView(*sealed).first(4), 8));

  const auto refused = [](const Result<Bytes>& result) {
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().code == ErrorCode::InvalidArgument);
  };
  refused(aesGcmSeal(Bytes(20, 3), iv, {}, asBytes(kMessage)));
  refused(aesGcmSeal(key, {}, {}, asBytes(kMessage)));
  refused(aesGcmSeal(key, Bytes(129, 4), {}, asBytes(kMessage)));
  refused(aesGcmSeal(key, iv, {}, asBytes(kMessage), 3));
  refused(aesGcmSeal(key, iv, {}, asBytes(kMessage), 17));
  refused(aesGcmOpen(key, {}, {}, *sealed, 8));
}

// ---- key derivation ---------------------------------------------------------------------------------------

TEST_CASE("scrypt matches the RFC 7914 test vector", "[crypto][kdf]") {
  const ScryptParams params{.n = 1024, .r = 8, .p = 16};
  const Result<SecretBytes> key = scrypt("password", asBytes("NaCl"), params, 64);
  REQUIRE(key.ok());
  CHECK(toHex(key->view()) ==
        "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830da"
        "c727afb94a83ee6d8360cbdfa2cc0640");
}

TEST_CASE("scrypt refuses a cost that is not a power of two, zero r or p, and an empty output", "[crypto][kdf]") {
  const auto refused = [](const ScryptParams& params, std::size_t length) {
    const Result<SecretBytes> key = scrypt("password", asBytes("NaCl"), params, length);
    REQUIRE_FALSE(key.ok());
    CHECK(key.error().code == ErrorCode::InvalidArgument);
  };
  refused(ScryptParams{.n = 1000, .r = 8, .p = 1}, 32);
  refused(ScryptParams{.n = 1, .r = 8, .p = 1}, 32);
  refused(ScryptParams{.n = 0, .r = 8, .p = 1}, 32);
  refused(ScryptParams{.n = 1024, .r = 0, .p = 1}, 32);
  refused(ScryptParams{.n = 1024, .r = 8, .p = 0}, 32);
  refused(ScryptParams{.n = 1024, .r = 8, .p = 1}, 0);
  refused(ScryptParams{.n = std::uint64_t{1} << 40, .r = 8, .p = 1}, 32);  // far beyond OpenSSL's memory cap
}

TEST_CASE("HKDF-SHA256 refuses an output of 0 or more than 255 * 32 bytes", "[crypto][kdf]") {
  const Bytes ikm(32, 1);
  for (const std::size_t length : {std::size_t{0}, 255 * kSha256Size + 1}) {
    const Result<SecretBytes> okm = hkdfSha256(ikm, {}, {}, length);
    REQUIRE_FALSE(okm.ok());
    CHECK(okm.error().code == ErrorCode::InvalidArgument);
  }
  const Result<SecretBytes> longest = hkdfSha256(ikm, {}, {}, 255 * kSha256Size);
  REQUIRE(longest.ok());
  CHECK(longest->size() == 255 * kSha256Size);
}

// ---- signatures and key agreement -------------------------------------------------------------------------

TEST_CASE("Ed25519 verifies its own signatures and nothing else", "[crypto][ed25519]") {
  const Result<Ed25519KeyPair> pair = Ed25519KeyPair::generate();
  REQUIRE(pair.ok());
  const Result<Bytes> signature = pair->sign(asBytes(kMessage));
  REQUIRE(signature.ok());
  REQUIRE(signature->size() == kEd25519SignatureSize);
  CHECK(ed25519Verify(pair->publicKey(), asBytes(kMessage), *signature));

  std::string altered = kMessage;
  altered[0] = 's';
  CHECK_FALSE(ed25519Verify(pair->publicKey(), asBytes(altered), *signature));
  Bytes badSignature = *signature;
  badSignature[10] ^= 0x04;
  CHECK_FALSE(ed25519Verify(pair->publicKey(), asBytes(kMessage), badSignature));
  const Result<Ed25519KeyPair> other = Ed25519KeyPair::generate();
  REQUIRE(other.ok());
  CHECK_FALSE(ed25519Verify(other->publicKey(), asBytes(kMessage), *signature));
  CHECK_FALSE(ed25519Verify(pair->publicKey(), asBytes(kMessage), ByteView(*signature).first(63)));
  CHECK_FALSE(ed25519Verify(ByteView(pair->publicKey()).first(31), asBytes(kMessage), *signature));
}

TEST_CASE("Ed25519 key pairs from a seed are deterministic (RFC 8032 test 1)", "[crypto][ed25519]") {
  const Bytes seed = hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  const Result<Ed25519KeyPair> first = Ed25519KeyPair::fromSeed(seed);
  const Result<Ed25519KeyPair> second = Ed25519KeyPair::fromSeed(seed);
  REQUIRE(first.ok());
  REQUIRE(second.ok());
  CHECK(toHex(first->publicKey()) == "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  CHECK(first->publicKey() == second->publicKey());
  CHECK(toHex(first->seed().view()) == toHex(seed));
  const Result<Bytes> signature = first->sign({});
  REQUIRE(signature.ok());
  CHECK(toHex(*signature) ==
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46b"
        "d25bf5f0595bbe24655141438e7a100b");
  const Result<Ed25519KeyPair> shortSeed = Ed25519KeyPair::fromSeed(ByteView(seed).first(31));
  REQUIRE_FALSE(shortSeed.ok());
  CHECK(shortSeed.error().code == ErrorCode::InvalidArgument);
}

TEST_CASE("Two X25519 key pairs agree on one shared secret", "[crypto][x25519]") {
  const Result<X25519KeyPair> alice = X25519KeyPair::generate();
  const Result<X25519KeyPair> bob = X25519KeyPair::generate();
  REQUIRE(alice.ok());
  REQUIRE(bob.ok());
  CHECK(alice->publicKey() != bob->publicKey());
  const Result<SecretBytes> aliceShared = x25519(alice->privateKey().view(), bob->publicKey());
  const Result<SecretBytes> bobShared = x25519(bob->privateKey().view(), alice->publicKey());
  REQUIRE(aliceShared.ok());
  REQUIRE(bobShared.ok());
  CHECK(aliceShared->size() == kX25519KeySize);
  CHECK(toHex(aliceShared->view()) == toHex(bobShared->view()));

  const Result<X25519KeyPair> again = X25519KeyPair::fromPrivate(alice->privateKey().view());
  REQUIRE(again.ok());
  CHECK(again->publicKey() == alice->publicKey());
}

TEST_CASE("X25519 refuses wrong sizes and a low-order peer key", "[crypto][x25519]") {
  const Result<X25519KeyPair> pair = X25519KeyPair::generate();
  REQUIRE(pair.ok());
  const Result<SecretBytes> wrongSize = x25519(pair->privateKey().view(), Bytes(31, 9));
  REQUIRE_FALSE(wrongSize.ok());
  CHECK(wrongSize.error().code == ErrorCode::InvalidArgument);
  const Result<SecretBytes> lowOrder = x25519(pair->privateKey().view(), Bytes(kX25519KeySize, 0));
  REQUIRE_FALSE(lowOrder.ok());
  CHECK(lowOrder.error().code == ErrorCode::CryptoFailure);
  const Result<X25519KeyPair> badPrivate = X25519KeyPair::fromPrivate(Bytes(16, 1));
  REQUIRE_FALSE(badPrivate.ok());
  CHECK(badPrivate.error().code == ErrorCode::InvalidArgument);
}

// ---- hashing, randomness, bytes ---------------------------------------------------------------------------

TEST_CASE("SHA-256 matches the FIPS 180-2 examples", "[crypto][hash]") {
  CHECK(toHex(sha256({})) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(toHex(sha256(asBytes("abc"))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("Random bytes have the requested size and differ between draws", "[crypto][random]") {
  const Result<Bytes> first = randomBytes(32);
  const Result<Bytes> second = randomBytes(32);
  REQUIRE(first.ok());
  REQUIRE(second.ok());
  CHECK(first->size() == 32);
  CHECK(*first != *second);
  const Result<SecretBytes> secret = randomSecret(24);
  REQUIRE(secret.ok());
  CHECK(secret->size() == 24);
  const Result<Bytes> none = randomBytes(0);
  REQUIRE(none.ok());
  CHECK(none->empty());
}

TEST_CASE("Hex conversion round trips and refuses odd lengths and non-hex characters", "[crypto][bytes]") {
  const Bytes bytes = {0x00, 0x01, 0x7f, 0x80, 0xab, 0xff};
  CHECK(toHex(bytes) == "00017f80abff");
  Bytes decoded;
  REQUIRE(fromHex(toHex(bytes), decoded));
  CHECK(decoded == bytes);
  REQUIRE(fromHex("00017F80ABFF", decoded));
  CHECK(decoded == bytes);
  REQUIRE(fromHex("", decoded));
  CHECK(decoded.empty());
  CHECK_FALSE(fromHex("abc", decoded));
  CHECK_FALSE(fromHex("zz", decoded));
  CHECK_FALSE(fromHex("0g", decoded));
  CHECK_FALSE(fromHex("12 4", decoded));
}

TEST_CASE("SecretBytes moves leave the source empty", "[crypto][bytes]") {
  SecretBytes source(asBytes("key material"));
  REQUIRE(source.size() == 12);
  SecretBytes moved(std::move(source));
  CHECK(source.empty());  // NOLINT(bugprone-use-after-move): the contract under test
  CHECK(moved.size() == 12);

  SecretBytes assigned(std::size_t{4});
  assigned = std::move(moved);
  CHECK(moved.empty());  // NOLINT(bugprone-use-after-move)
  CHECK(assigned.size() == 12);
  const SecretBytes copy = assigned.clone();
  CHECK(toHex(copy.view()) == toHex(assigned.view()));
  CHECK(SecretBytes(std::size_t{16}).size() == 16);
}

TEST_CASE("HMAC-SHA256 gives RFC 4231's results", "[crypto][hmac]") {
  // RFC 4231 test cases 1 and 2 (erasure orders are MACed with it, proto/PROTOCOL.md "Erasure").
  const Bytes key1(20, 0x0b);
  CHECK(toHex(hmacSha256(key1, asBytes("Hi There"))) ==
        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  CHECK(toHex(hmacSha256(asBytes("Jefe"), asBytes("what do ya want for nothing?"))) ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  CHECK(hmacSha256(key1, asBytes("Hi There!")) != hmacSha256(key1, asBytes("Hi There")));
}
