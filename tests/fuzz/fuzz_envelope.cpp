// fuzz_envelope: an envelope as the server or a pulling device receives it, from any bytes.
//
// parseEnvelope() must refuse or accept without reading outside its input; an accepted envelope then goes
// through every check a receiver makes: the signature (fixed device key), opening and unpadding (fixed shard
// key; only the seeds of tests/fuzz/corpus/fuzz_envelope open, since the fuzzer cannot forge the tag), the
// batch inside, and the chain check against a fresh ChainState. Properties checked on every accepted envelope:
// the views lie inside the input and cover it, and an envelope is always a Duplicate of itself.
#include <cstddef>
#include <cstdint>

#include "fixed_keys.hpp"
#include "sync/chain.hpp"
#include "sync/change_batch.hpp"
#include "sync/envelope.hpp"

namespace coach::fuzz {
namespace {

bool inside(crypto::ByteView part, crypto::ByteView whole) {
  return part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size();
}

void checkViews(const sync::ParsedEnvelope& env, crypto::ByteView input) {
  require(env.bytes.data() == input.data() && env.bytes.size() == input.size(), "bytes is the whole input");
  require(env.aad.size() == sync::kHeaderSize && env.aad.data() == input.data(), "aad is the header");
  require(inside(env.sealed, input) && inside(env.signature, input), "sealed and signature lie inside the input");
  require(env.signature.size() == crypto::kEd25519SignatureSize, "the signature has its size");
  require(env.signedPart.size() + env.signature.size() == input.size(), "signed part and signature cover the input");
}

void checkChainOf(const sync::ParsedEnvelope& env) {
  (void)sync::checkChain(sync::ChainState{}, env);
  auto again = sync::checkChain(sync::advance(env), env);
  require(again.ok() && again.value() == sync::ChainVerdict::Duplicate, "an envelope is a Duplicate of itself");
}

}  // namespace
}  // namespace coach::fuzz

// libFuzzer calls this for every input; the name is libFuzzer's.
// NOLINTNEXTLINE(readability-identifier-naming)
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace coach;  // NOLINT(google-build-using-namespace): the entry point is outside the namespace
  const crypto::ByteView input(data, size);
  auto parsed = sync::parseEnvelope(input);
  if (!parsed.ok()) return 0;
  const fuzz::FixedKeys& keys = fuzz::fixedKeys();
  fuzz::checkViews(*parsed, input);
  (void)sync::verifySignature(*parsed, keys.signer.publicKey());
  auto plain = sync::openEnvelope(*parsed, keys.shardKey);
  if (plain.ok()) (void)sync::decodeBatch(*plain);
  fuzz::checkChainOf(*parsed);
  return 0;
}
