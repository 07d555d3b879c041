// storage/sqlite_storage_log.cpp: SqliteStorage's team log (one push's rows, envelope lookup, pages, head) and
// snapshots, with the erasure rules of the Storage interface (tombstones, skipped keys and snapshots); batching
// pushes into one commit is sqlite_storage_group.cpp. Server sequences are allocated from team_head inside the
// append transaction; since every write goes through the one writer connection, they commit, and so become
// visible, strictly in order.
// Thread-safety: as SqliteStorage.
#include "storage/sqlite_storage_internal.hpp"

namespace coach::relay {
namespace {

using sqlite_detail::bindAll;
using sqlite_detail::runBound;
using sqlite_detail::Conn;
using store::Stmt;
using store::StmtGuard;

constexpr std::size_t kKeyRecordPageBytes = 128;  // what a key record counts for in a page's byte budget (pageBytesOf)

// The statement's next row, its error named after `operation`.
Result<bool> next(Stmt& s, std::string_view operation) {
  Result<bool> row = s.step();
  if (!row.ok()) return sqlite_detail::named(std::move(row).error(), operation);
  return row;
}

// The team's newest server sequence; nullopt for an unknown team.
Result<std::optional<std::uint64_t>> lastServerSeq(Conn& c, const std::string& team) {
  COACH_ASSIGN_OR_RETURN(Stmt * s, c.cache.get("SELECT last_server_seq FROM team_head WHERE team = ?1"));
  StmtGuard guard(*s);
  COACH_TRY(bindAll(*s, team));
  COACH_ASSIGN_OR_RETURN(bool row, s->step());
  if (!row) return std::optional<std::uint64_t>{};
  return std::optional<std::uint64_t>{sqlite_detail::u64At(*s, 0)};
}

Result<std::uint64_t> deviceLastSequence(Conn& c, const std::string& team, const std::string& device) {
  COACH_ASSIGN_OR_RETURN(Stmt * s, c.cache.get("SELECT last_seq FROM device WHERE team = ?1 AND id = ?2"));
  StmtGuard guard(*s);
  COACH_TRY(bindAll(*s, team, device));
  COACH_ASSIGN_OR_RETURN(bool row, s->step());
  if (!row) return sqlite_detail::noDevice(device);
  return sqlite_detail::u64At(*s, 0);
}

// Whether key record `k` is new to the team: false when stored already with the same bytes (a push repeated
// after a lost acknowledgement), AlreadyExists when stored with other bytes.
Result<bool> keyIsNew(Conn& c, const std::string& team, const sync::KeyRecord& k) {
  COACH_ASSIGN_OR_RETURN(Stmt * s, c.cache.get("SELECT bytes FROM log WHERE team = ?1 AND kind = 1 AND key_shard = ?2 "
                                               "AND key_version = ?3 AND key_epoch = ?4"));
  StmtGuard guard(*s);
  COACH_TRY(bindAll(*s, team, k.shard, k.version, k.epoch));
  COACH_ASSIGN_OR_RETURN(bool row, s->step());
  if (!row) return true;
  const crypto::ByteView stored = s->blobAt(0);
  if (!std::equal(stored.begin(), stored.end(), k.wrapped.begin(), k.wrapped.end())) {
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

sync::PullItem itemAt(const Stmt& s) {
  sync::PullItem item;
  item.serverSeq = sqlite_detail::u64At(s, 0);
  item.isKey = s.intAt(1) == 1;
  if (!item.isKey) {
    item.envelope = sqlite_detail::bytesAt(s, 3);
    item.erased = sqlite3_column_type(s.get(), 7) != SQLITE_NULL;
    if (item.erased) item.erasedHash = sqlite_detail::bytesAt(s, 7);
    return item;
  }
  item.key.shard = s.textAt(4);
  item.key.version = static_cast<std::uint32_t>(s.intAt(5));
  item.key.epoch = static_cast<std::uint32_t>(s.intAt(6));
  item.key.author = s.textAt(2);
  item.key.wrapped = sqlite_detail::bytesAt(s, 3);
  return item;
}

}  // namespace

namespace sqlite_detail {

Result<std::vector<std::uint64_t>> appendOne(Conn& c, const PendingAppend& push) {
  const std::string& team = push.team;
  const std::string& device = push.device;
  COACH_ASSIGN_OR_RETURN(std::optional<std::uint64_t> last, lastServerSeq(c, team));
  if (!last) return sqlite_detail::noTeam(team);
  COACH_ASSIGN_OR_RETURN(std::uint64_t deviceLast, deviceLastSequence(c, team, device));
  if (deviceLast != push.expectedLast) return sequenceGap(deviceLast);
  std::uint64_t seq = *last;
  std::uint64_t newKeys = 0;
  for (const sync::KeyRecord& k : push.keys) {
    COACH_ASSIGN_OR_RETURN(std::optional<std::uint64_t> erased, sqlite_detail::erasureOf(c, team, k.shard));
    if (erased) continue;  // a key of an erased shard: acknowledged, not stored
    COACH_ASSIGN_OR_RETURN(bool isNew, keyIsNew(c, team, k));  // also sees the ones inserted just before
    if (!isNew) continue;
    COACH_TRY(runBound(c, "INSERT INTO log (team, server_seq, kind, device, key_shard, key_version, key_epoch, bytes) "
                     "VALUES (?1, ?2, 1, ?3, ?4, ?5, ?6, ?7)",
                  team, ++seq, k.author, k.shard, k.version, k.epoch, crypto::ByteView(k.wrapped)));
    ++newKeys;
  }
  std::vector<std::uint64_t> seqs;
  std::uint64_t bytes = 0;
  std::uint64_t tombstones = 0;
  for (const NewEnvelope& e : push.envelopes) {
    COACH_ASSIGN_OR_RETURN(std::optional<std::uint64_t> erased, sqlite_detail::erasureOf(c, team, e.shard));
    if (erased) {  // written before its device learnt of the erasure: stored as its tombstone only
      const crypto::Bytes header = tombstoneOf(e.bytes);
      COACH_TRY(runBound(c, "INSERT INTO log (team, server_seq, kind, device, device_seq, shard, bytes, erased_hash) "
                       "VALUES (?1, ?2, 0, ?3, ?4, ?5, ?6, ?7)",
                    team, ++seq, device, e.sequence, e.shard, crypto::ByteView(header), crypto::ByteView(e.hash)));
      bytes += header.size();
      ++tombstones;
    } else {
      COACH_TRY(runBound(c, "INSERT INTO log (team, server_seq, kind, device, device_seq, shard, bytes) "
                       "VALUES (?1, ?2, 0, ?3, ?4, ?5, ?6)",
                    team, ++seq, device, e.sequence, e.shard, crypto::ByteView(e.bytes)));
      bytes += e.bytes.size();
    }
    seqs.push_back(seq);
  }
  if (!push.envelopes.empty()) {
    COACH_TRY(runBound(c, "UPDATE device SET last_seq = ?3, last_hash = ?4 WHERE team = ?1 AND id = ?2", team, device,
                  push.envelopes.back().sequence, crypto::ByteView(push.envelopes.back().hash)));
  }
  COACH_TRY(runBound(c, "UPDATE team_head SET last_server_seq = ?2, envelopes = envelopes + ?3, "
                   "envelope_bytes = envelope_bytes + ?4, key_records = key_records + ?5, "
                   "tombstones = tombstones + ?6 WHERE team = ?1",
                team, seq, push.envelopes.size(), bytes, newKeys, tombstones));
  return seqs;
}

}  // namespace sqlite_detail

Result<std::vector<std::uint64_t>> SqliteStorage::append(const std::string& team, const std::string& device,
                                                         std::uint64_t expectedLast, const std::vector<NewEnvelope>& envelopes,
                                                         const std::vector<sync::KeyRecord>& keys) {
  sqlite_detail::PendingAppend mine{team, device, expectedLast, envelopes, keys, std::nullopt};
  return appendInGroup(mine);
}

Result<std::optional<sync::Hash>> SqliteStorage::envelopeHash(const std::string& team, const std::string& device,
                                                              std::uint64_t sequence) {
  using Found = std::optional<sync::Hash>;
  if (!std::in_range<std::int64_t>(sequence)) return Found{};  // larger than any stored sequence
  COACH_ASSIGN_OR_RETURN(sqlite_detail::ReadLease c, reader());
  COACH_ASSIGN_OR_RETURN(Stmt * s, c->cache.get("SELECT bytes, erased_hash FROM log WHERE team = ?1 AND kind = 0 "
                                                "AND device = ?2 AND device_seq = ?3"));
  StmtGuard guard(*s);
  COACH_TRY(bindAll(*s, team, device, sequence));
  COACH_ASSIGN_OR_RETURN(bool row, next(*s, "reading a stored envelope"));
  if (!row) return Found{};
  if (sqlite3_column_type(s->get(), 1) != SQLITE_NULL) {  // a tombstone keeps the hash of the envelope it was
    COACH_ASSIGN_OR_RETURN(sync::Hash kept, sqlite_detail::hashAt(*s, 1));
    return Found{kept};
  }
  return Found{sync::envelopeHash(s->blobAt(0))};
}

Result<sync::PullResponse> SqliteStorage::page(const std::string& team, std::uint64_t after, std::uint32_t limit,
                                               std::uint32_t maxBytes) {
  sync::PullResponse page;
  page.next = after;
  if (!std::in_range<std::int64_t>(after)) return page;  // after every stored item
  COACH_ASSIGN_OR_RETURN(sqlite_detail::ReadLease c, reader());
  // One range query on the primary key; one row more than fits tells whether more wait.
  COACH_ASSIGN_OR_RETURN(Stmt * s, c->cache.get("SELECT server_seq, kind, device, bytes, key_shard, key_version, key_epoch, "
                                                "erased_hash FROM log WHERE team = ?1 AND server_seq > ?2 "
                                                "ORDER BY server_seq LIMIT ?3"));
  StmtGuard guard(*s);
  const std::uint64_t rows = std::uint64_t{std::max<std::uint32_t>(limit, 1)} + 1;
  COACH_TRY(bindAll(*s, team, after, rows));
  std::size_t bytes = 0;
  for (;;) {
    COACH_ASSIGN_OR_RETURN(bool row, next(*s, "reading the team's log"));
    if (!row) return page;
    const std::size_t size = s->intAt(1) == 1 ? kKeyRecordPageBytes
                                              : static_cast<std::size_t>(sqlite3_column_bytes(s->get(), 3)) +
                                                    static_cast<std::size_t>(sqlite3_column_bytes(s->get(), 7));
    if (!page.items.empty() && (page.items.size() >= limit || bytes + size > maxBytes)) {
      page.more = true;
      return page;
    }
    page.items.push_back(itemAt(*s));
    bytes += size;
    page.next = page.items.back().serverSeq;
  }
}

Result<std::uint64_t> SqliteStorage::head(const std::string& team) {
  COACH_ASSIGN_OR_RETURN(sqlite_detail::ReadLease c, reader());
  Result<std::optional<std::uint64_t>> last = lastServerSeq(*c, team);
  if (!last.ok()) return sqlite_detail::named(std::move(last).error(), "reading the team's head");
  return last->value_or(0);
}

Status SqliteStorage::putSnapshot(const std::string& team, const SnapshotInfo& info, const crypto::Bytes& bytes) {
  return write<void>("storing a snapshot", [&](Conn& c) -> Status {
    COACH_ASSIGN_OR_RETURN(std::optional<std::uint64_t> last, lastServerSeq(c, team));
    if (!last) return sqlite_detail::noTeam(team);
    COACH_ASSIGN_OR_RETURN(std::optional<std::uint64_t> erased, sqlite_detail::erasureOf(c, team, info.shard));
    if (erased) return Status{};  // a snapshot of an erased shard: acknowledged, not stored
    if (info.shard == "team") {
      COACH_ASSIGN_OR_RETURN(std::uint64_t count, sqlite_detail::erasureCountOf(c, team));
      if (info.erasuresSeen < count) return Status{staleTeamSnapshot(info.erasuresSeen, count)};
    }
    // The newest per shard is kept: an upload that covers no more than the stored one changes nothing.
    return runBound(c, "INSERT INTO snapshot (team, shard, covers, key_id, author, size, stored_at, bytes) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (team, shard) DO UPDATE SET "
                  "covers = excluded.covers, key_id = excluded.key_id, author = excluded.author, size = excluded.size, "
                  "stored_at = excluded.stored_at, bytes = excluded.bytes WHERE excluded.covers > snapshot.covers",
               team, info.shard, info.covers, info.keyId, info.author, info.size, info.storedAt, crypto::ByteView(bytes));
  });
}

Result<std::vector<SnapshotInfo>> SqliteStorage::snapshots(const std::string& team) {
  COACH_ASSIGN_OR_RETURN(sqlite_detail::ReadLease c, reader());
  COACH_ASSIGN_OR_RETURN(Stmt * s, c->cache.get("SELECT shard, covers, key_id, author, size, stored_at FROM snapshot "
                                                "WHERE team = ?1 ORDER BY shard"));
  StmtGuard guard(*s);
  COACH_TRY(bindAll(*s, team));
  std::vector<SnapshotInfo> out;
  for (;;) {
    COACH_ASSIGN_OR_RETURN(bool row, next(*s, "listing snapshots"));
    if (!row) return out;
    out.push_back(SnapshotInfo{s->textAt(0), sqlite_detail::u64At(*s, 1), static_cast<std::uint32_t>(s->intAt(2)),
                               s->textAt(3), sqlite_detail::u64At(*s, 4), s->intAt(5)});
  }
}

Result<std::optional<SnapshotInfo>> SqliteStorage::snapshotOf(const std::string& team, const std::string& shard) {
  using Found = std::optional<SnapshotInfo>;
  COACH_ASSIGN_OR_RETURN(sqlite_detail::ReadLease c, reader());
  COACH_ASSIGN_OR_RETURN(Stmt * s, c->cache.get("SELECT shard, covers, key_id, author, size, stored_at FROM snapshot "
                                                "WHERE team = ?1 AND shard = ?2"));
  StmtGuard guard(*s);
  COACH_TRY(bindAll(*s, team, shard));
  COACH_ASSIGN_OR_RETURN(bool row, next(*s, "reading a snapshot's description"));
  if (!row) return Found{};
  return Found{SnapshotInfo{s->textAt(0), sqlite_detail::u64At(*s, 1), static_cast<std::uint32_t>(s->intAt(2)), s->textAt(3),
                            sqlite_detail::u64At(*s, 4), s->intAt(5)}};
}

Result<std::optional<crypto::Bytes>> SqliteStorage::snapshot(const std::string& team, const std::string& shard) {
  using Found = std::optional<crypto::Bytes>;
  COACH_ASSIGN_OR_RETURN(sqlite_detail::ReadLease c, reader());
  COACH_ASSIGN_OR_RETURN(Stmt * s, c->cache.get("SELECT bytes FROM snapshot WHERE team = ?1 AND shard = ?2"));
  StmtGuard guard(*s);
  COACH_TRY(bindAll(*s, team, shard));
  COACH_ASSIGN_OR_RETURN(bool row, next(*s, "reading a snapshot"));
  if (!row) return Found{};
  return Found{sqlite_detail::bytesAt(*s, 0)};
}

}  // namespace coach::relay
