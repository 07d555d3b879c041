// storage/postgres_conn.cpp: one libpq connection, binary parameters and rows, and how PostgreSQL's errors become
// the product's error codes (docs/sync-server-postgres.md, "Errors").
#include "storage/postgres_conn.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

namespace coach::relay::pg_detail {
namespace {

std::string bigEndian(std::uint64_t v, std::size_t width) {
  std::string out(width, '\0');
  for (std::size_t i = 0; i < width; ++i) out[width - 1 - i] = static_cast<char>((v >> (8 * i)) & 0xff);
  return out;
}

// The first line of libpq's message (its later lines are hints for psql users).
std::string firstLine(const char* message) {
  std::string text = message == nullptr ? "" : message;
  text = text.substr(0, text.find('\n'));
  return text.empty() ? "no answer" : text;
}

bool startsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

}  // namespace

Param textParam(std::string_view v) { return Param{kTextOid, std::string(v), false}; }
Param byteaParam(crypto::ByteView v) {
  return Param{kByteaOid, std::string(reinterpret_cast<const char*>(v.data()), v.size()), false};
}
Param int8Param(std::int64_t v) { return Param{kInt8Oid, bigEndian(static_cast<std::uint64_t>(v), 8), false}; }
Param boolParam(bool v) { return Param{kBoolOid, std::string(1, v ? '\1' : '\0'), false}; }
Param nullText() { return Param{kTextOid, {}, true}; }

std::string Rows::text(int row, int col) const {
  return std::string(PQgetvalue(result_.get(), row, col), length(row, col));
}

crypto::Bytes Rows::bytes(int row, int col) const {
  const auto* p = reinterpret_cast<const std::uint8_t*>(PQgetvalue(result_.get(), row, col));
  return crypto::Bytes(p, p + length(row, col));
}

std::int64_t Rows::i64(int row, int col) const {
  if (isNull(row, col)) return 0;
  const auto* p = reinterpret_cast<const std::uint8_t*>(PQgetvalue(result_.get(), row, col));
  const std::size_t n = std::min<std::size_t>(length(row, col), 8);
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < n; ++i) v = (v << 8) | p[i];
  // Sign-extend the narrower integer types.
  if (n > 0 && n < 8 && (p[0] & 0x80) != 0) v |= ~std::uint64_t{0} << (8 * n);
  return static_cast<std::int64_t>(v);
}

Result<sync::Hash> Rows::hash(int row, int col) const {
  sync::Hash h{};
  if (length(row, col) != h.size()) {
    return makeError(ErrorCode::StorageError, "a stored hash has the wrong length: the database is damaged; restore a dump");
  }
  std::memcpy(h.data(), PQgetvalue(result_.get(), row, col), h.size());
  return h;
}

std::uint64_t Rows::affected() const {
  const char* n = PQcmdTuples(result_.get());
  return n == nullptr || *n == '\0' ? 0 : std::strtoull(n, nullptr, 10);
}

Result<std::unique_ptr<Conn>> Conn::connect(const std::string& url) {
  // Our defaults first: the URL's own values (processed at "dbname", which expands it) override them.
  const char* keys[] = {"connect_timeout", "application_name", "dbname", nullptr};
  const char* values[] = {"5", "coach-syncd", url.c_str(), nullptr};
  PGconn* raw = PQconnectdbParams(keys, values, 1);
  if (raw == nullptr) return makeError(ErrorCode::Unavailable, "connecting to PostgreSQL: out of memory");
  std::unique_ptr<Conn> conn(new Conn(raw));
  if (PQstatus(raw) != CONNECTION_OK) {
    Error e = makeError(ErrorCode::Unavailable, "the PostgreSQL server " + describeUrl(url) + " cannot be reached (" +
                                                    firstLine(PQerrorMessage(raw)) +
                                                    "): check that it runs and that COACH_SYNCD_DATABASE_URL names it");
    e.retryAfterSeconds = 2;
    return e;
  }
  // An acknowledged push must have reached the server's disk: a server configured with synchronous_commit=off
  // would acknowledge commits it may lose, so this session asks for the flush (docs/sync-server-postgres.md).
  COACH_ASSIGN_OR_RETURN(Rows sync, conn->query("SELECT current_setting('synchronous_commit')"));
  if (!sync.empty() && sync.text(0, 0) == "off") COACH_TRY(conn->run("SET synchronous_commit = on"));
  return conn;
}

Conn::~Conn() { PQfinish(conn_); }

std::string Conn::where() const {
  const char* host = PQhost(conn_);
  const char* port = PQport(conn_);
  const char* db = PQdb(conn_);
  return std::string(host ? host : "?") + ":" + (port ? port : "?") + "/" + (db ? db : "?");
}

