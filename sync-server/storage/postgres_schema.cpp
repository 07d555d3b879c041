#include "storage/postgres_schema.hpp"

#include <array>
#include <string>

namespace coach::relay {
namespace {

using pg_detail::Conn;
using pg_detail::Rows;

// Version 1: the SQLite store's schema 3 (docs/sync-server-storage.md) in PostgreSQL's types. Counters in team_head
// keep stats() and /metrics from scanning the log, and its row is the per-team lock that orders server sequences
// (docs/sync-server-postgres.md, "Server sequences without visibility gaps"). Envelopes and snapshots are
// ciphertext, which never compresses: STORAGE EXTERNAL keeps PostgreSQL from trying.
constexpr const char* kVersion1 = R"sql(
CREATE TABLE coach_schema (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  version integer NOT NULL
);
CREATE TABLE team (
  id text PRIMARY KEY CHECK (length(id) > 0),
  name text NOT NULL,
  created_at bigint NOT NULL
);
CREATE TABLE team_head (
  team text PRIMARY KEY REFERENCES team (id),
  last_server_seq bigint NOT NULL DEFAULT 0 CHECK (last_server_seq >= 0),
  envelopes bigint NOT NULL DEFAULT 0,
  envelope_bytes bigint NOT NULL DEFAULT 0,
  key_records bigint NOT NULL DEFAULT 0,
  tombstones bigint NOT NULL DEFAULT 0
);
CREATE TABLE device (
  team text NOT NULL REFERENCES team (id),
  id text NOT NULL,
  signing_key bytea NOT NULL,
  agreement_key bytea NOT NULL,
  role bigint NOT NULL CHECK (role IN (0, 1)),
  revoked boolean NOT NULL DEFAULT false,
  revoked_at bigint NOT NULL DEFAULT 0,
  enrolled_at bigint NOT NULL DEFAULT 0,
  last_seen_at bigint NOT NULL DEFAULT 0,
  last_seq bigint NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
  last_hash bytea NOT NULL CHECK (length(last_hash) = 32),
  approved boolean NOT NULL DEFAULT true,
  approved_by text NOT NULL DEFAULT '',
  approved_at bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (team, id)
);
CREATE TABLE token (
  id text PRIMARY KEY,
  team text NOT NULL,
  device text NOT NULL,
  verifier bytea NOT NULL CHECK (length(verifier) = 32),
  FOREIGN KEY (team, device) REFERENCES device (team, id)
);
CREATE TABLE enrol_code (
  hash bytea PRIMARY KEY CHECK (length(hash) = 32),
  team text NOT NULL REFERENCES team (id),
  role bigint NOT NULL CHECK (role IN (0, 1)),
  expires_at bigint NOT NULL,
  used_at bigint
);
CREATE TABLE log (
  team text NOT NULL,
  server_seq bigint NOT NULL CHECK (server_seq >= 1),
  kind bigint NOT NULL CHECK (kind IN (0, 1)),
  device text NOT NULL,
  device_seq bigint,
  shard text,
  key_shard text,
  key_version bigint,
  key_epoch bigint,
  bytes bytea NOT NULL,
  erased_hash bytea CHECK (erased_hash IS NULL OR length(erased_hash) = 32),
  PRIMARY KEY (team, server_seq),
  FOREIGN KEY (team, device) REFERENCES device (team, id),
  CHECK ((kind = 0 AND device_seq >= 1 AND shard IS NOT NULL AND key_shard IS NULL) OR
         (kind = 1 AND device_seq IS NULL AND key_shard IS NOT NULL AND key_version IS NOT NULL AND
          key_epoch IS NOT NULL))
);
ALTER TABLE log ALTER COLUMN bytes SET STORAGE EXTERNAL;
CREATE UNIQUE INDEX log_envelope ON log (team, device, device_seq) WHERE kind = 0;
CREATE UNIQUE INDEX log_key ON log (team, key_shard, key_version, key_epoch) WHERE kind = 1;
CREATE INDEX log_shard ON log (team, shard) WHERE kind = 0;
CREATE TABLE snapshot (
  team text NOT NULL REFERENCES team (id),
  shard text NOT NULL,
  covers bigint NOT NULL CHECK (covers >= 0),
  key_id bigint NOT NULL,
  author text NOT NULL,
  size bigint NOT NULL,
  stored_at bigint NOT NULL,
  bytes bytea NOT NULL,
  PRIMARY KEY (team, shard)
);
ALTER TABLE snapshot ALTER COLUMN bytes SET STORAGE EXTERNAL;
CREATE TABLE team_grant (
  team text NOT NULL REFERENCES team (id),
  epoch bigint NOT NULL CHECK (epoch >= 1),
  recipient text NOT NULL,
  author text NOT NULL,
  wrapped bytea NOT NULL,
  stored_at bigint NOT NULL,
  PRIMARY KEY (team, epoch, recipient)
);
CREATE TABLE team_erasure (
  team text NOT NULL REFERENCES team (id),
  idx bigint NOT NULL CHECK (idx >= 1),
  shard text NOT NULL CHECK (length(shard) = 32),
  author text NOT NULL,
  received_at bigint NOT NULL,
  order_bytes bytea NOT NULL,
  PRIMARY KEY (team, idx),
  UNIQUE (team, shard)
);
INSERT INTO coach_schema (version) VALUES (0);
)sql";

// Version 2: the identity of the database the store was last served from (pg_database's oid), so coach-syncd
// notices a database restored from a dump or copied, which needs `admin after-restore` before it is served
// (docs/sync-server-postgres.md, "Backup and restore"). NULL until the first start records it.
constexpr const char* kVersion2 = R"sql(
ALTER TABLE coach_schema ADD COLUMN database_oid bigint;
)sql";

