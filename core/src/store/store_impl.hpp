// store/store_impl.hpp: the internals of coach::Store, shared by its facet files:
//   store.cpp (profiles, locking), write_path.cpp (the one write path), read.cpp (get, list, timeline),
//   the sync facets (team, outbox_collect, pull_apply, merge, conflicts, snapshot_build, snapshot_apply)
//   and query/*.cpp (caseload, agenda).
#pragma once

#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <map>
#include <set>
#include <tuple>

#include "clock/hlc.hpp"
#include "coach/sync.hpp"
#include "store/field_clocks.hpp"
#include "sync/change_batch.hpp"
#include "coach/store.hpp"
#include "model/registry.hpp"
#include "model/rules.hpp"
#include "store/keyring.hpp"
#include "store/schema.hpp"
#include "store/sqlite.hpp"

namespace coach {

// The device's team membership, unsealed while the store is unlocked (docs/sync.md).
struct Membership {
  sync::Id team{};
  std::string teamText;
  std::uint32_t epoch = 0;
  std::map<std::uint32_t, crypto::SecretBytes> teamKeys;  // by epoch
  std::optional<crypto::Ed25519KeyPair> signer;
  crypto::Bytes recoveryPub;  // the team's recovery public key (X25519), empty when this device never learned it
  // The oldest epoch this device may hold: epochs below it were retired by an epoch compaction (or predate its
  // joining). Grants, key records and erasure orders of earlier epochs are passed over, never waited for.
  std::uint32_t floor = 0;
};

// The label a team key of `epoch` is sealed under in the profile (store/team.cpp, store/team_epochs.cpp).
inline std::string teamKeyLabel(std::uint32_t epoch) { return "coach.team-key.v1:" + std::to_string(epoch); }

// proto/PROTOCOL.md, "Key records": the associated data a shard key record is sealed with (team.cpp).
crypto::Bytes keyRecordAad(const Membership& m, const std::string& shard, std::uint32_t version, std::uint32_t epoch);
// A key record's `wrapped` for a shard key under team key `epoch` (UnknownKey when this device lacks the epoch).
// The nonce is synthetic (proto/PROTOCOL.md, "Key records"): the same key wrapped twice gives the same bytes, so
// several members may publish one record (after an epoch compaction every device does) without a conflict.
Result<crypto::Bytes> wrapKeyRecord(const Membership& m, const std::string& shard, std::uint32_t version,
                                    std::uint32_t epoch, const crypto::SecretBytes& shardKey);

// What applying one pulled page did.
struct PageOutcome {
  std::uint64_t envelopes = 0;
  std::uint64_t changes = 0;
  std::uint64_t bytes = 0;
  std::uint64_t conflicts = 0;
  std::vector<std::string> warnings;
};

// Where a record lives.
struct RecordRef {
  std::int64_t rid = 0;  // the row in `record` and in the kind's table
  const model::KindDef* kind = nullptr;
  std::string shard;
};

// A record as stored: structured fields as values, sensitive fields still encrypted (as blobs in `sealed`).
struct StoredRecord {
  std::string id;
  RecordRef ref;
  bool archived = false;
  std::vector<std::uint8_t> clocks;        // the encoded FieldClocks
  model::FieldValues values;               // sensitive fields: null here
  std::vector<std::optional<crypto::Bytes>> sealed;  // sensitive fields only
};

struct Store::Impl {
  std::mutex mu;
  store::Db db;
  std::unique_ptr<store::StmtCache> stmts;
  bool writeAllowed = false;  // read by coach_write_allowed(); true only inside the write path
  std::optional<store::Keyring> keys;
  SystemClock systemClock;
  const WallClock* wall = nullptr;
  std::optional<HybridClock> hlc;
  std::string deviceId;
  std::uint32_t deviceNo = 0;  // this device's number in the `device` table
  std::string actor;

  // Records looked up by the current apply() call (ids of existing records never change kind or shard, so
  // within one transaction a lookup is final). Cleared at every apply().
  std::unordered_map<std::string, RecordRef> refCache;
  // Random bytes for new record ids, drawn from the CSPRNG in blocks (one RAND_bytes call per 256 ids).
  std::vector<std::uint8_t> idPool;
  std::size_t idPoolUsed = 0;
  Result<std::string> newRecordId();

