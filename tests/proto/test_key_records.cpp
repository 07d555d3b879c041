// The key-record vectors of proto/vectors/key-records.json: wrapping under the team key, the team shard's
// derived key, and the error each altered record gives.
#include <catch2/catch.hpp>

#include "key_wrap.hpp"
#include "sync/messages.hpp"
#include "vector_files.hpp"

using namespace coach;
using namespace coach::prototest;

namespace {

const json& keyVectors() {
  static const json file = loadVectorFiles().at("key-records").content;
  return file;
}

std::map<std::uint32_t, crypto::Bytes> teamKeys() {
  std::map<std::uint32_t, crypto::Bytes> keys;
  for (const json& k : keyVectors().at("team_keys")) keys[k.at("epoch").get<std::uint32_t>()] = unhex(k.at("key"));
  return keys;
}

// Receiving a key record: decode, find the team key of its epoch, unwrap. The wire id of the first failure.
std::string receiveKey(const json& record, const sync::Id& team) {
  auto k = sync::keyRecordFromJson(record);
  if (!k.ok()) return std::string(errorInfo(k.error().code).wireId);
  const auto keys = teamKeys();
  auto teamKey = keys.find(k->epoch);
  if (teamKey == keys.end()) return std::string(errorInfo(ErrorCode::UnknownKey).wireId);
  auto key = unwrapShardKey(teamKey->second, team, k->shard, k->version, k->epoch, k->wrapped);
  return key.ok() ? "" : std::string(errorInfo(key.error().code).wireId);
}

}  // namespace

TEST_CASE("Every proto key-record vector wraps to the stated bytes and unwraps to its shard key", "[proto][keys]") {
  const sync::Id team = idFromJson(keyVectors().at("team"));
  const auto keys = teamKeys();
  std::size_t count = 0;
  for (const json& v : keyVectors().at("records")) {
    INFO(v.at("name").get<std::string>());
    const sync::KeyRecord k = must(sync::keyRecordFromJson(v.at("record")), "a key record");
    CHECK(sync::toJson(k) == v.at("record"));
    CHECK(hex(keyRecordAad(team, k.shard, k.version, k.epoch)) == v.at("aad_hex"));
    CHECK(hex(k.wrapped) == v.at("wrapped_hex"));
    const crypto::Bytes again = must(wrapShardKey(keys.at(k.epoch), team, k.shard, k.version, k.epoch,
                                                  unhex(v.at("shard_key")), unhex(v.at("nonce"))),
                                     "wrap");
    CHECK(again == k.wrapped);
    const crypto::SecretBytes key =
        must(unwrapShardKey(keys.at(k.epoch), team, k.shard, k.version, k.epoch, k.wrapped), "unwrap");
    CHECK(hex(key.view()) == v.at("shard_key"));
    ++count;
  }
  CHECK(count == 2);
}

TEST_CASE("The proto team shard key is HKDF-SHA256 of the team key with the team id and epoch", "[proto][keys]") {
  const sync::Id team = idFromJson(keyVectors().at("team"));
  const auto keys = teamKeys();
  std::size_t count = 0;
  for (const json& v : keyVectors().at("team_shard")) {
    const auto epoch = v.at("epoch").get<std::uint32_t>();
    INFO("epoch " << epoch);
    CHECK(v.at("salt_hex") == hex(team));
    CHECK(hex(teamShardInfo(epoch)) == v.at("info_hex"));
    const crypto::SecretBytes key = must(teamShardKey(keys.at(epoch), team, epoch), "derive");
    CHECK(hex(key.view()) == v.at("key"));
    ++count;
  }
  CHECK(count == 2);
  // The team-shard envelope of envelopes.json is sealed with exactly this key, under key id = epoch 1.
  const json envelopes = loadVectorFiles().at("envelopes").content;
  const json& teamEnvelope = envelopes.at("envelopes").at(1);
  CHECK(teamEnvelope.at("header").at("shard") == "team");
  CHECK(teamEnvelope.at("header").at("key_id") == 1);
  CHECK(teamEnvelope.at("key") == keyVectors().at("team_shard").at(0).at("key"));
}

TEST_CASE("Every altered proto key record gives the stated error", "[proto][keys]") {
  std::size_t count = 0;
  for (const json& v : keyVectors().at("tampered")) {
    INFO(v.at("name").get<std::string>() << ": " << v.at("description").get<std::string>());
    const json& expected = v.at("expected_error");
    CHECK(receiveKey(v.at("record"), idFromJson(v.at("receiver_team"))) ==
          (expected.is_null() ? std::string() : expected.get<std::string>()));
    ++count;
  }
  REQUIRE(count >= 6);
}
