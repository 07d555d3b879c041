// storage/store_copy.cpp: copyStore(), a row-by-row copy between the SQLite store and the PostgreSQL database
// through one small interface per backend (StoreSide). The tables and columns are listed once here: they are the
// same in SQLite's schema 3 and PostgreSQL's schema 1 (docs/sync-server-storage.md, docs/sync-server-postgres.md);
// a new schema version on either side must update kTables (a test copies a store with every table filled).
#include "storage/store_copy.hpp"

#include <array>
#include <functional>
#include <map>

#include "storage/postgres_conn.hpp"
#include "storage/postgres_storage.hpp"
#include "storage/sqlite_storage.hpp"
#include "store/sqlite.hpp"

namespace coach::relay {
namespace {

enum class Kind : std::uint8_t { Int, Bool, Text, Blob };

struct Column {
  const char* name;
  Kind kind;
};

struct Table {
  const char* name;
  std::vector<Column> columns;
};

// In an order that satisfies the foreign keys.
const std::array<Table, 9> kTables{{
    {"team", {{"id", Kind::Text}, {"name", Kind::Text}, {"created_at", Kind::Int}}},
    {"team_head", {{"team", Kind::Text}, {"last_server_seq", Kind::Int}, {"envelopes", Kind::Int}, {"envelope_bytes", Kind::Int},
                   {"key_records", Kind::Int}, {"tombstones", Kind::Int}}},
    {"device", {{"team", Kind::Text}, {"id", Kind::Text}, {"signing_key", Kind::Blob}, {"agreement_key", Kind::Blob},
                {"role", Kind::Int}, {"revoked", Kind::Bool}, {"revoked_at", Kind::Int}, {"enrolled_at", Kind::Int},
                {"last_seen_at", Kind::Int}, {"last_seq", Kind::Int}, {"last_hash", Kind::Blob}, {"approved", Kind::Bool},
                {"approved_by", Kind::Text}, {"approved_at", Kind::Int}}},
    {"token", {{"id", Kind::Text}, {"team", Kind::Text}, {"device", Kind::Text}, {"verifier", Kind::Blob}}},
    {"enrol_code", {{"hash", Kind::Blob}, {"team", Kind::Text}, {"role", Kind::Int}, {"expires_at", Kind::Int}, {"used_at", Kind::Int}}},
    {"log", {{"team", Kind::Text}, {"server_seq", Kind::Int}, {"kind", Kind::Int}, {"device", Kind::Text}, {"device_seq", Kind::Int},
             {"shard", Kind::Text}, {"key_shard", Kind::Text}, {"key_version", Kind::Int}, {"key_epoch", Kind::Int},
             {"bytes", Kind::Blob}, {"erased_hash", Kind::Blob}}},
    {"snapshot", {{"team", Kind::Text}, {"shard", Kind::Text}, {"covers", Kind::Int}, {"key_id", Kind::Int}, {"author", Kind::Text},
                  {"size", Kind::Int}, {"stored_at", Kind::Int}, {"bytes", Kind::Blob}}},
    {"team_grant", {{"team", Kind::Text}, {"epoch", Kind::Int}, {"recipient", Kind::Text}, {"author", Kind::Text},
                    {"wrapped", Kind::Blob}, {"stored_at", Kind::Int}}},
    {"team_erasure", {{"team", Kind::Text}, {"idx", Kind::Int}, {"shard", Kind::Text}, {"author", Kind::Text},
                      {"received_at", Kind::Int}, {"order_bytes", Kind::Blob}}},
}};

struct Value {
  bool null = false;
  std::int64_t number = 0;  // Int, Bool
  std::string bytes;        // Text, Blob
};
using Row = std::vector<Value>;

std::string columnList(const Table& t) {
  std::string out;
  for (const Column& c : t.columns) out += std::string(out.empty() ? "" : ", ") + c.name;
  return out;
}

// One side of the copy: read a table row by row, insert rows, count, in one transaction.
class StoreSide {
 public:
  virtual ~StoreSide() = default;
  virtual Status begin(bool write) = 0;
  virtual Status forEachRow(const Table& t, const std::function<Status(const Row&)>& fn) = 0;
  virtual Status insert(const Table& t, const Row& row) = 0;
  virtual Result<std::uint64_t> count(const std::string& sql) = 0;
  virtual Status commit() = 0;

  Result<StoreCounts> counts() {
    StoreCounts c;
    COACH_ASSIGN_OR_RETURN(c.teams, count("SELECT count(*) FROM team"));
    COACH_ASSIGN_OR_RETURN(c.devices, count("SELECT count(*) FROM device"));
    COACH_ASSIGN_OR_RETURN(c.envelopes, count("SELECT count(*) FROM log WHERE kind = 0"));
    COACH_ASSIGN_OR_RETURN(c.keyRecords, count("SELECT count(*) FROM log WHERE kind = 1"));
    COACH_ASSIGN_OR_RETURN(c.snapshots, count("SELECT count(*) FROM snapshot"));
    COACH_ASSIGN_OR_RETURN(c.erasures, count("SELECT count(*) FROM team_erasure"));
    return c;
  }
};

class SqliteSide final : public StoreSide {
 public:
  explicit SqliteSide(store::Db db) : db_(std::move(db)) {}
  Status begin(bool write) override { return db_.exec(write ? "BEGIN IMMEDIATE" : "BEGIN", "starting the copy"); }
  Status commit() override { return db_.exec("COMMIT", "committing the copy"); }

