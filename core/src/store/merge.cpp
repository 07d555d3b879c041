// Store: merging a remote record change (docs/sync.md, "Merge"). Per field, last writer wins by
// (HLC, device id). A free-text value that loses to an edit made without seeing it goes to the conflict
// table; one that some edit did see (its stamp is that edit's base) was superseded knowingly and does not.
// The rule only depends on the set of edits seen, so every device ends with the same values and conflicts
// whatever order the envelopes arrive in.
#include "crypto/crypto.hpp"
#include "store/store_impl.hpp"

namespace coach {
namespace {

using model::FieldDef;
using model::FieldValue;

struct GlobalStamp {
  std::uint64_t hlc = 0;
  std::string device;
  friend auto operator<=>(const GlobalStamp&, const GlobalStamp&) = default;
};

Result<GlobalStamp> global(Store::Impl& impl, const store::FieldStamp& s) {
  if (s.hlc.value == 0) return GlobalStamp{};
  COACH_ASSIGN_OR_RETURN(std::string id, impl.deviceIdOf(s.device));
  return GlobalStamp{s.hlc.value, std::move(id)};
}

Result<bool> someEditSaw(Store::Impl& impl, std::int64_t rid, std::string_view field, const GlobalStamp& stamp) {
  COACH_ASSIGN_OR_RETURN(store::Stmt* s, impl.stmt(
      "SELECT 1 FROM lineage WHERE rid = ? AND field = ? AND base_hlc = ? AND base_device = ? LIMIT 1"));
  store::StmtGuard guard(*s);
  COACH_TRY(s->bindInt(1, rid));
  COACH_TRY(s->bindText(2, field));
  COACH_TRY(s->bindInt(3, static_cast<std::int64_t>(stamp.hlc)));
  COACH_TRY(s->bindText(4, stamp.device));
  return s->step();
}

Status insertLineage(Store::Impl& impl, std::int64_t rid, std::string_view field, const GlobalStamp& stamp,
                     const GlobalStamp& base) {
  // A first edit (no base, stamp 0) saw nothing: no conflict has a zero stamp (insertConflict keeps none), so a
  // row for it would never be asked for, and a fresh device pulling a team's history would write one per text
  // field of every record.
  if (base.hlc == 0) return {};
  {
    COACH_ASSIGN_OR_RETURN(store::Stmt* s, impl.stmt(
        "INSERT OR IGNORE INTO lineage (rid, field, base_hlc, base_device, hlc, device) VALUES (?, ?, ?, ?, ?, ?)"));
    store::StmtGuard guard(*s);
    COACH_TRY(s->bindInt(1, rid));
    COACH_TRY(s->bindText(2, field));
    COACH_TRY(s->bindInt(3, static_cast<std::int64_t>(base.hlc)));
    COACH_TRY(s->bindText(4, base.device));
    COACH_TRY(s->bindInt(5, static_cast<std::int64_t>(stamp.hlc)));
    COACH_TRY(s->bindText(6, stamp.device));
    COACH_TRY(s->run());
  }
  // The edit saw `base`: if base had lost somewhere, it was superseded knowingly.
  COACH_ASSIGN_OR_RETURN(store::Stmt* d, impl.stmt(
      "DELETE FROM conflict WHERE rid = ? AND field = ? AND loser_hlc = ? AND loser_device = ?"));
  store::StmtGuard guard(*d);
  COACH_TRY(d->bindInt(1, rid));
  COACH_TRY(d->bindText(2, field));
  COACH_TRY(d->bindInt(3, static_cast<std::int64_t>(base.hlc)));
  COACH_TRY(d->bindText(4, base.device));
  return d->run();
}

std::string conflictLabel(std::string_view field, const GlobalStamp& loser) {
  return "conflict:" + std::string(field) + ":" + std::to_string(loser.hlc) + ":" + loser.device;
}

Status insertConflict(Store::Impl& impl, const StoredRecord& rec, std::string_view field, const GlobalStamp& loser,
                      const FieldValue& value, PageOutcome& outcome) {
  COACH_ASSIGN_OR_RETURN(bool seen, someEditSaw(impl, rec.ref.rid, field, loser));
  if (seen || loser.hlc == 0) return {};
  COACH_ASSIGN_OR_RETURN(store::Stmt* s, impl.stmt(
      "INSERT OR IGNORE INTO conflict (rid, field, loser_hlc, loser_device, value, found_hlc) VALUES (?, ?, ?, ?, ?, ?)"));
  store::StmtGuard guard(*s);
  COACH_TRY(s->bindInt(1, rec.ref.rid));
  COACH_TRY(s->bindText(2, field));
  COACH_TRY(s->bindInt(3, static_cast<std::int64_t>(loser.hlc)));
  COACH_TRY(s->bindText(4, loser.device));
  if (model::isNull(value)) {
    COACH_TRY(s->bindNull(5));
  } else {
    COACH_ASSIGN_OR_RETURN(crypto::Bytes sealed, impl.keys->encryptField(impl.db, rec.ref.shard, rec.id,
                                                                         conflictLabel(field, loser), std::get<std::string>(value)));
    COACH_TRY(s->bindBlob(5, sealed));
  }
  COACH_TRY(s->bindInt(6, static_cast<std::int64_t>(impl.hlc->last().value)));
  COACH_TRY(s->run());
  outcome.conflicts += static_cast<std::uint64_t>(sqlite3_changes(impl.db.get()));
  return {};
}

}  // namespace

Status Store::Impl::recordLineage(std::int64_t rid, std::string_view field, const store::FieldStamp& stamp,
                                  const store::FieldStamp& base) {
  if (base.hlc.value == 0) return {};  // a first edit: nothing to keep (insertLineage)
  COACH_ASSIGN_OR_RETURN(GlobalStamp s, global(*this, stamp));
  COACH_ASSIGN_OR_RETURN(GlobalStamp b, global(*this, base));
  return insertLineage(*this, rid, field, s, b);
}

namespace {

Status keepPending(Store::Impl& impl, const std::string& id, const std::string& kind, const std::string& shard,
                   const sync::FieldChange& f, const std::string& sender) {
  COACH_ASSIGN_OR_RETURN(store::Stmt* s, impl.stmt(
      "INSERT OR IGNORE INTO pending_change (id, kind, shard, field, hlc, device, value, bases) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
  store::StmtGuard guard(*s);
  COACH_TRY(s->bindText(1, id));
  COACH_TRY(s->bindText(2, kind));
  COACH_TRY(s->bindText(3, shard));
  COACH_TRY(s->bindText(4, f.name));
  COACH_TRY(s->bindInt(5, static_cast<std::int64_t>(f.hlc)));
  COACH_TRY(s->bindText(6, sender));
  if (const auto* i = std::get_if<std::int64_t>(&f.value)) {
    COACH_TRY(s->bindInt(7, *i));
  } else if (const auto* t = std::get_if<std::string>(&f.value)) {
    // Kept as a blob sealed with the shard key: it may be a sensitive value of a field we do not know yet.
    COACH_ASSIGN_OR_RETURN(crypto::Bytes sealed, impl.keys->encryptField(impl.db, shard, id, "pending:" + f.name, *t));
    COACH_TRY(s->bindBlob(7, sealed));
  } else {
    COACH_TRY(s->bindNull(7));
  }
  crypto::Bytes bases;  // each base: HLC (8 bytes, big-endian) then the device id (16 bytes)
  for (const sync::Stamp& b : f.bases) {
    for (int shift = 56; shift >= 0; shift -= 8) bases.push_back(static_cast<std::uint8_t>(b.hlc >> shift));
    bases.insert(bases.end(), b.device.begin(), b.device.end());
  }
  COACH_TRY(s->bindBlob(8, bases));
  return s->run();
}

bool shardFits(const model::KindDef& kind, const std::string& id, const std::string& shard) {
  switch (kind.shard) {
    case model::ShardRule::Self: return shard == id;
    case model::ShardRule::Team: return shard == model::kTeamShard;
    case model::ShardRule::Participant: return shard != model::kTeamShard;
    case model::ShardRule::ParticipantOrTeam: return true;
  }
  return false;
}

// The record `ref` names (mergeChange looked it up), or a new one of `kind` in `shard`: its `record` row is
// inserted here, its row in the kind's table by writeFields with its first fields (one statement, not an insert
// and an update). The new record is known without reading it back: no field has a value yet.
Result<StoredRecord> ensureRecord(Store::Impl& impl, const model::KindDef& kind, const std::string& id,
                                  const std::string& shard, const std::optional<RecordRef>& ref) {
  if (ref) return impl.loadRecordAt(*ref);
  {
    COACH_ASSIGN_OR_RETURN(store::Stmt* r, impl.stmt("INSERT INTO record (id, kind, shard) VALUES (?, ?, ?)"));
    store::StmtGuard guard(*r);
    COACH_TRY(r->bindText(1, id));
    COACH_TRY(r->bindText(2, kind.name));
    COACH_TRY(r->bindText(3, shard));
    COACH_TRY(r->run());
  }
  const std::int64_t rid = sqlite3_last_insert_rowid(impl.db.get());
  StoredRecord created;
  created.id = id;
  created.ref = RecordRef{rid, &kind, shard};
  created.values.assign(kind.fields.size(), FieldValue{});
  created.sealed.assign(kind.fields.size(), std::nullopt);
  return created;
}

struct FieldWrite {
  std::string name;
  FieldValue value;
  const FieldDef* def = nullptr;  // null: archived
  std::uint64_t hlc = 0;
};

Result<FieldValue> currentValue(Store::Impl& impl, const StoredRecord& rec, std::size_t index) {
  if (!rec.sealed[index]) return rec.values[index];
  COACH_ASSIGN_OR_RETURN(std::string plain, impl.keys->decryptField(impl.db, rec.ref.shard, rec.id,
                                                                    rec.ref.kind->fields[index].name, *rec.sealed[index]));
  return FieldValue{std::move(plain)};
}

// The statement that writes `writes` with the clocks: an UPDATE of the record's row, or for a new record the
// INSERT of its row. Parameters: clocks, updated_hlc, the fields, then rid (UPDATE) or rid, shard, created_hlc.
std::string writeSql(const StoredRecord& rec, const std::vector<FieldWrite>& writes, bool insert) {
  const std::string table = store::tableName(*rec.ref.kind);
  if (!insert) {
    std::string sql = "UPDATE " + table + " SET clocks = ?, updated_hlc = max(updated_hlc, ?)";
    for (const FieldWrite& w : writes) sql += ", " + w.name + " = ?";
    return sql + " WHERE rid = ?";
  }
  std::string sql = "INSERT INTO " + table + " (clocks, updated_hlc";
  for (const FieldWrite& w : writes) sql += ", " + w.name;
  sql += ", rid, shard, created_hlc) VALUES (?, ?";
  for (std::size_t i = 0; i < writes.size(); ++i) sql += ", ?";
  return sql + ", ?, ?, ?)";
}

// `created`: the created_hlc of a new record, whose row this inserts; nullopt for one that has its row.
Status writeFields(Store::Impl& impl, const StoredRecord& rec, const store::FieldClocks& clocks,
                   const std::vector<FieldWrite>& writes, const std::string& sender, std::optional<std::uint64_t> created) {
  std::uint64_t newest = created.value_or(0);
  for (const FieldWrite& w : writes) newest = std::max(newest, w.hlc);
  COACH_ASSIGN_OR_RETURN(store::Stmt* s, impl.stmt(writeSql(rec, writes, created.has_value())));
  store::StmtGuard guard(*s);
  COACH_TRY(s->bindBlob(1, clocks.encode()));
  COACH_TRY(s->bindInt(2, static_cast<std::int64_t>(newest)));
  int index = 3;
  for (const FieldWrite& w : writes) {
    if (model::isNull(w.value)) {
      COACH_TRY(s->bindNull(index++));
    } else if (const auto* n = std::get_if<std::int64_t>(&w.value)) {
      COACH_TRY(s->bindInt(index++, *n));
    } else if (w.def != nullptr && w.def->sensitive) {
      COACH_ASSIGN_OR_RETURN(crypto::Bytes sealed, impl.keys->encryptField(impl.db, rec.ref.shard, rec.id, w.name,
                                                                           std::get<std::string>(w.value)));
      COACH_TRY(s->bindBlob(index++, sealed));
    } else {
      COACH_TRY(s->bindText(index++, std::get<std::string>(w.value)));
    }
  }
  COACH_TRY(s->bindInt(index++, rec.ref.rid));
  if (created) {
    COACH_TRY(s->bindText(index++, rec.ref.shard));
    COACH_TRY(s->bindInt(index, static_cast<std::int64_t>(*created)));
  }
  COACH_TRY(s->run());
  for (const FieldWrite& w : writes) {
    if (w.def == nullptr || !w.def->history) continue;
    COACH_ASSIGN_OR_RETURN(store::Stmt* h, impl.stmt(
        "INSERT OR IGNORE INTO field_history (rid, field, hlc, device, value) VALUES (?, ?, ?, ?, ?)"));
    store::StmtGuard hguard(*h);
    COACH_ASSIGN_OR_RETURN(std::uint32_t no, impl.deviceNoOf(sender));
    COACH_TRY(h->bindInt(1, rec.ref.rid));
    COACH_TRY(h->bindText(2, w.name));
    COACH_TRY(h->bindInt(3, static_cast<std::int64_t>(w.hlc)));
    COACH_TRY(h->bindInt(4, no));
    if (const auto* n = std::get_if<std::int64_t>(&w.value)) {
      COACH_TRY(h->bindInt(5, *n));
    } else if (const auto* t = std::get_if<std::string>(&w.value); t != nullptr && !w.def->sensitive) {
      COACH_TRY(h->bindText(5, *t));
    } else {
      COACH_TRY(h->bindNull(5));
    }
    COACH_TRY(h->run());
  }
  return {};
}

}  // namespace

Result<std::int64_t> Store::Impl::mergeChange(const sync::RecordChange& change, const std::string& shard,
                                              const std::string& sender, PageOutcome& outcome) {
  const std::string id = sync::idToText(change.record);
  const model::KindDef* kind = model::Registry::instance().kind(change.kind);
  if (kind == nullptr) {  // a kind from a newer schema: kept, applied after this device upgrades
    for (const sync::FieldChange& f : change.fields) COACH_TRY(keepPending(*this, id, change.kind, shard, f, sender));
    return std::int64_t{0};
  }
  COACH_ASSIGN_OR_RETURN(std::optional<RecordRef> ref, findRecord(id));
  if ((ref && (ref->kind != kind || ref->shard != shard)) || !shardFits(*kind, id, shard)) {
    outcome.warnings.push_back("refused a change from device " + sender + " that puts record " + id +
                               " in another kind or shard than it has");
    return std::int64_t{0};
  }
  std::uint64_t oldest = ~std::uint64_t{0};
  for (const sync::FieldChange& f : change.fields) oldest = std::min(oldest, f.hlc);
  COACH_ASSIGN_OR_RETURN(StoredRecord rec, ensureRecord(*this, *kind, id, shard, ref));
  auto clocks = store::FieldClocks::decode(rec.clocks);
  if (!clocks) return makeError(ErrorCode::StorageError, "record " + id + " has damaged field clocks");
  COACH_ASSIGN_OR_RETURN(std::uint32_t senderNo, deviceNoOf(sender));
  std::vector<FieldWrite> writes;
  for (const sync::FieldChange& f : change.fields) {
    const bool archived = f.name == "archived";
    const FieldDef* def = archived ? nullptr : kind->field(f.name);
    const bool fits = archived ? (std::holds_alternative<std::int64_t>(f.value) &&
                                  (std::get<std::int64_t>(f.value) == 0 || std::get<std::int64_t>(f.value) == 1))
                               : def != nullptr && model::fitsField(*def, f.value);
    if (!fits) {  // a field or value from a newer schema
      COACH_TRY(keepPending(*this, id, change.kind, shard, f, sender));
      continue;
    }
    const std::optional<store::FieldStamp> local = clocks->get(f.name);
    const GlobalStamp remote{f.hlc, sender};
    GlobalStamp localGlobal;
    if (local) {
      COACH_ASSIGN_OR_RETURN(localGlobal, global(*this, *local));
    }
    if (local && localGlobal == remote) continue;  // seen before
    const bool remoteWins = !local || remote > localGlobal;
    if (def != nullptr && def->type == model::FieldType::Text) {
      for (const sync::Stamp& b : f.bases) COACH_TRY(insertLineage(*this, rec.ref.rid, f.name, remote, GlobalStamp{b.hlc, sync::idToText(b.device)}));
      if (remoteWins && local) {
        COACH_ASSIGN_OR_RETURN(FieldValue mine, currentValue(*this, rec, *kind->fieldIndex(f.name)));
        COACH_TRY(insertConflict(*this, rec, f.name, localGlobal, mine, outcome));
      } else if (!remoteWins) {
        COACH_TRY(insertConflict(*this, rec, f.name, remote, f.value, outcome));
      }
    }
    if (!remoteWins) continue;
    clocks->set(f.name, store::FieldStamp{Hlc{f.hlc}, senderNo});
    writes.push_back(FieldWrite{f.name, f.value, def, f.hlc});
  }
  // A new record's row is inserted with its fields (created_hlc: its oldest stamp), also when none fits yet.
  if (!ref || !writes.empty()) {
    COACH_TRY(writeFields(*this, rec, *clocks, writes, sender, ref ? std::nullopt : std::optional<std::uint64_t>{oldest}));
  }
  return static_cast<std::int64_t>(writes.size());
}

Status Store::Impl::reapplyPending() {
  struct Kept {
    std::string id, kind, shard, sender;
    sync::FieldChange field;
  };
  std::vector<Kept> kept;
  COACH_ASSIGN_OR_RETURN(store::Transaction txn, store::Transaction::begin(db, stmts.get()));
  {
    COACH_ASSIGN_OR_RETURN(store::Stmt* s, stmt("SELECT id, kind, shard, field, hlc, device, value, bases FROM pending_change"));
    store::StmtGuard guard(*s);
    while (true) {
      COACH_ASSIGN_OR_RETURN(bool row, s->step());
      if (!row) break;
      const model::KindDef* kind = model::Registry::instance().kind(s->textAt(1));
      const std::string field = s->textAt(3);
      if (kind == nullptr || (field != "archived" && kind->field(field) == nullptr)) continue;  // still unknown
      Kept k{s->textAt(0), s->textAt(1), s->textAt(2), s->textAt(5), {field, static_cast<std::uint64_t>(s->intAt(4)), {}, {}}};
      if (sqlite3_column_type(s->get(), 6) == SQLITE_INTEGER) {
        k.field.value = s->intAt(6);
      } else if (!s->isNull(6)) {
        COACH_ASSIGN_OR_RETURN(std::string plain, keys->decryptField(db, k.shard, k.id, "pending:" + field, s->blobAt(6)));
        k.field.value = std::move(plain);
      }
      const auto bases = s->blobAt(7);
      for (std::size_t at = 0; at + 24 <= bases.size(); at += 24) {
        sync::Stamp b;
        for (std::size_t i = 0; i < 8; ++i) b.hlc = (b.hlc << 8) | bases[at + i];
        std::copy(bases.begin() + static_cast<std::ptrdiff_t>(at + 8), bases.begin() + static_cast<std::ptrdiff_t>(at + 24), b.device.begin());
        k.field.bases.push_back(b);
      }
      kept.push_back(std::move(k));
    }
  }
  if (kept.empty()) return {};
  WriteGuardScope scope(writeAllowed);
  PageOutcome outcome;
  for (const Kept& k : kept) {
    COACH_ASSIGN_OR_RETURN(sync::Id record, sync::idFromText(k.id));
    // A value this version still cannot hold (an enumeration value added later) stays kept: mergeChange
    // keeps it again, so delete first and let it decide.
    COACH_ASSIGN_OR_RETURN(store::Stmt* d, stmt("DELETE FROM pending_change WHERE id = ? AND field = ? AND hlc = ? AND device = ?"));
    {
      store::StmtGuard guard(*d);
      COACH_TRY(d->bindText(1, k.id));
      COACH_TRY(d->bindText(2, k.field.name));
      COACH_TRY(d->bindInt(3, static_cast<std::int64_t>(k.field.hlc)));
      COACH_TRY(d->bindText(4, k.sender));
      COACH_TRY(d->run());
    }
    COACH_ASSIGN_OR_RETURN(std::int64_t applied, mergeChange(sync::RecordChange{record, k.kind, {k.field}}, k.shard, k.sender, outcome));
    (void)applied;
  }
  return txn.commit();
}

}  // namespace coach
