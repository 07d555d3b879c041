// Real messages, built by the core's toJson functions, against proto/schemas/ (validated by Python's jsonschema)
// and through the core's decoders.
#include <filesystem>
#include <set>

#include <catch2/catch.hpp>

#include "message_samples.hpp"
#include "sync/messages.hpp"

using namespace coach;
using namespace coach::prototest;
using nlohmann::json;

namespace {

// Decodes `m` with the decoder of its schema and encodes it again.
Result<json> roundTrip(const std::string& schema, const json& m) {
  if (schema == "push-request") {
    COACH_ASSIGN_OR_RETURN(auto v, sync::pushRequestFromJson(m));
    return sync::toJson(v);
  }
  if (schema == "push-response") {
    COACH_ASSIGN_OR_RETURN(auto v, sync::pushResponseFromJson(m));
    return sync::toJson(v);
  }
  if (schema == "pull-request") {
    COACH_ASSIGN_OR_RETURN(auto v, sync::pullRequestFromJson(m));
    return sync::toJson(v);
  }
  if (schema == "pull-response") {
    COACH_ASSIGN_OR_RETURN(auto v, sync::pullResponseFromJson(m));
    return sync::toJson(v);
  }
  if (schema == "devices") {
    COACH_ASSIGN_OR_RETURN(auto v, sync::devicesFromJson(m));
    return sync::toJson(v);
  }
  if (schema == "snapshot") {
    COACH_ASSIGN_OR_RETURN(auto v, sync::snapshotFromJson(m));
    return sync::toJson(v);
  }
  if (schema == "snapshot-list") {
    COACH_ASSIGN_OR_RETURN(auto v, sync::snapshotListFromJson(m));
    return sync::toJson(v);
  }
  if (schema == "grants") {
    COACH_ASSIGN_OR_RETURN(auto v, sync::grantsFromJson(m));
    if (m.contains("newest_epoch")) return sync::toJson(sync::GrantsAnswer{v.grants, v.newestEpoch, v.rotationNeeded});
    return sync::toJson(v.grants, v.newEpoch);
  }
  if (schema == "erasure-request") {
    COACH_ASSIGN_OR_RETURN(auto v, sync::erasureRequestFromJson(m));
    return sync::erasureRequestToJson(v);
  }
  if (schema == "erasure-answer") {
    COACH_ASSIGN_OR_RETURN(auto v, sync::erasureAnswerFromJson(m));
    return sync::erasureAnswerToJson(v);
  }
  if (schema == "erasure-list") {
    COACH_ASSIGN_OR_RETURN(auto v, sync::erasuresFromJson(m));
    return sync::toJson(v);
  }
  if (schema == "enrol-request") {
    COACH_ASSIGN_OR_RETURN(auto v, sync::enrolRequestFromJson(m));
    return sync::toJson(v);
  }
  if (schema == "enrol-response") {
    COACH_ASSIGN_OR_RETURN(auto v, sync::enrolResponseFromJson(m));
    return sync::toJson(v);
  }
  if (schema == "key-record") {
    COACH_ASSIGN_OR_RETURN(auto v, sync::keyRecordFromJson(m));
    return sync::toJson(v);
  }
  return makeError(ErrorCode::InvalidArgument, "no decoder for " + schema);
}

std::set<std::string> schemaFiles() {
  std::set<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(std::filesystem::path(protoDir()) / "schemas")) {
    names.insert(e.path().filename().string());
  }
  return names;
}

}  // namespace

TEST_CASE("Every real protocol message validates against its proto schema", "[proto][schema]") {
  const std::vector<SchemaCase> samples = validSamples();
  const SchemaRun run = checkAgainstSchemas(samples);
  INFO(run.failure);
  REQUIRE(run.ran);
  REQUIRE(run.messages.size() == samples.size());
  for (const SchemaCase& c : samples) {
    const SchemaVerdict& v = run.messages.at(c.name);
    INFO(c.name << " against " << c.schema << ": " << (v.errors.empty() ? "" : v.errors.front()));
    CHECK(v.valid);
  }
}

TEST_CASE("Every proto schema file is a valid draft 2020-12 schema", "[proto][schema]") {
  const SchemaRun run = checkAgainstSchemas({});
  INFO(run.failure);
  REQUIRE(run.ran);
  CHECK(run.schemas.size() == 15);
  for (const auto& [name, v] : run.schemas) {
    INFO(name << ": " << (v.errors.empty() ? "" : v.errors.front()));
    CHECK(v.valid);
  }
}

TEST_CASE("The real message samples cover every proto schema and nothing else", "[proto][schema]") {
  std::set<std::string> covered;
  for (const SchemaCase& c : validSamples()) covered.insert(c.schema + ".schema.json");
  CHECK(covered == schemaFiles());
}

TEST_CASE("The core's decoders accept every real protocol message and give it back unchanged", "[proto][messages]") {
  std::size_t decoded = 0;
  for (const SchemaCase& c : validSamples()) {
    INFO(c.name);
    if (c.schema == "error") {
      const std::string id = c.message["error"]["id"];
      const Error e = sync::errorFromJson(c.message, 400);
      CHECK(errorInfo(e.code).wireId == id);
      CHECK(e.message == c.message["error"]["message"].get<std::string>());
    } else {
      auto back = roundTrip(c.schema, c.message);
      REQUIRE(back.ok());
      CHECK(*back == c.message);
    }
    ++decoded;
  }
  CHECK(decoded >= 30);
}