  Status forEachRow(const Table& t, const std::function<Status(const Row&)>& fn) override {
    COACH_ASSIGN_OR_RETURN(store::Stmt s, store::Stmt::prepare(db_.get(), "SELECT " + columnList(t) + " FROM " + t.name));
    for (;;) {
      COACH_ASSIGN_OR_RETURN(bool more, s.step());
      if (!more) return {};
      Row row(t.columns.size());
      for (std::size_t i = 0; i < t.columns.size(); ++i) {
        const int col = static_cast<int>(i);
        row[i].null = s.isNull(col);
        if (row[i].null) continue;
        const Kind kind = t.columns[i].kind;
        if (kind == Kind::Int || kind == Kind::Bool) row[i].number = s.intAt(col);
        if (kind == Kind::Text) row[i].bytes = s.textAt(col);
        if (kind == Kind::Blob) {
          const auto blob = s.blobAt(col);
          row[i].bytes.assign(reinterpret_cast<const char*>(blob.data()), blob.size());
        }
      }
      COACH_TRY(fn(row));
    }
  }

  Status insert(const Table& t, const Row& row) override {
    auto found = inserts_.find(t.name);
    if (found == inserts_.end()) {
      std::string values;
      for (std::size_t i = 1; i <= t.columns.size(); ++i) values += (i > 1 ? ", ?" : "?") + std::to_string(i);
      COACH_ASSIGN_OR_RETURN(store::Stmt s, store::Stmt::prepare(db_.get(), std::string("INSERT INTO ") + t.name + " (" +
                                                                                 columnList(t) + ") VALUES (" + values + ")"));
      found = inserts_.emplace(t.name, std::move(s)).first;
    }
    store::Stmt& s = found->second;
    store::StmtGuard guard(s);
    for (std::size_t i = 0; i < row.size(); ++i) {
      const int index = static_cast<int>(i) + 1;
      const Kind kind = t.columns[i].kind;
      if (row[i].null) {
        COACH_TRY(s.bindNull(index));
      } else if (kind == Kind::Int || kind == Kind::Bool) {
        COACH_TRY(s.bindInt(index, kind == Kind::Bool ? (row[i].number != 0 ? 1 : 0) : row[i].number));
      } else if (kind == Kind::Text) {
        COACH_TRY(s.bindText(index, row[i].bytes));
      } else {
        COACH_TRY(s.bindBlob(index, std::span(reinterpret_cast<const std::uint8_t*>(row[i].bytes.data()), row[i].bytes.size())));
      }
    }
    return s.run();
  }

  Result<std::uint64_t> count(const std::string& sql) override {
    COACH_ASSIGN_OR_RETURN(store::Stmt s, store::Stmt::prepare(db_.get(), sql));
    COACH_ASSIGN_OR_RETURN(bool row, s.step());
    return row ? static_cast<std::uint64_t>(s.intAt(0)) : 0;
  }

