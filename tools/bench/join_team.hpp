// join_team.hpp: the parts of `coach-bench join` (bench_join.cpp) that set a team up and check it: a team of real
// devices (encrypted profiles, HttpTransport) at a real coach-syncd, enrolled and approved the way real devices
// are (tools/devicesim/sim_device.hpp); timed syncs; what a profile holds, read with plain SQLite so that a join
// that silently did less cannot pass; the raw SQLite baseline; coach-syncd's request counters.
// Thread-safety: used by one thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <httplib.h>
#include <sqlite3.h>

#include "../devicesim/sim_device.hpp"
#include "bench_util.hpp"
#include "coach/sync.hpp"
#include "crypto/crypto.hpp"
#include "syncd_child.hpp"

namespace coach::bench {

// A team at one coach-syncd: the team lead's device founds it; every later device is a coach's, approved by it.
class JoinTeam {
 public:
  JoinTeam(Syncd& syncd, std::filesystem::path dir) : syncd_(syncd), dir_(std::move(dir)) {
    server_.baseUrl = syncd.url();
    lead_ = device("lead", syncd.firstCode(), nullptr);
  }
  devicesim::SimDevice& lead() { return lead_; }
  // A new device of the team: enrolled with a new code, approved by the lead after comparing fingerprints, joined.
  devicesim::SimDevice join(const std::string& name) { return device(name, syncd_.enrolCode(), &lead_); }
  const std::filesystem::path& dir() const { return dir_; }

 private:
  devicesim::SimDevice device(const std::string& name, const std::string& code, devicesim::SimDevice* lead) {
    auto d = devicesim::makeDevice(name, 0, dir_.string(), server_, code, lead, ++seed_);
    if (!d.ok()) throw Failure("setting up device " + name + ": " + d.error().message);
    return std::move(d).value();
  }

  Syncd& syncd_;
  std::filesystem::path dir_;
  HttpOptions server_;
  devicesim::SimDevice lead_;
  std::uint32_t seed_ = 0;
};

// One sync round of `d`; a failed sync ends the benchmark (Failure), with the device's name and the error.
inline sync::SyncReport syncDevice(devicesim::SimDevice& d, const sync::SyncOptions& options = {}) {
  auto r = sync::SyncClient(*d.store, *d.transport, options).sync();
  if (!r.ok()) throw Failure("the sync of device " + d.name + " failed: " + r.error().message);
  return std::move(r).value();
}

// The same, timed (seconds of SyncClient::sync only); `through` replaces the device's transport when given.
inline double timedSync(devicesim::SimDevice& d, sync::SyncReport& report, const sync::SyncOptions& options = {},
                        sync::Transport* through = nullptr) {
  sync::SyncClient client(*d.store, through != nullptr ? *through : *d.transport, options);
  const auto start = Clock::now();
  auto r = client.sync();
  const double seconds = secondsSince(start);
  if (!r.ok()) throw Failure("the sync of device " + d.name + " failed: " + r.error().message);
  report = std::move(r).value();
  return seconds;
}

// A device's transport as a server without snapshots would be (GET /v1/snapshots answers not_found, which the
// sync client takes quietly): a new device then pulls and merges the whole log. SyncOptions cannot ask for that:
// catchUpThreshold does not apply to a device that has never pulled (docs/sync.md, "Snapshots").
class WithoutSnapshots : public sync::Transport {
 public:
  explicit WithoutSnapshots(sync::Transport& inner) : inner_(inner) {}
  Result<sync::PushResponse> push(const sync::PushRequest& r) override { return inner_.push(r); }
  Result<sync::PullResponse> pull(const sync::PullRequest& r) override { return inner_.pull(r); }
  Result<std::vector<sync::DeviceInfo>> devices() override { return inner_.devices(); }
  Result<sync::SnapshotList> snapshots() override {
    return makeError(ErrorCode::NotFound, "this benchmark's server offers no snapshots");
  }
  Result<sync::Snapshot> snapshot(const std::string& shard) override { return inner_.snapshot(shard); }
  Status putSnapshot(const sync::Snapshot& s) override { return inner_.putSnapshot(s); }
  Result<sync::GrantsAnswer> grants() override { return inner_.grants(); }
  Status approve(const std::string& device, const std::vector<sync::Grant>& g) override {
    return inner_.approve(device, g);
  }
  Status putGrants(std::uint32_t epoch, const std::vector<sync::Grant>& g) override {
    return inner_.putGrants(epoch, g);
  }
  Status revoke(const std::string& device) override { return inner_.revoke(device); }
  Status replaceAgreementKey(const sync::AgreementKeyChange& c) override { return inner_.replaceAgreementKey(c); }
  Result<std::uint64_t> erase(const crypto::Bytes& order) override { return inner_.erase(order); }
  Result<std::vector<sync::ErasureEntry>> erasures(std::uint64_t after) override { return inner_.erasures(after); }
  bool lastFailureRetryable() const override { return inner_.lastFailureRetryable(); }

