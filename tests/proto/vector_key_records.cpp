// The key-record vectors (proto/vectors/key-records.json): shard keys wrapped under the team key of an epoch,
// the team shard's derived key, and key records changed one member at a time with the error each gives.
#include "key_wrap.hpp"
#include "sync/messages.hpp"
#include "util/base64.hpp"
#include "vector_builder.hpp"

namespace coach::prototest {
namespace {

struct Wrapped {
  std::string name;
  sync::KeyRecord record;
  crypto::Bytes shardKey;
  crypto::Bytes nonce;
};

Wrapped wrapped(std::string name, std::uint32_t version, std::uint32_t epoch, const crypto::Bytes& teamKey,
                const crypto::Bytes& shardKey) {
  const Fixture& f = fixture();
  crypto::Bytes nonce = labelled("nonce/key-record/" + name, crypto::Aead::kNonceSize);
  Wrapped w{std::move(name), {}, shardKey, std::move(nonce)};
  w.record.shard = sync::idToText(f.participant);
  w.record.version = version;
  w.record.epoch = epoch;
  w.record.author = sync::idToText(f.deviceA);
  w.record.wrapped = must(wrapShardKey(teamKey, f.team, w.record.shard, version, epoch, shardKey, w.nonce), "a wrap");
  return w;
}

json recordJson(const Wrapped& w) {
  const Fixture& f = fixture();
  return {{"name", w.name},
          {"shard_key", hex(w.shardKey)},
          {"nonce", hex(w.nonce)},
          {"aad_hex", hex(keyRecordAad(f.team, w.record.shard, w.record.version, w.record.epoch))},
          {"wrapped_hex", hex(w.record.wrapped)},
          {"record", sync::toJson(w.record)}};
}

json teamShardJson(const crypto::Bytes& teamKey, std::uint32_t epoch) {
  return {{"epoch", epoch},
          {"salt_hex", sync::idToText(fixture().team)},
          {"info_hex", hex(teamShardInfo(epoch))},
          {"key", hex(teamShardKeyBytes(teamKey, epoch))}};
}

json tampered(std::string name, std::string description, json record, const sync::Id& receiverTeam,
              const char* expected) {
  return {{"name", std::move(name)},
          {"description", std::move(description)},
          {"receiver_team", sync::idToText(receiverTeam)},
          {"record", std::move(record)},
          {"expected_error", expected == nullptr ? json(nullptr) : json(expected)}};
}

json tamperedRecords(const Wrapped& base) {
  const Fixture& f = fixture();
  const json r = sync::toJson(base.record);
  json out = json::array();
  auto changed = [&](const char* member, const json& value) {
    json c = r;
    c[member] = value;
    return c;
  };
  out.push_back(
      tampered("version-changed", "version 1 -> 2: the AAD differs", changed("version", 2), f.team, "decrypt_failed"));
  out.push_back(tampered("shard-changed", "another participant's shard: the AAD differs",
                         changed("shard", sync::idToText(f.deviceC)), f.team, "decrypt_failed"));
  out.push_back(tampered("epoch-changed", "epoch 1 -> 2, a team key the receiver holds: the key and AAD differ",
                         changed("epoch", 2), f.team, "decrypt_failed"));
  out.push_back(tampered("epoch-unknown", "epoch 1 -> 3, a team key the receiver does not hold (yet)",
                         changed("epoch", 3), f.team, "unknown_key"));
  out.push_back(tampered("other-team",
                         "the record opened with the right team key but another team's id: the "
                         "team id in the AAD differs (a record cannot be moved between teams)",
                         r, f.otherTeam, "decrypt_failed"));
  crypto::Bytes flipped = base.record.wrapped;
  flipped[20] ^= 0x01;
  out.push_back(tampered("wrapped-bit-flipped", "one ciphertext bit of `wrapped` flipped",
                         changed("wrapped", util::base64Encode(flipped)), f.team, "decrypt_failed"));
  out.push_back(tampered("author-changed",
                         "the author is not bound by the AAD: the record still opens (the "
                         "server checks the author is the pushing device)",
                         changed("author", sync::idToText(f.deviceB)), f.team, nullptr));
  return out;
}

}  // namespace

json keyRecordsFile() {
  const Fixture& f = fixture();
  const Wrapped v1 = wrapped("participant-v1", 1, 1, f.teamKey1, f.participantKey1);
  const Wrapped v2 = wrapped("participant-v2", 2, 2, f.teamKey2, f.participantKey2);
  return {
      {"type", "key-records"},
      {"description",
       "Shard data keys wrapped under the team key (AES-256-GCM, AAD \"coach.key-record.v1\" 0 "
       "team 0 shard 0 version epoch), the team shard's key derived with HKDF-SHA256, and "
       "altered key records with the error each gives (proto/PROTOCOL.md, \"Key records\")."},
      {"team", sync::idToText(f.team)},
      {"team_keys", json::array({{{"epoch", 1}, {"key", hex(f.teamKey1)}}, {{"epoch", 2}, {"key", hex(f.teamKey2)}}})},
      {"team_shard", json::array({teamShardJson(f.teamKey1, 1), teamShardJson(f.teamKey2, 2)})},
      {"records", json::array({recordJson(v1), recordJson(v2)})},
      {"tampered", tamperedRecords(v1)}};
}

}  // namespace coach::prototest
