// storage/sqlite_storage.hpp: SqliteStorage, coach-syncd's default Storage: one SQLite file in the data volume
// (docs/sync-server-storage.md). Also the admin operations that only this backend has: backup, restore,
// checkpoint and per-team envelope counts.
//
// Durability: WAL mode with synchronous=FULL, so a method that returned has reached the disk (the relay
// acknowledges a push only after append() returns). Every write method is one IMMEDIATE transaction: it happens
// completely or not at all. A full disk gives StorageFull and rolls the step back; other failures give
// StorageError naming the operation (never the data).
//
// Group commit (sqlite_storage_group.cpp, docs/sync-server-storage.md): pushes that arrive while another push's
// commit is in flight are appended together, each in its own savepoint of one transaction, and committed with one
// fdatasync; then each caller gets its own answer. A push that fails its own checks (SequenceGap, a key record
// stored with other bytes, an unknown team or device) is rolled back to its savepoint and fails alone; a failure
// of the transaction itself (a full disk at commit) fails every push of the batch, none of which was stored.
//
// Thread-safety: safe to call from many threads at once. All writes go through one writer connection guarded by
// a mutex (so server sequences are allocated and become visible strictly in order); reads use a pool of
// read-only connections and never wait for writes (WAL readers see the last committed state).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "relay/storage.hpp"

namespace coach::relay {

namespace sqlite_detail {
struct Conn;
class ReadLease;
struct PendingAppend;
}  // namespace sqlite_detail

class SqliteStorage final : public Storage {
 public:
  struct Options {
    int busyTimeoutMillis = 5000;     // how long a step waits for another process's lock (an admin command)
    std::size_t maxIdleReaders = 8;   // read connections kept open between requests
    std::uint64_t maxPageCount = 0;   // caps the file at this many pages (0: no cap); tests simulate a full disk
    std::size_t maxGroupPushes = 64;  // pushes committed together at most (1: every push commits alone)
  };

  // Opens the store at `file`, creating it and its directory when missing (directory mode 0700, file 0600),
  // and brings its schema up to date. StorageError naming the path when the file is not a coach-syncd store or
  // cannot be opened; SchemaTooNew (nothing changed) when a newer coach-syncd wrote it.
  static Result<std::unique_ptr<SqliteStorage>> open(const std::filesystem::path& file, Options options);
  static Result<std::unique_ptr<SqliteStorage>> open(const std::filesystem::path& file) { return open(file, Options{}); }
  ~SqliteStorage() override;
  SqliteStorage(const SqliteStorage&) = delete;
  SqliteStorage& operator=(const SqliteStorage&) = delete;

  Status createTeam(const TeamRecord& team) override;
  Result<std::vector<TeamRecord>> teams() override;
  Status addDevice(const std::string& team, const DeviceRecord& device, const std::string& tokenId,
                   const sync::Hash& verifier) override;
  Status revokeDevice(const std::string& team, const std::string& device, std::int64_t now) override;
  Status setAgreementKey(const std::string& team, const std::string& device, const crypto::Bytes& key) override;
  Status touchDevice(const std::string& team, const std::string& device, std::int64_t now) override;
  Result<std::optional<DeviceRecord>> device(const std::string& team, const std::string& id) override;
  Result<std::vector<DeviceRecord>> devices(const std::string& team) override;
  Result<std::optional<TokenRecord>> token(const std::string& tokenId) override;
  Status approveDevice(const std::string& team, const std::string& device, const std::string& approvedBy,
                       const std::vector<GrantRecord>& grants, std::int64_t now) override;
  Status putGrants(const std::string& team, std::uint32_t newEpoch, const std::vector<GrantRecord>& grants) override;
  Result<std::vector<GrantRecord>> grants(const std::string& team, const std::optional<std::string>& recipient) override;
  Status addEnrolCode(const sync::Hash& codeHash, const EnrolCodeInfo& info) override;
  Result<DeviceRecord> enrol(const sync::Hash& codeHash, const Enrolment& enrolment) override;
  Result<std::vector<std::uint64_t>> append(const std::string& team, const std::string& device, std::uint64_t expectedLast,
                                            const std::vector<NewEnvelope>& envelopes,
                                            const std::vector<sync::KeyRecord>& keys) override;
  Result<std::optional<sync::Hash>> envelopeHash(const std::string& team, const std::string& device,
                                                 std::uint64_t sequence) override;
  Result<sync::PullResponse> page(const std::string& team, std::uint64_t after, std::uint32_t limit,
                                  std::uint32_t maxBytes) override;
  Result<std::uint64_t> head(const std::string& team) override;
  Status putSnapshot(const std::string& team, const SnapshotInfo& info, const crypto::Bytes& bytes) override;
  Result<std::vector<SnapshotInfo>> snapshots(const std::string& team) override;
  Result<std::optional<SnapshotInfo>> snapshotOf(const std::string& team, const std::string& shard) override;
  Result<std::optional<crypto::Bytes>> snapshot(const std::string& team, const std::string& shard) override;
  // Erasure (sqlite_storage_erasure.cpp): one transaction with secure_delete on, then a TRUNCATE checkpoint, so
  // neither the file's free pages nor the write-ahead log keep the erased ciphertext.
  Result<std::uint64_t> erase(const std::string& team, const ErasureRecord& erasure) override;
  Result<std::vector<sync::ErasureEntry>> erasures(const std::string& team, std::uint64_t after) override;
  Result<std::uint64_t> erasureCount(const std::string& team) override;
  Result<StorageStats> stats(std::int64_t now) override;
  Status ready() override;

