// Store::Impl::rewindClock: the way back for a device whose clock ran ahead and has been corrected
// (docs/faults.md, "What it found", bug 4; ARCHITECTURE.md, "Clocks").
//
// While its clock ran ahead, the device stamped its edits beyond the drift bound; the server refused every push
// of them (clock_drift), so no such stamp ever left the device. Once the clock is right again those stamps are
// still there (in the records' field clocks, the history, the outbox and the sealed, unacknowledged
// envelopes), and the HLC, which never goes back, would keep stamping beyond the bound for as long as the clock
// had been ahead (a day, or a century). The rule that resolves it: a stamp beyond the drift bound is never
// stored anywhere but on the device that made it, and no edit is ever lost. So, in one transaction:
//   1. the envelopes the server does not hold (sequence above the server's last_sequence) are opened and their
//      changes go back into the outbox; the device's chain returns to the server's (sequence, hash);
//   2. the clock is set back to the newest stamp the device may keep: every remote stamp (the server accepted
//      them) and its own stamps within the bound of its wall clock;
//   3. every own stamp beyond the bound is replaced by a fresh stamp, in the same order, everywhere in the
//      profile: the new stamps are later than every stamp the device has seen, so every local merge decision
//      stays as it was, and the edits go out as if they had been made with the correct clock.
// The caller (SyncClient, on a push refused for clock drift) calls it only when the clock has issued stamps
// beyond the bound of the wall clock now, which after a refusal means the wall clock was corrected.
//
// Thread-safety: like every Store::Impl member, the caller holds `mu`.
#include <map>
#include <set>

#include <openssl/crypto.h>

#include "store/store_impl.hpp"

