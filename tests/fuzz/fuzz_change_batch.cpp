// fuzz_change_batch: the plaintext of an opened envelope, from any bytes.
//
// decodeBatch() must refuse or accept without reading outside its input or allocating for counts the input
// cannot hold. Property: whatever it accepts survives a round trip, decodeBatch(encodeBatch(b)) == b.
#include <cstddef>
#include <cstdint>

#include "fixed_keys.hpp"
#include "sync/change_batch.hpp"

// libFuzzer calls this for every input; the name is libFuzzer's.
// NOLINTNEXTLINE(readability-identifier-naming)
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace coach;  // NOLINT(google-build-using-namespace): the entry point is outside the namespace
  auto decoded = sync::decodeBatch(crypto::ByteView(data, size));
  if (!decoded.ok()) return 0;
  const crypto::Bytes encoded = sync::encodeBatch(*decoded);
  auto again = sync::decodeBatch(encoded);
  fuzz::require(again.ok(), "an encoded batch decodes again");
  fuzz::require(*again == *decoded, "a batch survives encode and decode unchanged");
  return 0;
}
