#include "store/sqlite.hpp"

#include <cerrno>

namespace coach::store {

namespace {

// Whether a failed call means "no room": SQLITE_FULL, which SQLite's unix VFS gives only for ENOSPC, or an I/O
// error caused by a full disk (ENOSPC), an exhausted disk quota (EDQUOT, common on container volumes) or a
// file-size limit (EFBIG: RLIMIT_FSIZE, the file system's largest file), which the VFS reports as
// SQLITE_IOERR_WRITE (or _FSYNC, _TRUNCATE, ...). For the user all of them are the same: no room. The cause is
// the errno of the failed write(2): sqlite3_system_errno() when SQLite recorded it, else errno as the failed
// call left it (SQLite 3.40 records none on this path; tests/faults/test_faults_disk.cpp proves the result).
// `savedErrno` must be read right after the failed SQLite call, before anything else can change it.
bool outOfSpace(sqlite3* db, int rc, int savedErrno) {
  const int primary = rc & 0xff;
  if (primary == SQLITE_FULL) return true;
  if (primary != SQLITE_IOERR) return false;
  const auto noRoom = [](int err) { return err == ENOSPC || err == EDQUOT || err == EFBIG; };
  if (db != nullptr && noRoom(sqlite3_system_errno(db))) return true;
  // errno only for the codes of a call that writes, so a stale errno never turns another I/O error into this.
  const bool writing = rc == SQLITE_IOERR_WRITE || rc == SQLITE_IOERR_FSYNC || rc == SQLITE_IOERR_DIR_FSYNC ||
                       rc == SQLITE_IOERR_TRUNCATE || rc == SQLITE_IOERR_SHMSIZE;
  return writing && noRoom(savedErrno);
}

}  // namespace

Error sqliteError(sqlite3* db, int rc, std::string_view what) {
  const int savedErrno = errno;  // first: see outOfSpace
  if (outOfSpace(db, rc, savedErrno)) {
    return makeError(ErrorCode::StorageFull, std::string(what) +
                                                 ": the disk is full (or a disk quota or file-size limit is "
                                                 "reached); nothing was saved by this step and nothing earlier "
                                                 "was lost. Free some space and try again");
  }
  std::string detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
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
  const int savedErrno = errno;
  if (rc != SQLITE_OK) {
    std::string detail = message != nullptr ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    if (outOfSpace(db_.get(), rc, savedErrno)) {
      errno = savedErrno;  // sqlite3_free may have touched it; sqliteError reads it again
      return sqliteError(db_.get(), rc, what);
    }
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

Result<Stmt*> StmtCache::get(std::string_view sql) {
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
