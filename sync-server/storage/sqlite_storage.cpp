// storage/sqlite_storage.cpp: opening SqliteStorage (file, directory, pragmas, schema), its connection pool and
// the helpers its facet files share. Teams, devices and codes: sqlite_storage_devices.cpp; the log and
// snapshots: sqlite_storage_log.cpp; backup, restore and checkpoint: sqlite_storage_backup.cpp.
#include "storage/sqlite_storage.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>

#include "storage/sqlite_schema.hpp"
#include "storage/sqlite_storage_internal.hpp"

namespace coach::relay {
namespace sqlite_detail {

namespace fs = std::filesystem;

using store::Stmt;
using store::StmtGuard;

Error named(Error error, std::string_view operation) {
  if (error.code == ErrorCode::StorageFull) {
    error.message = std::string(operation) +
                    ": the disk holding the sync server's store is full; nothing of this step was saved and "
                    "nothing earlier was lost. Free space on the data volume and try again";
  } else if (error.code == ErrorCode::StorageError) {
    error.message = std::string(operation) + ": " + error.message;
  }
  return error;
}

Error noTeam(const std::string& team) {
  return makeError(ErrorCode::NotFound, "no team " + team + " on this server: create it with 'coach-syncd admin team create'");
}

Error noDevice(const std::string& device) { return makeError(ErrorCode::NotFound, "no device " + device + " in this team"); }

Result<sync::Hash> hashAt(const Stmt& stmt, int col) {
  const crypto::ByteView view = stmt.blobAt(col);
  sync::Hash hash{};
  if (view.size() != hash.size()) {
    return makeError(ErrorCode::StorageError, "a stored hash has the wrong length: the store is damaged; restore a backup");
  }
  std::copy(view.begin(), view.end(), hash.begin());
  return hash;
}

Result<std::unique_ptr<Conn>> openConn(const std::filesystem::path& file, int busyTimeoutMillis, bool readOnly) {
  Result<store::Db> db = store::Db::open(file.string(), false);
  if (!db.ok()) {
    return makeError(ErrorCode::StorageError, "opening the store " + file.string() + " failed (" + db.error().message +
                                                  "): check that it exists and coach-syncd may read and write it");
  }
  auto conn = std::make_unique<Conn>(std::move(db).value());
  const int rc = sqlite3_busy_timeout(conn->db.get(), busyTimeoutMillis);
  if (rc != SQLITE_OK) return store::sqliteError(conn->db.get(), rc, "setting the busy timeout");
  if (readOnly) COACH_TRY(conn->db.exec("PRAGMA query_only = 1", "making a read connection read-only"));
  return conn;
}

Status ReadTxn::begin() {
  COACH_TRY(run("BEGIN"));
  open_ = true;
  return {};
}

ReadTxn::~ReadTxn() {
  if (open_) (void)run("ROLLBACK");
}

Status ReadTxn::run(const std::string& sql) {
  COACH_ASSIGN_OR_RETURN(Stmt * stmt, conn_.cache.get(sql));
  StmtGuard guard(*stmt);
  return stmt->run();
}

Error fileError(const std::string& what, const fs::path& path, int err) {
  return makeError(ErrorCode::StorageError, what + " " + path.string() + " failed (" + std::strerror(err) +
                                                "): check the data path and that coach-syncd may write there");
}

// Creates the missing directories of `dir`, each private to the server's user (0700).
Status makePrivateDirectories(const fs::path& dir) {
  std::error_code ec;
  if (dir.empty() || fs::exists(dir, ec)) return {};
  COACH_TRY(makePrivateDirectories(dir.parent_path()));
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) return fileError("creating the directory", dir, errno);
  return {};
}

}  // namespace sqlite_detail

namespace {

using sqlite_detail::Conn;
namespace fs = std::filesystem;

// SQLite 3.40's own default cap (SQLITE_MAX_PAGE_COUNT): what "no cap" means.
constexpr std::uint64_t kDefaultMaxPages = 1073741823;

// Creates `file` (0600) unless it exists; SQLite gives its -wal and -shm files the same mode.
Status createPrivateFile(const fs::path& file) {
  COACH_TRY(sqlite_detail::makePrivateDirectories(file.parent_path()));
  const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) {
    ::close(fd);
    return {};
  }
  if (errno == EEXIST) return {};
  return sqlite_detail::fileError("creating the store", file, errno);
}

Status configureWriter(const Conn& writer) {
  COACH_ASSIGN_OR_RETURN(store::Stmt mode, store::Stmt::prepare(writer.db.get(), "PRAGMA journal_mode = WAL"));
  COACH_ASSIGN_OR_RETURN(bool row, mode.step());
  if (!row || mode.textAt(0) != "wal") {
    return makeError(ErrorCode::StorageError, "the store could not be switched to WAL mode: put the data directory on "
                                              "a local file system (WAL needs shared memory)");
  }
  COACH_TRY(writer.db.exec("PRAGMA synchronous = FULL", "making every commit durable"));
  COACH_TRY(writer.db.exec("PRAGMA foreign_keys = ON", "enabling foreign keys"));
  return {};
}

}  // namespace

