#include "store/schema.hpp"

#include "store/field_clocks.hpp"

#include <functional>
#include <vector>

namespace coach::store {
namespace {

using model::FieldDef;
using model::FieldType;
using model::KindDef;

// "(c = 'a' OR c = 'b')": an IN list in a CHECK makes SQLite build an ephemeral index on every row it
// checks (measured: the largest single cost of an insert); a chain of comparisons needs nothing.
std::string oneOf(const std::string& c, const FieldDef& f) {
  std::string out;
  for (std::string_view v : f.values) out += (out.empty() ? "(" : " OR ") + c + " = '" + std::string(v) + "'";
  return out + ")";
}

// The column definition of a field, with a CHECK that holds for every valid value of its type.
std::string columnDef(const FieldDef& f) {
  const std::string c(f.name);
  const std::string nullOr = "CHECK (" + c + " IS NULL OR ";
  if (f.sensitive) return c + " BLOB " + nullOr + "typeof(" + c + ") = 'blob')";
  switch (f.type) {
    case FieldType::Text:
      return c + " TEXT " + nullOr + "length(CAST(" + c + " AS BLOB)) <= " + std::to_string(f.maxLength) + ")";
    case FieldType::Date:
      return c + " TEXT " + nullOr + "(length(" + c + ") = 10 AND date(" + c + ") = " + c + "))";
    case FieldType::DateTime:
      return c + " TEXT " + nullOr + "(length(" + c + ") = 16 AND datetime(" + c + ") IS NOT NULL))";
    case FieldType::Enum:
      return c + " TEXT " + nullOr + oneOf(c, f) + ")";
    case FieldType::EnumSet:
      return c + " TEXT";
    case FieldType::Integer:
    case FieldType::Decimal:
      return c + " INTEGER " + nullOr + "(typeof(" + c + ") = 'integer' AND " + c + " BETWEEN " +
             std::to_string(f.min) + " AND " + std::to_string(f.max) + "))";
    case FieldType::Bool:
      return c + " INTEGER " + nullOr + "(" + c + " = 0 OR " + c + " = 1))";
    case FieldType::Ref:
    case FieldType::Id:
      return c + " TEXT " + nullOr + "length(" + c + ") = 32)";
  }
  return c;
}

std::string guardTriggers(const std::string& table) {
  std::string sql;
  for (const char* op : {"INSERT", "UPDATE", "DELETE"}) {
    sql += "CREATE TRIGGER guard_" + table + "_" + op + " BEFORE " + op + " ON " + table +
           " WHEN coach_write_allowed() IS NOT 1 BEGIN SELECT RAISE(ABORT, '" + table +
           " can only be written through the store''s write path'); END;\n";
  }
  return sql;
}

std::string createKindTable(const KindDef& kind, int level) {
  const std::string t = tableName(kind);
  // rid is the record's row in `record` (append-ordered); the random text id lives only in record's unique
  // index, so inserts touch one randomly placed index page instead of one per table.
  std::string sql = "CREATE TABLE " + t +
                    " (rid INTEGER PRIMARY KEY, shard TEXT NOT NULL,"
                    " archived INTEGER NOT NULL DEFAULT 0 CHECK (archived = 0 OR archived = 1),"
                    " created_hlc INTEGER NOT NULL, updated_hlc INTEGER NOT NULL,"
                    " clocks BLOB NOT NULL";  // the per-field stamps, store/field_clocks.hpp
  for (const FieldDef& f : kind.fields) {
    if (f.since <= level) sql += ",\n  " + columnDef(f);
  }
  // One index serves both "everything in a shard" (timelines, erasure) and "newest first" lists.
  const std::string date = kind.dateField.empty() ? "" : ", " + std::string(kind.dateField);
  sql += ");\nCREATE INDEX " + t + "_shard ON " + t + " (shard" + date + ");\n";
  const bool shardIsParticipant = kind.shard == model::ShardRule::Participant;
  for (const FieldDef& f : kind.fields) {
    // participant_id of a participant-sharded kind equals its shard: the shard index already covers it.
    if (f.since > level || f.type != FieldType::Ref || (shardIsParticipant && f.name == "participant_id")) continue;
    sql += "CREATE INDEX " + t + "_" + std::string(f.name) + " ON " + t + " (" + std::string(f.name) + date + ");\n";
  }
  return sql + guardTriggers(t);
}

// Kind tables and columns introduced at `level`.
std::string registrySteps(int level) {
  std::string sql;
  for (const KindDef& kind : model::Registry::instance().kinds()) {
    if (kind.since == level) {
      sql += createKindTable(kind, level);
    } else if (kind.since < level) {
      for (const FieldDef& f : kind.fields) {
        if (f.since == level) sql += "ALTER TABLE " + tableName(kind) + " ADD COLUMN " + columnDef(f) + ";\n";
      }
    }
  }
  return sql;
}

const char* const kLevel1 = R"sql(
CREATE TABLE meta (key TEXT PRIMARY KEY, value ANY) WITHOUT ROWID;
CREATE TABLE shard_key (shard TEXT NOT NULL, version INTEGER NOT NULL CHECK (version >= 1),
  wrapped BLOB NOT NULL, PRIMARY KEY (shard, version)) WITHOUT ROWID;
CREATE TABLE record (rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE CHECK (length(id) = 32),
  kind TEXT NOT NULL, shard TEXT NOT NULL);
CREATE TABLE device (no INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE CHECK (length(id) = 32));
CREATE TABLE outbox (seq INTEGER PRIMARY KEY, rid INTEGER NOT NULL, hlc INTEGER NOT NULL,
  fields TEXT NOT NULL);
)sql";

const char* const kLevel3 = R"sql(
CREATE TABLE field_history (rid INTEGER NOT NULL, field TEXT NOT NULL, hlc INTEGER NOT NULL,
  device INTEGER NOT NULL, value ANY, PRIMARY KEY (rid, field, hlc, device)) WITHOUT ROWID;
CREATE INDEX k_participant_coach ON k_participant (coach);
)sql";