Error Conn::failure(const PGresult* result, std::string_view what) {
  const char* state = result == nullptr ? nullptr : PQresultErrorField(result, PG_DIAG_SQLSTATE);
  lastState_ = state == nullptr ? "" : state;
  // The primary message only: DETAIL may quote stored values (a key that exists already).
  const char* primary = result == nullptr ? nullptr : PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
  const std::string message = primary != nullptr ? primary : firstLine(PQerrorMessage(conn_));
  if (broken() || startsWith(lastState_, "08") || lastState_ == "57P01" || lastState_ == "57P02" ||
      lastState_ == "57P03" || lastState_ == "53300") {
    Error e = makeError(ErrorCode::Unavailable, "the PostgreSQL server " + where() + " is unavailable (" + message +
                                                    "): check that it runs; the request can be retried");
    e.retryAfterSeconds = 2;
    return e;
  }
  if (lastState_ == "53100") {
    return makeError(ErrorCode::StorageFull,
                     "the disk of the PostgreSQL server " + where() +
                         " is full; nothing of this step was saved and nothing earlier was lost. "
                         "Free space on the database server's disk and try again");
  }
  // A table file that cannot grow for a reason PostgreSQL does not classify (EFBIG under a file-size limit,
  // RLIMIT_FSIZE, or a quota's EDQUOT): errcode_for_file_access() makes that internal_error (XX000), and only the
  // routine that failed (md.c's mdextend; mdzeroextend from PostgreSQL 16) says a file was being extended. Read
  // from PG_DIAG_SOURCE_FUNCTION, not the message, which follows the server's lc_messages.
  const char* routine = result == nullptr ? nullptr : PQresultErrorField(result, PG_DIAG_SOURCE_FUNCTION);
  if (lastState_ == "XX000" && routine != nullptr &&
      (std::strcmp(routine, "mdextend") == 0 || std::strcmp(routine, "mdzeroextend") == 0)) {
    return makeError(ErrorCode::StorageFull,
                     "the disk of the PostgreSQL server " + where() +
                         " is full (a table's file could not grow: a file-size limit or quota counts as full); "
                         "nothing of this step was saved and nothing earlier was lost. Free space on the database "
                         "server's disk (or raise the limit of its postgres processes) and try again");
  }
  if (lastState_ == "23505") {
    return makeError(ErrorCode::AlreadyExists, "it was stored already (by another request at the same moment)");
  }
  return makeError(ErrorCode::StorageError, std::string(what) + " failed: PostgreSQL answered " + lastState_ + " (" +
                                                message + ")");
}

Result<Rows> Conn::exec(const std::string& sql, const std::vector<Param>& params) {
  lastState_.clear();
  auto found = prepared_.find(sql);
  if (found == prepared_.end()) {
    std::vector<Oid> types;
    for (const Param& p : params) types.push_back(p.type);
    const std::string name = "s" + std::to_string(prepared_.size() + 1);
    PgResultPtr prepared(PQprepare(conn_, name.c_str(), sql.c_str(), static_cast<int>(types.size()), types.data()));
    if (prepared == nullptr || PQresultStatus(prepared.get()) != PGRES_COMMAND_OK) {
      return failure(prepared.get(), "preparing a statement");
    }
    found = prepared_.emplace(sql, name).first;
  }
  std::vector<const char*> values;
  std::vector<int> lengths;
  std::vector<int> formats(params.size(), 1);
  for (const Param& p : params) {
    values.push_back(p.null ? nullptr : p.bytes.data());
    lengths.push_back(static_cast<int>(p.bytes.size()));
  }
  PgResultPtr result(PQexecPrepared(conn_, found->second.c_str(), static_cast<int>(params.size()), values.data(),
                                    lengths.data(), formats.data(), 1));
  const ExecStatusType status = result == nullptr ? PGRES_FATAL_ERROR : PQresultStatus(result.get());
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) return failure(result.get(), "a statement");
  return Rows(std::move(result));
}

Status Conn::run(const std::string& sql) {
  lastState_.clear();
  PgResultPtr result(PQexec(conn_, sql.c_str()));
  const ExecStatusType status = result == nullptr ? PGRES_FATAL_ERROR : PQresultStatus(result.get());
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) return failure(result.get(), "a statement");
  return {};
}

Status Conn::stream(const std::string& sql, const std::function<Status(const Rows&)>& row) {
  lastState_.clear();
  if (PQsendQueryParams(conn_, sql.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 1) == 0 || PQsetSingleRowMode(conn_) == 0) {
    return failure(nullptr, "a query");
  }
  Status outcome;
  // Every result is collected, also after a failure: the connection is ready again only after the last one.
  while (PGresult* raw = PQgetResult(conn_)) {
    PgResultPtr result(raw);
    const ExecStatusType status = PQresultStatus(raw);
    if (!outcome.ok()) continue;
    if (status == PGRES_SINGLE_TUPLE) {
      outcome = row(Rows(std::move(result)));
    } else if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
      outcome = failure(raw, "a query");
    }
  }
  return outcome;
}

bool retryable(std::string_view sqlState) { return sqlState == "40001" || sqlState == "40P01"; }

Error named(Error error, std::string_view operation) {
  if (error.code == ErrorCode::StorageError || error.code == ErrorCode::Unavailable ||
      error.code == ErrorCode::StorageFull) {
    error.message = std::string(operation) + ": " + error.message;
  }
  return error;
}

std::string describeUrl(const std::string& url) {
  char* err = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &err);
  if (options == nullptr) {
    PQfreemem(err);  // its text may quote the URL, password included: never shown
    return "(COACH_SYNCD_DATABASE_URL cannot be parsed: use postgresql://USER@HOST:PORT/DATABASE)";
  }
  std::string host = "localhost", port = "5432", db = "?";
  for (PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
    if (o->val == nullptr) continue;
    if (std::strcmp(o->keyword, "host") == 0) host = o->val;
    if (std::strcmp(o->keyword, "port") == 0) port = o->val;
    if (std::strcmp(o->keyword, "dbname") == 0) db = o->val;
  }
  PQconninfoFree(options);
  return host + ":" + port + "/" + db;
}

Error noTeam(const std::string& team) {
  return makeError(ErrorCode::NotFound, "no team " + team + " on this server: create it with 'coach-syncd admin team create'");
}

Error noDevice(const std::string& device) { return makeError(ErrorCode::NotFound, "no device " + device + " in this team"); }

}  // namespace coach::relay::pg_detail
