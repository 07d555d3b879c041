// storage/sqlite_storage_internal.hpp: what the facet files of SqliteStorage share (sqlite_storage*.cpp): a
// connection with its statement cache, the lease of a pooled read connection, the write transaction, binding
// helpers and the naming of errors. Not for use outside sync-server/storage/.
//
// Thread-safety: a Conn belongs to one thread at a time (the writer under SqliteStorage::writeMu_, a reader
// while leased).
#pragma once

#include <algorithm>
#include <concepts>
#include <optional>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "storage/sqlite_storage.hpp"
#include "store/sqlite.hpp"

namespace coach::relay::sqlite_detail {

struct Conn {
  explicit Conn(store::Db opened) : db(std::move(opened)), cache(db.get()) {}
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;
  store::Db db;
  store::StmtCache cache;  // holds db's handle: a Conn never moves (it lives behind a unique_ptr)
};

// A read connection borrowed from the pool; given back when the lease ends.
class ReadLease {
 public:
  ReadLease(SqliteStorage& owner, std::unique_ptr<Conn> conn) : owner_(&owner), conn_(std::move(conn)) {}
  ReadLease(ReadLease&&) noexcept = default;
  ReadLease& operator=(ReadLease&&) = delete;
  ~ReadLease() {
    if (conn_) owner_->giveBack(std::move(conn_));
  }
  Conn& operator*() const { return *conn_; }
  Conn* operator->() const { return conn_.get(); }

 private:
  SqliteStorage* owner_;
  std::unique_ptr<Conn> conn_;
};

// Opens a connection to `file` with the settings every connection has (busy timeout, extended codes);
// `readOnly` connections refuse writes (PRAGMA query_only).
Result<std::unique_ptr<Conn>> openConn(const std::filesystem::path& file, int busyTimeoutMillis, bool readOnly);

// Puts the operation in front of a storage error's message; a full disk gets the message an admin acts on.
// Every other error (NotFound, AlreadyExists, SequenceGap...) is the contract's answer and passes unchanged.
Error named(Error error, std::string_view operation);

// A read transaction, so that several queries see one state. Ends (ROLLBACK: nothing was written) on scope exit.
class ReadTxn {
 public:
  explicit ReadTxn(Conn& conn) : conn_(conn) {}
  ReadTxn(const ReadTxn&) = delete;
  ReadTxn& operator=(const ReadTxn&) = delete;
  ~ReadTxn();
  Status begin();

 private:
  Status run(const std::string& sql);
  Conn& conn_;
  bool open_ = false;
};

inline Status bindValue(store::Stmt& s, int i, std::string_view v) { return s.bindText(i, v); }
inline Status bindValue(store::Stmt& s, int i, crypto::ByteView v) { return s.bindBlob(i, v); }
inline Status bindValue(store::Stmt& s, int i, std::nullptr_t) { return s.bindNull(i); }
template <std::integral T>
Status bindValue(store::Stmt& s, int i, T v) {
  if (!std::in_range<std::int64_t>(v)) {
    return makeError(ErrorCode::InvalidArgument, "a number is larger than the store can hold");
  }
  return s.bindInt(i, static_cast<std::int64_t>(v));
}

// Binds the values to parameters 1, 2, ... in order; stops at the first failure.
template <class... Values>
Status bindAll(store::Stmt& stmt, const Values&... values) {
  int index = 0;
  Status status;
  auto one = [&](const auto& value) {
    if (status.ok()) status = bindValue(stmt, ++index, value);
  };
  (one(values), ...);
  (void)one;  // unused when there is nothing to bind
  return status;
}

// Runs a cached statement with `values` bound, to completion (a statement that returns no rows).
template <class... Values>
Status runBound(Conn& c, const std::string& sql, const Values&... values) {
  COACH_ASSIGN_OR_RETURN(store::Stmt * s, c.cache.get(sql));
  store::StmtGuard guard(*s);
  COACH_TRY(bindAll(*s, values...));
  return s->run();
}

// A 32-byte hash column; StorageError when the stored value has another length (a damaged file).
Result<sync::Hash> hashAt(const store::Stmt& stmt, int col);
inline crypto::Bytes bytesAt(const store::Stmt& stmt, int col) {
  const crypto::ByteView view = stmt.blobAt(col);
  return crypto::Bytes(view.begin(), view.end());
}
inline std::uint64_t u64At(const store::Stmt& stmt, int col) {
  return static_cast<std::uint64_t>(std::max<std::int64_t>(stmt.intAt(col), 0));
}

// StorageError "<what> <path> failed (<errno text>): check ..." for a failed file system call.
Error fileError(const std::string& what, const std::filesystem::path& path, int err);
// Creates the missing directories of `dir`, each private to the server's user (mode 0700).
Status makePrivateDirectories(const std::filesystem::path& dir);

// Erasure (sqlite_storage_erasure.cpp): the index of the shard's erasure (nullopt when it was not erased), and
// the team's number of erasures, read on `c` (inside the caller's transaction).
Result<std::optional<std::uint64_t>> erasureOf(Conn& c, const std::string& team, const std::string& shard);
Result<std::uint64_t> erasureCountOf(Conn& c, const std::string& team);

// One push waiting for group commit (SqliteStorage::appendInGroup): the caller's arguments, and its answer once
// the batch that held it committed or failed (written under SqliteStorage::groupMu_).
struct PendingAppend {
  const std::string& team;
  const std::string& device;
  std::uint64_t expectedLast;
  const std::vector<NewEnvelope>& envelopes;
  const std::vector<sync::KeyRecord>& keys;
  std::optional<Result<std::vector<std::uint64_t>>> result;
};

// Stores one push on `c` inside the caller's transaction (sqlite_storage_log.cpp): the checks of
// Storage::append (team, device, expected sequence, key records) and the rows. Leaves partial rows behind on
// failure: the caller rolls back (to the push's savepoint).
Result<std::vector<std::uint64_t>> appendOne(Conn& c, const PendingAppend& push);

Error noTeam(const std::string& team);
Error noDevice(const std::string& device);

}  // namespace coach::relay::sqlite_detail

namespace coach::relay {

// One IMMEDIATE transaction on the writer connection: `fn(conn)` returns Result<T>; the step commits when it
// succeeds and rolls back on every other path (an error, a full disk, an exception).
template <class T, class Fn>
Result<T> SqliteStorage::write(std::string_view operation, Fn&& fn) {
  std::lock_guard lock(writeMu_);
  sqlite_detail::Conn& w = *writer_;
  Result<store::Transaction> txn = store::Transaction::begin(w.db, &w.cache);
  if (!txn.ok()) return sqlite_detail::named(std::move(txn).error(), operation);
  Result<T> result = std::forward<Fn>(fn)(w);
  if (!result.ok()) return sqlite_detail::named(std::move(result).error(), operation);
  Status committed = txn->commit();
  if (!committed.ok()) return sqlite_detail::named(std::move(committed).error(), operation);
  return result;
}

}  // namespace coach::relay
