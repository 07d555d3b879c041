// Store: turning the outbox into envelopes (docs/sync.md, "Push"). Envelopes are built and persisted, and
// their outbox entries removed, in one transaction, before anything is sent: a crash at any point either
// leaves the outbox as it was or leaves ready envelopes that the next sync sends (the same bytes again, which
// the server acknowledges without storing twice).
#include <algorithm>
#include <unordered_map>

#include "crypto/crypto.hpp"
#include "store/store_impl.hpp"

namespace coach {
namespace {

using sync::FieldChange;
using sync::RecordChange;

// The outbox entries of one record (in the order they were written): what its change is built from.
struct RecordEntries {
  std::int64_t rid = 0;
  std::vector<std::uint64_t> hlcs;
  store::StampList bases;  // every entry's bases, one after the other
};

// The entries one push collects: those of the records of the oldest `limit` (?1) outbox entries. readOutbox reads
// them and dropOutbox deletes them with this same condition, in one transaction, so the two sets are the same.
#define COACH_OUTBOX_BATCH " FROM outbox WHERE rid IN (SELECT rid FROM outbox ORDER BY seq LIMIT ?1)"

// The entries of the records of the oldest `limit` outbox entries, grouped by record (a record's entries in the
// order they were written, records in the order of their first entry).
Result<std::vector<RecordEntries>> readOutbox(Store::Impl& impl, std::size_t limit) {
  COACH_ASSIGN_OR_RETURN(store::Stmt* s, impl.stmt("SELECT seq, rid, bases, hlc" COACH_OUTBOX_BATCH " ORDER BY seq"));
  store::StmtGuard guard(*s);
  COACH_TRY(s->bindInt(1, static_cast<std::int64_t>(limit)));
  std::vector<RecordEntries> out;
  std::unordered_map<std::int64_t, std::size_t> at;  // rid -> its place in `out`
  while (true) {
    COACH_ASSIGN_OR_RETURN(bool row, s->step());
    if (!row) break;
    auto bases = store::decodeStampList(s->blobAt(2));
    if (!bases) return makeError(ErrorCode::StorageError, "an outbox entry is damaged");
    const std::int64_t rid = s->intAt(1);
    auto [place, added] = at.try_emplace(rid, out.size());
    if (added) out.push_back(RecordEntries{rid, {}, {}});
    RecordEntries& r = out[place->second];
    r.hlcs.push_back(static_cast<std::uint64_t>(s->intAt(3)));
    r.bases.insert(r.bases.end(), std::make_move_iterator(bases->begin()), std::make_move_iterator(bases->end()));
  }
  return out;
}

// Deletes what readOutbox read, in one statement instead of one per entry (a push of 100 changes ran 100).
Status dropOutbox(Store::Impl& impl, std::size_t limit) {
  COACH_ASSIGN_OR_RETURN(store::Stmt* d, impl.stmt("DELETE" COACH_OUTBOX_BATCH));
  store::StmtGuard guard(*d);
  COACH_TRY(d->bindInt(1, static_cast<std::int64_t>(limit)));
  return d->run();
}

#undef COACH_OUTBOX_BATCH

Result<model::FieldValue> plainValue(Store::Impl& impl, const StoredRecord& rec, std::string_view name) {
  if (name == "archived") return model::FieldValue{std::int64_t{rec.archived ? 1 : 0}};
  const auto index = rec.ref.kind->fieldIndex(name);
  if (!index) return makeError(ErrorCode::StorageError, "an outbox entry names an unknown field");
  if (rec.sealed[*index]) {
    COACH_ASSIGN_OR_RETURN(std::string plain, impl.keys->decryptField(impl.db, rec.ref.shard, rec.id, name, *rec.sealed[*index]));
    return model::FieldValue{std::move(plain)};
  }
  return rec.values[*index];
}

// The stamps each field's unsent edits replaced, minus the stamps of those edits themselves (never sent:
// only the newest value of a field goes out, and it carries what its first edit saw). Sorted by field name,
// then stamp, without repeats.
struct BaseStamp {
  std::string_view field;
  std::uint64_t hlc = 0;
  std::uint32_t device = 0;
  friend auto operator<=>(const BaseStamp&, const BaseStamp&) = default;
};

std::vector<BaseStamp> basesOf(const RecordEntries& entries, std::uint32_t self) {
  std::vector<BaseStamp> out;
  out.reserve(entries.bases.size());
  for (const auto& [name, base] : entries.bases) {
    const bool ownUnsent = base.device == self &&
                           std::find(entries.hlcs.begin(), entries.hlcs.end(), base.hlc.value) != entries.hlcs.end();
    if (!ownUnsent) out.push_back(BaseStamp{name, base.hlc.value, base.device});
    else out.push_back(BaseStamp{name, 0, 0});  // the field was edited: it goes out, without this base
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// The change of one record: every field whose current stamp is this device's, with its bases.
Result<std::optional<RecordChange>> recordChange(Store::Impl& impl, const StoredRecord& rec, const std::vector<BaseStamp>& bases) {
  auto clocks = store::FieldClocks::decode(rec.clocks);
  if (!clocks) return makeError(ErrorCode::StorageError, "record " + rec.id + " has damaged field clocks");
  COACH_ASSIGN_OR_RETURN(sync::Id id, sync::idFromText(rec.id));
  RecordChange change{id, std::string(rec.ref.kind->name), {}};
  for (auto at = bases.begin(); at != bases.end();) {
    const std::string_view name = at->field;
    auto next = std::find_if(at, bases.end(), [&](const BaseStamp& b) { return b.field != name; });
    const auto stamp = clocks->get(name);
    if (!stamp || stamp->device != impl.deviceNo) {  // a remote edit won meanwhile
      at = next;
      continue;
    }
    FieldChange f{std::string(name), stamp->hlc.value, {}, {}};
    for (; at != next; ++at) {
      if (at->hlc == 0) continue;
      COACH_ASSIGN_OR_RETURN(std::string baseDevice, impl.deviceIdOf(at->device));
      COACH_ASSIGN_OR_RETURN(sync::Id baseId, sync::idFromText(baseDevice));
      f.bases.push_back(sync::Stamp{at->hlc, baseId});
    }
    COACH_ASSIGN_OR_RETURN(f.value, plainValue(impl, rec, name));
    change.fields.push_back(std::move(f));
  }
  if (change.fields.empty()) return std::optional<RecordChange>{};
  return std::optional<RecordChange>{std::move(change)};
}

struct ChainCursor {
  std::uint64_t sequence = 0;
  sync::Hash hash{};
};

Result<ChainCursor> loadChainCursor(Store::Impl& impl) {
  ChainCursor c;
  COACH_ASSIGN_OR_RETURN(c.sequence, impl.metaNumber("device_seq"));
  COACH_ASSIGN_OR_RETURN(auto hash, impl.metaGet("device_hash"));
  if (hash && hash->size() == sync::kHashSize) std::copy(hash->begin(), hash->end(), c.hash.begin());
  return c;
}

// Seals `changes` as the next envelope of the chain and stores it; returns it as the push sends it.
Result<Store::Impl::SentEnvelope> sealChunk(Store::Impl& impl, const std::string& shard, std::vector<RecordChange> changes,
                                            ChainCursor& chain) {
  sync::EnvelopeHeader h;
  h.team = impl.membership->team;
  COACH_ASSIGN_OR_RETURN(h.shard, sync::shardFromText(shard));
  COACH_ASSIGN_OR_RETURN(h.device, sync::idFromText(impl.deviceId));
  h.sequence = chain.sequence + 1;
  COACH_ASSIGN_OR_RETURN(h.keyId, impl.keys->currentVersion(impl.db, shard));
  for (const RecordChange& c : changes) {
    for (const FieldChange& f : c.fields) h.newestHlc = std::max(h.newestHlc, f.hlc);
  }
  h.prevHash = chain.hash;
  const std::size_t count = changes.size();
  const crypto::Bytes batch = sync::encodeBatch(sync::ChangeBatch{static_cast<std::uint16_t>(store::kSchemaLevel), std::move(changes)});
  COACH_ASSIGN_OR_RETURN(const crypto::Aead* key, impl.keys->shardCipher(impl.db, shard, h.keyId));
  COACH_ASSIGN_OR_RETURN(crypto::Bytes envelope, sync::sealEnvelope(h, batch, *key, *impl.membership->signer));
  COACH_ASSIGN_OR_RETURN(store::Stmt* s, impl.stmt("INSERT INTO own_envelope (seq, shard, changes, bytes) VALUES (?, ?, ?, ?)"));
  store::StmtGuard guard(*s);
  COACH_TRY(s->bindInt(1, static_cast<std::int64_t>(h.sequence)));
  COACH_TRY(s->bindText(2, shard));
  COACH_TRY(s->bindInt(3, static_cast<std::int64_t>(count)));
  COACH_TRY(s->bindBlob(4, envelope));
  COACH_TRY(s->run());
  chain = ChainCursor{h.sequence, sync::envelopeHash(envelope)};
  return Store::Impl::SentEnvelope{h.sequence, count, std::move(envelope)};
}

// The changes of one shard not sealed yet, with their encoded sizes.
struct ShardWindow {
  std::string shard;
  std::vector<RecordChange> changes;
  std::vector<std::size_t> sizes;
};

}  // namespace

Result<std::vector<Store::Impl::SentEnvelope>> Store::Impl::buildEnvelopes(std::size_t changesPerEnvelope,
                                                                            std::size_t maxEnvelopes) {
  COACH_TRY(requireUnlocked());
  COACH_TRY(requireMember());
  COACH_ASSIGN_OR_RETURN(store::Transaction txn, store::Transaction::begin(db, stmts.get()));
  WriteGuardScope scope(writeAllowed);  // removes the outbox entries it turns into envelopes
  COACH_ASSIGN_OR_RETURN(ChainCursor chain, loadChainCursor(*this));
  std::vector<ShardWindow> windows;     // in the order each shard first came
  std::vector<SentEnvelope> built;
  // Seals the first `count` changes of the window; the rest stay.
  auto sealHead = [&](ShardWindow& w, std::size_t count) -> Status {
    const auto end = w.changes.begin() + static_cast<std::ptrdiff_t>(count);
    std::vector<RecordChange> chunk(std::make_move_iterator(w.changes.begin()), std::make_move_iterator(end));
    w.changes.erase(w.changes.begin(), end);
    w.sizes.erase(w.sizes.begin(), w.sizes.begin() + static_cast<std::ptrdiff_t>(count));
    COACH_ASSIGN_OR_RETURN(SentEnvelope sealed, sealChunk(*this, w.shard, std::move(chunk), chain));
    built.push_back(std::move(sealed));
    return {};
  };
  // Each record's change is sealed as soon as its shard has a full envelope: a push holds one envelope's worth
  // of changes per shard, not all of them. The first unsent edit of each field gives the bases; the record's
  // current values give the rest.
  const std::size_t batch = changesPerEnvelope * maxEnvelopes;
  COACH_ASSIGN_OR_RETURN(std::vector<RecordEntries> records, readOutbox(*this, batch));
  if (records.empty()) return built;
  for (const RecordEntries& entries : records) {
    COACH_ASSIGN_OR_RETURN(std::optional<StoredRecord> rec, loadRecordByRid(entries.rid));
    if (!rec) continue;
    COACH_ASSIGN_OR_RETURN(std::optional<RecordChange> change, recordChange(*this, *rec, basesOf(entries, deviceNo)));
    if (!change) continue;
    auto w = std::find_if(windows.begin(), windows.end(), [&](const ShardWindow& x) { return x.shard == rec->ref.shard; });
    if (w == windows.end()) w = windows.insert(windows.end(), ShardWindow{rec->ref.shard, {}, {}});
    w->sizes.push_back(sync::encodedSize(*change));
    w->changes.push_back(std::move(*change));
    while (auto head = sync::finalFirstEnvelope(w->sizes, changesPerEnvelope)) COACH_TRY(sealHead(*w, *head));
  }
  for (ShardWindow& w : windows) {
    for (std::size_t count : sync::planEnvelopes(w.sizes, changesPerEnvelope)) COACH_TRY(sealHead(w, count));
  }
  COACH_TRY(dropOutbox(*this, batch));
  COACH_TRY(metaPut("device_seq", crypto::asBytes(std::to_string(chain.sequence))));
  COACH_TRY(metaPut("device_hash", chain.hash));
  COACH_TRY(persistHlc());  // outbox entries carried the newest stamps; the clock now lives in meta
  COACH_TRY(txn.commit());
  // What unackedEnvelopes(maxEnvelopes) would read back now: sizes may have split the batch into more envelopes
  // than a push takes, and those wait for the next one.
  if (built.size() > maxEnvelopes) built.resize(maxEnvelopes);
  return built;
}

// Counted as the collection below groups them: one change per record with outbox entries, and the changes
// each sealed envelope carries (stored with it, since its contents are encrypted).
Result<std::uint64_t> Store::pendingChanges() {
  std::lock_guard lock(impl_->mu);
  COACH_TRY(impl_->requireUnlocked());
  COACH_ASSIGN_OR_RETURN(store::Stmt* s, impl_->stmt(
      "SELECT (SELECT COUNT(DISTINCT rid) FROM outbox) + (SELECT COALESCE(SUM(changes), 0) FROM sent_envelope)"));
  store::StmtGuard guard(*s);
  COACH_ASSIGN_OR_RETURN(bool row, s->step());
  if (!row) return makeError(ErrorCode::StorageError, "counting the changes waiting to be sent gave no answer");
  return static_cast<std::uint64_t>(s->intAt(0));
}

Result<std::vector<Store::Impl::SentEnvelope>> Store::Impl::unackedEnvelopes(std::size_t limit) {
  // Acknowledgements are a prefix of the sequences (the server acknowledges the highest contiguous one: keepHeld),
  // so no unacknowledged envelope lies at or below the newest acknowledged one. The bound lets SQLite start past
  // the kept copies (up to 90 days of them) instead of stepping over each at every push; coach-bench join found
  // that walk at a fifth of an incremental sync on a device holding a team's history.
  COACH_ASSIGN_OR_RETURN(store::Stmt* s, stmt("SELECT seq, changes, bytes FROM sent_envelope WHERE seq > (SELECT "
                                              "coalesce(max(seq), 0) FROM own_envelope_ack) ORDER BY seq LIMIT ?"));
  store::StmtGuard guard(*s);
  COACH_TRY(s->bindInt(1, static_cast<std::int64_t>(limit)));
  std::vector<SentEnvelope> out;
  while (true) {
    COACH_ASSIGN_OR_RETURN(bool row, s->step());
    if (!row) break;
    const auto bytes = s->blobAt(2);
    out.push_back(SentEnvelope{static_cast<std::uint64_t>(s->intAt(0)), static_cast<std::uint64_t>(s->intAt(1)),
                               crypto::Bytes(bytes.begin(), bytes.end())});
  }
  return out;
}

Status Store::Impl::acknowledge(std::uint64_t lastSequence, const std::vector<sync::KeyRecord>& keysSent,
                                const KeepLimits& keep) {
  COACH_ASSIGN_OR_RETURN(store::Transaction txn, store::Transaction::begin(db, stmts.get()));
  const bool keeping = keep.days > 0 && keep.bytes > 0;
  if (keeping) {  // kept for a resend after a server restore (store/kept_envelopes.cpp)
    COACH_TRY(keepHeld(lastSequence));
    COACH_TRY(keepKeyRecords(keysSent));
  }
  COACH_TRY(pruneKept(keep));
  if (!keeping) {  // kept, an acknowledged envelope stays where it is, with an acknowledgement beside it
    COACH_ASSIGN_OR_RETURN(store::Stmt* s,
                           stmt("DELETE FROM own_envelope WHERE seq IN (SELECT seq FROM sent_envelope WHERE seq <= ?)"));
    store::StmtGuard guard(*s);
    COACH_TRY(s->bindInt(1, static_cast<std::int64_t>(lastSequence)));
    COACH_TRY(s->run());
  }
  for (const sync::KeyRecord& k : keysSent) {
    COACH_ASSIGN_OR_RETURN(store::Stmt* s, stmt("DELETE FROM key_outbox WHERE shard = ? AND version = ?"));
    store::StmtGuard guard(*s);
    COACH_TRY(s->bindText(1, k.shard));
    COACH_TRY(s->bindInt(2, k.version));
    COACH_TRY(s->run());
  }
  return txn.commit();
}

}  // namespace coach
