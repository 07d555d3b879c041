#include "store/sqlite.hpp"

namespace coach::store {

Error sqliteError(sqlite3* db, int rc, std::string_view what) {
  const int primary = rc & 0xff;
  std::string detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  if (primary == SQLITE_FULL) {
    return makeError(ErrorCode::StorageFull, std::string(what) +
                                                 ": the disk is full; nothing was saved by this step and "
                                                 "nothing earlier was lost. Free some space and try again");
  }
  return makeError(ErrorCode::StorageError, std::string(what) + ": " + detail + " (SQLite code " +
                                                std::to_string(rc) + ")");
}

Result<Db> Db::open(const std::string& path, bool create) {
  sqlite3* raw = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Db db;
  db.db_.reset(raw);  // owned from here, even when opening failed
  if (rc != SQLITE_OK) {
    if (!create && (rc & 0xff) == SQLITE_CANTOPEN) {
      return makeError(ErrorCode::NotFound, "no profile database at " + path +
                                                 ": check the path, or create a profile first");
    }
    return sqliteError(raw, rc, "opening the database " + path);
  }
  sqlite3_extended_result_codes(raw, 1);
  return db;
}

Status Db::exec(std::string_view sql, std::string_view what) const {
  char* message = nullptr;
  const int rc = sqlite3_exec(db_.get(), std::string(sql).c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    std::string detail = message != nullptr ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    if ((rc & 0xff) == SQLITE_FULL) return sqliteError(db_.get(), rc, what);
    return makeError(ErrorCode::StorageError, std::string(what) + ": " + detail);
  }
  return {};
}

Result<Stmt> Stmt::prepare(sqlite3* db, std::string_view sql) {
  sqlite3_stmt* raw = nullptr;
  const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                    &raw, nullptr);
  Stmt stmt;
  stmt.stmt_.reset(raw);
  if (rc != SQLITE_OK) return sqliteError(db, rc, "preparing a statement");
  return stmt;
}

namespace {
Status bindResult(sqlite3_stmt* stmt, int rc) {
  if (rc != SQLITE_OK) return sqliteError(sqlite3_db_handle(stmt), rc, "binding a value");
  return {};
}
}  // namespace

Status Stmt::bindNull(int index) { return bindResult(get(), sqlite3_bind_null(get(), index)); }
Status Stmt::bindInt(int index, std::int64_t value) {
  return bindResult(get(), sqlite3_bind_int64(get(), index, value));
}
Status Stmt::bindText(int index, std::string_view value) {
  return bindResult(get(), sqlite3_bind_text64(get(), index, value.data(), value.size(), SQLITE_TRANSIENT,
                                               SQLITE_UTF8));
}
Status Stmt::bindBlob(int index, std::span<const std::uint8_t> value) {
  // A zero-length blob must still be a blob, not NULL: sqlite3_bind_zeroblob gives that.
  if (value.empty()) return bindResult(get(), sqlite3_bind_zeroblob(get(), index, 0));
  return bindResult(get(), sqlite3_bind_blob64(get(), index, value.data(), value.size(), SQLITE_TRANSIENT));
}

Result<bool> Stmt::step() {
  const int rc = sqlite3_step(get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return sqliteError(sqlite3_db_handle(get()), rc, "running a statement");
}

Status Stmt::run() {
  COACH_ASSIGN_OR_RETURN(bool row, step());
  (void)row;
  return {};
}

void Stmt::reset() noexcept { sqlite3_reset(get()); }

std::string Stmt::textAt(int col) const {
  const auto* p = sqlite3_column_text(get(), col);
  const int n = sqlite3_column_bytes(get(), col);
  return p == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n));
}

std::span<const std::uint8_t> Stmt::blobAt(int col) const {
  const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(get(), col));
  const int n = sqlite3_column_bytes(get(), col);
  return {p, static_cast<std::size_t>(n)};
}

Result<Stmt*> StmtCache::get(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) return it->second.get();
  COACH_ASSIGN_OR_RETURN(Stmt stmt, Stmt::prepare(db_, sql));
  auto owned = std::make_unique<Stmt>(std::move(stmt));
  Stmt* raw = owned.get();
  cache_.emplace(sql, std::move(owned));
  return raw;
}

Result<Transaction> Transaction::begin(const Db& db, StmtCache* cache) {
  Transaction txn(&db, cache);
  Status begun = txn.run("BEGIN IMMEDIATE");
  if (!begun.ok()) {
    txn.db_ = nullptr;  // nothing to roll back
    return std::move(begun).error();
  }
  return txn;
}

Status Transaction::run(const char* sql) {
  if (cache_ == nullptr) return db_->exec(sql, sql);
  COACH_ASSIGN_OR_RETURN(Stmt* stmt, cache_->get(sql));
  StmtGuard guard(*stmt);
  return stmt->run();
}

Transaction::~Transaction() {
  if (db_ != nullptr) (void)run("ROLLBACK");
}

Status Transaction::commit() {
  COACH_TRY(run("COMMIT"));
  db_ = nullptr;
  return {};
}

}  // namespace coach::store
