// storage/postgres_schema.hpp: the schema of coach-syncd's PostgreSQL database and its migrations
// (docs/sync-server-postgres.md, "Schema").
//
// The schema version lives in the one-row table coach_schema. Migrations are a table of numbered steps; every
// pending step runs in one transaction under a transaction-level advisory lock, so several coach-syncd replicas
// starting at once against one database migrate it exactly once, and a crash mid-migration leaves the old schema
// (PostgreSQL's DDL is transactional).
//
// Thread-safety: functions take the connection they act on; a connection belongs to one thread at a time.
#pragma once

#include <cstdint>

#include "storage/postgres_conn.hpp"

namespace coach::relay {

// The newest schema this build knows.
inline constexpr int kPgSchemaVersion = 2;
// The advisory lock keys coach-syncd uses ("CSYD" and a purpose): migrations, and the first start's team.
inline constexpr std::int64_t kPgMigrationLock = 0x43535944'00000001;
inline constexpr std::int64_t kPgFirstStartLock = 0x43535944'00000002;

// Brings the database to schema `target` (every pending step in one transaction). StorageError when the database
// holds tables of another program; SchemaTooNew (nothing changed) when a newer coach-syncd migrated it.
Status migratePg(pg_detail::Conn& conn, int target = kPgSchemaVersion);

// The database's schema version (0 for an empty database), read without changing anything.
Result<int> pgSchemaVersion(pg_detail::Conn& conn);

}  // namespace coach::relay
