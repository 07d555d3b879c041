// fuzz_messages: the JSON bodies of the protocol's requests and responses, from any bytes.
//
// The input is parsed without exceptions (what does not parse is skipped: nlohmann's parser is not ours) and
// every decoder of sync/messages.hpp (push, pull, devices, key records, agreement keys, enrolment, snapshots,
// grants, erasures, errors) reads the same document, as a server or client would whatever the endpoint. A decoder must refuse or accept without throwing. Property: what a decoder accepts, toJson()
// writes in a form the decoder accepts again.
#include <cstddef>
#include <cstdint>

#include <nlohmann/json.hpp>

#include "fixed_keys.hpp"
#include "sync/messages.hpp"

namespace coach::fuzz {
namespace {

// Decodes `j` with `decode`; when it succeeds, decodes the message `encode` writes of it too.
template <class Decode, class Encode>
void decodeTwice(const nlohmann::json& j, Decode decode, Encode encode, const char* what) {
  auto decoded = decode(j);
  if (!decoded.ok()) return;
  auto again = decode(encode(*decoded));
  require(again.ok(), what);
}

template <class Decode>
void decodeTwice(const nlohmann::json& j, Decode decode, const char* what) {
  decodeTwice(j, decode, [](const auto& m) { return sync::toJson(m); }, what);
}

}  // namespace
}  // namespace coach::fuzz

// libFuzzer calls this for every input; the name is libFuzzer's.
// NOLINTNEXTLINE(readability-identifier-naming)
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace coach;  // NOLINT(google-build-using-namespace): the entry point is outside the namespace
  const nlohmann::json j = nlohmann::json::parse(data, data + size, nullptr, false);
  if (j.is_discarded()) return 0;
  fuzz::decodeTwice(j, sync::pushRequestFromJson, "a push request re-encodes to a valid one");
  fuzz::decodeTwice(j, sync::pushResponseFromJson, "a push response re-encodes to a valid one");
  fuzz::decodeTwice(j, sync::pullRequestFromJson, "a pull request re-encodes to a valid one");
  fuzz::decodeTwice(j, sync::pullResponseFromJson, "a pull response re-encodes to a valid one");
  fuzz::decodeTwice(j, sync::devicesFromJson, "a device list re-encodes to a valid one");
  fuzz::decodeTwice(j, sync::keyRecordFromJson, "a key record re-encodes to a valid one");
  fuzz::decodeTwice(j, sync::agreementKeyChangeFromJson, "an agreement key change re-encodes to a valid one");
  fuzz::decodeTwice(j, sync::enrolRequestFromJson, "an enrolment request re-encodes to a valid one");
  fuzz::decodeTwice(j, sync::enrolResponseFromJson, "an enrolment answer re-encodes to a valid one");
  fuzz::decodeTwice(j, sync::snapshotFromJson, "a snapshot message re-encodes to a valid one");
  fuzz::decodeTwice(j, sync::snapshotListFromJson, "a snapshot list re-encodes to a valid one");
  fuzz::decodeTwice(
      j, sync::grantsFromJson, [](const sync::GrantList& g) { return sync::toJson(g.grants, g.newEpoch); },
      "a grant list re-encodes to a valid one");
  fuzz::decodeTwice(j, sync::erasureRequestFromJson, sync::erasureRequestToJson,
                    "an erasure request re-encodes to a valid one");
  fuzz::decodeTwice(j, sync::erasureAnswerFromJson, sync::erasureAnswerToJson,
                    "an erasure answer re-encodes to a valid one");
  fuzz::decodeTwice(j, sync::erasuresFromJson, "an erasure list re-encodes to a valid one");
  (void)sync::errorFromJson(j, 500);
  return 0;
}
