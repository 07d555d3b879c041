// storage/postgres_storage.hpp: PgStorage, coach-syncd's Storage on PostgreSQL (docs/sync-server-postgres.md),
// for an organisation that runs several stateless coach-syncd replicas behind a load balancer on one database.
// Selected by COACH_SYNCD_DATABASE_URL=postgresql://...; behaves exactly like SqliteStorage and MemoryStorage (the
// conformance suite runs over all three).
//
// Durability: every write method is one transaction, committed with synchronous_commit on (a server set to off is
// overridden for coach-syncd's sessions), so a method that returned has reached the server's disk and the relay
// acknowledges a push only after that. Serialisation failures and deadlocks (SQLSTATE 40001, 40P01) are retried;
// a lost connection is replaced. When the server cannot be reached a method gives Unavailable (HTTP 503 with
// Retry-After), naming host, port and database but never the password; a full disk there gives StorageFull.
//
// Server sequences: every write of a team's log (append, erase) and of team-wide state (snapshots, grants) first
// locks the team's row in team_head (SELECT ... FOR UPDATE), so per team sequences are allocated and committed
// strictly in order across every replica and a pull never skips a sequence that commits later
// (docs/sync-server-postgres.md explains why this suffices).
//
// Thread-safety: safe to call from many threads at once, and from many processes on one database. Each call
// leases a connection from a small pool (at most Options::maxConnections open).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "relay/storage.hpp"

namespace coach::relay {

namespace pg_detail {
class Conn;
class Lease;
}  // namespace pg_detail

class PgStorage final : public Storage {
 public:
  struct Options {
    std::size_t maxConnections = 16;   // open at once; a call waits for a free one (up to connectWaitMillis)
    int connectWaitMillis = 10000;     // then Unavailable ("all connections busy")
    int maxAttempts = 8;               // of a transaction that meets serialisation failures or deadlocks
  };

  // Connects to `url`, checks it is a coach-syncd database (or an empty one) and brings its schema up to date.
  // Unavailable when the server cannot be reached; StorageError when the database holds another program's tables;
  // SchemaTooNew (nothing changed) when a newer coach-syncd migrated it.
  static Result<std::unique_ptr<PgStorage>> open(const std::string& url, Options options);
  static Result<std::unique_ptr<PgStorage>> open(const std::string& url) { return open(url, Options{}); }
  ~PgStorage() override;
  PgStorage(const PgStorage&) = delete;
  PgStorage& operator=(const PgStorage&) = delete;

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
  // Erasure (postgres_storage_erasure.cpp): one transaction, then a VACUUM of the log and snapshots so the old row
  // versions are dropped from the tables (docs/sync-server-postgres.md, "Erasure", says what PostgreSQL keeps).
  Result<std::uint64_t> erase(const std::string& team, const ErasureRecord& erasure) override;
  Result<std::vector<sync::ErasureEntry>> erasures(const std::string& team, std::uint64_t after) override;
  Result<std::uint64_t> erasureCount(const std::string& team) override;
  Result<StorageStats> stats(std::int64_t now) override;
  Status ready() override;

  // After a pg_restore of an older dump: moves every team's next server sequence 2^32 ahead, so no sequence a
  // device may already hold as its cursor is handed out again (as restoreSqliteStore does; gaps are allowed), and
  // records this database as the one the store is served from.
  Status moveSequencesPastRestore();
  // Before serving (coach-syncd serve): InvalidArgument, changing nothing, when the store was last served from
  // another database than this one (pg_database's oid differs), as after a pg_restore into a new database or a
  // copy, and moveSequencesPastRestore has not run since; otherwise records this database on the first start.
  Status checkNotRestored();
  // Envelopes stored per team, by team id (admin stats).
  Result<std::vector<std::pair<std::string, std::uint64_t>>> envelopeCounts();

  // A session-level advisory lock on the database, held while the returned object lives (on a connection of its
  // own): replicas starting at once take it around their first-start check, so only one creates the first team.
  class SessionLock {
   public:
    explicit SessionLock(std::unique_ptr<pg_detail::Conn> conn);
    ~SessionLock();
    SessionLock(const SessionLock&) = delete;
    SessionLock& operator=(const SessionLock&) = delete;

   private:
    std::unique_ptr<pg_detail::Conn> conn_;
  };
  Result<std::unique_ptr<SessionLock>> lockFirstStart();

  // host:port/database, for logs (never the password).
  const std::string& where() const { return where_; }

 private:
  friend class pg_detail::Lease;
  PgStorage(std::string url, Options options);
  Result<pg_detail::Lease> lease();
  void giveBack(std::unique_ptr<pg_detail::Conn> conn);
  // One READ COMMITTED transaction: `fn(conn)` returns Result<T>; commits when it succeeds, rolls back on every
  // other path; retried from the start after a serialisation failure, a deadlock or a connection lost before COMMIT.
  template <class T, class Fn>
  Result<T> write(std::string_view operation, Fn&& fn);
  // One read: `fn(conn)` on a leased connection (autocommit); retried once on a new connection when it was lost.
  template <class T, class Fn>
  Result<T> read(std::string_view operation, Fn&& fn);

  const std::string url_;
  const std::string where_;
  const Options options_;
  std::mutex poolMu_;  // guards idle_ and open_
  std::condition_variable poolCv_;
  std::vector<std::unique_ptr<pg_detail::Conn>> idle_;
  std::size_t open_ = 0;  // connections leased or idle
};

}  // namespace coach::relay
