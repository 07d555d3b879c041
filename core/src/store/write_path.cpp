// The one write path (ARCHITECTURE.md, "Store"): validate -> apply -> stamp each changed field with the HLC
// -> append the change to the outbox, all in one transaction. Nothing else in the code base writes the
// record tables; the schema's write guard (store/schema.hpp) makes that a property of the database itself.
#include <openssl/crypto.h>

#include <unordered_map>

#include <nlohmann/json.hpp>

#include "crypto/crypto.hpp"
#include "store/field_clocks.hpp"
#include "store/write_pending.hpp"

namespace coach {
namespace {

using write::Pending;

using model::FieldDef;
using model::FieldType;
using model::FieldValue;
using model::KindDef;
using nlohmann::json;

// A sealed sensitive value that was not decrypted: present, contents unknown to the rules (which never read
// free text), never written back.
const std::string kSealedPlaceholder = std::string("\x01sealed", 7);

Error fieldError(const KindDef& kind, std::string_view field, const std::string& what) {
  return makeError(ErrorCode::ValidationFailed, std::string(kind.name) + "." + std::string(field) + ": " + what);
}

Result<bool> parseArchived(const KindDef& kind, const json& value) {
  if (!value.is_boolean()) return fieldError(kind, "archived", "expected true or false");
  return value.get<bool>();
}

Result<bool> sameAsStored(Store::Impl& impl, const Pending& p, const StoredRecord& old, std::size_t i,
                          const FieldValue& value) {
  const FieldDef& f = p.kind->fields[i];
  if (!f.sensitive) return old.values[i] == value;
  if (!old.sealed[i].has_value()) return model::isNull(value);
  if (model::isNull(value)) return false;
  COACH_ASSIGN_OR_RETURN(std::string plain, impl.keys->decryptField(impl.db, p.shard, p.id, f.name, *old.sealed[i]));
  return plain == std::get<std::string>(value);
}

Status parseFields(Store::Impl& impl, const Mutation& m, const StoredRecord* old, Pending& p) {
  if (!m.fields.is_object()) {
    return makeError(ErrorCode::InvalidArgument, "the fields of a " + std::string(p.kind->name) +
                                                     " must be a JSON object of field names to values");
  }
  for (const auto& [name, value] : m.fields.items()) {
    if (name == "archived") {
      COACH_ASSIGN_OR_RETURN(bool archived, parseArchived(*p.kind, value));
      p.archivedChanged = archived != p.archived;
      p.archived = archived;
      continue;
    }
    const auto index = p.kind->fieldIndex(name);
    if (!index) {
      return fieldError(*p.kind, name, "there is no such field (`coach fields " + std::string(p.kind->name) +
                                           "` lists them)");
    }
    COACH_ASSIGN_OR_RETURN(FieldValue parsed, model::parseFieldValue(*p.kind, p.kind->fields[*index], value));
    if (old != nullptr) {
      COACH_ASSIGN_OR_RETURN(bool same, sameAsStored(impl, p, *old, *index, parsed));
      if (same) continue;
    } else if (model::isNull(parsed)) {
      continue;
    }
    p.next[*index] = std::move(parsed);
    p.changed.push_back(*index);
  }
  return {};
}

const std::string* participantOf(const Pending& p) {
  const auto idx = p.kind->fieldIndex("participant_id");
  if (!idx || model::isNull(p.next[*idx])) return nullptr;
  return &std::get<std::string>(p.next[*idx]);
}

Status resolveShard(Pending& p) {
  const std::string* participant = participantOf(p);
  switch (p.kind->shard) {
    case model::ShardRule::Self:
      p.shard = p.id;
      return {};
    case model::ShardRule::Team:
      p.shard = std::string(model::kTeamShard);
      return {};
    case model::ShardRule::Participant:
    case model::ShardRule::ParticipantOrTeam:
      p.shard = participant != nullptr ? *participant : std::string(model::kTeamShard);
      return {};
  }
  return {};
}

Status checkNoShardMove(const Pending& p, const StoredRecord& old) {
  const std::string* participant = participantOf(p);
  const std::string newShard = participant != nullptr ? *participant
                               : p.kind->shard == model::ShardRule::Self ? p.id
                                                                         : std::string(model::kTeamShard);
  if (newShard != old.ref.shard) {
    return fieldError(*p.kind, "participant_id",
                      "a record cannot move to another participant (each participant's data is encrypted "
                      "separately); archive this one and add it anew for the right participant");
  }
  return {};
}

Status checkReferences(Store::Impl& impl, const Pending& p) {
  for (std::size_t i : p.changed) {
    const FieldDef& f = p.kind->fields[i];
    if (f.type != FieldType::Ref || model::isNull(p.next[i])) continue;
    const std::string& target = std::get<std::string>(p.next[i]);
    std::optional<RecordRef> ref;
    if (auto cached = impl.refCache.find(target); cached != impl.refCache.end()) {
      ref = cached->second;
    } else {
      COACH_ASSIGN_OR_RETURN(ref, impl.findRecord(target));
      if (ref) impl.refCache.emplace(target, *ref);
    }
    if (!ref) {
      return fieldError(*p.kind, f.name, "there is no " + std::string(f.refKind) + " with id " + target +
                                             " on this device (sync first if a colleague added it)");
    }
    if (ref->kind->name != f.refKind) {
      return fieldError(*p.kind, f.name, target + " is a " + std::string(ref->kind->name) + ", not a " +
                                             std::string(f.refKind));
    }
    if (ref->shard != p.shard && ref->shard != model::kTeamShard) {
      return fieldError(*p.kind, f.name, "that " + std::string(f.refKind) + " belongs to another participant");
    }
  }
  return {};
}

Status sealChanged(Store::Impl& impl, Pending& p) {
  p.sealed.assign(p.kind->fields.size(), std::nullopt);
  for (std::size_t i : p.changed) {
    const FieldDef& f = p.kind->fields[i];
    if (!f.sensitive || model::isNull(p.next[i])) continue;
    COACH_ASSIGN_OR_RETURN(crypto::Bytes blob, impl.keys->encryptField(impl.db, p.shard, p.id, f.name,
                                                                       std::get<std::string>(p.next[i])));
    p.sealed[i] = std::move(blob);
  }
  return {};
}

// The access log is written by the store itself (store/access_log.cpp) and never changed: a caller can neither
// forge an entry nor edit or archive one.
Status refuseAccessLog(const KindDef& kind) {
  if (kind.name != "access_event") return {};
  return makeError(ErrorCode::ValidationFailed,
                   "access_event: the access log is written by the app itself and cannot be added to or changed");
}

Result<Pending> prepareCreate(Store::Impl& impl, const Mutation& m) {
  Pending p;
  p.kind = model::Registry::instance().kind(m.kind);
  if (p.kind == nullptr) {
    return makeError(ErrorCode::ValidationFailed, "'" + m.kind + "' is not a record kind (`coach fields` lists them)");
  }
  COACH_ASSIGN_OR_RETURN(p.id, impl.newRecordId());
  p.creating = true;
  p.next.assign(p.kind->fields.size(), FieldValue{});
  COACH_TRY(parseFields(impl, m, nullptr, p));
  COACH_TRY(resolveShard(p));
  return p;
}

Result<Pending> prepareUpdate(Store::Impl& impl, const Mutation& m) {
  COACH_ASSIGN_OR_RETURN(std::optional<StoredRecord> old, impl.loadRecord(m.id));
  if (!old) return makeError(ErrorCode::NotFound, "there is no record with id " + m.id + " on this device");
  COACH_TRY(refuseAccessLog(*old->ref.kind));
  Pending p;
  p.kind = old->ref.kind;
  p.id = m.id;
  p.rid = old->ref.rid;
  p.shard = old->ref.shard;
  p.archived = old->archived;
  auto clocks = store::FieldClocks::decode(old->clocks);
  if (!clocks) return makeError(ErrorCode::StorageError, "record " + m.id + " has damaged field clocks");
  p.clocks = std::move(*clocks);
  p.next = old->values;
  for (std::size_t i = 0; i < p.kind->fields.size(); ++i) {
    if (old->sealed[i]) p.next[i] = kSealedPlaceholder;
  }
  COACH_TRY(parseFields(impl, m, &*old, p));
  COACH_TRY(checkNoShardMove(p, *old));
  return p;
}

Status writePending(Store::Impl& impl, Pending& p) {
  // Every local create, update, archive and conflict resolution passes here, so a team lead's kind is refused
  // on a coach's device whatever the client; merge and snapshots (changes from others) do not come this way.
  COACH_TRY(impl.checkRole(*p.kind));
  COACH_TRY(model::checkRecordRules(*p.kind, p.next));
  COACH_TRY(checkReferences(impl, p));
  if (p.changed.empty() && !p.archivedChanged && !p.creating) return {};  // nothing changed: no stamp, no change
  COACH_TRY(sealChanged(impl, p));
  const Hlc stamp = impl.hlc->now();
  const store::FieldStamp fieldStamp{stamp, impl.deviceNo};
  // The stamps this edit replaces: sync sends them along, so other devices can tell this edit from a
  // concurrent one (docs/sync.md, "Conflicts").
  store::StampList bases;
  for (std::size_t i : p.changed) {
    const std::string_view name = p.kind->fields[i].name;
    bases.emplace_back(name, p.clocks.get(name).value_or(store::FieldStamp{}));
    if (p.kind->fields[i].type == FieldType::Text) COACH_TRY(impl.recordLineage(p.rid, name, {fieldStamp}, bases.back().second));
    p.clocks.set(name, fieldStamp);
  }
  for (const auto& [i, seen] : p.alsoSeen) {
    bases.emplace_back(p.kind->fields[i].name, seen);
    COACH_TRY(impl.recordLineage(p.rid, p.kind->fields[i].name, fieldStamp, seen));
  }
  if (p.archivedChanged) {
    bases.emplace_back("archived", p.clocks.get("archived").value_or(store::FieldStamp{}));
    p.clocks.set("archived", fieldStamp);
  }
  COACH_TRY(p.creating ? insertRow(impl, p, stamp) : updateRow(impl, p, stamp));
  if (p.shard != model::kTeamShard) impl.access.writes.insert(p.shard);  // logged before the commit
  for (std::size_t i : p.changed) {
    if (p.kind->fields[i].history) COACH_TRY(keepHistory(impl, p, i, stamp));
  }
  return appendOutbox(impl, p, stamp, bases);
}

}  // namespace

Result<std::vector<std::string>> Store::Impl::applyLocked(std::span<const Mutation> mutations) {
  COACH_TRY(requireUnlocked());
  std::vector<std::string> ids;
  ids.reserve(mutations.size());
  refCache.clear();
  COACH_ASSIGN_OR_RETURN(store::Transaction txn, store::Transaction::begin(db, stmts.get()));
  auto result = [&]() -> Status {
    WriteGuardScope scope(writeAllowed);
    access.writes.clear();
    for (const Mutation& m : mutations) {
      COACH_ASSIGN_OR_RETURN(Pending p, m.op == Mutation::Op::Create ? prepareCreate(*this, m)
                                                                      : prepareUpdate(*this, m));
      if (m.op == Mutation::Op::Create) COACH_TRY(refuseAccessLog(*p.kind));
      COACH_TRY(writePending(*this, p));
      ids.push_back(std::move(p.id));
    }
    // In the same transaction: no write commits without its access event (docs/access-log.md).
    std::set<std::string> written;
    written.swap(access.writes);
    COACH_TRY(logAccessInTransaction(written, "write"));
    // No separate HLC write: the newest outbox entry carries the newest stamp, and the store restores the
    // clock from it on open (store.cpp, loadIdentity).
    return {};
  }();
  if (result.ok()) result = txn.commit();
  if (!result.ok()) {
    refCache.clear();
    keys->dropCaches();  // a shard key made in the rolled-back transaction no longer exists
    return std::move(result).error();
  }
  return ids;
}

Result<std::string> Store::Impl::createInTransaction(const Mutation& mutation) {
  COACH_ASSIGN_OR_RETURN(Pending p, prepareCreate(*this, mutation));
  COACH_TRY(writePending(*this, p));
  return std::move(p.id);
}

Result<std::string> Store::Impl::newRecordId() {
  constexpr std::size_t kIdBytes = 16;
  if (idPoolUsed + kIdBytes > idPool.size()) {
    COACH_ASSIGN_OR_RETURN(idPool, crypto::randomBytes(kIdBytes * 256));
    idPoolUsed = 0;
  }
  std::string id = crypto::toHex(crypto::ByteView(idPool.data() + idPoolUsed, kIdBytes));
  OPENSSL_cleanse(idPool.data() + idPoolUsed, kIdBytes);  // an id handed out is not kept twice
  idPoolUsed += kIdBytes;
  return id;
}

Status Store::Impl::writeResolution(const std::string& id, const std::string& field, const std::string& value,
                                    const store::FieldStamp& losing) {
  COACH_ASSIGN_OR_RETURN(store::Transaction txn, store::Transaction::begin(db, stmts.get()));
  auto result = [&]() -> Status {
    WriteGuardScope scope(writeAllowed);
    const Mutation m{Mutation::Op::Update, {}, id, nlohmann::json{{field, value}}};
    COACH_ASSIGN_OR_RETURN(Pending p, prepareUpdate(*this, m));
    const auto index = p.kind->fieldIndex(field);
    if (!index) return makeError(ErrorCode::InvalidArgument, "no field " + field);
    if (std::find(p.changed.begin(), p.changed.end(), *index) == p.changed.end()) {
      p.changed.push_back(*index);  // the same text again still supersedes the losing one
      p.next[*index] = value;
    }
    p.alsoSeen.emplace_back(*index, losing);
    access.writes.clear();
    COACH_TRY(writePending(*this, p));
    std::set<std::string> written;
    written.swap(access.writes);
    return logAccessInTransaction(written, "write");
  }();
  if (result.ok()) result = txn.commit();
  if (!result.ok()) keys->dropCaches();
  return result;
}

Result<std::vector<std::string>> Store::apply(std::span<const Mutation> mutations) {
  std::lock_guard lock(impl_->mu);
  return impl_->applyLocked(mutations);
}

Result<std::string> Store::add(std::string_view kind, const nlohmann::json& fields) {
  const Mutation m{Mutation::Op::Create, std::string(kind), {}, fields};
  COACH_ASSIGN_OR_RETURN(std::vector<std::string> ids, apply(std::span(&m, 1)));
  return ids.front();
}

Status Store::update(std::string_view id, const nlohmann::json& fields) {
  const Mutation m{Mutation::Op::Update, {}, std::string(id), fields};
  COACH_ASSIGN_OR_RETURN(std::vector<std::string> ids, apply(std::span(&m, 1)));
  return {};
}

Status Store::setArchived(std::string_view id, bool archived) {
  return update(id, nlohmann::json{{"archived", archived}});
}

}  // namespace coach
