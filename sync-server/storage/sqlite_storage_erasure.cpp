// storage/sqlite_storage_erasure.cpp: SqliteStorage's erasure (proto/PROTOCOL.md, "Erasure";
// docs/sync-server-storage.md, "Erasure"): the order, the shard's envelopes replaced by tombstones, its key
// records and the shard and team snapshots deleted, in one IMMEDIATE transaction with PRAGMA secure_delete on (so
// the freed pages and cells are overwritten with zeros), then a TRUNCATE checkpoint so the old pages do not
// linger in the write-ahead log either. Also the list of orders and the erasure lookups the log facet uses.
// Thread-safety: as SqliteStorage.
#include "storage/sqlite_storage_internal.hpp"

namespace coach::relay {
namespace {

using sqlite_detail::bindAll;
using sqlite_detail::Conn;
using store::Stmt;
using store::StmtGuard;

Status eraseStep(Conn& c, const std::string& sql, const auto&... values) {
  COACH_ASSIGN_OR_RETURN(Stmt * s, c.cache.get(sql));
  StmtGuard guard(*s);
  COACH_TRY(bindAll(*s, values...));
  return s->run();
}

struct Tombstone {
  std::uint64_t serverSeq = 0;
  crypto::Bytes header;
  sync::Hash hash{};
  std::uint64_t freed = 0;  // bytes of ciphertext the tombstone no longer holds
};

// The shard's envelopes that still hold their ciphertext, each as the tombstone that replaces it.
Result<std::vector<Tombstone>> liveEnvelopesOf(Conn& c, const std::string& team, const std::string& shard) {
  COACH_ASSIGN_OR_RETURN(Stmt * s, c.cache.get("SELECT server_seq, bytes, erased_hash FROM log "
                                               "WHERE team = ?1 AND shard = ?2 AND kind = 0"));
  StmtGuard guard(*s);
  COACH_TRY(bindAll(*s, team, shard));
  std::vector<Tombstone> out;
  for (;;) {
    COACH_ASSIGN_OR_RETURN(bool row, s->step());
    if (!row) return out;
    if (sqlite3_column_type(s->get(), 2) != SQLITE_NULL) continue;  // a tombstone already
    const crypto::ByteView bytes = s->blobAt(1);
    const std::size_t kept = std::min(bytes.size(), sync::kHeaderSize);
    out.push_back(Tombstone{sqlite_detail::u64At(*s, 0), crypto::Bytes(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(kept)),
                            sync::envelopeHash(bytes), bytes.size() - kept});
  }
}

// Step 2 and 3 of an erasure on the open transaction: tombstones, key records, snapshots, and the counters.
Status eraseShardContents(Conn& c, const std::string& team, const std::string& shard) {
  COACH_ASSIGN_OR_RETURN(std::vector<Tombstone> tombstones, liveEnvelopesOf(c, team, shard));
  std::uint64_t freed = 0;
  for (const Tombstone& t : tombstones) {
    COACH_TRY(eraseStep(c, "UPDATE log SET bytes = ?3, erased_hash = ?4 WHERE team = ?1 AND server_seq = ?2", team,
                        t.serverSeq, crypto::ByteView(t.header), crypto::ByteView(t.hash)));
    freed += t.freed;
  }
  COACH_TRY(eraseStep(c, "DELETE FROM log WHERE team = ?1 AND kind = 1 AND key_shard = ?2", team, shard));
  const auto keys = static_cast<std::uint64_t>(sqlite3_changes64(c.db.get()));
  COACH_TRY(eraseStep(c, "DELETE FROM snapshot WHERE team = ?1 AND shard IN (?2, 'team')", team, shard));
  return eraseStep(c, "UPDATE team_head SET envelope_bytes = envelope_bytes - ?2, key_records = key_records - ?3, "
                      "tombstones = tombstones + ?4 WHERE team = ?1",
                   team, freed, keys, tombstones.size());
}

Result<bool> teamKnown(Conn& c, const std::string& team) {
  COACH_ASSIGN_OR_RETURN(Stmt * s, c.cache.get("SELECT 1 FROM team_head WHERE team = ?1"));
  StmtGuard guard(*s);
  COACH_TRY(bindAll(*s, team));
  return s->step();
}

}  // namespace

namespace sqlite_detail {

Result<std::optional<std::uint64_t>> erasureOf(Conn& c, const std::string& team, const std::string& shard) {
  COACH_ASSIGN_OR_RETURN(Stmt * s, c.cache.get("SELECT idx FROM team_erasure WHERE team = ?1 AND shard = ?2"));
  StmtGuard guard(*s);
  COACH_TRY(bindAll(*s, team, shard));
  COACH_ASSIGN_OR_RETURN(bool row, s->step());
  if (!row) return std::optional<std::uint64_t>{};
  return std::optional<std::uint64_t>{u64At(*s, 0)};
}

Result<std::uint64_t> erasureCountOf(Conn& c, const std::string& team) {
  COACH_ASSIGN_OR_RETURN(Stmt * s, c.cache.get("SELECT count(*) FROM team_erasure WHERE team = ?1"));
  StmtGuard guard(*s);
  COACH_TRY(bindAll(*s, team));
  COACH_ASSIGN_OR_RETURN(bool row, s->step());
  return row ? u64At(*s, 0) : 0;
}

}  // namespace sqlite_detail

Result<std::uint64_t> SqliteStorage::erase(const std::string& team, const ErasureRecord& erasure) {
  Result<std::uint64_t> index = write<std::uint64_t>("erasing a shard", [&](Conn& c) -> Result<std::uint64_t> {
    COACH_ASSIGN_OR_RETURN(bool known, teamKnown(c, team));
    if (!known) return sqlite_detail::noTeam(team);
    COACH_ASSIGN_OR_RETURN(std::optional<std::uint64_t> first, sqlite_detail::erasureOf(c, team, erasure.shard));
    if (first) return *first;  // erased already: the first order's index, nothing stored
    // Freed cells and pages of this transaction are overwritten with zeros (the ciphertext leaves the file).
    COACH_TRY(c.db.exec("PRAGMA secure_delete = ON", "overwriting erased data"));
    COACH_ASSIGN_OR_RETURN(std::uint64_t count, sqlite_detail::erasureCountOf(c, team));
    COACH_TRY(eraseStep(c, "INSERT INTO team_erasure (team, idx, shard, author, received_at, order_bytes) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                        team, count + 1, erasure.shard, erasure.author, erasure.receivedAt, crypto::ByteView(erasure.order)));
    COACH_TRY(eraseShardContents(c, team, erasure.shard));
    return count + 1;
  });
  {
    std::lock_guard lock(writeMu_);
    (void)writer_->db.exec("PRAGMA secure_delete = OFF", "ending the erasure");  // harmless if it stays on
  }
  // The committed step is durable; the checkpoint moves the zeroed pages into the file and empties the
  // write-ahead log, which still holds the old pages. When readers keep it busy, the next checkpoint (at the
  // latest at shutdown) finishes it: the erasure itself stands.
  if (index.ok()) (void)checkpoint();
  return index;
}

Result<std::vector<sync::ErasureEntry>> SqliteStorage::erasures(const std::string& team, std::uint64_t after) {
  std::vector<sync::ErasureEntry> out;
  if (!std::in_range<std::int64_t>(after)) return out;  // after every stored order
  COACH_ASSIGN_OR_RETURN(sqlite_detail::ReadLease c, reader());
  COACH_ASSIGN_OR_RETURN(Stmt * s, c->cache.get("SELECT idx, order_bytes, received_at FROM team_erasure "
                                                "WHERE team = ?1 AND idx > ?2 ORDER BY idx"));
  StmtGuard guard(*s);
  COACH_TRY(bindAll(*s, team, after));
  for (;;) {
    Result<bool> row = s->step();
    if (!row.ok()) return sqlite_detail::named(std::move(row).error(), "listing erasures");
    if (!*row) return out;
    out.push_back(sync::ErasureEntry{sqlite_detail::u64At(*s, 0), sqlite_detail::bytesAt(*s, 1), s->intAt(2)});
  }
}

Result<std::uint64_t> SqliteStorage::erasureCount(const std::string& team) {
  COACH_ASSIGN_OR_RETURN(sqlite_detail::ReadLease c, reader());
  Result<std::uint64_t> count = sqlite_detail::erasureCountOf(*c, team);
  if (!count.ok()) return sqlite_detail::named(std::move(count).error(), "counting erasures");
  return count;
}

}  // namespace coach::relay
