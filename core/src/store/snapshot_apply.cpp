// Store: catching up from snapshots (docs/sync.md, "Snapshots"; proto/PROTOCOL.md, "Snapshots"). Every
// snapshot is checked before anything of it is used: its structure, that the server describes it as it is,
// its team, its author's signature (with the key the device list gave), then it is opened with its shard key
// and decoded. The team snapshot's shard keys are imported first (the participant snapshots need them); then
// every snapshot's state is merged with the normal merge (a merge, never an overwrite: this device's own
// changes that the snapshots do not hold keep competing by stamp), the chain states move forward and the
// cursor moves to the team snapshot's `covers`, all in one transaction: a failure anywhere leaves nothing.
// Callers hold `mu`.
#include <algorithm>
#include <set>

#include <openssl/crypto.h>

#include "crypto/crypto.hpp"
#include "store/store_impl.hpp"
#include "sync/snapshot.hpp"

namespace coach {
namespace {

struct Opened {
  sync::SnapshotHeader header;
  sync::SnapshotContent content;
};

Result<crypto::Bytes> authorKey(Store::Impl& impl, const std::string& author) {
  if (author == impl.deviceId) return impl.membership->signer->publicKey();
  COACH_ASSIGN_OR_RETURN(store::Stmt* s, impl.stmt("SELECT signing_key FROM peer WHERE device = ?"));
  store::StmtGuard guard(*s);
  COACH_TRY(s->bindText(1, author));
  COACH_ASSIGN_OR_RETURN(bool row, s->step());
  if (!row) {
    return makeError(ErrorCode::SignatureInvalid,
                     "a snapshot comes from device " + author + ", which is not in the team's device list");
  }
  return crypto::Bytes(s->blobAt(0).begin(), s->blobAt(0).end());
}

Result<Opened> openVerified(Store::Impl& impl, const sync::Snapshot& snapshot, const std::string& shard) {
  COACH_ASSIGN_OR_RETURN(sync::ParsedSnapshot parsed, sync::parseSnapshot(snapshot.bytes));
  COACH_TRY(sync::checkSnapshotMeta(parsed, snapshot.meta));
  if (snapshot.meta.shard != shard) {
    return makeError(ErrorCode::InvalidArgument,
                     "the server sent the snapshot of shard " + snapshot.meta.shard + " for shard " + shard);
  }
  if (parsed.header.team != impl.membership->team) {
    return makeError(ErrorCode::WrongTeam,
                     "the server sent a snapshot of another team: it is misconfigured or hostile");
  }
  COACH_ASSIGN_OR_RETURN(crypto::Bytes key, authorKey(impl, snapshot.meta.author));
  COACH_TRY(sync::verifySnapshotSignature(parsed, key));
  auto cipher = impl.keys->shardCipher(impl.db, shard, parsed.header.keyId);
  if (!cipher.ok()) {
    return makeError(ErrorCode::UnknownKey, "this device has no key (version " + std::to_string(parsed.header.keyId) +
                                                ") to open the snapshot of shard " + shard);
  }
  COACH_ASSIGN_OR_RETURN(crypto::Bytes plain, sync::openSnapshot(parsed, *cipher.value()));
  auto content = sync::decodeSnapshotContent(plain);
  OPENSSL_cleanse(plain.data(), plain.size());
  if (!content.ok()) return std::move(content).error();
  const bool team = shard == model::kTeamShard;
  if (!team && (!content->chains.empty() || !content->keys.empty())) {
    return makeError(ErrorCode::EnvelopeMalformed,
                     "the snapshot of shard " + shard + " carries chain states or keys, which only the team's may");
  }
  if (sync::newestStamp(*content) > parsed.header.newestHlc) {
    return makeError(ErrorCode::EnvelopeMalformed,
                     "the snapshot of shard " + shard + " holds a change newer than its header says");
  }
  return Opened{parsed.header, std::move(content).value()};
}

Result<bool> someEditSaw(Store::Impl& impl, std::int64_t rid, const std::string& field, const sync::Stamp& stamp) {
  COACH_ASSIGN_OR_RETURN(
      store::Stmt* s,
      impl.stmt("SELECT 1 FROM lineage WHERE rid = ? AND field = ? AND base_hlc = ? AND base_device = ? LIMIT 1"));
  store::StmtGuard guard(*s);
  COACH_TRY(s->bindInt(1, rid));
  COACH_TRY(s->bindText(2, field));
  COACH_TRY(s->bindInt(3, static_cast<std::int64_t>(stamp.hlc)));
  COACH_TRY(s->bindText(4, sync::idToText(stamp.device)));
  return s->step();
}

class Applier {
 public:
  Applier(Store::Impl& impl, PageOutcome& outcome) : impl_(impl), outcome_(outcome) {}

