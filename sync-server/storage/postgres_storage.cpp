// storage/postgres_storage.cpp: opening PgStorage (connect, check, migrate), its connection pool, readiness and
// the first-start lock. Teams, devices and codes: postgres_storage_devices.cpp; the log and snapshots:
// postgres_storage_log.cpp; erasure and counts: postgres_storage_erasure.cpp.
#include "storage/postgres_storage.hpp"

#include "storage/postgres_schema.hpp"
#include "storage/postgres_storage_internal.hpp"

namespace coach::relay {
namespace pg_detail {

Result<std::optional<std::uint64_t>> lockTeam(Conn& c, const std::string& team) {
  COACH_ASSIGN_OR_RETURN(Rows r, c.query("SELECT last_server_seq FROM team_head WHERE team = $1 FOR UPDATE", team));
  if (r.empty()) return std::optional<std::uint64_t>{};
  return std::optional<std::uint64_t>{r.u64(0, 0)};
}

}  // namespace pg_detail

using pg_detail::Conn;

PgStorage::PgStorage(std::string url, Options options)
    : url_(std::move(url)), where_(pg_detail::describeUrl(url_)), options_(options) {}

PgStorage::~PgStorage() = default;

Result<std::unique_ptr<PgStorage>> PgStorage::open(const std::string& url, Options options) {
  if (options.maxConnections == 0) options.maxConnections = 1;
  std::unique_ptr<PgStorage> storage(new PgStorage(url, options));
  COACH_ASSIGN_OR_RETURN(std::unique_ptr<Conn> conn, Conn::connect(url));
  Status migrated = migratePg(*conn);
  if (!migrated.ok()) return pg_detail::named(std::move(migrated).error(), "opening the database " + storage->where_);
  {
    std::lock_guard lock(storage->poolMu_);
    storage->idle_.push_back(std::move(conn));
    storage->open_ = 1;
  }
  return storage;
}

Result<pg_detail::Lease> PgStorage::lease() {
  std::unique_lock lock(poolMu_);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(options_.connectWaitMillis);
  while (idle_.empty() && open_ >= options_.maxConnections) {
    if (poolCv_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() && open_ >= options_.maxConnections) {
      Error busy = makeError(ErrorCode::Unavailable, "all " + std::to_string(options_.maxConnections) +
                                                          " connections to the database are busy: try again shortly");
      busy.retryAfterSeconds = 1;
      return busy;
    }
  }
  if (!idle_.empty()) {
    std::unique_ptr<Conn> conn = std::move(idle_.back());
    idle_.pop_back();
    return pg_detail::Lease(*this, std::move(conn));
  }
  ++open_;  // counted before connecting, outside the lock, so no other caller overshoots the limit
  lock.unlock();
  Result<std::unique_ptr<Conn>> conn = Conn::connect(url_);
  if (!conn.ok()) {
    lock.lock();
    --open_;
    poolCv_.notify_one();
    return std::move(conn).error();
  }
  return pg_detail::Lease(*this, std::move(conn).value());
}

void PgStorage::giveBack(std::unique_ptr<Conn> conn) {
  std::unique_lock lock(poolMu_);
  if (conn && !conn->broken() && !conn->inTransaction()) {
    idle_.push_back(std::move(conn));
  } else {
    --open_;
    lock.unlock();
    conn.reset();  // closed outside the pool's lock
    lock.lock();
  }
  poolCv_.notify_one();
}

Status PgStorage::ready() {
  return read<void>("checking the database", [&](Conn& c) -> Status {
    COACH_ASSIGN_OR_RETURN(int version, pgSchemaVersion(c));
    if (version != kPgSchemaVersion) {
      return makeError(ErrorCode::StorageError, "the database " + where_ + " changed its schema under the running "
                                                "server (now " + std::to_string(version) + "): restart coach-syncd");
    }
    return {};
  });
}

namespace {

constexpr const char* kThisDatabase = "(SELECT oid::bigint FROM pg_database WHERE datname = current_database())";

}  // namespace

Status PgStorage::moveSequencesPastRestore() {
  return write<void>("moving server sequences past the restored dump", [](Conn& c) -> Status {
    COACH_TRY(c.command("UPDATE team_head SET last_server_seq = last_server_seq + $1", std::int64_t{1} << 32));
    return c.run(std::string("UPDATE coach_schema SET database_oid = ") + kThisDatabase);
  });
}

// A dump restored into a new database, or a copy of one (CREATE DATABASE ... TEMPLATE), gets a new oid while its
// coach_schema row keeps the old one: that is how a restore is told from a restart. Served without
// moveSequencesPastRestore, a device whose cursor is past the dump would never receive what is stored below it
// (its syncs stop at a gap in another device's chain). A restore that keeps the oid (a point-in-time recovery of
// the whole cluster) is not noticed: the docs tell to run after-restore after every restore.
Status PgStorage::checkNotRestored() {
  return write<void>("checking that the database was not restored", [this](Conn& c) -> Status {
    COACH_TRY(
        c.run(std::string("UPDATE coach_schema SET database_oid = ") + kThisDatabase + " WHERE database_oid IS NULL"));
    COACH_ASSIGN_OR_RETURN(pg_detail::Rows r,
                           c.query(std::string("SELECT database_oid = ") + kThisDatabase + " FROM coach_schema"));
    if (!r.empty() && r.i64(0, 0) == 0) {
      return makeError(ErrorCode::InvalidArgument,
                       "the database " + where_ +
                           " was restored from a dump or copied from another database: run "
                           "'coach-syncd admin after-restore' with the same COACH_SYNCD_DATABASE_URL once, then start "
                           "coach-syncd (docs/sync-server-postgres.md, \"Backup and restore\"); nothing was changed");
    }
    return {};
  });
}

PgStorage::SessionLock::SessionLock(std::unique_ptr<Conn> conn) : conn_(std::move(conn)) {}

PgStorage::SessionLock::~SessionLock() {
  // Closing the session releases the lock too; unlocking first returns it at once.
  if (conn_ && !conn_->broken()) (void)conn_->command("SELECT pg_advisory_unlock($1)", kPgFirstStartLock);
}

Result<std::unique_ptr<PgStorage::SessionLock>> PgStorage::lockFirstStart() {
  COACH_ASSIGN_OR_RETURN(std::unique_ptr<Conn> conn, Conn::connect(url_));
  Status locked = conn->command("SELECT pg_advisory_lock($1)", kPgFirstStartLock);
  if (!locked.ok()) return pg_detail::named(std::move(locked).error(), "waiting for other replicas' first start");
  return std::make_unique<SessionLock>(std::move(conn));
}

}  // namespace coach::relay
