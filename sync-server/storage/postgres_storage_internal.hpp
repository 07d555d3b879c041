// storage/postgres_storage_internal.hpp: what PgStorage's facet files (postgres_storage*.cpp) share: the lease of
// a pooled connection, the transaction runner with its retries, and the per-team lock. Not for use outside
// sync-server/storage/.
//
// Thread-safety: a leased Conn belongs to the leasing thread until the lease ends.
#pragma once

#include <chrono>
#include <random>
#include <thread>

#include "storage/postgres_conn.hpp"
#include "storage/postgres_storage.hpp"

namespace coach::relay::pg_detail {

// A connection borrowed from the pool; given back when the lease ends (closed instead when it is broken or was
// left inside a transaction).
class Lease {
 public:
  Lease(PgStorage& owner, std::unique_ptr<Conn> conn) : owner_(&owner), conn_(std::move(conn)) {}
  Lease(Lease&& other) noexcept : owner_(std::exchange(other.owner_, nullptr)), conn_(std::move(other.conn_)) {}
  Lease& operator=(Lease&&) = delete;
  ~Lease() {
    if (owner_ != nullptr) owner_->giveBack(std::move(conn_));  // a moved-from lease gives nothing back
  }
  Conn& operator*() const { return *conn_; }
  Conn* operator->() const { return conn_.get(); }

 private:
  PgStorage* owner_;
  std::unique_ptr<Conn> conn_;
};

// Locks the team's head row for the rest of the transaction and returns its newest server sequence; nullopt for
// an unknown team. Every write of a team's log or team-wide state starts with it (postgres_storage.hpp).
Result<std::optional<std::uint64_t>> lockTeam(Conn& c, const std::string& team);

// Erasure (postgres_storage_erasure.cpp): the index of the shard's erasure (nullopt when it was not erased), and the
// team's number of erasures, read on `c` (inside the caller's transaction).
Result<std::optional<std::uint64_t>> erasureOf(Conn& c, const std::string& team, const std::string& shard);
Result<std::uint64_t> erasureCountOf(Conn& c, const std::string& team);

// A short random wait before retrying a transaction (attempt 1, 2, ...), so colliding replicas spread out.
inline void backoff(int attempt) {
  thread_local std::minstd_rand random{std::random_device{}()};
  const int ceiling = std::min(200, 5 << std::min(attempt, 5));
  std::this_thread::sleep_for(std::chrono::milliseconds(1 + static_cast<int>(random() % static_cast<unsigned>(ceiling))));
}

}  // namespace coach::relay::pg_detail

namespace coach::relay {

template <class T, class Fn>
Result<T> PgStorage::write(std::string_view operation, Fn&& fn) {
  for (int attempt = 1;; ++attempt) {
    Result<pg_detail::Lease> leased = lease();
    if (!leased.ok()) return pg_detail::named(std::move(leased).error(), operation);
    pg_detail::Conn& c = **leased;
    auto again = [&](const Error& e) {
      // A connection lost before COMMIT rolled the transaction back: safe to run it again on a new one.
      const bool lost = e.code == ErrorCode::Unavailable && c.broken();
      return attempt < options_.maxAttempts && (pg_detail::retryable(c.lastState()) || (lost && attempt == 1));
    };
    Status begun = c.run("BEGIN ISOLATION LEVEL READ COMMITTED");
    if (!begun.ok()) {
      if (again(begun.error())) continue;
      return pg_detail::named(std::move(begun).error(), operation);
    }
    Result<T> result = fn(c);
    if (!result.ok()) {
      const Error failed = std::move(result).error();
      if (!c.broken()) (void)c.run("ROLLBACK");
      if (again(failed)) {
        pg_detail::backoff(attempt);
        continue;
      }
      return pg_detail::named(failed, operation);
    }
    Status committed = c.run("COMMIT");
    if (!committed.ok()) {
      // A serialisation failure at COMMIT rolled back; a lost connection leaves the outcome unknown: the caller
      // is told (Unavailable), and a device's retry is recognised by its sequence (the push is idempotent).
      if (pg_detail::retryable(c.lastState()) && attempt < options_.maxAttempts) {
        pg_detail::backoff(attempt);
        continue;
      }
      return pg_detail::named(std::move(committed).error(), operation);
    }
    return result;
  }
}

template <class T, class Fn>
Result<T> PgStorage::read(std::string_view operation, Fn&& fn) {
  for (int attempt = 1;; ++attempt) {
    Result<pg_detail::Lease> leased = lease();
    if (!leased.ok()) return pg_detail::named(std::move(leased).error(), operation);
    Result<T> result = fn(**leased);
    if (!result.ok() && attempt == 1 && (*leased)->broken()) continue;  // the pool held a dead connection
    if (!result.ok()) return pg_detail::named(std::move(result).error(), operation);
    return result;
  }
}

}  // namespace coach::relay