  // Device numbers (the `device` table) and global device ids, both ways; deviceNoOf adds unknown ids.
  std::unordered_map<std::uint32_t, std::string> deviceIdCache;
  Result<std::string> deviceIdOf(std::uint32_t no);
  Result<std::uint32_t> deviceNoOf(const std::string& id);

  // Sync facets (store/team.cpp, store/outbox_collect.cpp, store/merge.cpp, store/pull_apply.cpp).
  std::optional<Membership> membership;
  Status loadMembership();
  Status requireMember() const;
  Status recordLineage(std::int64_t rid, std::string_view field, const store::FieldStamp& stamp,
                       const store::FieldStamp& base);
  Status queueKeyRecord(const std::string& shard, std::uint32_t version);
  // Device lifecycle (store/team_epochs.cpp; docs/keys.md). The device's X25519 key pair (made on demand,
  // sealed in the profile). adoptEpochs joins `team` with the given team keys, or adds the epochs it lacks when
  // it is a member already, in one transaction; recoveryPub is remembered when not empty. rotateShardKeys
  // makes a new version of every participant shard key the device holds, queued as key records (wrapped by
  // the newest epoch when pushed).
  Result<crypto::X25519KeyPair> agreementKeys();
  Status adoptEpochs(const std::string& team, const std::map<std::uint32_t, crypto::SecretBytes>& keys,
                     crypto::ByteView recoveryPub);
  Status rotateShardKeys();
  // Epoch compaction (store/team_epochs.cpp; docs/keys.md). nextAgreementKeys: the X25519 pair this device moves
  // to (made once, sealed, kept until committed); commitAgreementKeys: it becomes the device's own and the old
  // private key is overwritten. retireEpochsBelow queues every shard key it holds (participants', and the team
  // shard's of earlier epochs) as key records of the newest epoch, forgets the team keys below `floor` and
  // marks the agreement key for replacement, in one transaction with secure deletion.
  Result<crypto::X25519KeyPair> nextAgreementKeys();
  Status commitAgreementKeys();
  Status retireEpochsBelow(std::uint32_t floor);
  Status secureDelete(std::string_view what, const std::function<Status()>& body);
  // Every X25519 public key the server has listed for each device (a few per device, newest last): a grant
  // authored before its author replaced its key (compaction) still opens with the key it was wrapped with.
  Status rememberAgreementKeys(const std::vector<sync::DeviceInfo>& devices);
  Result<std::vector<crypto::Bytes>> agreementKeysSeen(const std::string& device);
  Result<std::vector<sync::KeyRecord>> pendingKeyRecords();
  Status importKeyRecord(const sync::KeyRecord& record);
  struct SentEnvelope {
    std::uint64_t sequence = 0;
    std::uint64_t changes = 0;
    crypto::Bytes bytes;
  };
  // Seals the oldest outbox entries (up to changesPerEnvelope * maxEnvelopes) into envelopes, stores them and
  // removes the entries, in one transaction. Returns the first maxEnvelopes of them, oldest first, once
  // committed: when nothing was unacknowledged before, what unackedEnvelopes(maxEnvelopes) would read back.
  Result<std::vector<SentEnvelope>> buildEnvelopes(std::size_t changesPerEnvelope, std::size_t maxEnvelopes);
  Result<std::vector<SentEnvelope>> unackedEnvelopes(std::size_t limit);
  // How long acknowledged envelopes and key records are kept for a resend (SyncOptions::keepAcknowledged*).
  struct KeepLimits {
    std::uint32_t days = 90;
    std::uint64_t bytes = std::uint64_t{64} << 20;
  };
  // The server holds this device's envelopes up to `lastSequence` and the key records sent: the envelopes are
  // marked acknowledged, the key records move to the kept table, and what is beyond `keep` is dropped, in one
  // transaction.
  Status acknowledge(std::uint64_t lastSequence, const std::vector<sync::KeyRecord>& keysSent, const KeepLimits& keep);
  // Kept acknowledged envelopes and key records (store/kept_envelopes.cpp; docs/sync.md, "Resending after a
  // server restore"). keepHeld marks the unacknowledged envelopes up to `lastSequence` acknowledged (a row in
  // own_envelope_ack each; the bytes stay where they are); keptEnvelopes lists kept envelopes
  // with from <= sequence < below, oldest first (their `changes` is 0: not counted again).
  Status keepHeld(std::uint64_t lastSequence);
  Status keepKeyRecords(const std::vector<sync::KeyRecord>& records);
  Status pruneKept(const KeepLimits& keep);
  Result<std::vector<SentEnvelope>> keptEnvelopes(std::uint64_t from, std::uint64_t below, std::size_t limit);
  Result<std::vector<sync::KeyRecord>> keptKeyRecords();
  struct KeptTotals {
    std::uint64_t envelopes = 0;
    std::uint64_t bytes = 0;
    std::uint64_t keyRecords = 0;
  };
  Result<KeptTotals> keptTotals();
  // After a push refused for clock drift (store/clock_rewind.cpp): when the clock holds stamps beyond the bound
  // of the wall clock now, the envelopes above the server's `serverLast` go back into the outbox and every own
  // stamp beyond the bound is re-stamped, in one transaction. False (nothing done) when the clock is not ahead.
  Result<bool> rewindClock(std::uint64_t serverLast);
  Result<std::uint64_t> pullCursor();
  Status updatePeers(const std::vector<sync::DeviceInfo>& devices);
  Result<bool> knowsPeer(const std::string& device);
  Result<PageOutcome> applyPage(const sync::PullResponse& page);
  // Erasure (store/erase.cpp): false when the shard was erased already (nothing changes).
  Result<bool> eraseShard(const ErasureAudit& audit);
  Result<bool> isErased(const std::string& shard);
  Result<std::vector<ErasureAudit>> erasureLog();
  Result<PageOutcome> retryParked();
  // The device's role (store/device_role.cpp; docs/store.md, "Roles"). keepRole stores "lead" or "coach"
  // (InvalidArgument otherwise); learnRole keeps the role the server's device list names for this device (a
  // device not listed keeps its own); role() is nullopt for a profile that never enrolled. checkRole: Forbidden
  // when `kind` is a team lead's kind (KindDef::leadOnly) and this is a coach's device; the write path calls it.
  Status keepRole(std::string_view role);
  Status learnRole(const std::vector<sync::DeviceInfo>& devices);
  Result<std::optional<std::string>> role();
  Status checkRole(const model::KindDef& kind);
  // Applies the kept changes of kinds and fields this version now knows (after an upgrade); run at open.
  Status reapplyPending();
  Result<std::int64_t> mergeChange(const sync::RecordChange& change, const std::string& shard,
                                   const std::string& sender, PageOutcome& outcome);

