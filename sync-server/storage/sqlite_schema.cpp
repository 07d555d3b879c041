#include "storage/sqlite_schema.hpp"

#include <array>
#include <string>

namespace coach::relay {
namespace {

using store::Db;
using store::Stmt;
using store::Transaction;

// Version 1. Layout and reasons: docs/sync-server-storage.md. Every table but `log` is WITHOUT ROWID (small
// rows found by their key); `log` keeps a rowid because its rows carry envelopes of up to 2 MiB, which SQLite
// stores best out of the key's b-tree. Counters in team_head keep stats() and /metrics from scanning the log.
constexpr const char* kVersion1 = R"sql(
CREATE TABLE team (
  id TEXT PRIMARY KEY CHECK (length(id) > 0),
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE team_head (
  team TEXT PRIMARY KEY REFERENCES team (id),
  last_server_seq INTEGER NOT NULL DEFAULT 0 CHECK (last_server_seq >= 0),
  envelopes INTEGER NOT NULL DEFAULT 0,
  envelope_bytes INTEGER NOT NULL DEFAULT 0,
  key_records INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE TABLE device (
  team TEXT NOT NULL REFERENCES team (id),
  id TEXT NOT NULL,
  signing_key BLOB NOT NULL,
  agreement_key BLOB NOT NULL,
  role INTEGER NOT NULL CHECK (role IN (0, 1)),
  revoked INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1)),
  revoked_at INTEGER NOT NULL DEFAULT 0,
  enrolled_at INTEGER NOT NULL DEFAULT 0,
  last_seen_at INTEGER NOT NULL DEFAULT 0,
  last_seq INTEGER NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
  last_hash BLOB NOT NULL CHECK (length(last_hash) = 32),
  PRIMARY KEY (team, id)
) WITHOUT ROWID;
CREATE TABLE token (
  id TEXT PRIMARY KEY,
  team TEXT NOT NULL,
  device TEXT NOT NULL,
  verifier BLOB NOT NULL CHECK (length(verifier) = 32),
  FOREIGN KEY (team, device) REFERENCES device (team, id)
) WITHOUT ROWID;
CREATE TABLE enrol_code (
  hash BLOB PRIMARY KEY CHECK (length(hash) = 32),
  team TEXT NOT NULL REFERENCES team (id),
  role INTEGER NOT NULL CHECK (role IN (0, 1)),
  expires_at INTEGER NOT NULL,
  used_at INTEGER
) WITHOUT ROWID;
CREATE TABLE log (
  team TEXT NOT NULL,
  server_seq INTEGER NOT NULL CHECK (server_seq >= 1),
  kind INTEGER NOT NULL CHECK (kind IN (0, 1)),
  device TEXT NOT NULL,
  device_seq INTEGER,
  shard TEXT,
  key_shard TEXT,
  key_version INTEGER,
  key_epoch INTEGER,
  bytes BLOB NOT NULL,
  PRIMARY KEY (team, server_seq),
  FOREIGN KEY (team, device) REFERENCES device (team, id),
  CHECK ((kind = 0 AND device_seq >= 1 AND shard IS NOT NULL AND key_shard IS NULL) OR
         (kind = 1 AND device_seq IS NULL AND key_shard IS NOT NULL AND key_version IS NOT NULL AND
          key_epoch IS NOT NULL))
);
CREATE UNIQUE INDEX log_envelope ON log (team, device, device_seq) WHERE kind = 0;
CREATE UNIQUE INDEX log_key ON log (team, key_shard, key_version, key_epoch) WHERE kind = 1;
CREATE TABLE snapshot (
  team TEXT NOT NULL REFERENCES team (id),
  shard TEXT NOT NULL,
  covers INTEGER NOT NULL CHECK (covers >= 0),
  key_id INTEGER NOT NULL,
  author TEXT NOT NULL,
  size INTEGER NOT NULL,
  stored_at INTEGER NOT NULL,
  bytes BLOB NOT NULL,
  PRIMARY KEY (team, shard)
);
)sql";

// Version 2: device approval (a coach's device waits for a team lead) and the team key grants.
constexpr const char* kVersion2 = R"sql(
ALTER TABLE device ADD COLUMN approved INTEGER NOT NULL DEFAULT 1 CHECK (approved IN (0, 1));
ALTER TABLE device ADD COLUMN approved_by TEXT NOT NULL DEFAULT '';
ALTER TABLE device ADD COLUMN approved_at INTEGER NOT NULL DEFAULT 0;
CREATE TABLE team_grant (
  team TEXT NOT NULL REFERENCES team (id),
  epoch INTEGER NOT NULL CHECK (epoch >= 1),
  recipient TEXT NOT NULL,
  author TEXT NOT NULL,
  wrapped BLOB NOT NULL,
  stored_at INTEGER NOT NULL,
  PRIMARY KEY (team, epoch, recipient)
) WITHOUT ROWID;
)sql";

