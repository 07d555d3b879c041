// The write path's row facet: the kind's row, the history of fields that keep one, and the outbox entry.
#include <unordered_map>

#include "crypto/crypto.hpp"
#include "store/write_pending.hpp"

namespace coach::write {

using model::FieldDef;
using model::FieldValue;
using model::KindDef;

Status bindValue(store::Stmt& s, int index, const Pending& p, std::size_t i) {
  if (p.sealed[i]) return s.bindBlob(index, *p.sealed[i]);
  const FieldValue& v = p.next[i];
  if (model::isNull(v)) return s.bindNull(index);
  if (const auto* n = std::get_if<std::int64_t>(&v)) return s.bindInt(index, *n);
  return s.bindText(index, std::get<std::string>(v));
}

namespace {

// The INSERT of a kind's row, built once per kind.
const std::string& insertSql(const KindDef& kind) {
  static const std::unordered_map<std::string_view, std::string> sql = [] {
    std::unordered_map<std::string_view, std::string> all;
    for (const KindDef& k : model::Registry::instance().kinds()) {
      std::string cols = "rid, shard, archived, created_hlc, updated_hlc, clocks";
      std::string marks = "?, ?, ?, ?, ?, ?";
      for (const FieldDef& f : k.fields) {
        cols += ", " + std::string(f.name);
        marks += ", ?";
      }
      all.emplace(k.name, "INSERT INTO " + store::tableName(k) + " (" + cols + ") VALUES (" + marks + ")");
    }
    return all;
  }();
  return sql.at(kind.name);
}

}  // namespace

Status insertRow(Store::Impl& impl, Pending& p, Hlc stamp) {
  COACH_ASSIGN_OR_RETURN(store::Stmt* r, impl.stmt("INSERT INTO record (id, kind, shard) VALUES (?, ?, ?)"));
  {
    store::StmtGuard rguard(*r);
    COACH_TRY(r->bindText(1, p.id));
    COACH_TRY(r->bindText(2, p.kind->name));
    COACH_TRY(r->bindText(3, p.shard));
    COACH_TRY(r->run());
  }
  p.rid = sqlite3_last_insert_rowid(impl.db.get());

  COACH_ASSIGN_OR_RETURN(store::Stmt* s, impl.stmt(insertSql(*p.kind)));
  store::StmtGuard guard(*s);
  COACH_TRY(s->bindInt(1, p.rid));
  COACH_TRY(s->bindText(2, p.shard));
  COACH_TRY(s->bindInt(3, p.archived ? 1 : 0));
  COACH_TRY(s->bindInt(4, static_cast<std::int64_t>(stamp.value)));
  COACH_TRY(s->bindInt(5, static_cast<std::int64_t>(stamp.value)));
  COACH_TRY(s->bindBlob(6, p.clocks.encode()));
  for (std::size_t i = 0; i < p.kind->fields.size(); ++i) COACH_TRY(bindValue(*s, static_cast<int>(i) + 7, p, i));
  return s->run();
}

Status updateRow(Store::Impl& impl, const Pending& p, Hlc stamp) {
  std::string sql = "UPDATE " + store::tableName(*p.kind) + " SET updated_hlc = ?, archived = ?, clocks = ?";
  for (std::size_t i : p.changed) sql += ", " + std::string(p.kind->fields[i].name) + " = ?";
  sql += " WHERE rid = ?";
  COACH_ASSIGN_OR_RETURN(store::Stmt* s, impl.stmt(sql));
  store::StmtGuard guard(*s);
  COACH_TRY(s->bindInt(1, static_cast<std::int64_t>(stamp.value)));
  COACH_TRY(s->bindInt(2, p.archived ? 1 : 0));
  COACH_TRY(s->bindBlob(3, p.clocks.encode()));
  int index = 4;
  for (std::size_t i : p.changed) COACH_TRY(bindValue(*s, index++, p, i));
  COACH_TRY(s->bindInt(index, p.rid));
  return s->run();
}

Status keepHistory(Store::Impl& impl, const Pending& p, std::size_t i, Hlc stamp) {
  COACH_ASSIGN_OR_RETURN(store::Stmt* s, impl.stmt(
      "INSERT INTO field_history (rid, field, hlc, device, value) VALUES (?, ?, ?, ?, ?)"));
  store::StmtGuard guard(*s);
  COACH_TRY(s->bindInt(1, p.rid));
  COACH_TRY(s->bindText(2, p.kind->fields[i].name));
  COACH_TRY(s->bindInt(3, static_cast<std::int64_t>(stamp.value)));
  COACH_TRY(s->bindInt(4, impl.deviceNo));
  COACH_TRY(bindValue(*s, 5, p, i));
  return s->run();
}

// The outbox entry of a change: which record, which fields, which stamp. The values themselves are in the
// record's row (sensitive ones encrypted), so the outbox holds no second copy of any ciphertext and no
// plaintext; the sync engine reads the fields whose clock still equals the entry's stamp when it pushes
// (a later change of the same field has its own entry). docs/store.md describes the tables.
Status appendOutbox(Store::Impl& impl, const Pending& p, Hlc stamp, const store::StampList& bases) {
  std::string fields;
  for (std::size_t i : p.changed) {
    if (!fields.empty()) fields += ',';
    fields += p.kind->fields[i].name;
  }
  if (p.archivedChanged) fields += fields.empty() ? "archived" : ",archived";
  COACH_ASSIGN_OR_RETURN(store::Stmt* s, impl.stmt("INSERT INTO outbox (rid, hlc, fields, bases) VALUES (?, ?, ?, ?)"));
  store::StmtGuard guard(*s);
  COACH_TRY(s->bindInt(1, p.rid));
  COACH_TRY(s->bindInt(2, static_cast<std::int64_t>(stamp.value)));
  COACH_TRY(s->bindText(3, fields));
  COACH_TRY(s->bindBlob(4, store::encodeStampList(bases)));
  return s->run();
}

}  // namespace coach::write
