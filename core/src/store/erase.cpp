// Store: erasing a participant's shard (AVG art. 17; proto/PROTOCOL.md "Erasure", docs/erasure.md). Every
// record of the shard with its history, lineage, conflicts, unsent and kept changes, parked envelopes and every
// version of its key go in one transaction with SQLite's secure_delete on (freed pages are overwritten), and
// the write-ahead log is truncated afterwards so no old frame keeps a copy. What stays is the audit entry: the
// shard's random id, when, by which device, the order's index; no name, no content.
#include "store/store_impl.hpp"
#include "sync/envelope.hpp"

namespace coach {
namespace {

// Rows that hang off the shard's records (by rid), then the records, then the shard's own tables.
constexpr const char* kByRecord[] = {"field_history", "lineage", "conflict", "outbox"};

Status deleteWhere(Store::Impl& impl, const std::string& sql, const std::string& shard) {
  COACH_ASSIGN_OR_RETURN(store::Stmt* s, impl.stmt(sql));
  store::StmtGuard guard(*s);
  COACH_TRY(s->bindText(1, shard));
  return s->run();
}

// Parked envelopes keep their bytes; their shard is in the header.
Status deleteParked(Store::Impl& impl, const sync::Id& shard) {
  std::vector<std::int64_t> doomed;
  {
    COACH_ASSIGN_OR_RETURN(store::Stmt* s, impl.stmt("SELECT server_seq, bytes FROM parked_envelope"));
    store::StmtGuard guard(*s);
    for (;;) {
      COACH_ASSIGN_OR_RETURN(bool row, s->step());
      if (!row) break;
      auto bytes = s->blobAt(1);
      if (bytes.size() < sync::kHeaderSize) continue;
      auto header = sync::parseEnvelopeHeader(bytes.subspan(0, sync::kHeaderSize));
      if (header.ok() && header->shard == shard) doomed.push_back(s->intAt(0));
    }
  }
  for (std::int64_t seq : doomed) {
    COACH_ASSIGN_OR_RETURN(store::Stmt* d, impl.stmt("DELETE FROM parked_envelope WHERE server_seq = ?"));
    store::StmtGuard guard(*d);
    COACH_TRY(d->bindInt(1, seq));
    COACH_TRY(d->run());
  }
  return {};
}

Status deleteShard(Store::Impl& impl, const std::string& shard, const sync::Id& shardId) {
  for (const char* table : kByRecord) {
    COACH_TRY(deleteWhere(impl, std::string("DELETE FROM ") + table + " WHERE rid IN (SELECT rid FROM record WHERE shard = ?)", shard));
  }
  for (const model::KindDef& kind : model::Registry::instance().kinds()) {
    COACH_TRY(deleteWhere(impl, "DELETE FROM " + store::tableName(kind) + " WHERE shard = ?", shard));
  }
  COACH_TRY(deleteWhere(impl, "DELETE FROM record WHERE shard = ?", shard));
  COACH_TRY(deleteWhere(impl, "DELETE FROM pending_change WHERE shard = ?", shard));
  COACH_TRY(deleteWhere(impl, "DELETE FROM shard_key WHERE shard = ?", shard));
  COACH_TRY(deleteWhere(impl, "DELETE FROM key_outbox WHERE shard = ?", shard));
  // Acknowledged envelopes and key records kept for a resend (store/kept_envelopes.cpp) hold the shard too.
  COACH_TRY(deleteWhere(impl, "DELETE FROM own_envelope WHERE shard = ? AND seq IN (SELECT seq FROM own_envelope_ack)", shard));
  COACH_TRY(deleteWhere(impl, "DELETE FROM kept_key_record WHERE shard = ?", shard));
  return deleteParked(impl, shardId);
}

}  // namespace

Result<bool> Store::Impl::isErased(const std::string& shard) {
  COACH_ASSIGN_OR_RETURN(store::Stmt* s, stmt("SELECT 1 FROM erased_shard WHERE shard = ?"));
  store::StmtGuard guard(*s);
  COACH_TRY(s->bindText(1, shard));
  return s->step();
}

Result<bool> Store::Impl::eraseShard(const ErasureAudit& audit) {
  COACH_TRY(requireUnlocked());
  COACH_ASSIGN_OR_RETURN(sync::Id shardId, sync::idFromText(audit.shard));
  COACH_ASSIGN_OR_RETURN(bool already, isErased(audit.shard));
  if (already) return false;
  // The store runs with secure_delete on from its opening (store.cpp); set again here so that no later change
  // of that default can leave an erasure's freed pages unwiped. It stays on afterwards.
  COACH_TRY(db.exec("PRAGMA secure_delete = ON", "turning on secure deletion for the erasure"));
  auto erased = [&]() -> Status {
    COACH_ASSIGN_OR_RETURN(store::Transaction txn, store::Transaction::begin(db, stmts.get()));
    {
      WriteGuardScope scope(writeAllowed);
      COACH_TRY(deleteShard(*this, audit.shard, shardId));
      COACH_ASSIGN_OR_RETURN(store::Stmt* s, stmt(
          "INSERT INTO erased_shard (shard, erased_at, author, order_index, applied_at) VALUES (?, ?, ?, ?, ?)"));
      store::StmtGuard guard(*s);
      COACH_TRY(s->bindText(1, audit.shard));
      COACH_TRY(s->bindInt(2, audit.erasedAt));
      COACH_TRY(s->bindText(3, audit.author));
      COACH_TRY(s->bindInt(4, static_cast<std::int64_t>(audit.orderIndex)));
      COACH_TRY(s->bindInt(5, wall->nowMillis()));
      COACH_TRY(s->run());
      // The erasure this device ordered is its lead's access (docs/access-log.md); the other devices carry out
      // an order whose event comes to them by sync. The event names only the random id.
      if (audit.author == deviceId) COACH_TRY(logAccessInTransaction({audit.shard}, "erase"));
    }
    return txn.commit();
  }();
  // Whatever was cached may name the erased records or hold the erased keys (or a rolled-back state).
  refCache.clear();
  keys->dropCaches();
  COACH_TRY(erased);
  COACH_TRY(db.exec("PRAGMA wal_checkpoint(TRUNCATE)", "truncating the write-ahead log after the erasure"));
  return true;
}

Result<std::vector<ErasureAudit>> Store::Impl::erasureLog() {
  COACH_ASSIGN_OR_RETURN(store::Stmt* s, stmt(
      "SELECT shard, erased_at, author, order_index, applied_at FROM erased_shard ORDER BY applied_at, shard"));
  store::StmtGuard guard(*s);
  std::vector<ErasureAudit> out;
  for (;;) {
    COACH_ASSIGN_OR_RETURN(bool row, s->step());
    if (!row) break;
    out.push_back(ErasureAudit{s->textAt(0), s->intAt(1), s->textAt(2), static_cast<std::uint64_t>(s->intAt(3)), s->intAt(4), {}});
  }
  return out;
}

}  // namespace coach
