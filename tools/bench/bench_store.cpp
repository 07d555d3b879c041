// coach-bench store: the write path against raw SQLite inserts, in the same run (../shared/BENCHMARKS.md).
//
// Each figure is the median of several repetitions, with the spread (min..max), and each benchmark runs its
// baseline beside it so the ratio means something on a noisy, shared machine.
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "bench_summary.hpp"
#include "bench_util.hpp"
#include "coach/store.hpp"
#include "crypto/crypto.hpp"

namespace coach::bench {
namespace {

// Raw baseline: `rows` 500-byte rows into a plain table, WAL, the given synchronous mode; `perTxn` rows per
// transaction. Returns rows per second.
double rawInsert(const std::filesystem::path& dir, int rows, int perTxn, const char* sync) {
  const std::string path = (dir / ("raw-" + std::to_string(perTxn) + ".db")).string();
  std::filesystem::remove(path);
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  std::string pragmas = std::string("PRAGMA journal_mode=WAL; PRAGMA synchronous=") + sync +
                        "; CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB NOT NULL);";
  sqlite3_exec(db, pragmas.c_str(), nullptr, nullptr, nullptr);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO t (body) VALUES (?)", -1, &stmt, nullptr);
  // Warm-up, untimed, as the store's profile creation is: the WAL file has grown before the clock starts, so
  // neither side pays for extending it (with synchronous=FULL that costs a journal commit per transaction).
  for (int i = 0; i < 300; ++i) {
    sqlite3_bind_blob(stmt, 1, kNote.data(), static_cast<int>(kNote.size()), SQLITE_STATIC);
    if (sqlite3_step(stmt) != SQLITE_DONE) std::abort();
    sqlite3_reset(stmt);
  }
  const auto start = Clock::now();
  for (int i = 0; i < rows; i += perTxn) {
    sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
    for (int j = i; j < std::min(rows, i + perTxn); ++j) {
      sqlite3_bind_blob(stmt, 1, kNote.data(), static_cast<int>(kNote.size()), SQLITE_STATIC);
      if (sqlite3_step(stmt) != SQLITE_DONE) std::abort();
      sqlite3_reset(stmt);
    }
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  }
  const double seconds = secondsSince(start);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return rows / seconds;
}

// The write path: support notes with a 500-byte encrypted note, `perTxn` notes per apply() call.
double writePath(const std::filesystem::path& dir, int rows, int perTxn, StoreOptions::Durability durability) {
  const std::string path = (dir / ("store-" + std::to_string(perTxn) + ".db")).string();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  PassphraseKeyProvider keys("benchmark passphrase", PassphraseKeyProvider::Cost{1u << 10, 8, 1});
  StoreOptions options;
  options.path = path;
  options.actor = "bench";
  options.durability = durability;
  auto store = Store::createProfile(options, keys);
  if (!store.ok()) std::abort();
  const std::string p = (*store)->add("participant", {{"name", "Bench"}, {"coach", "bench"}}).value();
  std::vector<Mutation> warmUp(300, Mutation{Mutation::Op::Create, "support_contact", {},
                                             {{"participant_id", p}, {"contact_on", "2026-03-02"}, {"mode", "phone"},
                                              {"type", "on_site_coaching"}, {"note", kNote}}});
  if (!(*store)->apply(warmUp).ok()) std::abort();
  std::vector<Mutation> batch(static_cast<std::size_t>(perTxn));
  for (Mutation& m : batch) {
    m = Mutation{Mutation::Op::Create, "support_contact", {},
                 {{"participant_id", p}, {"contact_on", "2026-03-02"}, {"mode", "face_to_face"},
                  {"type", "on_site_coaching"}, {"duration_minutes", 45}, {"note", kNote}}};
  }
  const auto start = Clock::now();
  for (int i = 0; i < rows; i += perTxn) {
    if (!(*store)->apply(batch).ok()) std::abort();
  }
  return rows / secondsSince(start);
}

double aeadFloor() {
  auto key = crypto::randomSecret(32).value();
  auto aead = crypto::Aead::create(key.view()).value();
  const crypto::Bytes msg(512, 7);
  const crypto::Bytes aad(48, 1);
  crypto::Bytes out;
  const int n = 200'000;
  const auto start = Clock::now();
  for (int i = 0; i < n; ++i) {
    out.clear();
    if (!aead.sealAppend(msg, aad, out).ok()) std::abort();
  }
  return n / secondsSince(start);
}

}  // namespace

int runStoreBenchmarks(const Options& opt) {
  TempDir dir;
  const int perRow = opt.quick ? 300 : 3000;
  const int batched = opt.quick ? 3000 : 50'000;
  std::printf("store write path vs raw SQLite (500-byte notes), %d repetitions, median [min..max] rows/s\n\n", opt.reps);
  Report report;
  for (const auto& mode : {std::tuple{"synchronous=NORMAL", "NORMAL", StoreOptions::Durability::Normal},
                           std::tuple{"synchronous=FULL (the store's default)", "FULL", StoreOptions::Durability::Full}}) {
    // Copies, not structured bindings: clang before 16 cannot capture those in a lambda.
    const char* label = std::get<0>(mode);
    const char* sync = std::get<1>(mode);
    const StoreOptions::Durability durability = std::get<2>(mode);
    const int rows = durability == StoreOptions::Durability::Full ? perRow / 3 : perRow;
    const Stat raw = measure(opt.reps, [&] { return rawInsert(dir.path(), rows, 1, sync); });
    const Stat path = measure(opt.reps, [&] { return writePath(dir.path(), rows, 1, durability); });
    report.add(std::string("one transaction per note, ") + label, raw, path, "goal: within 1.5x");
    addSummary({std::string("a note through the write path, one transaction each, ") + label,
                formatted("%.0f notes/s", path.median), formatted("raw SQLite per-row insert: %.0f rows/s", raw.median),
                formatted("%.2fx", raw.median / path.median), "within 1.5x", raw.median / path.median <= 1.5});
  }
  const Stat rawBatch = measure(opt.reps, [&] { return rawInsert(dir.path(), batched, batched, "NORMAL"); });
  const Stat pathBatch = measure(opt.reps, [&] { return writePath(dir.path(), batched, 1000, StoreOptions::Durability::Normal); });
  report.add("batched (1,000 notes per transaction)", rawBatch, pathBatch, "goal: >= 50,000 notes/s");
  addSummary({"notes through the write path, 1,000 per transaction", formatted("%.0f notes/s", pathBatch.median),
              formatted("raw SQLite, one transaction: %.0f rows/s", rawBatch.median),
              formatted("%.2fx", rawBatch.median / pathBatch.median), "50,000 notes/s or more", pathBatch.median >= 50000});
  const Stat aead = measure(opt.reps, [] { return aeadFloor(); });
  std::printf("AEAD floor, AES-256-GCM 512-byte messages, reused context: %s msgs/s\n\n", aead.str().c_str());
  report.print();
  return 0;
}

}  // namespace coach::bench
