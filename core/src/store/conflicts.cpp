// Store: listing and resolving the free-text conflicts that merge found (docs/sync.md, "Conflicts").
#include "store/read_scope.hpp"
#include "store/store_impl.hpp"

namespace coach {

Result<std::vector<Conflict>> Store::conflicts() {
  std::lock_guard lock(impl_->mu);
  COACH_TRY(impl_->requireUnlocked());
  ReadScope scope(*impl_);
  COACH_ASSIGN_OR_RETURN(std::vector<Conflict> out, impl_->conflictsLocked(nullptr));
  COACH_TRY(scope.finish());
  return out;
}

Result<std::vector<Conflict>> Store::Impl::conflictsLocked(const std::string* onlyShard) {
  Impl& impl = *this;
  std::vector<std::tuple<std::string, std::string, std::uint64_t, std::string, std::optional<crypto::Bytes>>> rows;
  {
    COACH_ASSIGN_OR_RETURN(store::Stmt* s, impl.stmt(
        "SELECT r.id, c.field, c.loser_hlc, c.loser_device, c.value FROM conflict c JOIN record r ON r.rid = c.rid"
        " ORDER BY c.found_hlc, r.id, c.field"));
    store::StmtGuard guard(*s);
    while (true) {
      COACH_ASSIGN_OR_RETURN(bool row, s->step());
      if (!row) break;
      std::optional<crypto::Bytes> value;
      if (!s->isNull(4)) value = crypto::Bytes(s->blobAt(4).begin(), s->blobAt(4).end());
      rows.emplace_back(s->textAt(0), s->textAt(1), static_cast<std::uint64_t>(s->intAt(2)), s->textAt(3), std::move(value));
    }
  }
  std::vector<Conflict> out;
  for (auto& [id, field, loserHlc, device, sealed] : rows) {
    COACH_ASSIGN_OR_RETURN(std::optional<StoredRecord> rec, impl.loadRecord(id));
    if (!rec || (onlyShard != nullptr && rec->ref.shard != *onlyShard)) continue;
    Conflict c{id, std::string(rec->ref.kind->name), field, {}, device, loserHlc, {}};
    if (sealed) {
      const std::string label = "conflict:" + field + ":" + std::to_string(loserHlc) + ":" + device;
      COACH_ASSIGN_OR_RETURN(c.losingValue, impl.keys->decryptField(impl.db, rec->ref.shard, id, label, *sealed));
    }
    COACH_ASSIGN_OR_RETURN(nlohmann::json current, impl.toJson(*rec));
    if (current["fields"].contains(field)) c.currentValue = current["fields"][field].get<std::string>();
    out.push_back(std::move(c));
  }
  return out;
}

Status Store::resolveConflict(const Conflict& conflict, Resolution resolution) {
  std::lock_guard lock(impl_->mu);
  Impl& impl = *impl_;
  COACH_TRY(impl.requireUnlocked());
  std::string value;
  switch (resolution) {
    case Resolution::KeepCurrent: value = conflict.currentValue; break;
    case Resolution::KeepLosing: value = conflict.losingValue; break;
    case Resolution::KeepBoth: value = conflict.currentValue + "\n\n" + conflict.losingValue; break;
  }
  COACH_ASSIGN_OR_RETURN(std::uint32_t no, impl.deviceNoOf(conflict.losingDevice));
  return impl.writeResolution(conflict.recordId, conflict.field, value, store::FieldStamp{Hlc{conflict.losingHlc}, no});
}

}  // namespace coach
