// store/keyring.hpp: the unlocked keys of a profile: the master key and the shards' data keys.
//
// Shard data keys are stored in shard_key wrapped by the master key (AES-256-GCM, AAD binds shard and
// version). Sensitive field values are encrypted with their shard's current data key; the stored blob is
//   key version (4 bytes, big-endian) || nonce (12) || ciphertext || tag (16)
// with AAD = "coach.field.v1" 0x00 record id 0x00 field name 0x00 key version (4 bytes, big-endian), so a
// ciphertext copied to another record or field, or relabelled with another key version, fails to open.
//
// lock() wipes every key from memory; a locked keyring opens nothing (Locked).
// Thread-safety: none; owned by the store, used under its lock.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "crypto/crypto.hpp"
#include "store/sqlite.hpp"

namespace coach::store {

class Keyring {
 public:
  // Makes a new master key, stores it wrapped by `kek` in meta (within the caller's transaction).
  static Status initialise(const Db& db, const crypto::SecretBytes& kek, std::string_view providerName,
                           std::string_view providerParams);
  // Unwraps the master key. WrongPassphrase when the KEK does not open it.
  static Result<Keyring> unlock(const Db& db, const crypto::SecretBytes& kek);

  bool locked() const { return !master_.has_value(); }
  void lock();
  // Forgets cached shard keys and versions; the write path calls it when a transaction rolls back, since a
  // key created in that transaction no longer exists.
  void dropCaches() {
    shardKeys_.clear();
    current_.clear();
  }

  // The shard's newest key version, created (and stored, in the caller's transaction) when the shard has none.
  Result<std::uint32_t> currentVersion(const Db& db, const std::string& shard);

  // Secrets kept in the profile (team keys, the signing seed) sealed by the master key under `label`.
  Result<crypto::Bytes> sealSecret(std::string_view label, crypto::ByteView secret) const;
  Result<crypto::SecretBytes> openSecret(std::string_view label, crypto::ByteView sealed) const;

  // A shard key that came from elsewhere (a key record, the team key): stored wrapped by the master key, in
  // the caller's transaction. A version the shard already has is left as it is (keys never change).
  Status importShardKey(const Db& db, const std::string& shard, std::uint32_t version, const crypto::SecretBytes& key);
  // The plain shard key, to wrap it into a key record. DecryptFailed when the device lacks it.
  Result<crypto::SecretBytes> exportShardKey(const Db& db, const std::string& shard, std::uint32_t version);
  // The cipher for a shard key version (cached). DecryptFailed when the device lacks it.
  Result<const crypto::Aead*> shardCipher(const Db& db, const std::string& shard, std::uint32_t version) {
    return shardKey(db, shard, version);
  }
  // Called for every shard key this keyring makes itself (not imported): sync publishes them.
  void onKeyCreated(std::function<Status(const std::string& shard, std::uint32_t version)> hook) {
    onCreated_ = std::move(hook);
  }

  // `field` is the field name, or any other label that must bind the value (conflict copies use one).
  Result<crypto::Bytes> encryptField(const Db& db, const std::string& shard, std::string_view recordId,
                                     std::string_view field, std::string_view plaintext);
  Result<std::string> decryptField(const Db& db, const std::string& shard, std::string_view recordId,
                                   std::string_view field, crypto::ByteView blob);

 private:
  explicit Keyring(crypto::Aead master) : master_(std::move(master)) {}
  Result<const crypto::Aead*> shardKey(const Db& db, const std::string& shard, std::uint32_t version);
  Error lockedError() const;

  std::optional<crypto::Aead> master_;
  std::map<std::pair<std::string, std::uint32_t>, crypto::Aead> shardKeys_;
  std::map<std::string, std::uint32_t> current_;
  std::function<Status(const std::string&, std::uint32_t)> onCreated_;
};

}  // namespace coach::store
