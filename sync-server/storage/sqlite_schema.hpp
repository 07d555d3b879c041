// storage/sqlite_schema.hpp: the on-disk schema of coach-syncd's SQLite store and its migrations
// (docs/sync-server-storage.md, "Schema").
//
// The schema version lives in PRAGMA user_version; PRAGMA application_id marks the file as a coach-syncd store,
// so a backup to restore or a path given by mistake is recognised before anything is written to it. Migrations
// are a table of numbered steps; every pending step runs at open inside one IMMEDIATE transaction, so a crash or
// a second process opening the same file at the same moment never leaves a half-migrated store.
//
// Thread-safety: functions take the connection they act on; a connection belongs to one thread at a time.
#pragma once

#include <cstdint>
#include <filesystem>

#include "coach/result.hpp"
#include "store/sqlite.hpp"

namespace coach::relay {

// The newest schema this build knows.
inline constexpr int kSqliteSchemaVersion = 3;
// "CSYD" in the database header (offset 68): a coach-syncd store.
inline constexpr std::int32_t kSqliteApplicationId = 0x43535944;

// What a database file holds, read without writing anything to it.
struct StoreHeader {
  std::int32_t applicationId = 0;
  int schemaVersion = 0;
  bool empty = true;  // no tables at all: a new file
};

// Reads the header of `db`. StorageError naming `file` when it is not a SQLite database, or a SQLite database
// of another program; SchemaTooNew when a newer coach-syncd wrote it. Changes nothing.
Result<StoreHeader> inspectStore(const store::Db& db, const std::filesystem::path& file);

// Brings `db` to schema `target` (every pending step in one transaction; tests make older stores with a smaller
// target). The connection must not be in a transaction. SchemaTooNew when another process upgraded it to a
// newer version than this build knows meanwhile.
Status migrateStore(const store::Db& db, const std::filesystem::path& file, int target = kSqliteSchemaVersion);

}  // namespace coach::relay
