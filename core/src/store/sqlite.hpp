// store/sqlite.hpp: owner objects over the SQLite C API.
//
// Db owns a sqlite3 connection, Stmt a prepared statement, StmtCache keeps prepared statements by SQL text,
// and StmtGuard resets and clears a cached statement on every exit path, so a statement never stays busy
// with half-read rows or stale bindings. Every return code is checked; failures become Result errors that
// carry SQLite's message and the operation (never bound values: they may be health data). SQLITE_FULL
// becomes StorageFull so callers can tell the user to free space.
//
// Thread-safety: none; one Db and its statements belong to one thread at a time.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "coach/result.hpp"

namespace coach::store {

Error sqliteError(sqlite3* db, int rc, std::string_view what);

// The page cache of a profile's connection, in KiB: a batch of a thousand changes fits without spilling.
inline constexpr int kPageCacheKiB = 16 * 1024;
// The page cache, in KiB, for the one transaction that applies `snapshotBytes` of snapshots (catching up): twice
// their size, at least the normal cache and at most 64 MiB (store/snapshot_apply.cpp says why).
std::size_t catchUpCacheKiB(std::size_t snapshotBytes);

class Db {
 public:
  static Result<Db> open(const std::string& path, bool create);
  Db() = default;
  sqlite3* get() const noexcept { return db_.get(); }
  Status exec(std::string_view sql, std::string_view what) const;

 private:
  struct Closer { void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); } };
  std::unique_ptr<sqlite3, Closer> db_;
};

class Stmt {
 public:
  static Result<Stmt> prepare(sqlite3* db, std::string_view sql);
  Stmt() = default;
  sqlite3_stmt* get() const noexcept { return stmt_.get(); }

  Status bindNull(int index);
  Status bindInt(int index, std::int64_t value);
  Status bindText(int index, std::string_view value);
  Status bindBlob(int index, std::span<const std::uint8_t> value);
  // SQLITE_ROW -> true, SQLITE_DONE -> false, anything else -> error.
  Result<bool> step();
  // Steps a statement that returns no rows.
  Status run();
  void reset() noexcept;

  bool isNull(int col) const { return sqlite3_column_type(stmt_.get(), col) == SQLITE_NULL; }
  std::int64_t intAt(int col) const { return sqlite3_column_int64(stmt_.get(), col); }
  std::string textAt(int col) const;
  std::span<const std::uint8_t> blobAt(int col) const;

 private:
  struct Finalizer { void operator()(sqlite3_stmt* s) const noexcept { sqlite3_finalize(s); } };
  std::unique_ptr<sqlite3_stmt, Finalizer> stmt_;
};

// Prepared statements by SQL text, prepared once per connection. A lookup of a statement already prepared
// allocates nothing (the text is looked up as a string_view): the store runs several per record it merges.
class StmtCache {
 public:
  explicit StmtCache(sqlite3* db) : db_(db) {}
  Result<Stmt*> get(std::string_view sql);
  void clear() { cache_.clear(); }

 private:
  struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept { return std::hash<std::string_view>{}(text); }
  };
  sqlite3* db_;
  std::unordered_map<std::string, std::unique_ptr<Stmt>, TextHash, std::equal_to<>> cache_;
};

// Resets a (cached) statement and clears its bindings when the scope ends, on every path.
class StmtGuard {
 public:
  explicit StmtGuard(Stmt& stmt) : stmt_(stmt) {}
  StmtGuard(const StmtGuard&) = delete;
  StmtGuard& operator=(const StmtGuard&) = delete;
  ~StmtGuard() {
    stmt_.reset();
    sqlite3_clear_bindings(stmt_.get());
  }
  Stmt& operator*() const { return stmt_; }
  Stmt* operator->() const { return &stmt_; }

 private:
  Stmt& stmt_;
};

// BEGIN IMMEDIATE on construction; ROLLBACK on destruction unless commit() succeeded. With a StmtCache the
// three statements are prepared once (the write path's hot loop); without, they are parsed each time.
class Transaction {
 public:
  static Result<Transaction> begin(const Db& db, StmtCache* cache = nullptr);
  Transaction(Transaction&& other) noexcept : db_(other.db_), cache_(other.cache_) { other.db_ = nullptr; }
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  Status commit();

 private:
  Transaction(const Db* db, StmtCache* cache) : db_(db), cache_(cache) {}
  Status run(const char* sql);
  const Db* db_;
  StmtCache* cache_;
};

}  // namespace coach::store
