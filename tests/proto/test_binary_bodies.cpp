// The binary-body vectors of proto/vectors/binary-bodies.json: each body decodes to its stated value and that
// value encodes to exactly its bytes; the decoded value is the JSON form's; each malformed body gives its error.
#include <map>
#include <set>

#include <catch2/catch.hpp>

#include "sync/messages.hpp"
#include "sync/messages_binary.hpp"
#include "vector_files.hpp"

using namespace coach;
using namespace coach::prototest;

namespace {

const json& binaryVectors() {
  static const json file = loadVectorFiles().at("binary-bodies").content;
  return file;
}

std::string bodyOf(const json& v) {
  const crypto::Bytes b = unhex(v.at("hex"));
  return std::string(b.begin(), b.end());
}

sync::BinaryLimits limitsOf(const json& l) {
  sync::BinaryLimits limits;
  limits.maxBodyBytes = l.at("max_body_bytes").get<std::size_t>();
  limits.maxItems = l.at("max_items").get<std::size_t>();
  limits.maxEnvelopeBytes = l.at("max_envelope_bytes").get<std::size_t>();
  limits.maxSnapshotBytes = l.at("max_snapshot_bytes").get<std::size_t>();
  return limits;
}

// Decodes `body` as `message`; the decoded value in JSON form, or the wire id and message of the error.
struct Decoded {
  json value;
  std::string error;
  std::string message;
};

template <class T>
Decoded decodedOf(Result<T> r) {
  if (!r.ok()) return {nullptr, std::string(errorInfo(r.error().code).wireId), r.error().message};
  return {sync::toJson(r.value()), "", ""};
}

// What this implementation's message says for each decoding step of the vectors' "check".
const std::map<std::string, std::string>& checkWords() {
  static const std::map<std::string, std::string> words{
      {"body_limit", "is over the limit of"}, {"magic", "does not start with"},
      {"protocol", "uses protocol 2"},        {"type", ", not a "},
      {"count_limit", "at most"},             {"count_bytes", "bytes cannot hold them"},
      {"envelope_limit", "exceeds the limit"}, {"snapshot_limit", "exceeds the limit"},
      {"length", "runs past the end"},
      {"key_record", "key"},                  {"more", "must be 0 or 1"},
      {"server_seq", "positive integer"},     {"item_type", "unknown type"},
      {"truncated", "truncated"},             {"trailing", "follow the end"}};
  return words;
}

Decoded decode(const std::string& message, const std::string& body, const sync::BinaryLimits& limits) {
  if (message == "PushRequest") return decodedOf(sync::pushRequestFromBinary(body, limits));
  if (message == "PushResponse") return decodedOf(sync::pushResponseFromBinary(body, limits));
  if (message == "PullResponse") return decodedOf(sync::pullResponseFromBinary(body, limits));
  if (message == "Snapshot") return decodedOf(sync::snapshotFromBinary(body, limits));
  FAIL("unknown message " << message);
  return {};
}

// Encodes the JSON form `value` of `message` in the binary form.
std::string encode(const std::string& message, const json& value) {
  if (message == "PushRequest") return must(sync::toBinary(must(sync::pushRequestFromJson(value), "json")), "binary");
  if (message == "PushResponse") return must(sync::toBinary(must(sync::pushResponseFromJson(value), "json")), "binary");
  if (message == "Snapshot") return must(sync::toBinary(must(sync::snapshotFromJson(value), "json")), "binary");
  return must(sync::toBinary(must(sync::pullResponseFromJson(value), "json")), "binary");
}

}  // namespace

TEST_CASE("Every binary body vector decodes to its stated value and encodes back to its very bytes", "[proto][binary]") {
  CHECK(binaryVectors().at("media_type") == std::string(sync::kBinaryMediaType));
  std::size_t count = 0;
  for (const json& v : binaryVectors().at("bodies")) {
    INFO(v.at("name").get<std::string>());
    const std::string message = v.at("message");
    const Decoded d = decode(message, bodyOf(v), sync::BinaryLimits{});
    REQUIRE(d.error.empty());
    CHECK(d.value == v.at("decoded"));
    CHECK(encode(message, v.at("decoded")) == bodyOf(v));
    ++count;
  }
  CHECK(count == 5);
}

TEST_CASE("The binary push vector starts with the preamble and carries the envelopes as they are", "[proto][binary]") {
  const json& push = binaryVectors().at("bodies").at(0);
  REQUIRE(push.at("message") == "PushRequest");
  const std::string body = bodyOf(push);
  CHECK(body.substr(0, 7) == std::string("CCB1\x00\x01\x01", 7));
  const sync::PushRequest decoded = must(sync::pushRequestFromJson(push.at("decoded")), "json");
  REQUIRE(decoded.envelopes.size() == 2);
  // count (4) then the first envelope's length (4) and its bytes, verbatim.
  const std::string first(decoded.envelopes[0].begin(), decoded.envelopes[0].end());
  CHECK(body.substr(7 + 4 + 4, first.size()) == first);
  CHECK(bodyOf(binaryVectors().at("bodies").at(1)) == std::string("CCB1\x00\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00", 15));
}

TEST_CASE("Every malformed binary body vector gives its stated error", "[proto][binary]") {
  std::size_t count = 0;
  std::set<std::string> errors;
  for (const json& v : binaryVectors().at("malformed")) {
    INFO(v.at("name").get<std::string>() << ": " << v.at("description").get<std::string>());
    const Decoded d = decode(v.at("message"), bodyOf(v), limitsOf(v.at("limits")));
    CHECK(d.error == v.at("expected_error").get<std::string>());
    REQUIRE(checkWords().count(v.at("check")) == 1);
    CHECK_THAT(d.message, Catch::Contains(checkWords().at(v.at("check"))));
    errors.insert(d.error);
    ++count;
  }
  CHECK(count == 25);
  CHECK(errors == std::set<std::string>{"invalid_argument", "payload_too_large", "protocol_unsupported"});
}
