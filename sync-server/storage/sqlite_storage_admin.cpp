// storage/sqlite_storage_admin.cpp: what coach-syncd's admin commands and /metrics ask of SqliteStorage: counts,
// a consistent backup of the live store, and restoring one (docs/sync-server-storage.md, "Backup and restore").
// Thread-safety: stats, envelopeCounts and backup are safe while the server runs (they read on a leased read
// connection); restoreSqliteStore is for a stopped server.
#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>

#include "storage/sqlite_schema.hpp"
#include "storage/sqlite_storage_internal.hpp"

namespace coach::relay {
namespace {

namespace fs = std::filesystem;
using sqlite_detail::fileError;
using store::Stmt;
using store::StmtGuard;

// One row of counters from `sql` (bound to `values`), in a read transaction the caller holds.
template <std::size_t N>
Result<std::array<std::uint64_t, N>> counters(sqlite_detail::Conn& c, const std::string& sql, const auto&... values) {
  COACH_ASSIGN_OR_RETURN(Stmt * s, c.cache.get(sql));
  StmtGuard guard(*s);
  COACH_TRY(sqlite_detail::bindAll(*s, values...));
  COACH_ASSIGN_OR_RETURN(bool row, s->step());
  std::array<std::uint64_t, N> out{};
  for (std::size_t i = 0; row && i < N; ++i) out[i] = sqlite_detail::u64At(*s, static_cast<int>(i));
  return out;
}

Status fsyncPath(const fs::path& path, bool directory) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | (directory ? O_DIRECTORY : 0));
  if (fd < 0) return fileError("opening", path, errno);
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) return fileError("flushing", path, err);
  return {};
}

fs::path directoryOf(const fs::path& file) { return file.has_parent_path() ? file.parent_path() : fs::path("."); }

// Removes a temporary file (and SQLite's files beside it) on every path unless kept.
class TempFile {
 public:
  explicit TempFile(fs::path path) : path_(std::move(path)) { removeAll(); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    if (!kept_) removeAll();
  }
  const fs::path& path() const { return path_; }
  void keep() { kept_ = true; }

 private:
  void removeAll() const {
    std::error_code ec;
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) fs::remove(path_.string() + suffix, ec);
  }
  fs::path path_;
  bool kept_ = false;
};

Status createEmptyPrivate(const fs::path& file) {
  const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return fileError("creating", file, errno);
  ::close(fd);
  return {};
}

// Copies the whole of `source` into `dest` in one step, so the copy is the state of one instant even while the
// writer commits (a WAL reader's snapshot), then makes `dest` a self-contained rollback-journal file.
Status copyDatabase(sqlite3* source, const store::Db& dest) {
  sqlite3_backup* backup = sqlite3_backup_init(dest.get(), "main", source, "main");
  if (backup == nullptr) return store::sqliteError(dest.get(), sqlite3_errcode(dest.get()), "starting the backup");
  const int stepped = sqlite3_backup_step(backup, -1);
  const int finished = sqlite3_backup_finish(backup);
  if (stepped != SQLITE_DONE) return store::sqliteError(nullptr, stepped, "copying the store");
  if (finished != SQLITE_OK) return store::sqliteError(dest.get(), finished, "finishing the backup");
  return dest.exec("PRAGMA journal_mode = DELETE", "making the backup self-contained");
}

Error notABackup(const fs::path& backup) {
  return makeError(ErrorCode::StorageError, "the backup " + backup.string() +
                                                " is not a valid coach-syncd store: choose a file made by "
                                                "'coach-syncd admin backup'; the live store was not changed");
}

// Checks the copy of a backup at `copy`: a coach-syncd store of a schema this version knows, undamaged.
Status checkBackup(const fs::path& copy, const fs::path& backup) {
  Result<store::Db> db = store::Db::open(copy.string(), false);
  if (!db.ok()) return notABackup(backup);
  Result<StoreHeader> header = inspectStore(*db, backup);
  if (!header.ok()) {
    if (header.error().code == ErrorCode::SchemaTooNew) return std::move(header).error();
    return notABackup(backup);
  }
  if (header->empty || header->schemaVersion < 1) return notABackup(backup);
  Result<Stmt> check = Stmt::prepare(db->get(), "PRAGMA quick_check");
  if (!check.ok()) return notABackup(backup);
  Result<bool> row = check->step();
  if (!row.ok() || !*row || check->textAt(0) != "ok") return notABackup(backup);
  return {};
}

}  // namespace

