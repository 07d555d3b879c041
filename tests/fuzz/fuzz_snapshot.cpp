// fuzz_snapshot: a shard snapshot as a device receives it from the server, from any bytes.
//
// The first byte chooses the layer: odd, the rest is a whole snapshot: parseSnapshot(), then (as a device does)
// the author's signature with the fixed signing key, openSnapshot() with the fixed shard key, and
// decodeSnapshotContent() of what opens; even, the rest is a snapshot's plaintext content for
// decodeSnapshotContent() directly, which the fuzzer could not reach through the AEAD tag. Nothing may read
// outside the input or allocate for counts the input cannot hold. Properties: the parsed views lie inside the
// input; decoded content survives encodeSnapshotContent() and decodes again to an equal content.
#include <cstddef>
#include <cstdint>

#include "fixed_keys.hpp"
#include "sync/snapshot.hpp"

namespace coach::fuzz {
namespace {

bool inside(crypto::ByteView part, crypto::ByteView whole) {
  return part.empty() || (part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size());
}

void decodeContent(crypto::ByteView bytes) {
  auto content = sync::decodeSnapshotContent(bytes);
  if (!content.ok()) return;
  const crypto::Bytes encoded = sync::encodeSnapshotContent(*content);
  auto again = sync::decodeSnapshotContent(encoded);
  require(again.ok(), "encoded snapshot content decodes again");
  require(*again == *content, "snapshot content survives encode and decode unchanged");
}

void openWhole(crypto::ByteView bytes) {
  auto parsed = sync::parseSnapshot(bytes);
  if (!parsed.ok()) return;
  require(inside(parsed->signedPart, bytes) && inside(parsed->sealed, bytes) && inside(parsed->signature, bytes),
          "the parsed views lie inside the input");
  const FixedKeys& keys = fixedKeys();
  if (!sync::verifySnapshotSignature(*parsed, keys.signer.publicKey()).ok()) return;
  auto opened = sync::openSnapshot(*parsed, keys.shardKey);
  if (opened.ok()) decodeContent(*opened);
}

}  // namespace
}  // namespace coach::fuzz

// libFuzzer calls this for every input; the name is libFuzzer's.
// NOLINTNEXTLINE(readability-identifier-naming)
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const coach::crypto::ByteView rest(data + 1, size - 1);
  if ((data[0] & 1) != 0) coach::fuzz::openWhole(rest);
  else coach::fuzz::decodeContent(rest);
  return 0;
}