  Status apply(const std::string& shard, const sync::SnapshotContent& content) {
    COACH_TRY(state(shard, content));
    for (const sync::SnapshotLineage& l : content.lineage) COACH_TRY(lineage(l));
    for (const sync::SnapshotValue& c : content.conflicts) COACH_TRY(conflict(c));
    for (const sync::SnapshotValue& h : content.history) COACH_TRY(history(h));
    return {};
  }

 private:
  // Each record's changes, the one holding its oldest stamp first (a new record takes its creation stamp
  // from the first change that reaches it, as it does from the log).
  Status state(const std::string& shard, const sync::SnapshotContent& content) {
    struct Item {
      const sync::RecordChange* change;
      std::string sender;
      std::uint64_t oldest;
    };
    std::vector<Item> items;
    for (const sync::SnapshotGroup& g : content.state) {
      const std::string sender = sync::idToText(g.device);
      for (const sync::RecordChange& c : g.changes) {
        std::uint64_t oldest = ~std::uint64_t{0};
        for (const sync::FieldChange& f : c.fields) oldest = std::min(oldest, f.hlc);
        items.push_back(Item{&c, sender, oldest});
      }
    }
    std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
      return a.change->record != b.change->record ? a.change->record < b.change->record : a.oldest < b.oldest;
    });
    for (const Item& item : items) {
      COACH_ASSIGN_OR_RETURN(std::int64_t applied, impl_.mergeChange(*item.change, shard, item.sender, outcome_));
      outcome_.changes += static_cast<std::uint64_t>(applied);
    }
    return {};
  }

  Result<std::optional<RecordRef>> find(const sync::Id& record) { return impl_.findRecord(sync::idToText(record)); }

  // As merge does for an edit's bases: the edit saw `base`, so a conflict that `base` lost is cleared.
  Status lineage(const sync::SnapshotLineage& l) {
    COACH_ASSIGN_OR_RETURN(std::optional<RecordRef> ref, find(l.record));
    if (!ref) return {};  // a record of a kind this version keeps aside
    COACH_ASSIGN_OR_RETURN(std::uint32_t editNo, impl_.deviceNoOf(sync::idToText(l.edit.device)));
    COACH_ASSIGN_OR_RETURN(std::uint32_t baseNo, impl_.deviceNoOf(sync::idToText(l.base.device)));
    return impl_.recordLineage(ref->rid, l.field, store::FieldStamp{Hlc{l.edit.hlc}, editNo},
                               store::FieldStamp{Hlc{l.base.hlc}, baseNo});
  }

  // A losing free text the snapshot's author holds, unless an edit this device knows saw it.
  Status conflict(const sync::SnapshotValue& c) {
    COACH_ASSIGN_OR_RETURN(std::optional<RecordRef> ref, find(c.record));
    if (!ref || c.stamp.hlc == 0) return {};
    COACH_ASSIGN_OR_RETURN(bool seen, someEditSaw(impl_, ref->rid, c.field, c.stamp));
    if (seen) return {};
    const std::string id = sync::idToText(c.record);
    const std::string loser = sync::idToText(c.stamp.device);
    COACH_ASSIGN_OR_RETURN(store::Stmt* s, impl_.stmt("INSERT OR IGNORE INTO conflict (rid, field, loser_hlc, "
                                                       "loser_device, value, found_hlc) VALUES (?, ?, ?, ?, ?, ?)"));
    store::StmtGuard guard(*s);
    COACH_TRY(s->bindInt(1, ref->rid));
    COACH_TRY(s->bindText(2, c.field));
    COACH_TRY(s->bindInt(3, static_cast<std::int64_t>(c.stamp.hlc)));
    COACH_TRY(s->bindText(4, loser));
    if (const auto* text = std::get_if<std::string>(&c.value)) {
      const std::string label = "conflict:" + c.field + ":" + std::to_string(c.stamp.hlc) + ":" + loser;
      COACH_ASSIGN_OR_RETURN(crypto::Bytes sealed, impl_.keys->encryptField(impl_.db, ref->shard, id, label, *text));
      COACH_TRY(s->bindBlob(5, sealed));
    } else {
      COACH_TRY(s->bindNull(5));
    }
    COACH_TRY(s->bindInt(6, static_cast<std::int64_t>(impl_.hlc->last().value)));
    COACH_TRY(s->run());
    outcome_.conflicts += static_cast<std::uint64_t>(sqlite3_changes(impl_.db.get()));
    return {};
  }

