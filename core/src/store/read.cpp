// Store reads: get, list and timeline. Sensitive fields are decrypted here, on the device, and only here.
#include <algorithm>

#include "store/read_scope.hpp"
#include "store/store_impl.hpp"

namespace coach {
namespace {

using model::FieldDef;
using model::FieldValue;
using model::KindDef;
using nlohmann::json;

std::string businessDate(const json& record, const KindDef& kind) {
  if (kind.dateField.empty()) return {};
  const json& fields = record["fields"];
  auto it = fields.find(std::string(kind.dateField));
  return it != fields.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

std::string Store::Impl::selectFrom(const KindDef& kind) {
  std::string sql = "SELECT k.rid, r.id, k.shard, k.archived, k.clocks";
  for (const FieldDef& f : kind.fields) sql += ", k." + std::string(f.name);
  return sql + " FROM " + store::tableName(kind) + " k JOIN record r ON r.rid = k.rid";
}

Result<std::optional<RecordRef>> Store::Impl::findRecord(std::string_view id) {
  COACH_ASSIGN_OR_RETURN(store::Stmt* s, stmt("SELECT rid, kind, shard FROM record WHERE id = ?"));
  store::StmtGuard guard(*s);
  COACH_TRY(s->bindText(1, id));
  COACH_ASSIGN_OR_RETURN(bool row, s->step());
  if (!row) return std::optional<RecordRef>{};
  const KindDef* kind = model::Registry::instance().kind(s->textAt(1));
  if (kind == nullptr) {
    return makeError(ErrorCode::StorageError, "record " + std::string(id) + " has a kind this version does not know");
  }
  return std::optional<RecordRef>{RecordRef{s->intAt(0), kind, s->textAt(2)}};
}

Result<StoredRecord> Store::Impl::readRow(const KindDef& kind, store::Stmt& row) {
  StoredRecord rec;
  rec.id = row.textAt(1);
  rec.ref = RecordRef{row.intAt(0), &kind, row.textAt(2)};
  rec.archived = row.intAt(3) != 0;
  const auto clocks = row.blobAt(4);
  rec.clocks.assign(clocks.begin(), clocks.end());
  rec.values.assign(kind.fields.size(), FieldValue{});
  rec.sealed.assign(kind.fields.size(), std::nullopt);
  for (std::size_t i = 0; i < kind.fields.size(); ++i) {
    const int col = static_cast<int>(i) + kFirstField;
    if (row.isNull(col)) continue;
    const FieldDef& f = kind.fields[i];
    if (f.sensitive) {
      auto blob = row.blobAt(col);
      rec.sealed[i] = crypto::Bytes(blob.begin(), blob.end());
    } else if (sqlite3_column_type(row.get(), col) == SQLITE_INTEGER) {
      rec.values[i] = row.intAt(col);
    } else {
      rec.values[i] = row.textAt(col);
    }
  }
  return rec;
}

Result<std::optional<StoredRecord>> Store::Impl::loadRecord(std::string_view id) {
  COACH_ASSIGN_OR_RETURN(std::optional<RecordRef> ref, findRecord(id));
  if (!ref) return std::optional<StoredRecord>{};
  COACH_ASSIGN_OR_RETURN(StoredRecord rec, loadRecordAt(*ref));
  return std::optional<StoredRecord>{std::move(rec)};
}

const std::string& Store::Impl::selectByRid(const KindDef& kind) {
  auto [it, added] = rowByRidSql.try_emplace(&kind);
  if (added) it->second = selectFrom(kind) + " WHERE k.rid = ?";
  return it->second;
}

Result<StoredRecord> Store::Impl::loadRecordAt(const RecordRef& ref) {
  COACH_ASSIGN_OR_RETURN(store::Stmt* s, stmt(selectByRid(*ref.kind)));
  store::StmtGuard guard(*s);
  COACH_TRY(s->bindInt(1, ref.rid));
  COACH_ASSIGN_OR_RETURN(bool row, s->step());
  if (!row) return makeError(ErrorCode::StorageError, "record row " + std::to_string(ref.rid) + " is indexed but missing");
  return readRow(*ref.kind, *s);
}

Result<std::optional<StoredRecord>> Store::Impl::loadRecordByRid(std::int64_t rid) {
  RecordRef ref;
  {
    COACH_ASSIGN_OR_RETURN(store::Stmt* s, stmt("SELECT kind, shard FROM record WHERE rid = ?"));
    store::StmtGuard guard(*s);
    COACH_TRY(s->bindInt(1, rid));
    COACH_ASSIGN_OR_RETURN(bool row, s->step());
    if (!row) return std::optional<StoredRecord>{};
    ref.kind = model::Registry::instance().kind(s->textAt(0));
    if (ref.kind == nullptr) {
      return makeError(ErrorCode::StorageError, "record row " + std::to_string(rid) + " has a kind this version does not know");
    }
    ref.rid = rid;
    ref.shard = s->textAt(1);
  }
  COACH_ASSIGN_OR_RETURN(StoredRecord rec, loadRecordAt(ref));
  return std::optional<StoredRecord>{std::move(rec)};
}

Result<json> Store::Impl::toJson(const StoredRecord& rec) {
  const KindDef& kind = *rec.ref.kind;
  COACH_TRY(noteRead(rec.ref.shard));  // the access log's choke point (store/read_scope.hpp)
  json fields = json::object();
  for (std::size_t i = 0; i < kind.fields.size(); ++i) {
    const FieldDef& f = kind.fields[i];
    if (rec.sealed[i]) {
      COACH_ASSIGN_OR_RETURN(std::string plain, keys->decryptField(db, rec.ref.shard, rec.id, f.name, *rec.sealed[i]));
      fields[std::string(f.name)] = f.type == model::FieldType::Text ? json(std::move(plain))
                                                                     : model::toJson(f, FieldValue{std::move(plain)});
    } else if (!model::isNull(rec.values[i])) {
      fields[std::string(f.name)] = model::toJson(f, rec.values[i]);
    }
  }
  return json{{"id", rec.id}, {"kind", kind.name}, {"shard", rec.ref.shard}, {"archived", rec.archived},
              {"fields", std::move(fields)}};
}

Result<json> Store::get(std::string_view id) {
  std::lock_guard lock(impl_->mu);
  COACH_TRY(impl_->requireUnlocked());
  ReadScope scope(*impl_);
  COACH_ASSIGN_OR_RETURN(std::optional<StoredRecord> rec, impl_->loadRecord(id));
  if (!rec) return makeError(ErrorCode::NotFound, "there is no record with id " + std::string(id) + " on this device");
  COACH_ASSIGN_OR_RETURN(json out, impl_->toJson(*rec));
  COACH_TRY(scope.finish());
  return out;
}

Result<std::vector<json>> Store::list(std::string_view kindName, const json& where, bool includeArchived) {
  std::lock_guard lock(impl_->mu);
  COACH_TRY(impl_->requireUnlocked());
  const KindDef* kind = model::Registry::instance().kind(kindName);
  if (kind == nullptr) {
    return makeError(ErrorCode::InvalidArgument, "'" + std::string(kindName) + "' is not a record kind (`coach fields` lists them)");
  }
  std::string sql = Impl::selectFrom(*kind) + " WHERE 1";
  if (!includeArchived) sql += " AND k.archived = 0";
  std::vector<std::pair<const FieldDef*, FieldValue>> filters;
  static const json kNoFilter = json::object();
  for (const auto& [name, value] : (where.is_object() ? where : kNoFilter).items()) {
    const FieldDef* f = kind->field(name);
    if (f == nullptr) return makeError(ErrorCode::InvalidArgument, std::string(kind->name) + "." + name + ": there is no such field");
    if (f->sensitive) {
      return makeError(ErrorCode::InvalidArgument, std::string(kind->name) + "." + name +
                                                       ": is encrypted and cannot be filtered on; list and search instead");
    }
    COACH_ASSIGN_OR_RETURN(FieldValue v, model::parseFieldValue(*kind, *f, value));
    sql += " AND k." + std::string(name) + (model::isNull(v) ? " IS NULL" : " = ?");
    filters.emplace_back(f, std::move(v));
  }
  sql += kind->dateField.empty() ? " ORDER BY k.rid DESC" : " ORDER BY k." + std::string(kind->dateField) + " DESC, k.rid DESC";
  ReadScope scope(*impl_);
  std::vector<json> out;
  {
    COACH_ASSIGN_OR_RETURN(store::Stmt* s, impl_->stmt(sql));
    store::StmtGuard guard(*s);
    int index = 1;
    for (const auto& [f, v] : filters) {
      if (model::isNull(v)) continue;
      if (const auto* n = std::get_if<std::int64_t>(&v)) COACH_TRY(s->bindInt(index++, *n));
      else COACH_TRY(s->bindText(index++, std::get<std::string>(v)));
    }
    while (true) {
      COACH_ASSIGN_OR_RETURN(bool row, s->step());
      if (!row) break;
      COACH_ASSIGN_OR_RETURN(StoredRecord rec, impl_->readRow(*kind, *s));
      COACH_ASSIGN_OR_RETURN(json j, impl_->toJson(rec));
      out.push_back(std::move(j));
    }
  }
  COACH_TRY(scope.finish());
  return out;
}

Result<std::vector<json>> Store::timeline(std::string_view participantId) {
  std::lock_guard lock(impl_->mu);
  COACH_TRY(impl_->requireUnlocked());
  COACH_ASSIGN_OR_RETURN(std::optional<RecordRef> ref, impl_->findRecord(participantId));
  if (!ref || ref->kind->name != "participant") {
    return makeError(ErrorCode::NotFound, "there is no participant with id " + std::string(participantId) + " on this device");
  }
  ReadScope scope(*impl_);
  std::vector<std::pair<std::string, json>> dated;
  for (const KindDef& kind : model::Registry::instance().kinds()) {
    if (kind.shard == model::ShardRule::Team) continue;
    COACH_ASSIGN_OR_RETURN(store::Stmt* s, impl_->stmt(Impl::selectFrom(kind) + " WHERE k.shard = ? AND k.archived = 0"));
    store::StmtGuard guard(*s);
    COACH_TRY(s->bindText(1, ref->shard));
    while (true) {
      COACH_ASSIGN_OR_RETURN(bool row, s->step());
      if (!row) break;
      COACH_ASSIGN_OR_RETURN(StoredRecord rec, impl_->readRow(kind, *s));
      COACH_ASSIGN_OR_RETURN(json j, impl_->toJson(rec));
      std::string date = businessDate(j, kind);
      dated.emplace_back(std::move(date), std::move(j));
    }
  }
  // Newest business date first; the participant record itself (no date) last. Stable for equal dates.
  std::stable_sort(dated.begin(), dated.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<json> out;
  out.reserve(dated.size());
  for (auto& [date, j] : dated) out.push_back(std::move(j));
  COACH_TRY(scope.finish());
  return out;
}

}  // namespace coach
