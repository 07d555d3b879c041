// fuzz_binary_messages: the binary bodies of push, pull and a snapshot (sync/messages_binary.hpp), from any bytes.
//
// Every decoder reads the input twice: with the protocol's limits and with small ones (two items, 1 KiB
// envelopes and snapshots, a 4 KiB body), as a server and a device would. A decoder must refuse or accept without crashing
// or allocating for what is not there. Properties: what a decoder accepts, toBinary() writes back as exactly
// the input (the form is canonical), and the JSON form of the same message decodes to a message that writes
// the same binary body (the two forms carry the same messages).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fixed_keys.hpp"
#include "sync/messages.hpp"
#include "sync/messages_binary.hpp"

namespace coach::fuzz {
namespace {

template <class Decode, class DecodeJson>
void roundTrip(std::string_view body, const sync::BinaryLimits& limits, Decode decode, DecodeJson decodeJson,
               const char* what) {
  auto decoded = decode(body, limits);
  if (!decoded.ok()) return;
  auto again = sync::toBinary(*decoded);
  require(again.ok() && *again == body, what);
  auto viaJson = decodeJson(sync::toJson(*decoded));
  require(viaJson.ok(), what);
  auto fromJson = sync::toBinary(*viaJson);
  require(fromJson.ok() && *fromJson == body, what);
}

void decodeAll(std::string_view body, const sync::BinaryLimits& limits) {
  roundTrip(body, limits, sync::pushRequestFromBinary, sync::pushRequestFromJson,
            "a binary push request writes back as itself, also through its JSON form");
  roundTrip(body, limits, sync::pushResponseFromBinary, sync::pushResponseFromJson,
            "a binary push answer writes back as itself, also through its JSON form");
  roundTrip(body, limits, sync::pullResponseFromBinary, sync::pullResponseFromJson,
            "a binary pull page writes back as itself, also through its JSON form");
  roundTrip(body, limits, sync::snapshotFromBinary, sync::snapshotFromJson,
            "a binary snapshot writes back as itself, also through its JSON form");
}

}  // namespace
}  // namespace coach::fuzz

// libFuzzer calls this for every input; the name is libFuzzer's.
// NOLINTNEXTLINE(readability-identifier-naming)
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace coach;  // NOLINT(google-build-using-namespace): the entry point is outside the namespace
  const std::string_view body(reinterpret_cast<const char*>(data), size);  // NOLINT
  fuzz::decodeAll(body, sync::BinaryLimits{});
  sync::BinaryLimits small;
  small.maxBodyBytes = 4096;
  small.maxItems = 2;
  small.maxEnvelopeBytes = 1024;
  small.maxSnapshotBytes = 1024;
  fuzz::decodeAll(body, small);
  return 0;
}