  Status history(const sync::SnapshotValue& h) {
    COACH_ASSIGN_OR_RETURN(std::optional<RecordRef> ref, find(h.record));
    if (!ref) return {};
    const model::FieldDef* def = ref->kind->field(h.field);
    if (def == nullptr || !def->history) return {};
    COACH_ASSIGN_OR_RETURN(std::uint32_t no, impl_.deviceNoOf(sync::idToText(h.stamp.device)));
    COACH_ASSIGN_OR_RETURN(
        store::Stmt* s,
        impl_.stmt("INSERT OR IGNORE INTO field_history (rid, field, hlc, device, value) VALUES (?, ?, ?, ?, ?)"));
    store::StmtGuard guard(*s);
    COACH_TRY(s->bindInt(1, ref->rid));
    COACH_TRY(s->bindText(2, h.field));
    COACH_TRY(s->bindInt(3, static_cast<std::int64_t>(h.stamp.hlc)));
    COACH_TRY(s->bindInt(4, no));
    if (const auto* n = std::get_if<std::int64_t>(&h.value)) {
      COACH_TRY(s->bindInt(5, *n));
    } else if (const auto* t = std::get_if<std::string>(&h.value); t != nullptr && !def->sensitive) {
      COACH_TRY(s->bindText(5, *t));
    } else {
      COACH_TRY(s->bindNull(5));
    }
    return s->run();
  }

  Store::Impl& impl_;
  PageOutcome& outcome_;
};

// Chain states only move forward; a device the device list does not name cannot be checked later.
Status adoptChains(Store::Impl& impl, const std::vector<sync::SnapshotChain>& chains) {
  for (const sync::SnapshotChain& c : chains) {
    const std::string device = sync::idToText(c.device);
    if (device == impl.deviceId) continue;  // this device's own envelopes are skipped on pull
    COACH_ASSIGN_OR_RETURN(bool known, impl.knowsPeer(device));
    if (!known) {
      return makeError(ErrorCode::SignatureInvalid,
                       "the team snapshot names device " + device + ", which is not in the team's device list");
    }
    COACH_ASSIGN_OR_RETURN(store::Stmt* s,
                           impl.stmt("UPDATE peer SET last_seq = ?, last_hash = ? WHERE device = ? AND last_seq < ?"));
    store::StmtGuard guard(*s);
    COACH_TRY(s->bindInt(1, static_cast<std::int64_t>(c.lastSequence)));
    COACH_TRY(s->bindBlob(2, c.lastHash));
    COACH_TRY(s->bindText(3, device));
    COACH_TRY(s->bindInt(4, static_cast<std::int64_t>(c.lastSequence)));
    COACH_TRY(s->run());
  }
  return {};
}

std::vector<std::string> keyShards(const sync::SnapshotContent& team) {
  std::set<std::string> shards;
  for (const sync::SnapshotKey& k : team.keys) shards.insert(sync::idToText(k.shard));
  return {shards.begin(), shards.end()};
}

// Everything of the catch-up, inside the caller's transaction.
Status catchUp(Store::Impl& impl, const sync::Snapshot& teamSnapshot, const std::vector<sync::Snapshot>& participants,
               PageOutcome& outcome) {
  COACH_ASSIGN_OR_RETURN(Opened team, openVerified(impl, teamSnapshot, std::string(model::kTeamShard)));
  for (const sync::SnapshotKey& k : team.content.keys) {
    COACH_TRY(impl.importKeyRecord(
        sync::KeyRecord{sync::idToText(k.shard), k.version, k.epoch, teamSnapshot.meta.author, k.wrapped}));
  }
  std::vector<std::pair<std::string, Opened>> opened;
  std::uint64_t newest = team.header.newestHlc;
  for (const std::string& shard : keyShards(team.content)) {
    auto it = std::find_if(participants.begin(), participants.end(),
                           [&](const sync::Snapshot& s) { return s.meta.shard == shard; });
    if (it == participants.end() || it->meta.covers < team.header.covers) {
      return makeError(ErrorCode::NotFound,
                       "the server holds no snapshot of shard " + shard + " that covers the team snapshot");
    }
    COACH_ASSIGN_OR_RETURN(Opened o, openVerified(impl, *it, shard));
    newest = std::max(newest, o.header.newestHlc);
    opened.emplace_back(shard, std::move(o));
  }
  // The same bound as for an envelope: this device's clock is never dragged beyond it.
  COACH_TRY(impl.hlc->checkDrift(Hlc{newest}));
  COACH_TRY(impl.hlc->receive(Hlc{newest}));
  Applier applier(impl, outcome);
  for (const auto& [shard, o] : opened) COACH_TRY(applier.apply(shard, o.content));
  COACH_TRY(applier.apply(std::string(model::kTeamShard), team.content));
  COACH_TRY(adoptChains(impl, team.content.chains));
  COACH_ASSIGN_OR_RETURN(std::uint64_t cursor, impl.pullCursor());
  const std::uint64_t covers = std::max(cursor, team.header.covers);
  COACH_TRY(impl.metaPut("pull_cursor", crypto::asBytes(std::to_string(covers))));
  return impl.persistHlc();
}