// Level 4: what sync needs (docs/sync.md): envelopes built but not yet acknowledged, the chains of the other
// devices, free-text lineage and conflicts, envelopes parked until they can be applied, changes from a newer
// schema kept for later, and shard keys waiting to be published.
const char* const kLevel4 = R"sql(
ALTER TABLE outbox ADD COLUMN bases BLOB NOT NULL DEFAULT X'';
CREATE TABLE sent_envelope (seq INTEGER PRIMARY KEY, shard TEXT NOT NULL, changes INTEGER NOT NULL,
  bytes BLOB NOT NULL);
CREATE TABLE peer (device TEXT PRIMARY KEY, signing_key BLOB NOT NULL, revoked INTEGER NOT NULL DEFAULT 0,
  last_seq INTEGER NOT NULL DEFAULT 0, last_hash BLOB NOT NULL DEFAULT X'') WITHOUT ROWID;
CREATE TABLE lineage (rid INTEGER NOT NULL, field TEXT NOT NULL, base_hlc INTEGER NOT NULL, base_device TEXT NOT NULL,
  hlc INTEGER NOT NULL, device TEXT NOT NULL, PRIMARY KEY (rid, field, base_hlc, base_device, hlc, device)) WITHOUT ROWID;
CREATE TABLE conflict (rid INTEGER NOT NULL, field TEXT NOT NULL, loser_hlc INTEGER NOT NULL, loser_device TEXT NOT NULL,
  value BLOB, found_hlc INTEGER NOT NULL, PRIMARY KEY (rid, field, loser_hlc, loser_device)) WITHOUT ROWID;
CREATE TABLE parked_envelope (server_seq INTEGER PRIMARY KEY, device TEXT NOT NULL, reason TEXT NOT NULL,
  bytes BLOB NOT NULL);
CREATE TABLE pending_change (id TEXT NOT NULL, kind TEXT NOT NULL, shard TEXT NOT NULL, field TEXT NOT NULL,
  hlc INTEGER NOT NULL, device TEXT NOT NULL, value ANY, bases BLOB NOT NULL DEFAULT X'', PRIMARY KEY (id, field, hlc, device)) WITHOUT ROWID;
