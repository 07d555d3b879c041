// Store: turning the outbox into envelopes (docs/sync.md, "Push"). Envelopes are built and persisted, and
// their outbox entries removed, in one transaction, before anything is sent: a crash at any point either
// leaves the outbox as it was or leaves ready envelopes that the next sync sends (the same bytes again, which
// the server acknowledges without storing twice).
#include <map>
#include <set>

#include "crypto/crypto.hpp"
#include "store/store_impl.hpp"

namespace coach {
namespace {

using sync::FieldChange;
using sync::RecordChange;

struct OutboxEntry {
  std::int64_t seq = 0;
  std::int64_t rid = 0;
  std::uint64_t hlc = 0;
  std::vector<std::string> fields;
  store::StampList bases;
};

std::vector<std::string> splitFields(const std::string& csv) {
  std::vector<std::string> out;
  for (std::size_t start = 0; start < csv.size();) {
    std::size_t comma = csv.find(',', start);
    if (comma == std::string::npos) comma = csv.size();
    out.push_back(csv.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

Result<std::vector<OutboxEntry>> readOutbox(Store::Impl& impl, std::size_t limit) {
  COACH_ASSIGN_OR_RETURN(store::Stmt* s, impl.stmt(
      "SELECT seq, rid, fields, bases, hlc FROM outbox WHERE rid IN (SELECT rid FROM outbox ORDER BY seq LIMIT ?) ORDER BY seq"));
  store::StmtGuard guard(*s);
  COACH_TRY(s->bindInt(1, static_cast<std::int64_t>(limit)));
  std::vector<OutboxEntry> out;
  while (true) {
    COACH_ASSIGN_OR_RETURN(bool row, s->step());
    if (!row) break;
    auto bases = store::decodeStampList(s->blobAt(3));
    if (!bases) return makeError(ErrorCode::StorageError, "an outbox entry is damaged");
    out.push_back(OutboxEntry{s->intAt(0), s->intAt(1), static_cast<std::uint64_t>(s->intAt(4)), splitFields(s->textAt(2)),
                              std::move(*bases)});
  }
  return out;
}

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
// only the newest value of a field goes out, and it carries what its first edit saw).
using BaseSets = std::map<std::string, std::set<std::pair<std::uint64_t, std::uint32_t>>>;

// The change of one record: every field whose current stamp is this device's, with its bases.
Result<std::optional<RecordChange>> recordChange(Store::Impl& impl, const StoredRecord& rec, const BaseSets& bases) {
  auto clocks = store::FieldClocks::decode(rec.clocks);
  if (!clocks) return makeError(ErrorCode::StorageError, "record " + rec.id + " has damaged field clocks");
  COACH_ASSIGN_OR_RETURN(sync::Id id, sync::idFromText(rec.id));
  RecordChange change{id, std::string(rec.ref.kind->name), {}};
  for (const auto& [name, stamps] : bases) {
    const auto stamp = clocks->get(name);
    if (!stamp || stamp->device != impl.deviceNo) continue;  // a remote edit won meanwhile
    FieldChange f{name, stamp->hlc.value, {}, {}};
    for (const auto& [hlc, deviceNo] : stamps) {
      if (hlc == 0) continue;
      COACH_ASSIGN_OR_RETURN(std::string baseDevice, impl.deviceIdOf(deviceNo));
      COACH_ASSIGN_OR_RETURN(sync::Id baseId, sync::idFromText(baseDevice));
      f.bases.push_back(sync::Stamp{hlc, baseId});
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

Status sealChunk(Store::Impl& impl, const std::string& shard, std::vector<RecordChange> changes, ChainCursor& chain) {
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
  return {};
}

}  // namespace

Result<std::size_t> Store::Impl::buildEnvelopes(std::size_t changesPerEnvelope, std::size_t maxEnvelopes) {
  COACH_TRY(requireUnlocked());
  COACH_TRY(requireMember());
  COACH_ASSIGN_OR_RETURN(store::Transaction txn, store::Transaction::begin(db, stmts.get()));
  WriteGuardScope scope(writeAllowed);  // removes the outbox entries it turns into envelopes
  COACH_ASSIGN_OR_RETURN(std::vector<OutboxEntry> entries, readOutbox(*this, changesPerEnvelope * maxEnvelopes));
  if (entries.empty()) return std::size_t{0};
  // The first unsent edit of each field gives the bases; the record's current values give the rest.
  std::vector<std::int64_t> order;
  std::map<std::int64_t, BaseSets> bases;
  for (const OutboxEntry& e : entries) {
    if (!bases.count(e.rid)) order.push_back(e.rid);
    auto& forRecord = bases[e.rid];
    for (const auto& [name, base] : e.bases) forRecord[name].emplace(base.hlc.value, base.device);
  }
  for (const OutboxEntry& e : entries) {  // an unsent edit is no base of the value that goes out
    for (auto& [name, stamps] : bases[e.rid]) stamps.erase({e.hlc, deviceNo});
  }
  std::vector<std::string> shardOrder;
  std::map<std::string, std::vector<RecordChange>> byShard;
  for (std::int64_t rid : order) {
    COACH_ASSIGN_OR_RETURN(std::optional<StoredRecord> rec, loadRecordByRid(rid));
    if (!rec) continue;
    COACH_ASSIGN_OR_RETURN(std::optional<RecordChange> change, recordChange(*this, *rec, bases[rid]));
    if (!change) continue;
    if (!byShard.count(rec->ref.shard)) shardOrder.push_back(rec->ref.shard);
    byShard[rec->ref.shard].push_back(std::move(*change));
  }
  COACH_ASSIGN_OR_RETURN(ChainCursor chain, loadChainCursor(*this));
  std::size_t built = 0;
  for (const std::string& shard : shardOrder) {
    auto& changes = byShard[shard];
    std::vector<std::size_t> sizes;
    sizes.reserve(changes.size());
    for (const RecordChange& c : changes) sizes.push_back(sync::encodedSize(c));
    auto next = changes.begin();
    for (std::size_t count : sync::planEnvelopes(sizes, changesPerEnvelope)) {
      const auto end = next + static_cast<std::ptrdiff_t>(count);
      COACH_TRY(sealChunk(*this, shard, std::vector<RecordChange>(std::make_move_iterator(next), std::make_move_iterator(end)),
                          chain));
      next = end;
      ++built;
    }
  }
  for (const OutboxEntry& e : entries) {
    COACH_ASSIGN_OR_RETURN(store::Stmt* d, stmt("DELETE FROM outbox WHERE seq = ?"));
    store::StmtGuard guard(*d);
    COACH_TRY(d->bindInt(1, e.seq));
    COACH_TRY(d->run());
  }
  COACH_TRY(metaPut("device_seq", crypto::asBytes(std::to_string(chain.sequence))));
  COACH_TRY(metaPut("device_hash", chain.hash));
  COACH_TRY(persistHlc());  // outbox entries carried the newest stamps; the clock now lives in meta
  COACH_TRY(txn.commit());
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
  COACH_ASSIGN_OR_RETURN(store::Stmt* s, stmt("SELECT seq, changes, bytes FROM sent_envelope ORDER BY seq LIMIT ?"));
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
