// faults_support.hpp: what the fault tests check after the faults, read straight from the stores on disk.
//
//   - serverAudit(): per device, the envelopes coach-syncd's store holds (count, distinct sequences, lowest and
//     highest) and the newest stamp any envelope carries (its header's newest_hlc), read from its SQLite file or,
//     when the tests run on PostgreSQL (COACH_TEST_STORE=postgresql), from its database with psql;
//   - expectNoLossNoDuplicates(): every device's envelopes are exactly 1..N on the server, N being the last
//     sequence the server acknowledged and the device has nothing left unsent;
//   - newestStamp(): the newest HLC stamp anywhere in a device profile (records, field clocks, history, outbox);
//   - envNumber(): a count or seed from the environment (the reliability run raises them).
// SQLite files are opened read-only next to their running owners (WAL mode allows it).
//
// Thread-safety: free functions over files; call them from the test's thread.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <sstream>
#include <string>

#include "coach/bytes.hpp"
#include "coach/store.hpp"
#include "http_team.hpp"
#include "pg_cluster.hpp"
#include "store/field_clocks.hpp"
#include "sync/envelope.hpp"

namespace coach::test {

inline std::uint64_t envNumber(const char* name, std::uint64_t fallback) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return fallback;
  return std::strtoull(v, nullptr, 10);
}

// A read-only SQLite connection that fails the test when the file cannot be opened.
class ReadOnlyDb {
 public:
  explicit ReadOnlyDb(const std::filesystem::path& file) {
    const int rc = sqlite3_open_v2(file.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr);
    if (rc != SQLITE_OK) FAIL("opening " << file << " read-only: " << sqlite3_errstr(rc));
    sqlite3_busy_timeout(db_, 5000);
  }
  ~ReadOnlyDb() { sqlite3_close(db_); }
  ReadOnlyDb(const ReadOnlyDb&) = delete;
  ReadOnlyDb& operator=(const ReadOnlyDb&) = delete;

  // Calls row(stmt) for each row of `sql`.
  template <class Row>
  void each(const std::string& sql, Row row) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) FAIL(sql << ": " << sqlite3_errmsg(db_));
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) row(stmt);
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE) FAIL(sql << ": " << sqlite3_errstr(rc));
  }

 private:
  sqlite3* db_ = nullptr;
};

inline std::string textAt(sqlite3_stmt* s, int col) {
  const unsigned char* t = sqlite3_column_text(s, col);
  return t == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(t));
}

inline std::uint64_t u64At(sqlite3_stmt* s, int col) { return static_cast<std::uint64_t>(sqlite3_column_int64(s, col)); }

struct DeviceEnvelopes {
  std::uint64_t count = 0;
  std::uint64_t distinct = 0;
  std::uint64_t lowest = 0;
  std::uint64_t highest = 0;
};

struct ServerAudit {
  std::map<std::string, DeviceEnvelopes> devices;  // by device id
  std::uint64_t newestStamp = 0;                  // the greatest newest_hlc of any stored envelope
  std::uint64_t envelopes = 0;
};

inline void takeEnvelopeStamp(ServerAudit& audit, crypto::ByteView bytes) {
  auto env = sync::parseEnvelope(bytes);
  if (!env.ok()) FAIL("the server holds an envelope that does not parse: " << env.error().message);
  audit.newestStamp = std::max(audit.newestStamp, env->header.newestHlc);
}

inline ServerAudit sqliteServerAudit(const std::filesystem::path& dataDir) {
  ServerAudit audit;
  ReadOnlyDb db(dataDir / "syncd.db");
  db.each("SELECT device, count(*), count(DISTINCT device_seq), min(device_seq), max(device_seq) FROM log "
          "WHERE kind = 0 GROUP BY device",
          [&](sqlite3_stmt* s) {
            audit.devices[textAt(s, 0)] = {u64At(s, 1), u64At(s, 2), u64At(s, 3), u64At(s, 4)};
            audit.envelopes += u64At(s, 1);
          });
  db.each("SELECT bytes FROM log WHERE kind = 0", [&](sqlite3_stmt* s) {
    const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(s, 0));
    takeEnvelopeStamp(audit, crypto::ByteView(data, static_cast<std::size_t>(sqlite3_column_bytes(s, 0))));
  });
  return audit;
}