Result<std::unique_ptr<SqliteStorage>> SqliteStorage::open(const fs::path& file, Options options) {
  COACH_TRY(createPrivateFile(file));
  COACH_ASSIGN_OR_RETURN(std::unique_ptr<Conn> writer, sqlite_detail::openConn(file, options.busyTimeoutMillis, false));
  // Checked before anything is written: a newer store, or another program's file, is left as it was.
  COACH_ASSIGN_OR_RETURN(StoreHeader header, inspectStore(writer->db, file));
  (void)header;
  COACH_TRY(configureWriter(*writer));
  COACH_TRY(migrateStore(writer->db, file));
  std::unique_ptr<SqliteStorage> storage(new SqliteStorage(file, options, std::move(writer)));
  // The cap applies to what comes after opening (it is never below the file's size).
  if (options.maxPageCount > 0) COACH_TRY(storage->setMaxPageCount(options.maxPageCount));
  return storage;
}

SqliteStorage::SqliteStorage(fs::path file, Options options, std::unique_ptr<Conn> writer)
    : file_(std::move(file)), options_(options), writer_(std::move(writer)) {}

SqliteStorage::~SqliteStorage() {
  idle_.clear();
  writer_.reset();  // the last connection to close checkpoints the WAL into the file and removes it
}

Result<sqlite_detail::ReadLease> SqliteStorage::reader() {
  {
    std::lock_guard lock(poolMu_);
    if (!idle_.empty()) {
      std::unique_ptr<Conn> conn = std::move(idle_.back());
      idle_.pop_back();
      return sqlite_detail::ReadLease(*this, std::move(conn));
    }
  }
  Result<std::unique_ptr<Conn>> opened = sqlite_detail::openConn(file_, options_.busyTimeoutMillis, true);
  if (!opened.ok()) return sqlite_detail::named(std::move(opened).error(), "opening a read connection");
  return sqlite_detail::ReadLease(*this, std::move(opened).value());
}

void SqliteStorage::giveBack(std::unique_ptr<Conn> conn) {
  std::unique_lock lock(poolMu_);
  if (idle_.size() < options_.maxIdleReaders) {
    idle_.push_back(std::move(conn));
    return;
  }
  lock.unlock();
  conn.reset();  // closed outside the pool's lock
}

Status SqliteStorage::ready() {
  COACH_ASSIGN_OR_RETURN(sqlite_detail::ReadLease conn, reader());
  COACH_ASSIGN_OR_RETURN(store::Stmt * stmt, conn->cache.get("PRAGMA user_version"));
  store::StmtGuard guard(*stmt);
  Result<bool> row = stmt->step();
  if (!row.ok()) return sqlite_detail::named(std::move(row).error(), "checking the store");
  if (!*row || stmt->intAt(0) != kSqliteSchemaVersion) {
    return makeError(ErrorCode::StorageError, "the store " + file_.string() + " changed its schema under the running "
                                              "server: restart coach-syncd");
  }
  return {};
}

Result<std::uint64_t> SqliteStorage::setMaxPageCount(std::uint64_t pages) {
  const std::uint64_t cap = pages == 0 ? kDefaultMaxPages : std::min(pages, kDefaultMaxPages);
  std::lock_guard lock(writeMu_);
  Result<store::Stmt> stmt = store::Stmt::prepare(writer_->db.get(), "PRAGMA max_page_count = " + std::to_string(cap));
  if (!stmt.ok()) return sqlite_detail::named(std::move(stmt).error(), "capping the store's size");
  Result<bool> row = stmt->step();
  if (!row.ok()) return sqlite_detail::named(std::move(row).error(), "capping the store's size");
  return *row ? sqlite_detail::u64At(*stmt, 0) : cap;
}

Status SqliteStorage::checkpoint() {
  std::lock_guard lock(writeMu_);
  Result<store::Stmt> stmt = store::Stmt::prepare(writer_->db.get(), "PRAGMA wal_checkpoint(TRUNCATE)");
  if (!stmt.ok()) return sqlite_detail::named(std::move(stmt).error(), "checkpointing the store");
  Result<bool> row = stmt->step();
  if (!row.ok()) return sqlite_detail::named(std::move(row).error(), "checkpointing the store");
  if (*row && stmt->intAt(0) != 0) {
    return makeError(ErrorCode::StorageError, "checkpointing the store: readers kept the write-ahead log busy; "
                                              "try again when requests have finished");
  }
  return {};
}

}  // namespace coach::relay
