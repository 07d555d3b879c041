// tests/proto/vector_json.hpp: the JSON forms used by the test vectors of proto/vectors/ (hex bytes, envelope
// headers, change batches), shared by the generator (make_vectors) and the tests that read the vectors back.
//
// These helpers throw std::runtime_error on malformed input: a vector file that does not parse is a broken
// fixture, and the throw fails the test that loaded it with the reason.
#pragma once

#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "coach/result.hpp"
#include "crypto/crypto.hpp"
#include "sync/change_batch.hpp"
#include "sync/envelope.hpp"

namespace coach::prototest {

using nlohmann::json;

// The value of `r`, or a std::runtime_error naming `what` and the error.
template <class T>
T must(Result<T> r, const std::string& what) {
  if (!r.ok()) throw std::runtime_error(what + ": " + r.error().message);
  return std::move(r).value();
}
void must(const Status& s, const std::string& what);

std::string hex(crypto::ByteView bytes);
crypto::Bytes unhex(const json& j);
sync::Id idFromJson(const json& j);
sync::Hash hashFromJson(const json& j);

// {"protocol", "team", "shard" (text form), "device", "sequence", "key_id", "newest_hlc", "newest_hlc_text",
// "prev_hash"}
json headerToJson(const sync::EnvelopeHeader& header);
sync::EnvelopeHeader headerFromJson(const json& j);

// {"schema", "changes": [{"record", "kind", "fields": [{"name", "hlc", "bases": [{"hlc", "device"}],
//   "value": {"type": "null" | "integer" | "text", "value"}}]}]}
json batchToJson(const sync::ChangeBatch& batch);
sync::ChangeBatch batchFromJson(const json& j);

// The vector files' names, in proto/vectors/.
inline constexpr const char* kEnvelopesFile = "envelopes.json";
inline constexpr const char* kTamperedFile = "tampered.json";
inline constexpr const char* kKeyRecordsFile = "key-records.json";
inline constexpr const char* kBinaryBodiesFile = "binary-bodies.json";

}  // namespace coach::prototest
