// Store: team key epochs and the device's agreement key (docs/keys.md). A device joins its team with the team
// keys it was granted (or created), adds each later epoch as it learns it, and a team lead's device that
// starts an epoch gives every participant shard a new key version for the writes that follow.
#include <openssl/crypto.h>

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