Result<StorageStats> SqliteStorage::stats(std::int64_t now) {
  COACH_ASSIGN_OR_RETURN(sqlite_detail::ReadLease c, reader());
  auto read = [&]() -> Result<StorageStats> {
    sqlite_detail::ReadTxn txn(*c);  // every count from the same state
    COACH_TRY(txn.begin());
    StorageStats s;
    COACH_ASSIGN_OR_RETURN(auto log, counters<5>(*c, "SELECT count(*), coalesce(sum(envelopes), 0), coalesce(sum(envelope_bytes), 0), "
                                                     "coalesce(sum(key_records), 0), coalesce(sum(tombstones), 0) FROM team_head"));
    COACH_ASSIGN_OR_RETURN(auto erasures, counters<1>(*c, "SELECT count(*) FROM team_erasure"));
    COACH_ASSIGN_OR_RETURN(auto devices, counters<2>(*c, "SELECT count(*), coalesce(sum(revoked), 0) FROM device"));
    COACH_ASSIGN_OR_RETURN(auto snaps, counters<2>(*c, "SELECT count(*), coalesce(sum(length(bytes)), 0) FROM snapshot"));
    COACH_ASSIGN_OR_RETURN(auto codes, counters<1>(*c, "SELECT count(*) FROM enrol_code WHERE used_at IS NULL AND "
                                                       "expires_at > ?1", now));
    s.teams = log[0];
    s.envelopes = log[1];
    s.envelopeBytes = log[2];
    s.keyRecords = log[3];
    s.tombstones = log[4];
    s.erasures = erasures[0];
    s.devices = devices[0];
    s.revokedDevices = devices[1];
    s.snapshots = snaps[0];
    s.snapshotBytes = snaps[1];
    s.openEnrolCodes = codes[0];
    return s;
  };
  Result<StorageStats> out = read();
  if (!out.ok()) return sqlite_detail::named(std::move(out).error(), "counting what the store holds");
  return out;
}

Result<std::vector<std::pair<std::string, std::uint64_t>>> SqliteStorage::envelopeCounts() {
  using Counts = std::vector<std::pair<std::string, std::uint64_t>>;
  COACH_ASSIGN_OR_RETURN(sqlite_detail::ReadLease c, reader());
  COACH_ASSIGN_OR_RETURN(Stmt * s, c->cache.get("SELECT team, envelopes FROM team_head ORDER BY team"));
  StmtGuard guard(*s);
  Counts out;
  for (;;) {
    Result<bool> row = s->step();
    if (!row.ok()) return sqlite_detail::named(std::move(row).error(), "counting envelopes per team");
    if (!*row) return out;
    out.emplace_back(s->textAt(0), sqlite_detail::u64At(*s, 1));
  }
}

Status SqliteStorage::backup(const fs::path& dest) {
  COACH_TRY(sqlite_detail::makePrivateDirectories(dest.parent_path()));
  TempFile tmp(dest.string() + ".tmp");
  COACH_TRY(createEmptyPrivate(tmp.path()));
  {
    Result<store::Db> out = store::Db::open(tmp.path().string(), false);
    if (!out.ok()) return sqlite_detail::named(std::move(out).error(), "writing the backup " + tmp.path().string());
    COACH_ASSIGN_OR_RETURN(sqlite_detail::ReadLease source, reader());
    Status copied = copyDatabase(source->db.get(), *out);
    if (!copied.ok()) return sqlite_detail::named(std::move(copied).error(), "backing up to " + dest.string());
  }  // closed: everything written
  COACH_TRY(fsyncPath(tmp.path(), false));
  std::error_code ec;
  fs::rename(tmp.path(), dest, ec);
  if (ec) return fileError("renaming the backup to", dest, ec.value());
  tmp.keep();
  return fsyncPath(directoryOf(dest), true);
}

namespace {

// After a restore the server must never hand out a server sequence it may already have served after the backup
// was taken: a device whose pull cursor is past the backup's head would skip every new item below its cursor.
// Every team's next sequence jumps by 2^32 (gaps are allowed by the protocol), which no server serves between a
// backup and a restore.
constexpr std::int64_t kRestoreSequenceJump = std::int64_t{1} << 32;

Status moveSequencesPastBackup(const fs::path& file) {
  COACH_ASSIGN_OR_RETURN(store::Db db, store::Db::open(file.string(), false));
  return db.exec("UPDATE team_head SET last_server_seq = last_server_seq + " + std::to_string(kRestoreSequenceJump),
                 "moving the restored store's server sequences past the backup");
}

}  // namespace

Status restoreSqliteStore(const fs::path& backupFile, const fs::path& liveFile) {
  std::error_code ec;
  if (!fs::is_regular_file(backupFile, ec)) {
    return makeError(ErrorCode::NotFound, "no backup file at " + backupFile.string() + ": check the path");
  }
  COACH_TRY(sqlite_detail::makePrivateDirectories(liveFile.parent_path()));
  TempFile tmp(liveFile.string() + ".restore");
  fs::copy_file(backupFile, tmp.path(), fs::copy_options::overwrite_existing, ec);
  if (ec) return fileError("copying the backup to", tmp.path(), ec.value());
  fs::permissions(tmp.path(), fs::perms::owner_read | fs::perms::owner_write, ec);
  if (ec) return fileError("making private", tmp.path(), ec.value());
  COACH_TRY(checkBackup(tmp.path(), backupFile));
  COACH_TRY(moveSequencesPastBackup(tmp.path()));
  COACH_TRY(fsyncPath(tmp.path(), false));
  // The old file's write-ahead log and index belong to it: left beside the new file, SQLite would replay them.
  for (const char* suffix : {"-wal", "-shm"}) {
    const fs::path stale = liveFile.string() + suffix;
    fs::remove(stale, ec);
    if (ec) return fileError("removing", stale, ec.value());
  }
  fs::rename(tmp.path(), liveFile, ec);
  if (ec) return fileError("replacing the store", liveFile, ec.value());
  tmp.keep();
  return fsyncPath(directoryOf(liveFile), true);
}

}  // namespace coach::relay