// The same from coach-syncd's PostgreSQL database (the same table and columns: docs/sync-server-postgres.md),
// through psql's unaligned output: one row a line, columns split by '|', bytea as hex.
inline ServerAudit pgServerAudit(const std::string& databaseUrl) {
  ServerAudit audit;
  PgCluster& cluster = PgCluster::shared();
  const std::string db = PgCluster::databaseOf(databaseUrl);
  std::istringstream rows(cluster.psql(db, "SELECT device, count(*), count(DISTINCT device_seq), min(device_seq), "
                                           "max(device_seq) FROM log WHERE kind = 0 GROUP BY device"));
  for (std::string line; std::getline(rows, line);) {
    if (line.empty()) continue;
    std::istringstream cols(line);
    std::string device, count, distinct, lowest, highest;
    std::getline(cols, device, '|');
    std::getline(cols, count, '|');
    std::getline(cols, distinct, '|');
    std::getline(cols, lowest, '|');
    std::getline(cols, highest, '|');
    audit.devices[device] = {std::stoull(count), std::stoull(distinct), std::stoull(lowest), std::stoull(highest)};
    audit.envelopes += std::stoull(count);
  }
  std::istringstream envelopes(cluster.psql(db, "SELECT encode(bytes, 'hex') FROM log WHERE kind = 0"));
  for (std::string hex; std::getline(envelopes, hex);) {
    if (hex.empty()) continue;
    crypto::Bytes bytes;
    if (!crypto::fromHex(hex, bytes)) FAIL("psql returned an envelope that is not hex");
    takeEnvelopeStamp(audit, crypto::ByteView(bytes.data(), bytes.size()));
  }
  return audit;
}

inline ServerAudit serverAudit(const SyncdProcess& server) {
  const std::string url = server.databaseUrl();
  return url.empty() ? sqliteServerAudit(server.dataDir()) : pgServerAudit(url);
}

// Every device's envelopes on the server are exactly sequences 1..last (no loss, no duplicate), and the
// devices have nothing left to send.
inline void expectNoLossNoDuplicates(const SyncdProcess& server, const std::string& teamId) {
  const ServerAudit audit = serverAudit(server);
  std::uint64_t acknowledged = 0;
  for (const auto& device : admin(server, "devices --team " + teamId)) {
    const std::string id = device["device"].get<std::string>();
    const auto last = device["last_sequence"].get<std::uint64_t>();
    acknowledged += last;
    const DeviceEnvelopes got = audit.devices.count(id) != 0 ? audit.devices.at(id) : DeviceEnvelopes{};
    INFO("device " << id << ": last sequence " << last << ", stored " << got.count << " (" << got.distinct
                   << " distinct, " << got.lowest << ".." << got.highest << ")");
    CHECK(got.count == last);
    CHECK(got.distinct == last);
    if (last > 0) {
      CHECK(got.lowest == 1);
      CHECK(got.highest == last);
    }
  }
  CHECK(admin(server, "stats")["envelopes"].get<std::uint64_t>() == acknowledged);
}

// The newest stamp in a profile: every record's created/updated stamp, every field clock, the field history,
// the outbox and the lineage.
inline std::uint64_t newestStamp(const std::filesystem::path& profile) {
  ReadOnlyDb db(profile);
  std::uint64_t newest = 0;
  auto take = [&](sqlite3_stmt* s) { newest = std::max(newest, u64At(s, 0)); };
  std::vector<std::string> tables;
  db.each("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'k\\_%' ESCAPE '\\'",
          [&](sqlite3_stmt* s) { tables.push_back(textAt(s, 0)); });
  REQUIRE(!tables.empty());
  for (const std::string& t : tables) {
    db.each("SELECT max(created_hlc, updated_hlc) FROM " + t, take);
    db.each("SELECT clocks FROM " + t, [&](sqlite3_stmt* s) {
      const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(s, 0));
      auto clocks = store::FieldClocks::decode({data, static_cast<std::size_t>(sqlite3_column_bytes(s, 0))});
      REQUIRE(clocks.has_value());
      clocks->forEach([&](std::string_view, const store::FieldStamp& st) { newest = std::max(newest, st.hlc.value); });
    });
  }
  for (const char* sql : {"SELECT max(hlc) FROM field_history", "SELECT max(hlc) FROM outbox",
                          "SELECT max(hlc) FROM lineage"}) {
    db.each(sql, take);
  }
  return newest;
}

}  // namespace coach::test