namespace coach {
namespace {

// A change that goes back into the outbox: one field of one record, its stamp and what it replaced.
struct Requeued {
  std::int64_t rid = 0;
  std::string field;
  std::uint64_t hlc = 0;
  store::StampList bases;
};

Result<std::vector<Requeued>> changesOf(Store::Impl& impl, const std::string& shard, crypto::ByteView bytes) {
  COACH_ASSIGN_OR_RETURN(sync::ParsedEnvelope env, sync::parseEnvelope(bytes));
  COACH_ASSIGN_OR_RETURN(const crypto::Aead* key, impl.keys->shardCipher(impl.db, shard, env.header.keyId));
  COACH_ASSIGN_OR_RETURN(crypto::Bytes plain, sync::openEnvelope(env, *key));
  auto batch = sync::decodeBatch(plain);
  OPENSSL_cleanse(plain.data(), plain.size());
  COACH_TRY(batch);
  std::vector<Requeued> out;
  for (const sync::RecordChange& change : batch->changes) {
    COACH_ASSIGN_OR_RETURN(std::optional<RecordRef> ref, impl.findRecord(sync::idToText(change.record)));
    if (!ref) continue;  // the record is gone from this device (erased): nothing to send
    for (const sync::FieldChange& f : change.fields) {
      Requeued r{ref->rid, f.name, f.hlc, {}};
      for (const sync::Stamp& b : f.bases) {
        COACH_ASSIGN_OR_RETURN(std::uint32_t no, impl.deviceNoOf(sync::idToText(b.device)));
        r.bases.emplace_back(f.name, store::FieldStamp{Hlc{b.hlc}, no});
      }
      if (r.bases.empty()) r.bases.emplace_back(f.name, store::FieldStamp{});  // the outbox names every field
      out.push_back(std::move(r));
    }
  }
  return out;
}

// Step 1: the envelopes above the server's last sequence back into changes, the chain back to the server's.
Result<std::vector<Requeued>> unseal(Store::Impl& impl, std::uint64_t serverLast) {
  std::vector<Requeued> out;
  bool first = true;
  {
    COACH_ASSIGN_OR_RETURN(store::Stmt* s, impl.stmt("SELECT seq, shard, bytes FROM sent_envelope WHERE seq > ? ORDER BY seq"));
    store::StmtGuard guard(*s);
    COACH_TRY(s->bindInt(1, static_cast<std::int64_t>(serverLast)));
    while (true) {
      COACH_ASSIGN_OR_RETURN(bool row, s->step());
      if (!row) break;
      const crypto::ByteView bytes = s->blobAt(2);
      if (first) {
        COACH_ASSIGN_OR_RETURN(sync::ParsedEnvelope env, sync::parseEnvelope(bytes));
        if (env.header.sequence != serverLast + 1) {
          return makeError(ErrorCode::SequenceGap, "the server holds this device's envelopes up to " +
                                                       std::to_string(serverLast) + " but the device kept none after it; "
                                                       "restore the profile from the team");
        }
        COACH_TRY(impl.metaPut("device_hash", env.header.prevHash));
        first = false;
      }
      COACH_ASSIGN_OR_RETURN(std::vector<Requeued> changes, changesOf(impl, s->textAt(1), bytes));
      out.insert(out.end(), changes.begin(), changes.end());
    }
  }
  if (!first) COACH_TRY(impl.metaPut("device_seq", crypto::asBytes(std::to_string(serverLast))));
  COACH_TRY(impl.keepHeld(serverLast));  // those the server holds are kept for a resend (store/kept_envelopes.cpp)
  COACH_ASSIGN_OR_RETURN(store::Stmt* d, impl.stmt("DELETE FROM own_envelope WHERE seq IN (SELECT seq FROM sent_envelope)"));  // held or unsealed
  store::StmtGuard guard(*d);
  COACH_TRY(d->run());
  return out;
}

Result<std::uint64_t> maxOf(Store::Impl& impl, const std::string& sql, const std::vector<std::int64_t>& args) {
  COACH_ASSIGN_OR_RETURN(store::Stmt* s, impl.stmt(sql));
  store::StmtGuard guard(*s);
  for (std::size_t i = 0; i < args.size(); ++i) COACH_TRY(s->bindInt(static_cast<int>(i) + 1, args[i]));
  COACH_ASSIGN_OR_RETURN(bool row, s->step());
  return row ? static_cast<std::uint64_t>(s->intAt(0)) : 0;
}

// Step 2: the newest stamp the device may keep. Remote stamps all passed the server's drift check; the
// device's own count only within the bound. The record clocks are read whole: a rare recovery, not a hot path.
Result<std::uint64_t> newestKept(Store::Impl& impl, std::uint64_t bound) {
  const auto b = static_cast<std::int64_t>(bound);
  const auto own = static_cast<std::int64_t>(impl.deviceNo);
  COACH_ASSIGN_OR_RETURN(std::uint64_t newest, maxOf(impl, "SELECT coalesce(max(hlc), 0) FROM field_history WHERE device != ? OR hlc <= ?", {own, b}));
  COACH_ASSIGN_OR_RETURN(std::uint64_t pending, maxOf(impl, "SELECT coalesce(max(hlc), 0) FROM pending_change", {}));
  newest = std::max(newest, pending);
  for (const model::KindDef& kind : model::Registry::instance().kinds()) {
    COACH_ASSIGN_OR_RETURN(store::Stmt* s, impl.stmt("SELECT clocks FROM " + store::tableName(kind)));
    store::StmtGuard guard(*s);
    while (true) {
      COACH_ASSIGN_OR_RETURN(bool row, s->step());
      if (!row) break;
      auto clocks = store::FieldClocks::decode(s->blobAt(0));
      if (!clocks) return makeError(ErrorCode::StorageError, "a " + std::string(kind.name) + " record has damaged field clocks");
      clocks->forEach([&](std::string_view, const store::FieldStamp& st) {
        if (st.device != impl.deviceNo || st.hlc.value <= bound) newest = std::max(newest, st.hlc.value);
      });
    }
  }
  return newest;
}

// Every own stamp beyond the bound, old to new: the order the fresh stamps keep.
using Plan = std::map<std::uint64_t, std::uint64_t>;

Status collectOwn(Store::Impl& impl, std::uint64_t bound, const std::vector<Requeued>& requeued, std::set<std::int64_t>& rids, Plan& plan) {
  auto note = [&](std::uint64_t hlc, std::uint32_t device) {
    if (device == impl.deviceNo && hlc > bound) plan.emplace(hlc, 0);
  };
  for (const Requeued& r : requeued) {
    rids.insert(r.rid);
    note(r.hlc, impl.deviceNo);
    for (const auto& [name, st] : r.bases) note(st.hlc.value, st.device);
  }
  COACH_ASSIGN_OR_RETURN(store::Stmt* s, impl.stmt("SELECT rid, hlc, bases FROM outbox"));
  store::StmtGuard guard(*s);
  while (true) {
    COACH_ASSIGN_OR_RETURN(bool row, s->step());
    if (!row) break;
    rids.insert(s->intAt(0));
    note(static_cast<std::uint64_t>(s->intAt(1)), impl.deviceNo);
    auto bases = store::decodeStampList(s->blobAt(2));
    if (!bases) return makeError(ErrorCode::StorageError, "an outbox entry is damaged");
    for (const auto& [name, st] : *bases) note(st.hlc.value, st.device);
  }
  return {};
}

Status collectHistory(Store::Impl& impl, std::uint64_t bound, Plan& plan) {
  COACH_ASSIGN_OR_RETURN(store::Stmt* s, impl.stmt(
      "SELECT hlc FROM field_history WHERE device = ?1 AND hlc > ?2 UNION "
      "SELECT hlc FROM lineage WHERE device = ?3 AND hlc > ?2 UNION SELECT base_hlc FROM lineage WHERE base_device = ?3 AND base_hlc > ?2"));
  store::StmtGuard guard(*s);
  COACH_TRY(s->bindInt(1, static_cast<std::int64_t>(impl.deviceNo)));
  COACH_TRY(s->bindInt(2, static_cast<std::int64_t>(bound)));
  COACH_TRY(s->bindText(3, impl.deviceId));
  while (true) {
    COACH_ASSIGN_OR_RETURN(bool row, s->step());
    if (!row) break;
    plan.emplace(static_cast<std::uint64_t>(s->intAt(0)), 0);
  }
  return {};
}

}  // namespace

namespace {

std::uint64_t remapped(const Plan& plan, std::uint64_t hlc, std::uint64_t bound, std::uint64_t top) {
  if (hlc <= bound) return hlc;
  auto it = plan.find(hlc);
  return it != plan.end() ? it->second : top;
}

Result<std::optional<RecordRef>> refOfRid(Store::Impl& impl, std::int64_t rid) {
  std::string id;
  {
    COACH_ASSIGN_OR_RETURN(store::Stmt* s, impl.stmt("SELECT id FROM record WHERE rid = ?"));
    store::StmtGuard guard(*s);
    COACH_TRY(s->bindInt(1, rid));
    COACH_ASSIGN_OR_RETURN(bool row, s->step());
    if (!row) return std::optional<RecordRef>{};
    id = s->textAt(0);
  }
  return impl.findRecord(id);
}

// Calls fn(clocks, created, updated) with the stamps of record `rid`; writes back what fn changed.
template <class Fn>
Status withRecordStamps(Store::Impl& impl, std::int64_t rid, Fn&& fn) {
  COACH_ASSIGN_OR_RETURN(std::optional<RecordRef> ref, refOfRid(impl, rid));
  if (!ref) return {};
  const std::string table = store::tableName(*ref->kind);
  std::optional<store::FieldClocks> clocks;
  std::uint64_t created = 0, updated = 0;
  {
    COACH_ASSIGN_OR_RETURN(store::Stmt* s, impl.stmt("SELECT clocks, created_hlc, updated_hlc FROM " + table + " WHERE rid = ?"));
    store::StmtGuard guard(*s);
    COACH_TRY(s->bindInt(1, rid));
    COACH_ASSIGN_OR_RETURN(bool row, s->step());
    if (!row) return {};
    clocks = store::FieldClocks::decode(s->blobAt(0));
    if (!clocks) return makeError(ErrorCode::StorageError, "a record has damaged field clocks; restore the profile from the team");
    created = static_cast<std::uint64_t>(s->intAt(1));
    updated = static_cast<std::uint64_t>(s->intAt(2));
  }
  if (!fn(*clocks, created, updated)) return {};
  COACH_ASSIGN_OR_RETURN(store::Stmt* u, impl.stmt("UPDATE " + table + " SET clocks = ?, created_hlc = ?, updated_hlc = ? WHERE rid = ?"));
  store::StmtGuard guard(*u);
  COACH_TRY(u->bindBlob(1, clocks->encode()));
  COACH_TRY(u->bindInt(2, static_cast<std::int64_t>(created)));
  COACH_TRY(u->bindInt(3, static_cast<std::int64_t>(updated)));
  COACH_TRY(u->bindInt(4, rid));
  return u->run();
}

// The records' own stamps beyond the bound join the plan (fresh stamps are handed out after all are known).
Status collectRecords(Store::Impl& impl, std::uint64_t bound, const std::set<std::int64_t>& rids, Plan& plan) {
  for (std::int64_t rid : rids) {
    COACH_TRY(withRecordStamps(impl, rid, [&](store::FieldClocks& clocks, std::uint64_t&, std::uint64_t&) {
      clocks.forEach([&](std::string_view, const store::FieldStamp& st) {
        if (st.device == impl.deviceNo && st.hlc.value > bound) plan.emplace(st.hlc.value, 0);
      });
      return false;  // nothing to write yet
    }));
  }
  return {};
}

Status restampRecords(Store::Impl& impl, std::uint64_t bound, const std::set<std::int64_t>& rids, const Plan& plan, std::uint64_t top) {
  for (std::int64_t rid : rids) {
    COACH_TRY(withRecordStamps(impl, rid, [&](store::FieldClocks& clocks, std::uint64_t& created, std::uint64_t& updated) {
      store::FieldClocks next = clocks;
      clocks.forEach([&](std::string_view name, const store::FieldStamp& st) {
        if (st.device == impl.deviceNo) next.set(name, {Hlc{remapped(plan, st.hlc.value, bound, top)}, st.device});
      });
      clocks = std::move(next);
      created = remapped(plan, created, bound, top);
      updated = remapped(plan, updated, bound, top);
      return true;
    }));
  }
  return {};
}

Status runWith(Store::Impl& impl, const std::string& sql, const std::vector<std::int64_t>& ints, const std::string& text) {
  COACH_ASSIGN_OR_RETURN(store::Stmt* s, impl.stmt(sql));
  store::StmtGuard guard(*s);
  int index = 1;
  for (std::int64_t v : ints) COACH_TRY(s->bindInt(index++, v));
  if (!text.empty()) COACH_TRY(s->bindText(index, text));
  return s->run();
}

// History, lineage and conflicts: every own stamp beyond the bound by its fresh one.
Status restampTables(Store::Impl& impl, std::uint64_t bound, const Plan& plan, std::uint64_t top) {
  const auto own = static_cast<std::int64_t>(impl.deviceNo);
  for (const auto& [old, fresh] : plan) {
    const auto o = static_cast<std::int64_t>(old), f = static_cast<std::int64_t>(fresh);
    COACH_TRY(runWith(impl, "UPDATE field_history SET hlc = ? WHERE hlc = ? AND device = ?", {f, o, own}, ""));
    COACH_TRY(runWith(impl, "UPDATE lineage SET hlc = ? WHERE hlc = ? AND device = ?", {f, o}, impl.deviceId));
    COACH_TRY(runWith(impl, "UPDATE lineage SET base_hlc = ? WHERE base_hlc = ? AND base_device = ?", {f, o}, impl.deviceId));
    COACH_TRY(runWith(impl, "UPDATE conflict SET loser_hlc = ? WHERE loser_hlc = ? AND loser_device = ?", {f, o}, impl.deviceId));
  }
  // When a conflict was found is local bookkeeping: no later than the clock now.
  return runWith(impl, "UPDATE conflict SET found_hlc = ? WHERE found_hlc > ?",
                 {static_cast<std::int64_t>(top), static_cast<std::int64_t>(bound)}, "");
}

store::StampList remappedBases(const Store::Impl& impl, store::StampList bases, std::uint64_t bound, const Plan& plan, std::uint64_t top) {
  for (auto& [name, st] : bases) {
    if (st.device == impl.deviceNo) st.hlc = Hlc{remapped(plan, st.hlc.value, bound, top)};
  }
  return bases;
}

// The outbox's entries get their fresh stamps; the unsealed changes join it.
Status restampOutbox(Store::Impl& impl, std::uint64_t bound, const Plan& plan, std::uint64_t top, const std::vector<Requeued>& requeued) {
  std::vector<std::tuple<std::int64_t, std::uint64_t, store::StampList>> entries;
  {
    COACH_ASSIGN_OR_RETURN(store::Stmt* s, impl.stmt("SELECT seq, hlc, bases FROM outbox"));
    store::StmtGuard guard(*s);
    while (true) {
      COACH_ASSIGN_OR_RETURN(bool row, s->step());
      if (!row) break;
      auto bases = store::decodeStampList(s->blobAt(2));
      if (!bases) return makeError(ErrorCode::StorageError, "an outbox entry is damaged");
      entries.emplace_back(s->intAt(0), static_cast<std::uint64_t>(s->intAt(1)), std::move(*bases));
    }
  }
  for (const auto& [seq, hlc, bases] : entries) {
    COACH_ASSIGN_OR_RETURN(store::Stmt* u, impl.stmt("UPDATE outbox SET hlc = ?, bases = ? WHERE seq = ?"));
    store::StmtGuard guard(*u);
    COACH_TRY(u->bindInt(1, static_cast<std::int64_t>(remapped(plan, hlc, bound, top))));
    COACH_TRY(u->bindBlob(2, store::encodeStampList(remappedBases(impl, bases, bound, plan, top))));
    COACH_TRY(u->bindInt(3, seq));
    COACH_TRY(u->run());
  }
  for (const Requeued& r : requeued) {
    COACH_ASSIGN_OR_RETURN(store::Stmt* i, impl.stmt("INSERT INTO outbox (rid, hlc, fields, bases) VALUES (?, ?, ?, ?)"));
    store::StmtGuard guard(*i);
    COACH_TRY(i->bindInt(1, r.rid));
    COACH_TRY(i->bindInt(2, static_cast<std::int64_t>(remapped(plan, r.hlc, bound, top))));
    COACH_TRY(i->bindText(3, r.field));
    COACH_TRY(i->bindBlob(4, store::encodeStampList(remappedBases(impl, r.bases, bound, plan, top))));
    COACH_TRY(i->run());
  }
  return {};
}

}  // namespace

Result<bool> Store::Impl::rewindClock(std::uint64_t serverLast) {
  COACH_TRY(requireUnlocked());
  COACH_TRY(requireMember());
  if (!hlc->aheadOfWall()) return false;  // the clock is still ahead (or never was): nothing to take back
  const std::uint64_t bound = hlc->boundStamp().value;
  COACH_ASSIGN_OR_RETURN(store::Transaction txn, store::Transaction::begin(db, stmts.get()));
  WriteGuardScope scope(writeAllowed);
  COACH_ASSIGN_OR_RETURN(std::vector<Requeued> requeued, unseal(*this, serverLast));
  std::set<std::int64_t> rids;
  Plan plan;
  COACH_TRY(collectOwn(*this, bound, requeued, rids, plan));
  COACH_TRY(collectHistory(*this, bound, plan));
  COACH_TRY(collectRecords(*this, bound, rids, plan));
  COACH_ASSIGN_OR_RETURN(std::uint64_t kept, newestKept(*this, bound));
  const Hlc before = hlc->last();
  hlc->rewind(Hlc{kept});
  for (auto& [old, fresh] : plan) fresh = hlc->now().value;
  const std::uint64_t top = hlc->last().value;
  Status done = restampRecords(*this, bound, rids, plan, top);
  if (done.ok()) done = restampTables(*this, bound, plan, top);
  if (done.ok()) done = restampOutbox(*this, bound, plan, top, requeued);
  if (done.ok()) done = persistHlc();
  if (done.ok()) done = txn.commit();
  if (!done.ok()) {
    hlc->restore(before);  // the transaction rolled back: so does the clock
    return std::move(done).error();
  }
  return true;
}

}  // namespace coach
