// Store: team key epochs and the device's agreement key (docs/keys.md). A device joins its team with the team
// keys it was granted (or created), adds each later epoch as it learns it, and a team lead's device that
// starts an epoch gives every participant shard a new key version for the writes that follow.
#include <openssl/crypto.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "crypto/crypto.hpp"
#include "store/store_impl.hpp"
#include "util/byte_io.hpp"

namespace coach {
namespace {

constexpr std::string_view kAgreeSeedLabel = "coach.agree-seed.v1";


Result<crypto::SecretBytes> teamShardKey(const sync::Id& team, const crypto::SecretBytes& teamKey, std::uint32_t epoch) {
  crypto::Bytes info;
  util::ByteWriter w(info);
  w.text("coach.team-shard.v1");
  w.u32(epoch);
  return crypto::hkdfSha256(teamKey.view(), team, info, 32);
}

Status checkFreshProfile(Store::Impl& impl) {
  COACH_ASSIGN_OR_RETURN(store::Stmt* own, impl.stmt("SELECT count(*) FROM shard_key WHERE shard = 'team'"));
  store::StmtGuard guard(*own);
  COACH_ASSIGN_OR_RETURN(bool row, own->step());
  if (row && own->intAt(0) > 0) {
    return makeError(ErrorCode::AlreadyExists, "this profile already holds team records of its own; join the team "
                                               "from a new profile");
  }
  return {};
}

}  // namespace

Result<crypto::X25519KeyPair> Store::Impl::agreementKeys() {
  COACH_TRY(requireUnlocked());
  COACH_ASSIGN_OR_RETURN(std::optional<std::string> sealed, metaGet("agree_seed"));
  if (sealed) {
    COACH_ASSIGN_OR_RETURN(crypto::SecretBytes seed, keys->openSecret(kAgreeSeedLabel, crypto::asBytes(*sealed)));
    return crypto::X25519KeyPair::fromPrivate(seed.view());
  }
  COACH_ASSIGN_OR_RETURN(crypto::SecretBytes seed, crypto::randomSecret(crypto::kX25519KeySize));
  COACH_ASSIGN_OR_RETURN(crypto::Bytes sealedSeed, keys->sealSecret(kAgreeSeedLabel, seed.view()));
  COACH_ASSIGN_OR_RETURN(store::Transaction txn, store::Transaction::begin(db, stmts.get()));
  COACH_TRY(metaPut("agree_seed", sealedSeed));
  COACH_TRY(txn.commit());
  return crypto::X25519KeyPair::fromPrivate(seed.view());
}

Status Store::Impl::adoptEpochs(const std::string& team, const std::map<std::uint32_t, crypto::SecretBytes>& teamKeys,
                                crypto::ByteView recoveryPub) {
  COACH_TRY(requireUnlocked());
  COACH_ASSIGN_OR_RETURN(sync::Id teamId, sync::idFromText(team));
  const std::string teamText = sync::idToText(teamId);  // lowercase: it is bound into key-record AAD
  if (teamKeys.empty()) return makeError(ErrorCode::InvalidArgument, "joining a team needs at least one team key");
  for (const auto& [epoch, key] : teamKeys) {
    if (key.size() != 32 || epoch == 0) return makeError(ErrorCode::InvalidArgument, "a team key is 32 bytes, its epoch at least 1");
  }
  if (membership && membership->teamText != teamText) {
    return makeError(ErrorCode::AlreadyExists, "this device already belongs to team " + membership->teamText);
  }
  const bool joining = !membership;
  if (joining) COACH_TRY(checkFreshProfile(*this));
  COACH_ASSIGN_OR_RETURN(std::uint64_t held, metaNumber("team_epoch"));
  COACH_ASSIGN_OR_RETURN(store::Transaction txn, store::Transaction::begin(db, stmts.get()));
  std::uint64_t newest = joining ? 0 : held;
  for (const auto& [epoch, key] : teamKeys) {
    if (!joining && membership->teamKeys.count(epoch)) continue;
    COACH_ASSIGN_OR_RETURN(crypto::Bytes sealedKey, keys->sealSecret(teamKeyLabel(epoch), key.view()));
    COACH_TRY(metaPut("team_key_" + std::to_string(epoch), sealedKey));
    COACH_ASSIGN_OR_RETURN(crypto::SecretBytes shardKey, teamShardKey(teamId, key, epoch));
    COACH_TRY(keys->importShardKey(db, std::string(model::kTeamShard), epoch, shardKey));
    newest = std::max<std::uint64_t>(newest, epoch);
  }
  if (joining) {
    COACH_TRY(metaPut("team_id", crypto::asBytes(teamText)));
    // Participant shards made before joining are published now.
    COACH_TRY(db.exec("INSERT OR IGNORE INTO key_outbox (shard, version) SELECT shard, version FROM shard_key"
                      " WHERE shard <> 'team'", "queueing key records"));
    // Epochs older than the first one granted were retired before this device joined (or never existed).
    COACH_TRY(metaPut("epoch_floor", crypto::asBytes(std::to_string(teamKeys.begin()->first))));
  }
  COACH_TRY(metaPut("team_epoch", crypto::asBytes(std::to_string(newest))));
  if (!recoveryPub.empty()) COACH_TRY(metaPut("recovery_pub", recoveryPub));
  COACH_TRY(txn.commit());
  keys->dropCaches();
  return loadMembership();
}

Status Store::Impl::rotateShardKeys() {
  COACH_TRY(requireMember());
  std::vector<std::pair<std::string, std::uint32_t>> shards;
  {
    COACH_ASSIGN_OR_RETURN(store::Stmt* s, stmt("SELECT shard, max(version) FROM shard_key WHERE shard <> 'team' GROUP BY shard"));
    store::StmtGuard guard(*s);
    while (true) {
      COACH_ASSIGN_OR_RETURN(bool row, s->step());
      if (!row) break;
      shards.emplace_back(s->textAt(0), static_cast<std::uint32_t>(s->intAt(1)));
    }
  }
  COACH_ASSIGN_OR_RETURN(store::Transaction txn, store::Transaction::begin(db, stmts.get()));
  for (const auto& [shard, version] : shards) {
    COACH_ASSIGN_OR_RETURN(crypto::SecretBytes key, crypto::randomSecret(crypto::Aead::kKeySize));
    COACH_TRY(keys->importShardKey(db, shard, version + 1, key));
    COACH_TRY(queueKeyRecord(shard, version + 1));
  }
  COACH_TRY(txn.commit());
  keys->dropCaches();
  return {};
}

}  // namespace coach

