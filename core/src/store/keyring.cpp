#include "store/keyring.hpp"

#include <openssl/crypto.h>

namespace coach::store {
namespace {

constexpr std::string_view kMasterAad = "coach.master-key.v1";
constexpr std::string_view kFieldAad = "coach.field.v1";
constexpr std::string_view kShardKeyAad = "coach.shard-key.v1";

void appendBe32(crypto::Bytes& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(v >> shift));
}

std::uint32_t readBe32(crypto::ByteView in) {
  return (std::uint32_t{in[0]} << 24) | (std::uint32_t{in[1]} << 16) | (std::uint32_t{in[2]} << 8) | in[3];
}

crypto::Bytes labelled(std::string_view label, std::initializer_list<std::string_view> parts,
                       std::uint32_t version) {
  crypto::Bytes aad(label.begin(), label.end());
  for (std::string_view part : parts) {
    aad.push_back(0);
    aad.insert(aad.end(), part.begin(), part.end());
  }
  aad.push_back(0);
  appendBe32(aad, version);
  return aad;
}

Status putMeta(const Db& db, std::string_view key, crypto::ByteView blob) {
  COACH_ASSIGN_OR_RETURN(Stmt stmt, Stmt::prepare(db.get(), "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"));
  COACH_TRY(stmt.bindText(1, key));
  COACH_TRY(stmt.bindBlob(2, blob));
  return stmt.run();
}

Status putMetaText(const Db& db, std::string_view key, std::string_view value) {
  COACH_ASSIGN_OR_RETURN(Stmt stmt, Stmt::prepare(db.get(), "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"));
  COACH_TRY(stmt.bindText(1, key));
  COACH_TRY(stmt.bindText(2, value));
  return stmt.run();
}

}  // namespace

Status Keyring::initialise(const Db& db, const crypto::SecretBytes& kek, std::string_view providerName,
                           std::string_view providerParams) {
  COACH_ASSIGN_OR_RETURN(crypto::SecretBytes master, crypto::randomSecret(crypto::Aead::kKeySize));
  COACH_ASSIGN_OR_RETURN(crypto::Aead wrapper, crypto::Aead::create(kek.view()));
  COACH_ASSIGN_OR_RETURN(crypto::Bytes wrapped, wrapper.seal(master.view(), crypto::asBytes(kMasterAad)));
  COACH_TRY(putMeta(db, "master_key", wrapped));
  COACH_TRY(putMetaText(db, "key_provider", providerName));
  return putMetaText(db, "key_params", providerParams);
}

Result<Keyring> Keyring::unlock(const Db& db, const crypto::SecretBytes& kek) {
  COACH_ASSIGN_OR_RETURN(Stmt stmt, Stmt::prepare(db.get(), "SELECT value FROM meta WHERE key = 'master_key'"));
  COACH_ASSIGN_OR_RETURN(bool row, stmt.step());
  if (!row) return makeError(ErrorCode::StorageError, "the profile has no master key: it was never completed; create it again");
  COACH_ASSIGN_OR_RETURN(crypto::Aead wrapper, crypto::Aead::create(kek.view()));
  auto master = wrapper.open(stmt.blobAt(0), crypto::asBytes(kMasterAad));
  if (!master.ok()) {
    return makeError(ErrorCode::WrongPassphrase,
                     "the passphrase is wrong: nothing was opened. Try again (check Caps Lock), or restore the "
                     "profile with the team's recovery key");
  }
  crypto::SecretBytes key(master.value());
  OPENSSL_cleanse(master.value().data(), master.value().size());
  COACH_ASSIGN_OR_RETURN(crypto::Aead aead, crypto::Aead::create(key.view()));
  return Keyring(std::move(aead));
}

void Keyring::lock() {
  master_.reset();
  shardKeys_.clear();
  current_.clear();
}

Error Keyring::lockedError() const {
  return makeError(ErrorCode::Locked, "the profile is locked: unlock it with the passphrase first");
}

Result<std::uint32_t> Keyring::currentVersion(const Db& db, const std::string& shard) {
  if (locked()) return lockedError();
  if (auto it = current_.find(shard); it != current_.end()) return it->second;
  COACH_ASSIGN_OR_RETURN(Stmt stmt, Stmt::prepare(db.get(), "SELECT max(version) FROM shard_key WHERE shard = ?"));
  COACH_TRY(stmt.bindText(1, shard));
  COACH_ASSIGN_OR_RETURN(bool row, stmt.step());
  if (row && !stmt.isNull(0)) {
    const auto version = static_cast<std::uint32_t>(stmt.intAt(0));
    current_[shard] = version;
    return version;
  }
  // A shard this device has never written: make its first data key.
  COACH_ASSIGN_OR_RETURN(crypto::SecretBytes key, crypto::randomSecret(crypto::Aead::kKeySize));
  COACH_ASSIGN_OR_RETURN(crypto::Bytes wrapped, master_->seal(key.view(), labelled(kShardKeyAad, {shard}, 1)));
  COACH_ASSIGN_OR_RETURN(Stmt insert, Stmt::prepare(db.get(), "INSERT INTO shard_key (shard, version, wrapped) VALUES (?, 1, ?)"));
  COACH_TRY(insert.bindText(1, shard));
  COACH_TRY(insert.bindBlob(2, wrapped));
  COACH_TRY(insert.run());
  // The cache entry is only trusted once the caller's transaction commits; a rollback clears it (dropCaches).
  current_[shard] = 1;
  if (onCreated_) COACH_TRY(onCreated_(shard, 1));
  return std::uint32_t{1};
}

