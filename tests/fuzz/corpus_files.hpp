// corpus_files.hpp: what make_corpus.cpp and make_corpus_keys.cpp share (README.md, "Seeds").
#pragma once

#include <filesystem>
#include <utility>

#include "coach/result.hpp"
#include "crypto/crypto.hpp"
#include "fixed_keys.hpp"

namespace coach::fuzz {

// Writes `bytes` to `path` (its folder made), replacing what is there.
void writeFile(const std::filesystem::path& path, crypto::ByteView bytes);
// The same, but only when `path` does not exist yet: for seeds sealed with a random nonce (snapshots, grants,
// recovery keys), so that regenerating the corpus leaves git unchanged.
void writeFileOnce(const std::filesystem::path& path, crypto::ByteView bytes);

// The value of a writer that must accept a seed (the corpus is made by the product's own writers).
template <class T>
T must(Result<T> result) {
  require(result.ok(), "the product's writer accepts the seed");
  return std::move(result).value();
}

// fuzz_snapshot, fuzz_keys and fuzz_typed_input (make_corpus_keys.cpp); the first byte of each seed chooses
// the target's layer or parser.
void writeSnapshots(const std::filesystem::path& dir);
void writeKeyInputs(const std::filesystem::path& dir);
void writeTypedInputs(const std::filesystem::path& dir);
// fuzz_messages: a seed of every message that writeMessages (make_corpus.cpp) does not write.
void writeMoreMessages(const std::filesystem::path& dir);

}  // namespace coach::fuzz
