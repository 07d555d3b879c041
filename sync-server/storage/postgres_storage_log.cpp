// storage/postgres_storage_log.cpp: PgStorage's team log (append, envelope lookup, pages, head) and snapshots, with
// the erasure rules of the Storage interface (tombstones, skipped keys and snapshots).
//
// Server sequences: append() locks the team's head row first (pg_detail::lockTeam), allocates from it and commits
// while holding the lock. PostgreSQL makes a commit visible before it releases the transaction's row locks, so the
// next append of the team, on any replica, reads the new head only after every earlier sequence is visible: a page
// can never serve sequence N+1 while N may still commit (docs/sync-server-postgres.md).
// Thread-safety: as PgStorage.
#include "storage/postgres_storage_internal.hpp"

namespace coach::relay {
namespace {

using pg_detail::Conn;
using pg_detail::Rows;

constexpr std::size_t kKeyRecordPageBytes = 128;  // what a key record counts for in a page's byte budget (pageBytesOf)

// The rows of a page: at most $3, and those whose predecessor still fitted the byte budget $4 (the first two
// always: the first is served whatever its size, the second tells whether more wait). The C++ loop below makes
// the exact cut, as every backend does.
constexpr const char* kPageQuery =
    "SELECT server_seq, kind, device, bytes, key_shard, key_version, key_epoch, erased_hash FROM ("
    " SELECT *, sum(size) OVER (ORDER BY server_seq) - size AS before, row_number() OVER (ORDER BY server_seq) AS n FROM ("
    "  SELECT server_seq, kind, device, bytes, key_shard, key_version, key_epoch, erased_hash,"
    "   CASE WHEN kind = 1 THEN 128 ELSE octet_length(bytes) + coalesce(octet_length(erased_hash), 0) END AS size"
    "  FROM log WHERE team = $1 AND server_seq > $2 ORDER BY server_seq LIMIT $3) l) w "
    "WHERE before <= $4 OR n <= 2 ORDER BY server_seq";

Result<std::uint64_t> deviceLastSequence(Conn& c, const std::string& team, const std::string& device) {
  COACH_ASSIGN_OR_RETURN(Rows r, c.query("SELECT last_seq FROM device WHERE team = $1 AND id = $2", team, device));
  if (r.empty()) return pg_detail::noDevice(device);
  return r.u64(0, 0);
}

// Whether key record `k` is new to the team: false when stored already with the same bytes (a push repeated after a
// lost acknowledgement), AlreadyExists when stored with other bytes.
Result<bool> keyIsNew(Conn& c, const std::string& team, const sync::KeyRecord& k) {
  COACH_ASSIGN_OR_RETURN(Rows r, c.query("SELECT bytes FROM log WHERE team = $1 AND kind = 1 AND key_shard = $2 "
                                         "AND key_version = $3 AND key_epoch = $4",
                                         team, k.shard, k.version, k.epoch));
  if (r.empty()) return true;
  if (r.bytes(0, 0) != k.wrapped) {
    return makeError(ErrorCode::AlreadyExists, "key " + std::to_string(k.version) + " of shard " + k.shard +
                                                   " was stored already with other bytes");
  }
  return false;
}

Error sequenceGap(std::uint64_t last) {
  Error gap = makeError(ErrorCode::SequenceGap,
                        "another push of this device came first; push again from sequence " + std::to_string(last + 1));
  gap.expectedSequence = last + 1;
  return gap;
}

sync::PullItem itemAt(const Rows& r, int i) {
  sync::PullItem item;
  item.serverSeq = r.u64(i, 0);
  item.isKey = r.i64(i, 1) == 1;
  if (!item.isKey) {
    item.envelope = r.bytes(i, 3);
    item.erased = !r.isNull(i, 7);
    if (item.erased) item.erasedHash = r.bytes(i, 7);
    return item;
  }
  item.key.shard = r.text(i, 4);
  item.key.version = static_cast<std::uint32_t>(r.i64(i, 5));
  item.key.epoch = static_cast<std::uint32_t>(r.i64(i, 6));
  item.key.author = r.text(i, 2);
  item.key.wrapped = r.bytes(i, 3);
  return item;
}

struct Appended {
  std::vector<std::uint64_t> seqs;
  std::uint64_t last = 0;
  std::uint64_t keys = 0;
  std::uint64_t bytes = 0;
  std::uint64_t tombstones = 0;
};

// Inserts the push's key records (those new to the team and of shards not erased) after sequence `a.last`.
Status appendKeys(Conn& c, const std::string& team, const std::vector<sync::KeyRecord>& keys, Appended& a) {
  for (const sync::KeyRecord& k : keys) {
    COACH_ASSIGN_OR_RETURN(std::optional<std::uint64_t> erased, pg_detail::erasureOf(c, team, k.shard));
    if (erased) continue;  // a key of an erased shard: acknowledged, not stored
    COACH_ASSIGN_OR_RETURN(bool isNew, keyIsNew(c, team, k));  // also sees the ones inserted just before
    if (!isNew) continue;
    COACH_TRY(c.command("INSERT INTO log (team, server_seq, kind, device, key_shard, key_version, key_epoch, bytes) "
                        "VALUES ($1, $2, 1, $3, $4, $5, $6, $7)",
                        team, ++a.last, k.author, k.shard, k.version, k.epoch, k.wrapped));
    ++a.keys;
  }
  return {};
}

Status appendEnvelopes(Conn& c, const std::string& team, const std::string& device,
                       const std::vector<NewEnvelope>& envelopes, Appended& a) {
  for (const NewEnvelope& e : envelopes) {
    COACH_ASSIGN_OR_RETURN(std::optional<std::uint64_t> erased, pg_detail::erasureOf(c, team, e.shard));
    if (erased) {  // written before its device learnt of the erasure: stored as its tombstone only
      const crypto::Bytes header = tombstoneOf(e.bytes);
      COACH_TRY(c.command("INSERT INTO log (team, server_seq, kind, device, device_seq, shard, bytes, erased_hash) "
                          "VALUES ($1, $2, 0, $3, $4, $5, $6, $7)",
                          team, ++a.last, device, e.sequence, e.shard, header, e.hash));
      a.bytes += header.size();
      ++a.tombstones;
    } else {
      COACH_TRY(c.command("INSERT INTO log (team, server_seq, kind, device, device_seq, shard, bytes) "
                          "VALUES ($1, $2, 0, $3, $4, $5, $6)",
                          team, ++a.last, device, e.sequence, e.shard, e.bytes));
      a.bytes += e.bytes.size();
    }
    a.seqs.push_back(a.last);
  }
  return {};
}

}  // namespace

Result<std::vector<std::uint64_t>> PgStorage::append(const std::string& team, const std::string& device,
                                                     std::uint64_t expectedLast, const std::vector<NewEnvelope>& envelopes,
                                                     const std::vector<sync::KeyRecord>& keys) {
  using Seqs = std::vector<std::uint64_t>;
  return write<Seqs>("storing a push", [&](Conn& c) -> Result<Seqs> {
    COACH_ASSIGN_OR_RETURN(std::optional<std::uint64_t> head, pg_detail::lockTeam(c, team));
    if (!head) return pg_detail::noTeam(team);
    COACH_ASSIGN_OR_RETURN(std::uint64_t deviceLast, deviceLastSequence(c, team, device));
    if (deviceLast != expectedLast) return sequenceGap(deviceLast);
    Appended a;
    a.last = *head;
    COACH_TRY(appendKeys(c, team, keys, a));
    COACH_TRY(appendEnvelopes(c, team, device, envelopes, a));
    if (!envelopes.empty()) {
      COACH_TRY(c.command("UPDATE device SET last_seq = $3, last_hash = $4 WHERE team = $1 AND id = $2", team, device,
                          envelopes.back().sequence, envelopes.back().hash));
    }
    COACH_TRY(c.command("UPDATE team_head SET last_server_seq = $2, envelopes = envelopes + $3, "
                        "envelope_bytes = envelope_bytes + $4, key_records = key_records + $5, "
                        "tombstones = tombstones + $6 WHERE team = $1",
                        team, a.last, envelopes.size(), a.bytes, a.keys, a.tombstones));
    return std::move(a.seqs);
  });
}

Result<std::optional<sync::Hash>> PgStorage::envelopeHash(const std::string& team, const std::string& device,
                                                          std::uint64_t sequence) {
  using Found = std::optional<sync::Hash>;
  if (!std::in_range<std::int64_t>(sequence)) return Found{};  // larger than any stored sequence
  return read<Found>("reading a stored envelope", [&](Conn& c) -> Result<Found> {
    COACH_ASSIGN_OR_RETURN(Rows r, c.query("SELECT bytes, erased_hash FROM log WHERE team = $1 AND kind = 0 "
                                           "AND device = $2 AND device_seq = $3", team, device, sequence));
    if (r.empty()) return Found{};
    if (!r.isNull(0, 1)) {  // a tombstone keeps the hash of the envelope it was
      COACH_ASSIGN_OR_RETURN(sync::Hash kept, r.hash(0, 1));
      return Found{kept};
    }
    return Found{sync::envelopeHash(r.bytes(0, 0))};
  });
}

Result<sync::PullResponse> PgStorage::page(const std::string& team, std::uint64_t after, std::uint32_t limit,
                                           std::uint32_t maxBytes) {
  sync::PullResponse empty;
  empty.next = after;
  if (!std::in_range<std::int64_t>(after)) return empty;  // after every stored item
  return read<sync::PullResponse>("reading the team's log", [&](Conn& c) -> Result<sync::PullResponse> {
    // One range query on the primary key; one row more than fits tells whether more wait. The byte budget is
    // applied in the query too (a running sum of sizes, which PostgreSQL reads without fetching the values), so a
    // page of large envelopes never brings 1,000 of them into memory to serve a few.
    const std::uint64_t rows = std::uint64_t{std::max<std::uint32_t>(limit, 1)} + 1;
    COACH_ASSIGN_OR_RETURN(Rows r, c.query(kPageQuery, team, after, rows, maxBytes));
    sync::PullResponse page = empty;
    std::size_t bytes = 0;
    for (int i = 0; i < r.size(); ++i) {
      const std::size_t size = r.i64(i, 1) == 1 ? kKeyRecordPageBytes : r.length(i, 3) + r.length(i, 7);
      if (!page.items.empty() && (page.items.size() >= limit || bytes + size > maxBytes)) {
        page.more = true;
        return page;
      }
      page.items.push_back(itemAt(r, i));
      bytes += size;
      page.next = page.items.back().serverSeq;
    }
    return page;
  });
}

Result<std::uint64_t> PgStorage::head(const std::string& team) {
  return read<std::uint64_t>("reading the team's head", [&](Conn& c) -> Result<std::uint64_t> {
    COACH_ASSIGN_OR_RETURN(Rows r, c.query("SELECT last_server_seq FROM team_head WHERE team = $1", team));
    return r.empty() ? 0 : r.u64(0, 0);
  });
}

Status PgStorage::putSnapshot(const std::string& team, const SnapshotInfo& info, const crypto::Bytes& bytes) {
  return write<void>("storing a snapshot", [&](Conn& c) -> Status {
    // The team's lock orders this after an erasure that commits at the same moment (which deletes snapshots).
    COACH_ASSIGN_OR_RETURN(std::optional<std::uint64_t> head, pg_detail::lockTeam(c, team));
    if (!head) return pg_detail::noTeam(team);
    COACH_ASSIGN_OR_RETURN(std::optional<std::uint64_t> erased, pg_detail::erasureOf(c, team, info.shard));
    if (erased) return Status{};  // a snapshot of an erased shard: acknowledged, not stored
    if (info.shard == "team") {
      COACH_ASSIGN_OR_RETURN(std::uint64_t count, pg_detail::erasureCountOf(c, team));
      if (info.erasuresSeen < count) return Status{staleTeamSnapshot(info.erasuresSeen, count)};
    }
    // The newest per shard is kept: an upload that covers no more than the stored one changes nothing.
    return c.command("INSERT INTO snapshot (team, shard, covers, key_id, author, size, stored_at, bytes) "
                     "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (team, shard) DO UPDATE SET "
                     "covers = excluded.covers, key_id = excluded.key_id, author = excluded.author, size = excluded.size, "
                     "stored_at = excluded.stored_at, bytes = excluded.bytes WHERE excluded.covers > snapshot.covers",
                     team, info.shard, info.covers, info.keyId, info.author, info.size, info.storedAt, bytes);
  });
}

Result<std::vector<SnapshotInfo>> PgStorage::snapshots(const std::string& team) {
  using Infos = std::vector<SnapshotInfo>;
  return read<Infos>("listing snapshots", [&](Conn& c) -> Result<Infos> {
    COACH_ASSIGN_OR_RETURN(Rows r, c.query("SELECT shard, covers, key_id, author, size, stored_at FROM snapshot "
                                           "WHERE team = $1 ORDER BY shard COLLATE \"C\"", team));
    Infos out;
    for (int i = 0; i < r.size(); ++i) {
      out.push_back(SnapshotInfo{r.text(i, 0), r.u64(i, 1), static_cast<std::uint32_t>(r.i64(i, 2)), r.text(i, 3),
                                 r.u64(i, 4), r.i64(i, 5)});
    }
    return out;
  });
}

Result<std::optional<SnapshotInfo>> PgStorage::snapshotOf(const std::string& team, const std::string& shard) {
  using Found = std::optional<SnapshotInfo>;
  return read<Found>("reading a snapshot's description", [&](Conn& c) -> Result<Found> {
    COACH_ASSIGN_OR_RETURN(Rows r, c.query("SELECT shard, covers, key_id, author, size, stored_at FROM snapshot "
                                           "WHERE team = $1 AND shard = $2", team, shard));
    if (r.empty()) return Found{};
    return Found{SnapshotInfo{r.text(0, 0), r.u64(0, 1), static_cast<std::uint32_t>(r.i64(0, 2)), r.text(0, 3), r.u64(0, 4),
                              r.i64(0, 5)}};
  });
}

Result<std::optional<crypto::Bytes>> PgStorage::snapshot(const std::string& team, const std::string& shard) {
  using Found = std::optional<crypto::Bytes>;
  return read<Found>("reading a snapshot", [&](Conn& c) -> Result<Found> {
    COACH_ASSIGN_OR_RETURN(Rows r, c.query("SELECT bytes FROM snapshot WHERE team = $1 AND shard = $2", team, shard));
    if (r.empty()) return Found{};
    return Found{r.bytes(0, 0)};
  });
}

}  // namespace coach::relay
