// tests/fuzz/fixed_keys.hpp: what the fuzz targets and make_corpus share: the fixed shard key and device
// signing key (so that the seed envelopes open and verify inside fuzz_envelope), and require(), which turns a
// broken property into a crash libFuzzer keeps.
//
// Test material only: these keys are public and must never protect real data.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <utility>

#include "crypto/crypto.hpp"

namespace coach::fuzz {

// Stops the run when `condition` is false; libFuzzer reports the abort as a crash and saves the input.
inline void require(bool condition, const char* what) {
  if (!condition) {
    std::fprintf(stderr, "fuzz property violated: %s\n", what);
    std::abort();
  }
}

struct FixedKeys {
  crypto::Aead shardKey;
  crypto::Ed25519KeyPair signer;
};

// `size` bytes counting up from `first`: fixed, not secret.
inline crypto::Bytes fixedBytes(std::uint8_t first, std::size_t size) {
  crypto::Bytes out(size);
  for (std::size_t i = 0; i < size; ++i) out[i] = static_cast<std::uint8_t>(first + i);
  return out;
}

inline FixedKeys makeKeys(std::uint8_t shardKeyFirst, std::uint8_t seedFirst) {
  auto shardKey = crypto::Aead::create(fixedBytes(shardKeyFirst, crypto::Aead::kKeySize));
  auto signer = crypto::Ed25519KeyPair::fromSeed(fixedBytes(seedFirst, crypto::kEd25519SeedSize));
  require(shardKey.ok() && signer.ok(), "OpenSSL accepts the fixed keys");
  return FixedKeys{std::move(shardKey).value(), std::move(signer).value()};
}

// The keys fuzz_envelope opens and verifies with, made once (an Aead is not thread-safe; libFuzzer runs the
// target on one thread).
inline const FixedKeys& fixedKeys() {
  static const FixedKeys keys = makeKeys(0x10, 0x40);
  return keys;
}

}  // namespace coach::fuzz