 private:
  store::Db db_;
  std::map<std::string, store::Stmt> inserts_;
};

class PgSide final : public StoreSide {
 public:
  explicit PgSide(std::unique_ptr<pg_detail::Conn> conn) : conn_(std::move(conn)) {}
  Status begin(bool write) override {
    return conn_->run(write ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  }
  Status commit() override { return conn_->run("COMMIT"); }

  Status forEachRow(const Table& t, const std::function<Status(const Row&)>& fn) override {
    return conn_->stream("SELECT " + columnList(t) + " FROM " + t.name, [&](const pg_detail::Rows& r) -> Status {
      Row row(t.columns.size());
      for (std::size_t i = 0; i < t.columns.size(); ++i) {
        const int col = static_cast<int>(i);
        row[i].null = r.isNull(0, col);
        if (row[i].null) continue;
        const Kind kind = t.columns[i].kind;
        if (kind == Kind::Int || kind == Kind::Bool) {
          row[i].number = r.i64(0, col);
        } else {
          row[i].bytes = r.text(0, col);  // the raw bytes, text or bytea alike (binary format)
        }
      }
      return fn(row);
    });
  }

  Status insert(const Table& t, const Row& row) override {
    std::string values;
    for (std::size_t i = 1; i <= t.columns.size(); ++i) values += (i > 1 ? ", $" : "$") + std::to_string(i);
    std::vector<pg_detail::Param> params;
    for (std::size_t i = 0; i < row.size(); ++i) {
      const Kind kind = t.columns[i].kind;
      pg_detail::Param p = kind == Kind::Int    ? pg_detail::int8Param(row[i].number)
                           : kind == Kind::Bool ? pg_detail::boolParam(row[i].number != 0)
                           : kind == Kind::Text ? pg_detail::textParam(row[i].bytes)
                                                : pg_detail::Param{pg_detail::kByteaOid, row[i].bytes, false};
      p.null = row[i].null;
      params.push_back(std::move(p));
    }
    Result<pg_detail::Rows> done =
        conn_->exec(std::string("INSERT INTO ") + t.name + " (" + columnList(t) + ") VALUES (" + values + ")", params);
    if (!done.ok()) return std::move(done).error();
    return {};
  }

  Result<std::uint64_t> count(const std::string& sql) override {
    COACH_ASSIGN_OR_RETURN(pg_detail::Rows r, conn_->query(sql));
    return r.empty() ? 0 : r.u64(0, 0);
  }

 private:
  std::unique_ptr<pg_detail::Conn> conn_;
};

// Opens a side, creating and migrating the store first (`create`), or requiring that it exists.
Result<std::unique_ptr<StoreSide>> openSide(const StoreLocation& at, bool create) {
  if (!at.postgresUrl.empty()) {
    {
      Result<std::unique_ptr<PgStorage>> opened = PgStorage::open(at.postgresUrl);  // creates the schema, checks it
      if (!opened.ok()) return std::move(opened).error();
    }
    COACH_ASSIGN_OR_RETURN(std::unique_ptr<pg_detail::Conn> conn, pg_detail::Conn::connect(at.postgresUrl));
    return std::unique_ptr<StoreSide>(new PgSide(std::move(conn)));
  }
  std::error_code ec;
  if (!create && !std::filesystem::exists(at.sqliteFile, ec)) {
    return makeError(ErrorCode::NotFound, "no coach-syncd store at " + at.sqliteFile.string() + ": check the directory");
  }
  {
    Result<std::unique_ptr<SqliteStorage>> opened = SqliteStorage::open(at.sqliteFile);  // creates, migrates, checks
    if (!opened.ok()) return std::move(opened).error();
  }
  COACH_ASSIGN_OR_RETURN(store::Db db, store::Db::open(at.sqliteFile.string(), false));
  COACH_TRY(db.exec("PRAGMA busy_timeout = 5000", "waiting for the store's lock"));
  return std::unique_ptr<StoreSide>(new SqliteSide(std::move(db)));
}

std::string countsText(const StoreCounts& c) {
  return std::to_string(c.teams) + " teams, " + std::to_string(c.devices) + " devices, " + std::to_string(c.envelopes) +
         " envelopes, " + std::to_string(c.keyRecords) + " key records, " + std::to_string(c.snapshots) + " snapshots, " +
         std::to_string(c.erasures) + " erasures";
}

}  // namespace

std::string StoreLocation::describe() const {
  return postgresUrl.empty() ? "sqlite:" + sqliteFile.parent_path().string() : pg_detail::describeUrl(postgresUrl);
}

Result<StoreLocation> parseStoreLocation(const std::string& text) {
  StoreLocation at;
  if (text.rfind("sqlite:", 0) == 0 && text.size() > 7) {
    at.sqliteFile = std::filesystem::path(text.substr(7)) / "syncd.db";
    return at;
  }
  if (text.rfind("postgresql://", 0) == 0 || text.rfind("postgres://", 0) == 0) {
    at.postgresUrl = text;
    return at;
  }
  return makeError(ErrorCode::InvalidArgument, "a store is sqlite:DATA_DIRECTORY or postgresql://USER@HOST:PORT/DATABASE");
}

Result<CopyReport> copyStore(const StoreLocation& from, const StoreLocation& to) {
  COACH_ASSIGN_OR_RETURN(std::unique_ptr<StoreSide> source, openSide(from, false));
  COACH_ASSIGN_OR_RETURN(std::unique_ptr<StoreSide> target, openSide(to, true));
  COACH_TRY(source->begin(false));
  COACH_TRY(target->begin(true));
  COACH_ASSIGN_OR_RETURN(StoreCounts already, target->counts());
  if (!(already == StoreCounts{})) {
    return makeError(ErrorCode::AlreadyExists, "the target store " + to.describe() + " is not empty (" + countsText(already) +
                                                   "): migrate-store copies into an empty store only; nothing was written");
  }
  for (const Table& t : kTables) {
    Status copied = source->forEachRow(t, [&](const Row& row) { return target->insert(t, row); });
    if (!copied.ok()) {
      Error e = std::move(copied).error();
      e.message = std::string("copying the table ") + t.name + ": " + e.message + "; nothing was written";
      return e;
    }
  }
  COACH_TRY(target->commit());
  CopyReport report;
  COACH_ASSIGN_OR_RETURN(report.source, source->counts());
  COACH_ASSIGN_OR_RETURN(report.target, target->counts());
  if (!(report.source == report.target)) {
    return makeError(ErrorCode::StorageError, "the copy's counts differ: " + from.describe() + " holds " +
                                                  countsText(report.source) + ", " + to.describe() + " holds " +
                                                  countsText(report.target) + ": drop the target and run again");
  }
  return report;
}

}  // namespace coach::relay