CREATE TABLE key_outbox (shard TEXT NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (shard, version)) WITHOUT ROWID;
)sql";

// Level 5: a shard key record is wrapped once and kept, so a push repeated after a lost answer sends the very
// same bytes (the server refuses a key record it holds with other bytes).
const char* const kLevel5 = R"sql(
ALTER TABLE key_outbox ADD COLUMN epoch INTEGER NOT NULL DEFAULT 0;
ALTER TABLE key_outbox ADD COLUMN wrapped BLOB;
)sql";

// Level 7: the audit entries of erasures (store/erase.cpp): which shard, when, by whom; never a name.
const char* const kLevel7 = R"sql(
CREATE TABLE erased_shard (shard TEXT PRIMARY KEY CHECK (length(shard) = 32), erased_at INTEGER NOT NULL,
  author TEXT NOT NULL, order_index INTEGER NOT NULL, applied_at INTEGER NOT NULL) WITHOUT ROWID;
)sql";

// Level 8: envelopes and key records the server acknowledged, kept byte for byte for a while (docs/sync.md,
// "Resending after a server restore"): a server restored from an older backup has lost them, and only the very
// same bytes continue this device's hash chain with valid signatures.
const char* const kLevel8 = R"sql(
CREATE TABLE kept_envelope (seq INTEGER PRIMARY KEY, shard TEXT NOT NULL, bytes BLOB NOT NULL,
  acked_at INTEGER NOT NULL);
CREATE INDEX kept_envelope_shard ON kept_envelope (shard);
CREATE TABLE kept_key_record (shard TEXT NOT NULL, version INTEGER NOT NULL, epoch INTEGER NOT NULL,
  wrapped BLOB NOT NULL, acked_at INTEGER NOT NULL, PRIMARY KEY (shard, version, epoch)) WITHOUT ROWID;
)sql";

// Level 11: this device's own envelopes in one table, written once (docs/sync.md, "Push"). Before, an envelope
// the server acknowledged moved from sent_envelope to kept_envelope: every pushed byte was written twice. Now
// acknowledging adds a row of 16 bytes to own_envelope_ack; sent_envelope (not acknowledged) and kept_envelope
// (acknowledged, kept for a resend) are views, so what reads them is unchanged; writes go to the tables.
const char* const kLevel11 = R"sql(
CREATE TABLE own_envelope (seq INTEGER PRIMARY KEY, shard TEXT NOT NULL, changes INTEGER NOT NULL, bytes BLOB NOT NULL);
CREATE INDEX own_envelope_shard ON own_envelope (shard);
CREATE TABLE own_envelope_ack (seq INTEGER PRIMARY KEY, acked_at INTEGER NOT NULL);
INSERT INTO own_envelope (seq, shard, changes, bytes) SELECT seq, shard, 0, bytes FROM kept_envelope;
INSERT INTO own_envelope_ack (seq, acked_at) SELECT seq, acked_at FROM kept_envelope;
INSERT OR REPLACE INTO own_envelope (seq, shard, changes, bytes) SELECT seq, shard, changes, bytes FROM sent_envelope;
DELETE FROM own_envelope_ack WHERE seq IN (SELECT seq FROM sent_envelope);
DROP TABLE sent_envelope;
DROP TABLE kept_envelope;
CREATE VIEW sent_envelope AS SELECT e.seq, e.shard, e.changes, e.bytes FROM own_envelope e
  WHERE NOT EXISTS (SELECT 1 FROM own_envelope_ack a WHERE a.seq = e.seq);
CREATE VIEW kept_envelope AS SELECT e.seq, e.shard, e.bytes, a.acked_at FROM own_envelope e
  JOIN own_envelope_ack a ON a.seq = e.seq;
CREATE TRIGGER own_envelope_gone AFTER DELETE ON own_envelope BEGIN
  DELETE FROM own_envelope_ack WHERE seq = old.seq;