 private:
  sync::Transport& inner_;
};

// Per record kind: how many records a profile holds and the SHA-256 of their ids, shards, archived flags and
// newest stamps in id order. Two converged devices hold the same; a device that missed or doubled a record not.
struct Holding {
  std::map<std::string, std::pair<std::int64_t, std::string>> kinds;
  std::int64_t records() const {
    std::int64_t n = 0;
    for (const auto& [kind, v] : kinds) n += v.first;
    return n;
  }
  bool operator==(const Holding&) const = default;
};

// Read with plain SQLite beside the open store (WAL readers do not block it).
inline Holding holding(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    throw Failure("cannot open " + path + " to count its records");
  }
  auto each = [&](const std::string& sql, const std::function<void(sqlite3_stmt*)>& row) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      const std::string why = sqlite3_errmsg(db);
      sqlite3_close(db);
      throw Failure("counting records: " + why);
    }
    while (sqlite3_step(stmt) == SQLITE_ROW) row(stmt);
    sqlite3_finalize(stmt);
  };
  auto text = [](sqlite3_stmt* s, int i) {
    return std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, i)));
  };
  std::vector<std::string> kinds;
  each("SELECT DISTINCT kind FROM record", [&](sqlite3_stmt* s) { kinds.push_back(text(s, 0)); });
  Holding h;
  for (const std::string& kind : kinds) {
    std::string all;
    std::int64_t n = 0;
    each(
        "SELECT r.id, r.shard, k.archived, k.updated_hlc FROM record r JOIN k_" + kind + " k USING (rid) ORDER BY r.id",
        [&](sqlite3_stmt* s) {
          all += text(s, 0) + text(s, 1) + std::to_string(sqlite3_column_int64(s, 2)) + ":" +
                 std::to_string(sqlite3_column_int64(s, 3)) + ";";
          ++n;
        });
    const auto digest = crypto::sha256(crypto::ByteView(reinterpret_cast<const std::uint8_t*>(all.data()), all.size()));
    h.kinds[kind] = {n, crypto::toHex(digest)};
  }
  sqlite3_close(db);
  return h;
}

// What two holdings differ in, one kind per line ("" when they are the same).
inline std::string difference(const Holding& expected, const Holding& got) {
  std::string out;
  for (const auto& [kind, v] : expected.kinds) {
    auto it = got.kinds.find(kind);
    const std::int64_t n = it == got.kinds.end() ? 0 : it->second.first;
    if (it == got.kinds.end() || it->second != v) {
      out += "  " + kind + ": " + std::to_string(v.first) + " expected, " + std::to_string(n) + " held" +
             (n == v.first ? " (other ids or stamps)" : "") + "\n";
    }
  }
  for (const auto& [kind, v] : got.kinds) {
    if (!expected.kinds.contains(kind)) out += "  " + kind + ": " + std::to_string(v.first) + " not expected\n";
  }
  return out;
}

// Baseline: `rows` rows of 500 bytes into a plain table, one transaction, WAL, synchronous=NORMAL (seconds).
inline double rawInsertAll(const std::filesystem::path& dir, std::int64_t rows) {
  const std::string path = (dir / "raw-insert.db").string();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  sqlite3* db = nullptr;
  sqlite3_stmt* stmt = nullptr;
  bool ok =
      sqlite3_open(path.c_str(), &db) == SQLITE_OK &&
      sqlite3_exec(
          db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB)",
          nullptr, nullptr, nullptr) == SQLITE_OK &&
      sqlite3_prepare_v2(db, "INSERT INTO t (body) VALUES (?)", -1, &stmt, nullptr) == SQLITE_OK;
  const auto start = Clock::now();
  ok = ok && sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) == SQLITE_OK;
  for (std::int64_t i = 0; ok && i < rows; ++i) {
    ok = sqlite3_bind_blob(stmt, 1, kNote.data(), static_cast<int>(kNote.size()), SQLITE_STATIC) == SQLITE_OK &&
         sqlite3_step(stmt) == SQLITE_DONE && sqlite3_reset(stmt) == SQLITE_OK;
  }
  ok = ok && sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
  const double seconds = secondsSince(start);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  if (!ok) throw Failure("the raw SQLite insert failed");
  return seconds;
}

// coach-syncd's /metrics: the request counters by route (how many round trips a sync makes), and one gauge.
struct Metrics {
  std::map<std::string, double> requests;
  double envelopeBytes = 0;  // coach_syncd_envelope_bytes_stored: the log's envelopes
};

inline Metrics metrics(const std::string& url) {
  httplib::Client c(url);
  auto r = c.Get("/metrics");
  if (!r || r->status != 200) throw Failure("coach-syncd's /metrics did not answer");
  Metrics m;
  std::istringstream lines(r->body);
  const std::string prefix = "coach_syncd_requests_total{route=\"", gauge = "coach_syncd_envelope_bytes_stored ";
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(gauge, 0) == 0) m.envelopeBytes = std::strtod(line.c_str() + gauge.size(), nullptr);
    if (line.rfind(prefix, 0) != 0) continue;
    const std::size_t end = line.find('"', prefix.size());
    m.requests[line.substr(prefix.size(), end - prefix.size())] +=
        std::strtod(line.c_str() + line.rfind(' ') + 1, nullptr);
  }
  return m;
}

}  // namespace coach::bench
