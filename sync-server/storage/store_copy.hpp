// storage/store_copy.hpp: copying a whole coach-syncd store between backends, SQLite to PostgreSQL and back
// (`coach-syncd admin migrate-store`, docs/sync-server-postgres.md, "Moving a store").
//
// Both stores are brought to their newest schema first (the two schemas hold the same tables and columns); then
// every row of every table is copied in one transaction on the target while the source is read in one consistent
// snapshot, rows streamed (a log of any size is copied in constant memory). Server sequences, device chains, tokens,
// enrolment codes, grants, snapshots and erasures are copied as they are: devices carry on with their cursors
// against the new store. A target that holds anything (a team, a device, a log row) is refused before anything is
// written. Afterwards both sides are counted; the copy is reported with both sides' counts, and a difference is an
// error (the target's transaction is then already committed: drop the target and run again).
//
// The source must not change meanwhile: coach-syncd must be stopped (for a SQLite store, the caller holds the data
// directory's lock; for PostgreSQL, stop every replica).
//
// Thread-safety: one call at a time per store.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "coach/result.hpp"

namespace coach::relay {

// A store's place: "sqlite:DIR" (DIR/syncd.db, DIR the data directory) or a postgresql:// URL.
struct StoreLocation {
  std::filesystem::path sqliteFile;  // set for SQLite
  std::string postgresUrl;           // set for PostgreSQL
  std::string describe() const;      // for messages: the path, or host:port/database (never a password)
};

// Parses "sqlite:DIR", "postgresql://..." or "postgres://...". InvalidArgument (the text not echoed: it may hold
// a password) for anything else.
Result<StoreLocation> parseStoreLocation(const std::string& text);

struct StoreCounts {
  std::uint64_t teams = 0;
  std::uint64_t devices = 0;
  std::uint64_t envelopes = 0;   // tombstones included
  std::uint64_t keyRecords = 0;
  std::uint64_t snapshots = 0;
  std::uint64_t erasures = 0;
  friend bool operator==(const StoreCounts&, const StoreCounts&) = default;
};

struct CopyReport {
  StoreCounts source;
  StoreCounts target;
};

// Copies the store at `from` into the empty store at `to` (created when missing). AlreadyExists (nothing written)
// when `to` holds data; NotFound when `from` holds no store; StorageError when the counts differ afterwards.
Result<CopyReport> copyStore(const StoreLocation& from, const StoreLocation& to);

}  // namespace coach::relay
