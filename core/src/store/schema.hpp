// store/schema.hpp: the on-device SQLite schema and its numbered migrations (docs/store.md has the layout).
//
// The schema level is SQLite's user_version. Level N is reached by applying migration steps 1..N in order,
// each in its own transaction, so a database of any earlier level is upgraded step by step. Kind tables are
// derived from the model registry: a kind or field with `since == N` is created (or its column added) by
// step N, so adding a field is one registry line plus a level bump.
//
// The write guard: every table that holds records or their change log (record, k_*, outbox, field_history) has triggers that abort any INSERT, UPDATE or DELETE unless coach_write_allowed() returns 1.
// Only the store registers that function, and only the write path makes it return 1, inside its own
// transaction; a connection that never registered it (the sqlite3 shell, another program) cannot write those
// tables at all.
#pragma once

#include <string>

#include "coach/result.hpp"
#include "model/registry.hpp"
#include "store/sqlite.hpp"

namespace coach::store {

inline constexpr int kSchemaLevel = 11;

std::string tableName(const model::KindDef& kind);

// The current level of `db` (0 for an empty database).
Result<int> schemaLevel(const Db& db);

// Upgrades `db` to `target` (at most kSchemaLevel). SchemaTooNew when the database is newer than this code.
Status migrate(const Db& db, int target = kSchemaLevel);

// Registers the store's SQL functions on `db`: coach_write_allowed(), which returns *writeAllowed (the flag
// must outlive the connection), and coach_field_hlc(clocks, field), a field's HLC from a clocks column.
Status registerFunctions(const Db& db, const bool* writeAllowed);

}  // namespace coach::store