// Epoch compaction (docs/keys.md, "Epoch compaction"; proto/PROTOCOL.md): after an erasure the team moves to a
// new epoch and every device forgets the earlier team keys and its X25519 key, so a backup of the server made
// before the erasure opens for nobody.
namespace coach {
namespace {

constexpr std::string_view kNextAgreeSeedLabel = "coach.agree-seed-next.v1";

}  // namespace

Result<crypto::X25519KeyPair> Store::Impl::nextAgreementKeys() {
  COACH_TRY(requireUnlocked());
  COACH_ASSIGN_OR_RETURN(std::optional<std::string> sealed, metaGet("agree_seed_next"));
  if (sealed) {
    COACH_ASSIGN_OR_RETURN(crypto::SecretBytes seed, keys->openSecret(kNextAgreeSeedLabel, crypto::asBytes(*sealed)));
    return crypto::X25519KeyPair::fromPrivate(seed.view());
  }
  COACH_ASSIGN_OR_RETURN(crypto::SecretBytes seed, crypto::randomSecret(crypto::kX25519KeySize));
  COACH_ASSIGN_OR_RETURN(crypto::Bytes sealedSeed, keys->sealSecret(kNextAgreeSeedLabel, seed.view()));
  COACH_ASSIGN_OR_RETURN(store::Transaction txn, store::Transaction::begin(db, stmts.get()));
  COACH_TRY(metaPut("agree_seed_next", sealedSeed));
  COACH_TRY(txn.commit());
  return crypto::X25519KeyPair::fromPrivate(seed.view());
}

Status Store::Impl::commitAgreementKeys() {
  COACH_ASSIGN_OR_RETURN(crypto::X25519KeyPair next, nextAgreementKeys());
  COACH_ASSIGN_OR_RETURN(crypto::Bytes sealedSeed, keys->sealSecret(kAgreeSeedLabel, next.privateKey().view()));
  return secureDelete("replacing the device's agreement key", [&]() -> Status {
    COACH_ASSIGN_OR_RETURN(store::Transaction txn, store::Transaction::begin(db, stmts.get()));
    COACH_TRY(metaPut("agree_seed", sealedSeed));
    COACH_TRY(db.exec("DELETE FROM meta WHERE key IN ('agree_seed_next', 'agree_rotation_due')", "forgetting the old agreement key"));
    return txn.commit();
  });
}

Status Store::Impl::retireEpochsBelow(std::uint32_t floor) {
  COACH_TRY(requireMember());
  if (membership->epoch < floor) {
    return makeError(ErrorCode::InvalidArgument, "cannot retire the team keys below epoch " + std::to_string(floor) +
                                                     ": this device does not hold that epoch yet");
  }
  COACH_TRY(secureDelete("retiring the earlier team keys", [&]() -> Status {
    COACH_ASSIGN_OR_RETURN(store::Transaction txn, store::Transaction::begin(db, stmts.get()));
    // Every key this device holds goes out again under the newest epoch (the same bytes from every device, so
    // the server keeps one of each): the participants' keys and the team shard's keys of the earlier epochs.
    COACH_ASSIGN_OR_RETURN(store::Stmt* q, stmt("INSERT INTO key_outbox (shard, version) SELECT shard, version FROM shard_key "
                                                "WHERE shard <> 'team' OR version < ? "
                                                "ON CONFLICT (shard, version) DO UPDATE SET epoch = NULL, wrapped = NULL"));
    {
      store::StmtGuard guard(*q);
      COACH_TRY(q->bindInt(1, static_cast<std::int64_t>(floor)));
      COACH_TRY(q->run());
    }
    for (const auto& [epoch, key] : membership->teamKeys) {
      if (epoch >= floor) continue;
      COACH_ASSIGN_OR_RETURN(store::Stmt* d, stmt("DELETE FROM meta WHERE key = ?"));
      store::StmtGuard guard(*d);
      COACH_TRY(d->bindText(1, "team_key_" + std::to_string(epoch)));
      COACH_TRY(d->run());
    }
    COACH_TRY(metaPut("epoch_floor", crypto::asBytes(std::to_string(floor))));
    COACH_TRY(metaPut("agree_rotation_due", crypto::asBytes("1")));
    COACH_TRY(db.exec("DELETE FROM meta WHERE key = 'compaction_due'", "clearing the compaction mark"));
    return txn.commit();
  }));
  keys->dropCaches();
  return loadMembership();
}

Status Store::Impl::secureDelete(std::string_view what, const std::function<Status()>& body) {
  // On from the store's opening (store.cpp) and set again here; never turned off (it was, after each use,
  // until 2026-11-23: every later delete of that session went unwiped).
  COACH_TRY(db.exec("PRAGMA secure_delete = ON", "turning on secure deletion for " + std::string(what)));
  COACH_TRY(body());
  return db.exec("PRAGMA wal_checkpoint(TRUNCATE)", "truncating the write-ahead log after " + std::string(what));
}

}  // namespace coach