  // Snapshot facets (store/snapshot_build.cpp, store/snapshot_apply.cpp; docs/sync.md, "Snapshots").
  // The shards this device snapshots: every participant shard it holds a key for, then "team" (always last).
  Result<std::vector<std::string>> snapshotShards();
  // The sealed, signed snapshot of `shard` at server sequence `covers`; nullopt unless the device has applied
  // the log exactly up to `covers` with nothing of its own waiting (outbox, unacknowledged envelopes or key
  // records, parked envelopes). InvalidArgument when the shard is too large for one snapshot. Writes nothing.
  Result<std::optional<sync::Snapshot>> buildSnapshot(const std::string& shard, std::uint64_t covers);
  // The participant shards a catch-up from team snapshot `team` needs (it is verified and opened; nothing is
  // stored).
  Result<std::vector<std::string>> snapshotShardsNeeded(const sync::Snapshot& team);
  // Catches up from `team` and the participants' snapshots (each covering at least as much): keys, state,
  // chain states and the cursor (moved to the team snapshot's covers) in one transaction. Any check that fails
  // (structure, description, team, signature, key, decryption, content, clock drift) leaves nothing applied.
  Result<PageOutcome> applySnapshots(const sync::Snapshot& team, const std::vector<sync::Snapshot>& participants);

