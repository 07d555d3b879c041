// storage/postgres_storage_erasure.cpp: PgStorage's erasure (proto/PROTOCOL.md, "Erasure";
// docs/sync-server-postgres.md, "Erasure"): the order, the shard's envelopes replaced by tombstones, its key records
// and the shard and team snapshots deleted, in one transaction under the team's lock; then a VACUUM of the tables so
// the old row versions are removed. Also the list of orders, the counts of stats() and the per-team counts.
// Thread-safety: as PgStorage.
#include "storage/postgres_storage_internal.hpp"

namespace coach::relay {
namespace pg_detail {

Result<std::optional<std::uint64_t>> erasureOf(Conn& c, const std::string& team, const std::string& shard) {
  COACH_ASSIGN_OR_RETURN(Rows r, c.query("SELECT idx FROM team_erasure WHERE team = $1 AND shard = $2", team, shard));
  if (r.empty()) return std::optional<std::uint64_t>{};
  return std::optional<std::uint64_t>{r.u64(0, 0)};
}

Result<std::uint64_t> erasureCountOf(Conn& c, const std::string& team) {
  COACH_ASSIGN_OR_RETURN(Rows r, c.query("SELECT count(*) FROM team_erasure WHERE team = $1", team));
  return r.empty() ? 0 : r.u64(0, 0);
}

}  // namespace pg_detail

namespace {

using pg_detail::Conn;
using pg_detail::Rows;

// Steps 2 and 3 of an erasure on the open transaction: tombstones (the header, and the envelope's SHA-256 computed
// here, since the database has no SHA-256 of ours to trust), key records, snapshots, and the counters.
Status eraseShardContents(Conn& c, const std::string& team, const std::string& shard) {
  COACH_ASSIGN_OR_RETURN(Rows live, c.query("SELECT server_seq, bytes FROM log WHERE team = $1 AND shard = $2 AND "
                                            "kind = 0 AND erased_hash IS NULL", team, shard));
  std::uint64_t freed = 0;
  for (int i = 0; i < live.size(); ++i) {
    const crypto::Bytes bytes = live.bytes(i, 1);
    const crypto::Bytes header = tombstoneOf(bytes);
    COACH_TRY(c.command("UPDATE log SET bytes = $3, erased_hash = $4 WHERE team = $1 AND server_seq = $2", team,
                        live.u64(i, 0), header, sync::envelopeHash(bytes)));
    freed += bytes.size() - header.size();
  }
  COACH_ASSIGN_OR_RETURN(Rows keys, c.query("DELETE FROM log WHERE team = $1 AND kind = 1 AND key_shard = $2", team, shard));
  COACH_TRY(c.command("DELETE FROM snapshot WHERE team = $1 AND shard IN ($2, 'team')", team, shard));
  return c.command("UPDATE team_head SET envelope_bytes = envelope_bytes - $2, key_records = key_records - $3, "
                   "tombstones = tombstones + $4 WHERE team = $1",
                   team, freed, keys.affected(), live.size());
}

template <std::size_t N>
Result<std::array<std::uint64_t, N>> counters(Conn& c, const std::string& sql, const auto&... values) {
  COACH_ASSIGN_OR_RETURN(Rows r, c.query(sql, values...));
  std::array<std::uint64_t, N> out{};
  for (std::size_t i = 0; !r.empty() && i < N; ++i) out[i] = r.u64(0, static_cast<int>(i));
  return out;
}

}  // namespace

Result<std::uint64_t> PgStorage::erase(const std::string& team, const ErasureRecord& erasure) {
  Result<std::uint64_t> index = write<std::uint64_t>("erasing a shard", [&](Conn& c) -> Result<std::uint64_t> {
    // Under the team's lock no push of the shard can slip in between the tombstones and the commit.
    COACH_ASSIGN_OR_RETURN(std::optional<std::uint64_t> head, pg_detail::lockTeam(c, team));
    if (!head) return pg_detail::noTeam(team);
    COACH_ASSIGN_OR_RETURN(std::optional<std::uint64_t> first, pg_detail::erasureOf(c, team, erasure.shard));
    if (first) return *first;  // erased already: the first order's index, nothing stored
    COACH_ASSIGN_OR_RETURN(std::uint64_t count, pg_detail::erasureCountOf(c, team));
    COACH_TRY(c.command("INSERT INTO team_erasure (team, idx, shard, author, received_at, order_bytes) "
                        "VALUES ($1, $2, $3, $4, $5, $6)",
                        team, count + 1, erasure.shard, erasure.author, erasure.receivedAt, erasure.order));
    COACH_TRY(eraseShardContents(c, team, erasure.shard));
    return count + 1;
  });
  if (index.ok()) {
    // The replaced row versions stay in the table files until VACUUM removes them: done now rather than whenever
    // autovacuum comes by. Best effort (the erasure is committed; a failure here is repaired by the next vacuum).
    (void)read<void>("vacuuming after an erasure", [](Conn& c) { return c.run("VACUUM log, snapshot"); });
  }
  return index;
}

Result<std::vector<sync::ErasureEntry>> PgStorage::erasures(const std::string& team, std::uint64_t after) {
  using Entries = std::vector<sync::ErasureEntry>;
  if (!std::in_range<std::int64_t>(after)) return Entries{};  // after every stored order
  return read<Entries>("listing erasures", [&](Conn& c) -> Result<Entries> {
    COACH_ASSIGN_OR_RETURN(Rows r, c.query("SELECT idx, order_bytes, received_at FROM team_erasure "
                                           "WHERE team = $1 AND idx > $2 ORDER BY idx", team, after));
    Entries out;
    for (int i = 0; i < r.size(); ++i) out.push_back(sync::ErasureEntry{r.u64(i, 0), r.bytes(i, 1), r.i64(i, 2)});
    return out;
  });
}

Result<std::uint64_t> PgStorage::erasureCount(const std::string& team) {
  return read<std::uint64_t>("counting erasures", [&](Conn& c) { return pg_detail::erasureCountOf(c, team); });
}

Result<StorageStats> PgStorage::stats(std::int64_t now) {
  // One REPEATABLE READ transaction: every count from the same state.
  return read<StorageStats>("counting what the store holds", [&](Conn& c) -> Result<StorageStats> {
    COACH_TRY(c.run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"));
    auto counted = [&]() -> Result<StorageStats> {
      StorageStats s;
      COACH_ASSIGN_OR_RETURN(auto log, counters<5>(c, "SELECT count(*), coalesce(sum(envelopes), 0)::bigint, "
                                                      "coalesce(sum(envelope_bytes), 0)::bigint, coalesce(sum(key_records), 0)::bigint, "
                                                      "coalesce(sum(tombstones), 0)::bigint FROM team_head"));
      COACH_ASSIGN_OR_RETURN(auto erasures, counters<1>(c, "SELECT count(*) FROM team_erasure"));
      COACH_ASSIGN_OR_RETURN(auto devices, counters<2>(c, "SELECT count(*), count(*) FILTER (WHERE revoked) FROM device"));
      COACH_ASSIGN_OR_RETURN(auto snaps, counters<2>(c, "SELECT count(*), coalesce(sum(octet_length(bytes)), 0)::bigint FROM snapshot"));
      COACH_ASSIGN_OR_RETURN(auto codes, counters<1>(c, "SELECT count(*) FROM enrol_code WHERE used_at IS NULL AND "
                                                        "expires_at > $1", now));
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
    }();
    if (!c.broken()) (void)c.run(counted.ok() ? "COMMIT" : "ROLLBACK");
    return counted;
  });
}

Result<std::vector<std::pair<std::string, std::uint64_t>>> PgStorage::envelopeCounts() {
  using Counts = std::vector<std::pair<std::string, std::uint64_t>>;
  return read<Counts>("counting envelopes per team", [&](Conn& c) -> Result<Counts> {
    COACH_ASSIGN_OR_RETURN(Rows r, c.query("SELECT team, envelopes FROM team_head ORDER BY team COLLATE \"C\""));
    Counts out;
    for (int i = 0; i < r.size(); ++i) out.emplace_back(r.text(i, 0), r.u64(i, 1));
    return out;
  });
}

}  // namespace coach::relay