Result<const crypto::Aead*> Keyring::shardKey(const Db& db, const std::string& shard, std::uint32_t version) {
  if (locked()) return lockedError();
  const auto cacheKey = std::make_pair(shard, version);
  if (auto it = shardKeys_.find(cacheKey); it != shardKeys_.end()) return &it->second;
  COACH_ASSIGN_OR_RETURN(Stmt stmt, Stmt::prepare(db.get(), "SELECT wrapped FROM shard_key WHERE shard = ? AND version = ?"));
  COACH_TRY(stmt.bindText(1, shard));
  COACH_TRY(stmt.bindInt(2, version));
  COACH_ASSIGN_OR_RETURN(bool row, stmt.step());
  if (!row) {
    return makeError(ErrorCode::DecryptFailed, "this device has no key (version " + std::to_string(version) +
                                                   ") for the record's shard; sync to receive it");
  }
  auto key = master_->open(stmt.blobAt(0), labelled(kShardKeyAad, {shard}, version));
  if (!key.ok()) return makeError(ErrorCode::DecryptFailed, "a stored shard key does not open: the profile is damaged");
  crypto::SecretBytes secret(key.value());
  OPENSSL_cleanse(key.value().data(), key.value().size());
  COACH_ASSIGN_OR_RETURN(crypto::Aead aead, crypto::Aead::create(secret.view()));
  auto [it, inserted] = shardKeys_.emplace(cacheKey, std::move(aead));
  return &it->second;
}

Result<crypto::Bytes> Keyring::sealSecret(std::string_view label, crypto::ByteView secret) const {
  if (locked()) return lockedError();
  return master_->seal(secret, crypto::asBytes(label));
}

Result<crypto::SecretBytes> Keyring::openSecret(std::string_view label, crypto::ByteView sealed) const {
  if (locked()) return lockedError();
  auto plain = master_->open(sealed, crypto::asBytes(label));
  if (!plain.ok()) return makeError(ErrorCode::DecryptFailed, "a stored secret does not open: the profile is damaged");
  crypto::SecretBytes secret(plain.value());
  OPENSSL_cleanse(plain.value().data(), plain.value().size());
  return secret;
}

Status Keyring::importShardKey(const Db& db, const std::string& shard, std::uint32_t version,
                               const crypto::SecretBytes& key) {
  if (locked()) return lockedError();
  COACH_ASSIGN_OR_RETURN(crypto::Bytes wrapped, master_->seal(key.view(), labelled(kShardKeyAad, {shard}, version)));
  COACH_ASSIGN_OR_RETURN(Stmt insert, Stmt::prepare(db.get(), "INSERT OR IGNORE INTO shard_key (shard, version, wrapped) VALUES (?, ?, ?)"));
  COACH_TRY(insert.bindText(1, shard));
  COACH_TRY(insert.bindInt(2, version));
  COACH_TRY(insert.bindBlob(3, wrapped));
  COACH_TRY(insert.run());
  current_.erase(shard);  // the newest version may have changed
  return {};
}

Result<crypto::SecretBytes> Keyring::exportShardKey(const Db& db, const std::string& shard, std::uint32_t version) {
  if (locked()) return lockedError();
  COACH_ASSIGN_OR_RETURN(Stmt stmt, Stmt::prepare(db.get(), "SELECT wrapped FROM shard_key WHERE shard = ? AND version = ?"));
  COACH_TRY(stmt.bindText(1, shard));
  COACH_TRY(stmt.bindInt(2, version));
  COACH_ASSIGN_OR_RETURN(bool row, stmt.step());
  if (!row) return makeError(ErrorCode::DecryptFailed, "this device has no key version " + std::to_string(version) + " for that shard");
  auto key = master_->open(stmt.blobAt(0), labelled(kShardKeyAad, {shard}, version));
  if (!key.ok()) return makeError(ErrorCode::DecryptFailed, "a stored shard key does not open: the profile is damaged");
  crypto::SecretBytes secret(key.value());
  OPENSSL_cleanse(key.value().data(), key.value().size());
  return secret;
}

Result<crypto::Bytes> Keyring::encryptField(const Db& db, const std::string& shard, std::string_view recordId,
                                            std::string_view field, std::string_view plaintext) {
  COACH_ASSIGN_OR_RETURN(std::uint32_t version, currentVersion(db, shard));
  COACH_ASSIGN_OR_RETURN(const crypto::Aead* key, shardKey(db, shard, version));
  crypto::Bytes blob;
  blob.reserve(4 + crypto::Aead::kOverhead + plaintext.size());
  appendBe32(blob, version);
  COACH_TRY(key->sealAppend(crypto::asBytes(plaintext), labelled(kFieldAad, {recordId, field}, version), blob));
  return blob;
}

Result<std::string> Keyring::decryptField(const Db& db, const std::string& shard, std::string_view recordId,
                                          std::string_view field, crypto::ByteView blob) {
  if (blob.size() < 4 + crypto::Aead::kOverhead) {
    return makeError(ErrorCode::DecryptFailed, "a stored encrypted value is truncated");
  }
  const std::uint32_t version = readBe32(blob);
  COACH_ASSIGN_OR_RETURN(const crypto::Aead* key, shardKey(db, shard, version));
  auto plain = key->open(blob.subspan(4), labelled(kFieldAad, {recordId, field}, version));
  if (!plain.ok()) {
    return makeError(ErrorCode::DecryptFailed,
                     "an encrypted value does not belong to this record and field, or was altered");
  }
  return std::string(plain.value().begin(), plain.value().end());
}

}  // namespace coach::store