// A catch-up writes every record of the snapshots in one transaction (a failure leaves nothing). With the normal
// page cache, the inserts into the indexes (record ids are random, so are the pages they land on) evict dirty
// pages in the middle of the transaction: SQLite spills them to the WAL and reads them back, again and again (on
// a five-year history, 43% of the catch-up was pwrite from inside the inserts). The cache grows for the
// transaction in proportion to what it applies, up to 64 MiB, and goes back afterwards, its memory released.
// Measured on that history (coach-bench join): 4.8-5.1 s until the snapshots were applied with 16 MiB, 4.3 s with
// 64 MiB, 4.0 s with 128 MiB; 64 MiB keeps a low-end phone's peak modest for most of the gain.
class CatchUpCache {
 public:
  CatchUpCache(const store::Db& db, std::size_t snapshotBytes) : db_(db) {
    const std::size_t kib = store::catchUpCacheKiB(snapshotBytes);
    grown_ = kib > static_cast<std::size_t>(store::kPageCacheKiB) &&
             db_.exec("PRAGMA cache_size = -" + std::to_string(kib), "growing the page cache").ok();
  }
  CatchUpCache(const CatchUpCache&) = delete;
  CatchUpCache& operator=(const CatchUpCache&) = delete;
  ~CatchUpCache() {
    if (!grown_) return;
    (void)db_.exec("PRAGMA cache_size = -" + std::to_string(store::kPageCacheKiB), "shrinking the page cache back");
    sqlite3_db_release_memory(db_.get());
  }

 private:
  const store::Db& db_;
  bool grown_ = false;
};

}  // namespace

std::size_t store::catchUpCacheKiB(std::size_t snapshotBytes) {
  constexpr std::size_t kMaxKiB = std::size_t{64} * 1024;
  return std::clamp<std::size_t>(snapshotBytes / 512, static_cast<std::size_t>(kPageCacheKiB), kMaxKiB);
}

Result<std::vector<std::string>> Store::Impl::snapshotShardsNeeded(const sync::Snapshot& team) {
  COACH_TRY(requireUnlocked());
  COACH_TRY(requireMember());
  COACH_ASSIGN_OR_RETURN(Opened opened, openVerified(*this, team, std::string(model::kTeamShard)));
  return keyShards(opened.content);
}

Result<PageOutcome> Store::Impl::applySnapshots(const sync::Snapshot& team,
                                                const std::vector<sync::Snapshot>& participants) {
  COACH_TRY(requireUnlocked());
  COACH_TRY(requireMember());
  PageOutcome outcome;
  std::size_t bytes = team.bytes.size();
  for (const sync::Snapshot& s : participants) bytes += s.bytes.size();
  const CatchUpCache cache(db, bytes);
  COACH_ASSIGN_OR_RETURN(store::Transaction txn, store::Transaction::begin(db, stmts.get()));
  auto applied = [&]() -> Status {
    WriteGuardScope scope(writeAllowed);
    refCache.clear();
    return catchUp(*this, team, participants, outcome);
  }();
  if (applied.ok()) applied = txn.commit();
  if (!applied.ok()) {
    // Nothing of it stayed: forget what the caches learnt inside the transaction.
    refCache.clear();
    deviceIdCache.clear();
    keys->dropCaches();
    return std::move(applied).error();
  }
  outcome.bytes = bytes;
  return outcome;
}

}  // namespace coach