  // Writes a consistent copy of the live store to `dest` while the server runs (pushes go on meanwhile): the
  // state of one instant, copied through SQLite's backup API into "<dest>.tmp", fsynced, then renamed over
  // `dest` (mode 0600). The copy is a self-contained file (no -wal) that restoreSqliteStore() accepts.
  Status backup(const std::filesystem::path& dest);
  // Moves everything in the write-ahead log into the database file and truncates the log (at shutdown, so the
  // data volume holds one self-contained file). StorageError when readers kept it from finishing.
  Status checkpoint();
  // Envelopes stored per team, by team id (admin stats).
  Result<std::vector<std::pair<std::string, std::uint64_t>>> envelopeCounts();
  // Caps the file at `pages` pages (0: no cap; never below its current size). Returns the cap in force.
  Result<std::uint64_t> setMaxPageCount(std::uint64_t pages);

  // How many batches committed pushes, and how many pushes they held (since opening): pushes / batches is how
  // many pushes shared an fdatasync on average. Thread-safe.
  struct GroupCommitStats {
    std::uint64_t batches = 0;
    std::uint64_t pushes = 0;
  };
  GroupCommitStats groupCommits() const;

  const std::filesystem::path& path() const { return file_; }

 private:
  friend class sqlite_detail::ReadLease;
  SqliteStorage(std::filesystem::path file, Options options, std::unique_ptr<sqlite_detail::Conn> writer);
  Result<sqlite_detail::ReadLease> reader();
  void giveBack(std::unique_ptr<sqlite_detail::Conn> conn);
  template <class T, class Fn>
  Result<T> write(std::string_view operation, Fn&& fn);
  // Group commit (sqlite_storage_group.cpp): waits until a batch holding `mine` committed, committing batches
  // itself while no other caller does; commitGroup() stores one batch in one transaction.
  Result<std::vector<std::uint64_t>> appendInGroup(sqlite_detail::PendingAppend& mine);
  std::vector<Result<std::vector<std::uint64_t>>> commitGroup(const std::vector<sqlite_detail::PendingAppend*>& batch);

  const std::filesystem::path file_;
  const Options options_;
  std::mutex writeMu_;  // guards writer_ and everything done through it
  std::unique_ptr<sqlite_detail::Conn> writer_;
  mutable std::mutex groupMu_;  // guards waiting_, committing_, groupStats_ and every PendingAppend's result
  std::condition_variable groupDone_;  // a batch committed (or failed): waiting callers look at their result
  std::vector<sqlite_detail::PendingAppend*> waiting_;  // pushes not yet taken into a batch, oldest first
  bool committing_ = false;  // a caller is storing a batch (at most one at a time)
  GroupCommitStats groupStats_;  // batches committed (or failed) and the pushes they held
  std::mutex poolMu_;   // guards idle_
  std::vector<std::unique_ptr<sqlite_detail::Conn>> idle_;
};

// Replaces the store at `liveFile` with the backup `backupFile` (made by SqliteStorage::backup). coach-syncd
// must be stopped: a running server keeps using the file it opened. The backup is copied next to the live file,
// checked (a coach-syncd store, a schema this version knows, SQLite's integrity check), then renamed over the
// live file in one atomic step after the old file's -wal and -shm were removed (they belong to the old file and
// would damage the new one). StorageError (the live file untouched) when the backup is not a valid store;
// SchemaTooNew when a newer coach-syncd wrote it. An interrupted restore is safely run again.
Status restoreSqliteStore(const std::filesystem::path& backupFile, const std::filesystem::path& liveFile);

}  // namespace coach::relay
