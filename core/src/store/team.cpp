// Store: team membership, the device's signing identity, and key records (docs/sync.md, "Keys").
#include <openssl/crypto.h>

#include <algorithm>

#include "crypto/crypto.hpp"
#include "store/store_impl.hpp"
#include "util/byte_io.hpp"

namespace coach {
namespace {

constexpr std::string_view kSignSeedLabel = "coach.sign-seed.v1";


Result<std::optional<std::string>> meta(Store::Impl& impl, std::string_view key) { return impl.metaGet(key); }
Status putMeta(Store::Impl& impl, std::string_view key, crypto::ByteView value) { return impl.metaPut(key, value); }

// The device's signing seed: made once, before the device knows its team (enrolment registers the public key
// first), and kept sealed by the profile's key provider.
Result<crypto::SecretBytes> signingSeed(Store::Impl& impl) {
  COACH_ASSIGN_OR_RETURN(std::optional<std::string> sealed, meta(impl, "sign_seed"));
  if (sealed) return impl.keys->openSecret(kSignSeedLabel, crypto::asBytes(*sealed));
  COACH_ASSIGN_OR_RETURN(crypto::SecretBytes seed, crypto::randomSecret(crypto::kEd25519SeedSize));
  COACH_ASSIGN_OR_RETURN(crypto::Bytes sealedSeed, impl.keys->sealSecret(kSignSeedLabel, seed.view()));
  COACH_ASSIGN_OR_RETURN(store::Transaction txn, store::Transaction::begin(impl.db, impl.stmts.get()));
  COACH_TRY(putMeta(impl, "sign_seed", sealedSeed));
  COACH_TRY(txn.commit());
  return seed;
}



}  // namespace

// proto/PROTOCOL.md, "Key records": the associated data a shard key record is sealed with.
crypto::Bytes keyRecordAad(const Membership& m, const std::string& shard, std::uint32_t version, std::uint32_t epoch) {
  crypto::Bytes aad;
  util::ByteWriter w(aad);
  w.text("coach.key-record.v1");
  w.u8(0);
  w.text(m.teamText);
  w.u8(0);
  w.text(shard);
  w.u8(0);
  w.u32(version);
  w.u32(epoch);
  return aad;
}

Result<crypto::Bytes> wrapKeyRecord(const Membership& m, const std::string& shard, std::uint32_t version,
                                    std::uint32_t epoch, const crypto::SecretBytes& shardKey) {
  auto teamKey = m.teamKeys.find(epoch);
  if (teamKey == m.teamKeys.end()) {
    return makeError(ErrorCode::UnknownKey, "this device does not hold team key epoch " + std::to_string(epoch));
  }
  const crypto::Bytes aad = keyRecordAad(m, shard, version, epoch);
  crypto::Bytes input;
  util::ByteWriter w(input);
  w.text("coach.key-record-nonce.v1");
  input.insert(input.end(), aad.begin(), aad.end());
  input.insert(input.end(), shardKey.view().begin(), shardKey.view().end());
  crypto::Bytes mac = crypto::hmacSha256(teamKey->second.view(), input);
  OPENSSL_cleanse(input.data(), input.size());
  COACH_ASSIGN_OR_RETURN(crypto::Aead wrapper, crypto::Aead::create(teamKey->second.view()));
  return wrapper.sealWithNonce(crypto::ByteView(mac).subspan(0, crypto::Aead::kNonceSize), shardKey.view(), aad);
}

Status Store::Impl::requireMember() const {
  if (!membership) {
    return makeError(ErrorCode::InvalidArgument, "this device is not part of a team yet: enrol it (or create the team) first");
  }
  return {};
}

Status Store::Impl::loadMembership() {
  membership.reset();
  COACH_ASSIGN_OR_RETURN(std::optional<std::string> team, meta(*this, "team_id"));
  if (!team) return {};
  COACH_ASSIGN_OR_RETURN(std::uint64_t epoch, metaNumber("team_epoch"));
  COACH_ASSIGN_OR_RETURN(std::optional<std::string> seed, meta(*this, "sign_seed"));
  if (epoch == 0 || epoch > 0xffffffffu || !seed) {
    return makeError(ErrorCode::StorageError, "the profile's team membership is incomplete");
  }
  Membership m;
  COACH_ASSIGN_OR_RETURN(m.team, sync::idFromText(*team));
  m.teamText = *team;
  m.epoch = static_cast<std::uint32_t>(epoch);
  for (std::uint32_t e = 1; e <= m.epoch; ++e) {
    COACH_ASSIGN_OR_RETURN(std::optional<std::string> sealed, meta(*this, "team_key_" + std::to_string(e)));
    if (!sealed) continue;
    COACH_ASSIGN_OR_RETURN(crypto::SecretBytes key, keys->openSecret(teamKeyLabel(e), crypto::asBytes(*sealed)));
    m.teamKeys.emplace(e, std::move(key));
  }
  COACH_ASSIGN_OR_RETURN(std::uint64_t floor, metaNumber("epoch_floor"));
  m.floor = static_cast<std::uint32_t>(std::min<std::uint64_t>(floor, m.epoch));
  COACH_ASSIGN_OR_RETURN(std::optional<std::string> recoveryPub, meta(*this, "recovery_pub"));
  if (recoveryPub) m.recoveryPub = crypto::Bytes(recoveryPub->begin(), recoveryPub->end());
  COACH_ASSIGN_OR_RETURN(crypto::SecretBytes seedKey, keys->openSecret(kSignSeedLabel, crypto::asBytes(*seed)));
  COACH_ASSIGN_OR_RETURN(crypto::Ed25519KeyPair signer, crypto::Ed25519KeyPair::fromSeed(seedKey.view()));
  m.signer.emplace(std::move(signer));
  membership.emplace(std::move(m));
  keys->onKeyCreated([this](const std::string& shard, std::uint32_t version) { return queueKeyRecord(shard, version); });
  return {};
}

Status Store::Impl::queueKeyRecord(const std::string& shard, std::uint32_t version) {
  if (shard == model::kTeamShard) return {};  // every member derives it from the team key
  COACH_ASSIGN_OR_RETURN(store::Stmt* s, stmt("INSERT OR IGNORE INTO key_outbox (shard, version) VALUES (?, ?)"));
  store::StmtGuard guard(*s);
  COACH_TRY(s->bindText(1, shard));
  COACH_TRY(s->bindInt(2, version));
  return s->run();
}

Result<std::vector<sync::KeyRecord>> Store::Impl::pendingKeyRecords() {
  COACH_TRY(requireMember());
  struct Queued {
    std::string shard;
    std::uint32_t version = 0;
    std::uint32_t epoch = 0;
    std::optional<crypto::Bytes> wrapped;
  };
  std::vector<Queued> queued;
  {
    COACH_ASSIGN_OR_RETURN(store::Stmt* s, stmt("SELECT shard, version, epoch, wrapped FROM key_outbox ORDER BY shard, version"));
    store::StmtGuard guard(*s);
    while (true) {
      COACH_ASSIGN_OR_RETURN(bool row, s->step());
      if (!row) break;
      Queued q{s->textAt(0), static_cast<std::uint32_t>(s->intAt(1)), static_cast<std::uint32_t>(s->intAt(2)), std::nullopt};
      if (!s->isNull(3)) q.wrapped = crypto::Bytes(s->blobAt(3).begin(), s->blobAt(3).end());
      queued.push_back(std::move(q));
    }
  }
  std::vector<sync::KeyRecord> out;
  const Membership& m = *membership;
  for (Queued& q : queued) {
    if (!q.wrapped) {
      // Wrapped once under the newest epoch and kept: every later push of this record sends the same bytes.
      COACH_ASSIGN_OR_RETURN(crypto::SecretBytes key, keys->exportShardKey(db, q.shard, q.version));
      COACH_ASSIGN_OR_RETURN(crypto::Bytes wrapped, wrapKeyRecord(m, q.shard, q.version, m.epoch, key));
      COACH_ASSIGN_OR_RETURN(store::Stmt* s, stmt("UPDATE key_outbox SET epoch = ?, wrapped = ? WHERE shard = ? AND version = ?"));
      store::StmtGuard guard(*s);
      COACH_TRY(s->bindInt(1, static_cast<std::int64_t>(m.epoch)));
      COACH_TRY(s->bindBlob(2, wrapped));
      COACH_TRY(s->bindText(3, q.shard));
      COACH_TRY(s->bindInt(4, static_cast<std::int64_t>(q.version)));
      COACH_TRY(s->run());
      q.epoch = m.epoch;
      q.wrapped = std::move(wrapped);
    }
    out.push_back(sync::KeyRecord{q.shard, q.version, q.epoch, deviceId, std::move(*q.wrapped)});
  }
  return out;
}

Status Store::Impl::importKeyRecord(const sync::KeyRecord& record) {
  COACH_TRY(requireMember());
  COACH_ASSIGN_OR_RETURN(bool erased, isErased(record.shard));
  if (erased) return {};  // the key of an erased participant is never taken back
  const Membership& m = *membership;
  auto teamKey = m.teamKeys.find(record.epoch);
  if (teamKey == m.teamKeys.end()) {
    return makeError(ErrorCode::UnknownKey, "a key record is wrapped by team key epoch " + std::to_string(record.epoch) +
                                                ", which this device does not hold");
  }
  COACH_ASSIGN_OR_RETURN(crypto::Aead wrapper, crypto::Aead::create(teamKey->second.view()));
  auto key = wrapper.open(record.wrapped, keyRecordAad(m, record.shard, record.version, record.epoch));
  if (!key.ok()) {
    return makeError(ErrorCode::DecryptFailed, "a key record from device " + record.author +
                                                   " does not open with the team key: it was altered or is not this team's");
  }
  crypto::SecretBytes shardKey(key.value());
  OPENSSL_cleanse(key.value().data(), key.value().size());
  return keys->importShardKey(db, record.shard, record.version, shardKey);
}

Result<TeamCredentials> Store::createTeam() {
  COACH_ASSIGN_OR_RETURN(crypto::Bytes id, crypto::randomBytes(sync::kIdSize));
  return createTeam(crypto::toHex(id));
}

Result<TeamCredentials> Store::createTeam(const std::string& teamId) {
  COACH_ASSIGN_OR_RETURN(crypto::SecretBytes key, crypto::randomSecret(32));
  TeamCredentials team{teamId, 1, std::move(key)};
  COACH_TRY(joinTeam(team));
  return team;
}

Status Store::joinTeam(const TeamCredentials& team) {
  std::lock_guard lock(impl_->mu);
  Impl& impl = *impl_;
  COACH_TRY(impl.requireUnlocked());
  COACH_ASSIGN_OR_RETURN(sync::Id teamId, sync::idFromText(team.teamId));
  if (impl.membership && impl.membership->teamText == sync::idToText(teamId)) return {};
  COACH_TRY(signingSeed(impl));  // made before the team is known, kept
  std::map<std::uint32_t, crypto::SecretBytes> keys;
  keys.emplace(team.epoch, team.teamKey.clone());
  return impl.adoptEpochs(team.teamId, keys, {});
}

Result<std::string> Store::teamId() {
  std::lock_guard lock(impl_->mu);
  COACH_TRY(impl_->requireMember());
  return impl_->membership->teamText;
}

Result<crypto::Bytes> Store::signingPublicKey() {
  std::lock_guard lock(impl_->mu);
  COACH_TRY(impl_->requireUnlocked());
  if (impl_->membership) return impl_->membership->signer->publicKey();
  COACH_ASSIGN_OR_RETURN(crypto::SecretBytes seed, signingSeed(*impl_));
  COACH_ASSIGN_OR_RETURN(crypto::Ed25519KeyPair signer, crypto::Ed25519KeyPair::fromSeed(seed.view()));
  return signer.publicKey();
}

}  // namespace coach