struct Step {
  int version;
  const char* sql;
};

// Append only: a released step is never edited, a change is a new step (and kPgSchemaVersion moves).
constexpr std::array kSteps{Step{1, kVersion1}, Step{2, kVersion2}};
static_assert(kSteps.back().version == kPgSchemaVersion, "kPgSchemaVersion names the newest step");

Error tooNew(int version) {
  return makeError(ErrorCode::SchemaTooNew, "the database was migrated by a newer coach-syncd (schema " +
                                                std::to_string(version) + ", this version knows " +
                                                std::to_string(kPgSchemaVersion) +
                                                "): upgrade coach-syncd; nothing was changed");
}

// Runs the pending steps on the open transaction.
Status migrateLocked(Conn& conn, int target) {
  COACH_ASSIGN_OR_RETURN(int version, pgSchemaVersion(conn));
  if (version > kPgSchemaVersion) return tooNew(version);
  if (version >= target) return {};
  for (const Step& step : kSteps) {
    if (step.version <= version || step.version > target) continue;
    Status ran = conn.run(step.sql);
    if (!ran.ok()) return pg_detail::named(std::move(ran).error(), "migrating the database to schema " + std::to_string(step.version));
  }
  return conn.command("UPDATE coach_schema SET version = $1", std::int64_t{target});
}

}  // namespace

Result<int> pgSchemaVersion(Conn& conn) {
  COACH_ASSIGN_OR_RETURN(Rows known, conn.query("SELECT to_regclass('coach_schema') IS NOT NULL, "
                                                "(SELECT count(*) FROM pg_tables WHERE schemaname = current_schema())"));
  if (known.i64(0, 0) == 0) {
    if (known.i64(0, 1) > 0) {
      return makeError(ErrorCode::StorageError, "the database holds tables of another program: give coach-syncd a "
                                                "database of its own (CREATE DATABASE coach_syncd OWNER ...)");
    }
    return 0;
  }
  COACH_ASSIGN_OR_RETURN(Rows row, conn.query("SELECT version FROM coach_schema"));
  return row.empty() ? 0 : static_cast<int>(row.i64(0, 0));
}

Status migratePg(Conn& conn, int target) {
  if (target < 1 || target > kPgSchemaVersion) {
    return makeError(ErrorCode::InvalidArgument, "no schema version " + std::to_string(target) + " to migrate to");
  }
  COACH_TRY(conn.run("BEGIN"));
  Status done = [&]() -> Status {
    // Replicas starting at once wait here for each other; the second finds the work done.
    COACH_TRY(conn.command("SELECT pg_advisory_xact_lock($1)", kPgMigrationLock));
    return migrateLocked(conn, target);
  }();
  if (!done.ok()) {
    (void)conn.run("ROLLBACK");
    return done;
  }
  return conn.run("COMMIT");
}

}  // namespace coach::relay