END;
)sql";

std::string stepSql(int level) {
  switch (level) {
    case 1:
      return std::string(kLevel1) + guardTriggers("record") + guardTriggers("outbox");
    case 2:
      return registrySteps(2);
    case 3:
      return std::string(kLevel3) + guardTriggers("field_history") + registrySteps(3);
    case 4:
      return std::string(kLevel4) + guardTriggers("lineage") + guardTriggers("conflict") + registrySteps(4);
    case 5:
      return std::string(kLevel5) + registrySteps(5);
    case 6:  // the fidelity_score kind (model/kinds.cpp)
      return registrySteps(6);
    case 7:
      return std::string(kLevel7) + registrySteps(7);
    case 8:
      return std::string(kLevel8) + registrySteps(8);
    case 9:  // the week_review kind (model/kinds.cpp)
      return registrySteps(9);
    case 10:  // retention (docs/access-log.md): trajectory.subsidy_settled_on and the retention_rule kind
      return registrySteps(10);
    case 11:
      return std::string(kLevel11) + registrySteps(11);
    default:
      return {};
  }
}

}  // namespace

std::string tableName(const model::KindDef& kind) { return "k_" + std::string(kind.name); }

Result<int> schemaLevel(const Db& db) {
  COACH_ASSIGN_OR_RETURN(Stmt stmt, Stmt::prepare(db.get(), "PRAGMA user_version"));
  COACH_ASSIGN_OR_RETURN(bool row, stmt.step());
  return row ? static_cast<int>(stmt.intAt(0)) : 0;
}

Status migrate(const Db& db, int target) {
  COACH_ASSIGN_OR_RETURN(int level, schemaLevel(db));
  if (level > kSchemaLevel) {
    return makeError(ErrorCode::SchemaTooNew,
                     "this profile was written by a newer version of the app (schema level " +
                         std::to_string(level) + ", this version knows " + std::to_string(kSchemaLevel) +
                         "); update the app to open it. Nothing was changed");
  }
  for (int next = level + 1; next <= target; ++next) {
    COACH_ASSIGN_OR_RETURN(Transaction txn, Transaction::begin(db));
    COACH_TRY(db.exec(stepSql(next), "schema migration to level " + std::to_string(next)));
    COACH_TRY(db.exec("PRAGMA user_version = " + std::to_string(next), "recording the schema level"));
    COACH_TRY(txn.commit());
  }
  return {};
}

Status registerFunctions(const Db& db, const bool* writeAllowed) {
  auto guard = [](sqlite3_context* ctx, int, sqlite3_value**) {
    const bool* allowed = static_cast<const bool*>(sqlite3_user_data(ctx));
    sqlite3_result_int(ctx, *allowed ? 1 : 0);
  };
  int rc = sqlite3_create_function_v2(db.get(), "coach_write_allowed", 0, SQLITE_UTF8 | SQLITE_INNOCUOUS,
                                      const_cast<bool*>(writeAllowed), guard, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return sqliteError(db.get(), rc, "registering the write guard");
  auto fieldHlc = [](sqlite3_context* ctx, int, sqlite3_value** args) {
    const auto* data = static_cast<const std::uint8_t*>(sqlite3_value_blob(args[0]));
    const auto size = static_cast<std::size_t>(sqlite3_value_bytes(args[0]));
    const auto* name = reinterpret_cast<const char*>(sqlite3_value_text(args[1]));  // NOLINT
    auto clocks = FieldClocks::decode({data, size});
    auto stamp = clocks && name != nullptr ? clocks->get(name) : std::nullopt;
    if (stamp) {
      sqlite3_result_int64(ctx, static_cast<sqlite3_int64>(stamp->hlc.value));
    } else {
      sqlite3_result_null(ctx);
    }
  };
  rc = sqlite3_create_function_v2(db.get(), "coach_field_hlc", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                  nullptr, fieldHlc, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return sqliteError(db.get(), rc, "registering coach_field_hlc");
  return {};
}

}  // namespace coach::store