  // The access log (store/access_log.cpp; docs/access-log.md). Reads note the participant shards they
  // decrypt inside a ReadScope (store/read_scope.hpp), which logs them when it finishes; the write path notes
  // the shards it writes and logs them in its own transaction; an erasure ordered here logs in its own.
  struct AccessState {
    int scopes = 0;                 // ReadScopes open (they nest: a read may call another)
    std::string scopeAction;        // "read", or "export" for a participant export
    std::set<std::string> reads;    // participant shards handed out in the open scope
    std::set<std::string> writes;   // participant shards written by the running write transaction
    std::string onBehalfOf;         // Store::setOnBehalfOf
    bool enabled = true;            // StoreOptions::accessLog
  };
  AccessState access;
  // Notes that a record of `shard` is handed out; InvalidArgument-free: Internal when no ReadScope is open (a
  // read that would escape the log is a bug, and fails instead).
  Status noteRead(const std::string& shard);
  // Appends one access_event per shard (unless coalesced, docs/access-log.md) inside the caller's write
  // transaction, the write guard already open. Team shard and empty ids are skipped.
  Status logAccessInTransaction(const std::set<std::string>& shards, std::string_view action);
  // Logs the reads of the open scope in a transaction of its own and clears them.
  Status flushReads();
  // The conflicts (store/conflicts.cpp), only those of records in `onlyShard` when it is not null; inside a
  // ReadScope.
  Result<std::vector<Conflict>> conflictsLocked(const std::string* onlyShard);
  // Creates one record inside the caller's write transaction (the write guard open): the write path's
  // validation, stamps and outbox, without a transaction of its own.
  Result<std::string> createInTransaction(const Mutation& mutation);

  // Shared helpers (callers hold `mu`).
  Result<std::optional<std::string>> metaGet(std::string_view key);
  Status metaPut(std::string_view key, crypto::ByteView value);
  // A counter kept in meta as decimal text; 0 when absent, StorageError when damaged (never throws).
  Result<std::uint64_t> metaNumber(std::string_view key);
  Result<store::Stmt*> stmt(std::string_view sql) { return stmts->get(sql); }
  Result<std::optional<RecordRef>> findRecord(std::string_view id);
  Result<std::optional<StoredRecord>> loadRecord(std::string_view id);
  // The record `ref` points at (from findRecord, or a row just inserted): one query instead of two.
  Result<StoredRecord> loadRecordAt(const RecordRef& ref);
  // The record of row `rid` (the outbox's key); nullopt when there is none.
  Result<std::optional<StoredRecord>> loadRecordByRid(std::int64_t rid);
  Result<StoredRecord> readRow(const model::KindDef& kind, store::Stmt& row);
  // The record as JSON with sensitive fields decrypted.
  Result<nlohmann::json> toJson(const StoredRecord& record);
  Status requireUnlocked() const;
  // Records the clock in meta. The write path needs no call (the outbox's newest entry carries the newest
  // stamp); whoever deletes outbox entries or receives remote stamps (the sync engine) must call it first.
  Status persistHlc();
  Result<std::vector<std::string>> applyLocked(std::span<const Mutation> mutations);
  // A free-text edit that supersedes both the current value and a losing one (conflict resolution).
  Status writeResolution(const std::string& id, const std::string& field, const std::string& value,
                         const store::FieldStamp& losing);
  // SELECT ... FROM of a kind's rows joined with their ids: rid, id, shard, archived, clocks, then the fields
  // in registry order (from column kFirstField); the kind's table is `k`, the record table `r`.
  static constexpr int kFirstField = 5;
  static std::string selectFrom(const model::KindDef& kind);
  // selectFrom(kind) + " WHERE k.rid = ?", built once per kind (loadRecordAt runs for every record a push
  // collects or a merge updates; the registry's kinds never change).
  std::unordered_map<const model::KindDef*, std::string> rowByRidSql;
  const std::string& selectByRid(const model::KindDef& kind);
};

// Writes a new profile's identity and wrapped master key into `db` (schema level 1 or later), in one
// transaction. Used by Store::createProfile, and by the migration tests to build profiles of older levels.
Status initialiseProfile(const store::Db& db, const KeyProvider::Created& created, std::string_view providerName,
                         std::string_view actor);

// Runs fn(impl) under the store's lock: how the sync and lifecycle code reach a Store's internals.
template <class Fn>
auto locked(Store& store, Fn&& fn) {
  Store::Impl& impl = store.implForInternalUse();
  std::lock_guard lock(impl.mu);
  return fn(impl);
}

// Lets the write guard's triggers pass while the write path (or merge) runs, and only then.
class WriteGuardScope {
 public:
  explicit WriteGuardScope(bool& flag) : flag_(flag) { flag_ = true; }
  WriteGuardScope(const WriteGuardScope&) = delete;
  WriteGuardScope& operator=(const WriteGuardScope&) = delete;
  ~WriteGuardScope() { flag_ = false; }

 private:
  bool& flag_;
};

// Today in Europe/Amsterdam as "YYYY-MM-DD" for a UTC instant in milliseconds.
std::string amsterdamDate(std::int64_t utcMillis);

}  // namespace coach