namespace coach {
namespace {

constexpr std::size_t kKeysKeptPerDevice = 4;

Result<nlohmann::json> seenKeys(Store::Impl& impl) {
  COACH_ASSIGN_OR_RETURN(std::optional<std::string> text, impl.metaGet("peer_agreement_keys"));
  if (!text) return nlohmann::json::object();
  nlohmann::json j = nlohmann::json::parse(*text, nullptr, false);
  return j.is_object() ? j : nlohmann::json::object();
}

}  // namespace

Status Store::Impl::rememberAgreementKeys(const std::vector<sync::DeviceInfo>& devices) {
  COACH_ASSIGN_OR_RETURN(nlohmann::json seen, seenKeys(*this));
  bool changed = false;
  for (const sync::DeviceInfo& d : devices) {
    if (d.agreementKey.size() != crypto::kX25519KeySize) continue;
    const std::string hex = crypto::toHex(d.agreementKey);
    nlohmann::json& list = seen[d.id];
    if (!list.is_array()) list = nlohmann::json::array();
    if (std::find(list.begin(), list.end(), hex) != list.end()) continue;
    list.push_back(hex);
    while (list.size() > kKeysKeptPerDevice) list.erase(list.begin());
    changed = true;
  }
  if (!changed) return {};
  return metaPut("peer_agreement_keys", crypto::asBytes(seen.dump()));
}

Result<std::vector<crypto::Bytes>> Store::Impl::agreementKeysSeen(const std::string& device) {
  COACH_ASSIGN_OR_RETURN(nlohmann::json seen, seenKeys(*this));
  std::vector<crypto::Bytes> out;
  auto it = seen.find(device);
  if (it == seen.end() || !it->is_array()) return out;
  for (const auto& hex : *it) {
    if (!hex.is_string()) continue;
    crypto::Bytes bytes;
    if (crypto::fromHex(hex.get<std::string>(), bytes) && bytes.size() == crypto::kX25519KeySize) out.push_back(std::move(bytes));
  }
  return out;
}

}  // namespace coach
