// storage/postgres_conn.hpp: what PgStorage's facet files (postgres_storage*.cpp) share: one libpq connection with
// its cache of prepared statements, parameters and result rows in libpq's binary format, and the naming of
// errors (docs/sync-server-postgres.md). Not for use outside sync-server/storage/.
//
// Every statement is prepared once per connection (PQprepare, named s1, s2, ...) and run with PQexecPrepared,
// parameters and results in binary format: bytea travels as raw bytes, never escaped, and no value is ever
// spliced into SQL text.
//
// Thread-safety: a Conn belongs to one thread at a time (while leased from PgStorage's pool).
#pragma once

#include <libpq-fe.h>

#include <concepts>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "coach/bytes.hpp"
#include "coach/result.hpp"
#include "sync/envelope.hpp"

namespace coach::relay::pg_detail {

// One parameter of a statement, in binary format. `type` is the PostgreSQL type OID the statement is prepared with.
struct Param {
  Oid type = 0;
  std::string bytes;
  bool null = false;
};

inline constexpr Oid kBoolOid = 16;
inline constexpr Oid kByteaOid = 17;
inline constexpr Oid kInt8Oid = 20;
inline constexpr Oid kTextOid = 25;

Param textParam(std::string_view v);
Param byteaParam(crypto::ByteView v);
Param int8Param(std::int64_t v);
Param boolParam(bool v);
Param nullText();

inline Param toParam(std::string_view v) { return textParam(v); }
inline Param toParam(const std::string& v) { return textParam(v); }
inline Param toParam(const char* v) { return textParam(v); }
inline Param toParam(crypto::ByteView v) { return byteaParam(v); }
inline Param toParam(const crypto::Bytes& v) { return byteaParam(v); }
inline Param toParam(const sync::Hash& v) { return byteaParam(v); }
inline Param toParam(bool v) { return boolParam(v); }
inline Param toParam(Param p) { return p; }
template <std::integral T>
  requires(!std::same_as<T, bool>)
Param toParam(T v) {
  // Values above 2^63 cannot be stored; callers check with std::in_range where a caller's number may be that big.
  return int8Param(std::in_range<std::int64_t>(v) ? static_cast<std::int64_t>(v) : INT64_MAX);
}

template <class... Values>
std::vector<Param> params(const Values&... values) {
  return std::vector<Param>{toParam(values)...};
}

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

// The rows of a statement's result, in binary format.
class Rows {
 public:
  explicit Rows(PgResultPtr result) : result_(std::move(result)) {}
  int size() const { return PQntuples(result_.get()); }
  bool empty() const { return size() == 0; }
  bool isNull(int row, int col) const { return PQgetisnull(result_.get(), row, col) != 0; }
  std::string text(int row, int col) const;
  crypto::Bytes bytes(int row, int col) const;
  std::size_t length(int row, int col) const { return static_cast<std::size_t>(PQgetlength(result_.get(), row, col)); }
  // An integer column of any width (int2, int4, int8, bool), decoded from network order.
  std::int64_t i64(int row, int col) const;
  std::uint64_t u64(int row, int col) const { return static_cast<std::uint64_t>(std::max<std::int64_t>(i64(row, col), 0)); }
  // A 32-byte hash column; StorageError when the stored value has another length.
  Result<sync::Hash> hash(int row, int col) const;
  // Rows changed by an INSERT, UPDATE or DELETE.
  std::uint64_t affected() const;

 private:
  PgResultPtr result_;
};

class Conn {
 public:
  // Connects to `url` (a libpq connection URI or key=value string). Unavailable, naming the server but never the
  // password, when the server cannot be reached or refuses the login.
  static Result<std::unique_ptr<Conn>> connect(const std::string& url);
  ~Conn();
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;

  // Runs `sql` as a prepared statement (prepared on first use on this connection) with binary parameters.
  Result<Rows> exec(const std::string& sql, const std::vector<Param>& params);
  template <class... Values>
  Result<Rows> query(const std::string& sql, const Values&... values) {
    return exec(sql, params(values...));
  }
  // As query(), for a statement whose rows do not matter.
  template <class... Values>
  Status command(const std::string& sql, const Values&... values) {
    Result<Rows> rows = exec(sql, params(values...));
    if (!rows.ok()) return std::move(rows).error();
    return {};
  }
  // Runs `sql` (unprepared, binary rows) and hands each row to `row` as it arrives (libpq's single-row mode), so
  // a table of any size is read in constant memory. Stops at the first error `row` returns.
  Status stream(const std::string& sql, const std::function<Status(const Rows&)>& row);
  // Runs SQL text without parameters (BEGIN, COMMIT, DDL); may hold several statements.
  Status run(const std::string& sql);

  // The SQLSTATE of the last failed statement ("" after a success).
  const std::string& lastState() const { return lastState_; }
  // The connection is lost: it must not go back to the pool.
  bool broken() const { return PQstatus(conn_) != CONNECTION_OK; }
  // Not idle: inside a transaction, or after an error in one.
  bool inTransaction() const { return PQtransactionStatus(conn_) != PQTRANS_IDLE; }
  // "host:port/database" of the server, for messages (never the user's password).
  std::string where() const;

 private:
  explicit Conn(PGconn* conn) : conn_(conn) {}
  Error failure(const PGresult* result, std::string_view what);
  PGconn* conn_;
  std::unordered_map<std::string, std::string> prepared_;  // SQL text -> statement name
  std::string lastState_;
};

// SQLSTATEs a transaction is retried after: serialization_failure, deadlock_detected.
bool retryable(std::string_view sqlState);
// Puts the operation in front of a storage error's message. Contract answers (NotFound, AlreadyExists...) pass
// unchanged.
Error named(Error error, std::string_view operation);
// A redacted description of a connection URL for messages and logs: host, port and database, never a password.
std::string describeUrl(const std::string& url);

Error noTeam(const std::string& team);
Error noDevice(const std::string& device);

}  // namespace coach::relay::pg_detail