// Version 3: erasure (proto/PROTOCOL.md, "Erasure"). The team's erasure orders, one per erased shard; a log row
// whose erased_hash is set is a tombstone (bytes hold only the 106 header bytes, erased_hash the SHA-256 of the
// envelope as it was); team_head counts tombstones; log_shard finds a shard's envelopes when it is erased.
constexpr const char* kVersion3 = R"sql(
CREATE TABLE team_erasure (
  team TEXT NOT NULL REFERENCES team (id),
  idx INTEGER NOT NULL CHECK (idx >= 1),
  shard TEXT NOT NULL CHECK (length(shard) = 32),
  author TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  order_bytes BLOB NOT NULL,
  PRIMARY KEY (team, idx)
) WITHOUT ROWID;
CREATE UNIQUE INDEX team_erasure_shard ON team_erasure (team, shard);
ALTER TABLE log ADD COLUMN erased_hash BLOB CHECK (erased_hash IS NULL OR length(erased_hash) = 32);
ALTER TABLE team_head ADD COLUMN tombstones INTEGER NOT NULL DEFAULT 0;
CREATE INDEX log_shard ON log (team, shard) WHERE kind = 0;
)sql";

struct Step {
  int version;
  const char* sql;
};

// Append only: a released step is never edited, a change is a new step (and kSqliteSchemaVersion moves).
constexpr std::array kSteps{Step{1, kVersion1}, Step{2, kVersion2}, Step{3, kVersion3}};
static_assert(kSteps.back().version == kSqliteSchemaVersion, "kSqliteSchemaVersion names the newest step");

Result<std::int64_t> pragmaInt(const Db& db, const char* sql) {
  COACH_ASSIGN_OR_RETURN(Stmt stmt, Stmt::prepare(db.get(), sql));
  COACH_ASSIGN_OR_RETURN(bool row, stmt.step());
  return row ? stmt.intAt(0) : 0;
}

Error notAStore(const std::filesystem::path& file, std::string_view what) {
  return makeError(ErrorCode::StorageError,
                   file.string() + " is not a coach-syncd store (" + std::string(what) +
                       "): check the data path, or restore a backup with 'coach-syncd admin restore'");
}

Error tooNew(const std::filesystem::path& file, std::int64_t version) {
  return makeError(ErrorCode::SchemaTooNew, "the store " + file.string() + " was written by a newer coach-syncd (schema " +
                                                std::to_string(version) + ", this version knows " +
                                                std::to_string(kSqliteSchemaVersion) +
                                                "): upgrade coach-syncd; nothing was changed");
}

}  // namespace

Result<StoreHeader> inspectStore(const Db& db, const std::filesystem::path& file) {
  // The first read of a file that is not a database fails here with SQLITE_NOTADB.
  Result<std::int64_t> objects = pragmaInt(db, "SELECT count(*) FROM sqlite_schema");
  if (!objects.ok()) {
    if (objects.error().code == ErrorCode::StorageFull) return std::move(objects).error();
    const int rc = sqlite3_errcode(db.get()) & 0xff;
    if (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT) return notAStore(file, "not a SQLite database, or a damaged one");
    return makeError(ErrorCode::StorageError, "reading " + file.string() + ": " + objects.error().message +
                                                  ": check that coach-syncd may read and write it");
  }
  StoreHeader header;
  header.empty = *objects == 0;
  COACH_ASSIGN_OR_RETURN(std::int64_t appId, pragmaInt(db, "PRAGMA application_id"));
  COACH_ASSIGN_OR_RETURN(std::int64_t version, pragmaInt(db, "PRAGMA user_version"));
  header.applicationId = static_cast<std::int32_t>(appId);
  header.schemaVersion = static_cast<int>(version);
  if (header.applicationId != kSqliteApplicationId && !(header.applicationId == 0 && header.empty)) {
    return notAStore(file, "a SQLite database of another program");
  }
  if (version > kSqliteSchemaVersion) return tooNew(file, version);
  return header;
}

Status migrateStore(const Db& db, const std::filesystem::path& file, int target) {
  if (target < 1 || target > kSqliteSchemaVersion) {
    return makeError(ErrorCode::InvalidArgument, "no schema version " + std::to_string(target) + " to migrate to");
  }
  COACH_ASSIGN_OR_RETURN(Transaction txn, Transaction::begin(db));
  // Read again under the write lock: another process may have migrated since inspectStore.
  COACH_ASSIGN_OR_RETURN(StoreHeader header, inspectStore(db, file));
  if (header.schemaVersion >= target) return {};  // the transaction rolls back: nothing to do
  for (const Step& step : kSteps) {
    if (step.version <= header.schemaVersion || step.version > target) continue;
    COACH_TRY(db.exec(step.sql, "migrating the store to schema " + std::to_string(step.version)));
  }
  COACH_TRY(db.exec("PRAGMA application_id = " + std::to_string(kSqliteApplicationId), "marking the store"));
  COACH_TRY(db.exec("PRAGMA user_version = " + std::to_string(target), "recording the schema version"));
  return txn.commit();
}

}  // namespace coach::relay
