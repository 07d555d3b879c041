// test_sqlite_storage.cpp: what only the SQLite backend promises (storage/sqlite_storage.hpp): persistence,
// private files, refusing newer and foreign files untouched, many writer and reader threads, backup during
// pushes, restore, and a full disk. The contract shared with every backend: test_storage_conformance.cpp.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "storage/sqlite_schema.hpp"
#include "storage/sqlite_storage.hpp"
#include "storage_fixtures.hpp"
#include "temp_profile.hpp"

namespace coach::test {
namespace {

namespace fs = std::filesystem;
using relay::SqliteStorage;

constexpr std::int64_t kSqliteNow = 1772442000000;

std::unique_ptr<SqliteStorage> openStore(const fs::path& file, SqliteStorage::Options options = {}) {
  return valueOf(SqliteStorage::open(file, options));
}

unsigned modeOf(const fs::path& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 0777u;
}

void writeFile(const fs::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
}

// Runs `sql` on the file directly, as another program (or a newer coach-syncd) would.
void execRaw(const fs::path& file, const std::string& sql) {
  store::Db db = valueOf(store::Db::open(file.string(), true));
  COACH_REQUIRE_OK(db.exec(sql, "test setup"));
}

// Every item of the team's log, following the cursor; fails when a page skips or repeats a sequence.
std::vector<sync::PullItem> readAll(relay::Storage& s, const std::string& team) {
  std::vector<sync::PullItem> items;
  std::uint64_t cursor = 0;
  for (bool more = true; more;) {
    sync::PullResponse p = valueOf(s.page(team, cursor, 50, 1 << 20));
    for (sync::PullItem& i : p.items) {
      REQUIRE(i.serverSeq == ++cursor);
      items.push_back(std::move(i));
    }
    more = p.more;
  }
  return items;
}

// `pushes` appends of two envelopes each by `device`, run on another thread; failures are counted, not asserted
// (Catch's assertions belong to the main thread).
std::thread pusher(relay::Storage& s, const std::string& device, std::uint64_t pushes, std::atomic<int>& failures,
                   std::vector<std::uint64_t>* seqs = nullptr) {
  return std::thread([&s, device, pushes, &failures, seqs] {
    for (std::uint64_t i = 0; i < pushes; ++i) {
      const std::uint64_t last = 2 * i;
      auto stored = s.append(kTeamA, device, last, {newEnvelope(last + 1, 40), newEnvelope(last + 2, 40)}, {});
      if (!stored.ok() || stored->size() != 2) {
        ++failures;
        continue;
      }
      if (seqs) seqs->insert(seqs->end(), stored->begin(), stored->end());
    }
  });
}

std::vector<std::string> deviceIds(unsigned n) {
  std::vector<std::string> out;
  for (unsigned i = 0; i < n; ++i) out.push_back(hexId(100 + i, 'd'));
  return out;
}

TEST_CASE("What the SQLite store holds survives closing and opening it again", "[storage][sqlite]") {
  TempDir dir;
  const fs::path file = dir.path() / "relay.db";
  const std::string dev = hexId(10, 'd');
  sync::PullResponse before;
  {
    auto s = openStore(file);
    COACH_REQUIRE_OK(s->createTeam(teamRecord(kTeamA)));
    COACH_REQUIRE_OK(s->addDevice(kTeamA, deviceRecord(dev, relay::Role::Lead), hexId(1, 't'), filledHash(4)));
    REQUIRE(valueOf(s->append(kTeamA, dev, 0, {newEnvelope(1, 300)}, {keyRecord(hexId(7, 'e'), 1, 1, dev)})).size() == 1);
    COACH_REQUIRE_OK(s->putSnapshot(kTeamA, relay::SnapshotInfo{"team", 2, 1, dev, 4, kSqliteNow}, filledBytes(4, 9)));
    COACH_REQUIRE_OK(s->addEnrolCode(filledHash(8), relay::EnrolCodeInfo{kTeamA, relay::Role::Coach, kSqliteNow + 5}));
    before = valueOf(s->page(kTeamA, 0, 10, 1 << 20));
  }
  auto s = openStore(file);
  CHECK(valueOf(s->teams()).at(0).id == kTeamA);
  const relay::DeviceRecord d = *valueOf(s->device(kTeamA, dev));
  CHECK(d.role == relay::Role::Lead);
  CHECK(d.lastSequence == 1);
  CHECK(d.lastHash == newEnvelope(1, 300).hash);
  CHECK(valueOf(s->token(hexId(1, 't')))->verifier == filledHash(4));
  const sync::PullResponse after = valueOf(s->page(kTeamA, 0, 10, 1 << 20));
  REQUIRE(after.items.size() == 2);
  CHECK(after.items[0].key == before.items[0].key);
  CHECK(after.items[1].envelope == before.items[1].envelope);
  CHECK(valueOf(s->head(kTeamA)) == 2);
  CHECK(*valueOf(s->snapshot(kTeamA, "team")) == filledBytes(4, 9));
  CHECK(valueOf(s->stats(kSqliteNow)).openEnrolCodes == 1);
  CHECK(valueOf(s->envelopeCounts()) == std::vector<std::pair<std::string, std::uint64_t>>{{kTeamA, 1}});
}

TEST_CASE("A new SQLite store's directory and files are private to the server's user", "[storage][sqlite]") {
  TempDir dir;
  const fs::path file = dir.path() / "data" / "store" / "relay.db";
  auto s = openStore(file);
  CHECK(modeOf(file.parent_path()) == 0700u);
  CHECK(modeOf(file.parent_path().parent_path()) == 0700u);
  CHECK(modeOf(file) == 0600u);
  seedTeam(*s, kTeamA, {hexId(10, 'd')});
  REQUIRE(fs::exists(file.string() + "-wal"));  // WAL mode
  CHECK(modeOf(file.string() + "-wal") == 0600u);
}

TEST_CASE("A store written by a newer coach-syncd is refused and left as it was", "[storage][sqlite]") {
  TempDir dir;
  const fs::path file = dir.path() / "relay.db";
  seedTeam(*openStore(file), kTeamA, {});
  const int newer = relay::kSqliteSchemaVersion + 1;
  execRaw(file, "PRAGMA user_version = " + std::to_string(newer));
  const std::string bytes = readFile(file);
  const auto opened = SqliteStorage::open(file);
  REQUIRE_FALSE(opened.ok());
  CHECK(opened.error().code == ErrorCode::SchemaTooNew);
  CHECK_THAT(opened.error().message,
             Catch::Contains("written by a newer coach-syncd (schema " + std::to_string(newer) + ", this version knows " +
                             std::to_string(relay::kSqliteSchemaVersion) + "): upgrade coach-syncd; nothing was changed"));
  CHECK_THAT(opened.error().message, Catch::Contains(file.string()));
  CHECK(readFile(file) == bytes);
}

TEST_CASE("A file that is not a coach-syncd store is refused with its path and what to do", "[storage][sqlite]") {
  TempDir dir;
  const fs::path file = dir.path() / "relay.db";
  SECTION("not a database at all") {
    const std::string garbage(8192, 'x');
    writeFile(file, garbage);
    const auto opened = SqliteStorage::open(file);
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().code == ErrorCode::StorageError);
    CHECK_THAT(opened.error().message, Catch::Contains(file.string()) && Catch::Contains("not a coach-syncd store") &&
                                           Catch::Contains("not a SQLite database") && Catch::Contains("restore"));
    CHECK(readFile(file) == garbage);
  }
  SECTION("another program's SQLite database") {
    execRaw(file, "CREATE TABLE notes (body TEXT)");
    const std::string bytes = readFile(file);
    const auto opened = SqliteStorage::open(file);
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().code == ErrorCode::StorageError);
    CHECK_THAT(opened.error().message, Catch::Contains(file.string()) && Catch::Contains("another program"));
    CHECK(readFile(file) == bytes);
  }
}

TEST_CASE("Appends from 8 threads get distinct, contiguous server sequences and lose nothing", "[storage][sqlite]") {
  TempDir dir;
  auto s = openStore(dir.path() / "relay.db");
  const std::vector<std::string> devices = deviceIds(8);
  seedTeam(*s, kTeamA, devices);
  constexpr std::uint64_t kPushes = 40;
  std::atomic<int> failures{0};
  std::vector<std::vector<std::uint64_t>> seqs(devices.size());
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < devices.size(); ++i) threads.push_back(pusher(*s, devices[i], kPushes, failures, &seqs[i]));
  for (std::thread& t : threads) t.join();
  REQUIRE(failures.load() == 0);
  const std::uint64_t total = devices.size() * kPushes * 2;
  std::vector<std::uint64_t> all;
  for (const auto& own : seqs) {
    CHECK(std::is_sorted(own.begin(), own.end()));  // a device's envelopes keep their order
    all.insert(all.end(), own.begin(), own.end());
  }
  std::sort(all.begin(), all.end());
  REQUIRE(all.size() == total);
  for (std::size_t i = 0; i < all.size(); ++i) REQUIRE(all[i] == i + 1);
  CHECK(valueOf(s->head(kTeamA)) == total);
  CHECK(readAll(*s, kTeamA).size() == total);
  for (const std::string& d : devices) {
    CHECK(valueOf(s->device(kTeamA, d))->lastSequence == kPushes * 2);
    CHECK(*valueOf(s->envelopeHash(kTeamA, d, kPushes * 2)) == newEnvelope(kPushes * 2, 40).hash);
  }
}

TEST_CASE("A reader following the cursor while appends run sees every committed item exactly once",
          "[storage][sqlite]") {
  TempDir dir;
  auto s = openStore(dir.path() / "relay.db");
  const std::vector<std::string> devices = deviceIds(4);
  seedTeam(*s, kTeamA, devices);
  constexpr std::uint64_t kPushes = 50;
  const std::uint64_t total = devices.size() * kPushes * 2;
  std::atomic<int> failures{0};
  std::atomic<bool> done{false};
  std::vector<std::thread> threads;
  for (const std::string& d : devices) threads.push_back(pusher(*s, d, kPushes, failures));
  std::thread waiter([&] {
    for (std::thread& t : threads) t.join();
    done = true;
  });
  std::uint64_t cursor = 0;
  std::uint64_t pagesAfterDone = 0;
  std::size_t nonEmptyPages = 0;
  while (cursor < total && pagesAfterDone <= total) {
    const bool wasDone = done;
    const sync::PullResponse p = valueOf(s->page(kTeamA, cursor, 7, 200));
    for (const sync::PullItem& item : p.items) REQUIRE(item.serverSeq == ++cursor);  // no gap, no repeat
    REQUIRE(p.next == cursor);
    if (!p.items.empty()) ++nonEmptyPages;
    if (wasDone) ++pagesAfterDone;
  }
  waiter.join();
  REQUIRE(failures.load() == 0);
  CHECK(cursor == total);
  CHECK(nonEmptyPages >= total / 7);
}

TEST_CASE("A backup taken while appends run opens and holds a consistent prefix of the log", "[storage][sqlite]") {
  TempDir dir;
  auto s = openStore(dir.path() / "relay.db");
  const std::vector<std::string> devices = deviceIds(4);
  seedTeam(*s, kTeamA, devices);
  constexpr std::uint64_t kPushes = 60;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (const std::string& d : devices) threads.push_back(pusher(*s, d, kPushes, failures));
  while (valueOf(s->head(kTeamA)) < 40) std::this_thread::yield();  // some pushes in, most still to come
  const fs::path backup = dir.path() / "backups" / "relay-backup.db";
  COACH_REQUIRE_OK(s->backup(backup));
  for (std::thread& t : threads) t.join();
  REQUIRE(failures.load() == 0);
  CHECK(modeOf(backup) == 0600u);
  // Self-contained: a rollback-journal file (header bytes 18 and 19 are 1; 2 would mean WAL), no -wal beside it.
  const std::string header = readFile(backup).substr(0, 20);
  CHECK(header.substr(0, 15) == "SQLite format 3");
  CHECK((header[18] == 1 && header[19] == 1));
  CHECK_FALSE(fs::exists(backup.string() + "-wal"));
  CHECK_FALSE(fs::exists(backup.string() + ".tmp"));

  auto copy = openStore(backup);
  const std::uint64_t head = valueOf(copy->head(kTeamA));
  CHECK(head >= 40);
  CHECK(readAll(*copy, kTeamA).size() == head);  // 1..head, no gap
  std::uint64_t chains = 0;
  for (const std::string& d : devices) {
    const std::uint64_t last = valueOf(copy->device(kTeamA, d))->lastSequence;
    chains += last;
    // Each device's chain in the copy matches its envelopes there: all up to last, none after.
    for (std::uint64_t q = 1; q <= last; ++q) REQUIRE(*valueOf(copy->envelopeHash(kTeamA, d, q)) == *valueOf(s->envelopeHash(kTeamA, d, q)));
    CHECK_FALSE(valueOf(copy->envelopeHash(kTeamA, d, last + 1)));
  }
  CHECK(chains == head);
  CHECK(valueOf(copy->stats(kSqliteNow)).envelopes == head);
}

TEST_CASE("Restoring a backup replaces the live store, stale write-ahead log included", "[storage][sqlite]") {
  TempDir dir;
  const fs::path live = dir.path() / "data" / "relay.db";
  const fs::path backup = dir.path() / "relay-backup.db";
  const fs::path staleWal = dir.path() / "stale-wal";
  const std::string dev = hexId(10, 'd');
  {
    auto s = openStore(live);
    seedTeam(*s, kTeamA, {dev});
    REQUIRE(valueOf(s->append(kTeamA, dev, 0, {newEnvelope(1)}, {})).size() == 1);
    COACH_REQUIRE_OK(s->backup(backup));
    REQUIRE(valueOf(s->append(kTeamA, dev, 1, {newEnvelope(2), newEnvelope(3)}, {})).size() == 2);
    seedTeam(*s, kTeamB, {});
    fs::copy_file(live.string() + "-wal", staleWal);  // later commits, not yet in the file
  }
  fs::copy_file(staleWal, live.string() + "-wal");  // as a crashed server would leave it
  COACH_REQUIRE_OK(relay::restoreSqliteStore(backup, live));
  CHECK_FALSE(fs::exists(live.string() + ".restore"));
  CHECK(modeOf(live) == 0600u);
  auto s = openStore(live);
  // The backup's one envelope is there; the next server sequence has moved 2^32 past it, so no device's cursor
  // (which may be past the backup) hides what is pushed after the restore.
  constexpr std::uint64_t kJump = std::uint64_t{1} << 32;
  CHECK(valueOf(s->head(kTeamA)) == 1 + kJump);
  CHECK(valueOf(s->page(kTeamA, 0, 100, 1u << 20)).items.size() == 1);
  CHECK(valueOf(s->device(kTeamA, dev))->lastSequence == 1);
  CHECK(valueOf(s->teams()).size() == 1);
  CHECK(valueOf(s->append(kTeamA, dev, 1, {newEnvelope(2)}, {})) == std::vector<std::uint64_t>{2 + kJump});
}

TEST_CASE("A restore from a file that is not a valid backup leaves the live store as it was", "[storage][sqlite]") {
  TempDir dir;
  const fs::path live = dir.path() / "relay.db";
  const fs::path bad = dir.path() / "bad.db";
  seedTeam(*openStore(live), kTeamA, {});
  const std::string liveBytes = readFile(live);
  SECTION("garbage") {
    writeFile(bad, std::string(4096, 'z'));
    const Status restored = relay::restoreSqliteStore(bad, live);
    REQUIRE_FALSE(restored.ok());
    CHECK(restored.error().code == ErrorCode::StorageError);
    CHECK_THAT(restored.error().message, Catch::Contains(bad.string()) && Catch::Contains("not changed"));
  }
  SECTION("an empty file") {
    writeFile(bad, "");
    CHECK(relay::restoreSqliteStore(bad, live).error().code == ErrorCode::StorageError);
  }
  SECTION("a store of a newer coach-syncd") {
    seedTeam(*openStore(bad), kTeamB, {});
    execRaw(bad, "PRAGMA user_version = " + std::to_string(relay::kSqliteSchemaVersion + 1));
    CHECK(relay::restoreSqliteStore(bad, live).error().code == ErrorCode::SchemaTooNew);
  }
  SECTION("a missing file") {
    CHECK(relay::restoreSqliteStore(dir.path() / "missing.db", live).error().code == ErrorCode::NotFound);
  }
  CHECK(readFile(live) == liveBytes);
  CHECK_FALSE(fs::exists(live.string() + ".restore"));
  CHECK(valueOf(openStore(live)->teams()).at(0).id == kTeamA);
}

TEST_CASE("A full disk fails a push with StorageFull, keeps nothing of it, and the same push succeeds later",
          "[storage][sqlite]") {
  TempDir dir;
  SqliteStorage::Options options;
  options.maxPageCount = 1;  // capped at the new file's size: the next page it needs is not there
  auto s = openStore(dir.path() / "relay.db", options);
  const std::string dev = hexId(10, 'd');
  seedTeam(*s, kTeamA, {dev});
  // A small key record and envelope that fit, then one that needs new pages.
  const std::vector<relay::NewEnvelope> push{newEnvelope(1, 100), newEnvelope(2, 20000)};
  const std::vector<sync::KeyRecord> keys{keyRecord(hexId(7, 'e'), 1, 1, dev)};
  const auto full = s->append(kTeamA, dev, 0, push, keys);
  REQUIRE_FALSE(full.ok());
  CHECK(full.error().code == ErrorCode::StorageFull);
  CHECK_THAT(full.error().message, Catch::Contains("storing a push") && Catch::Contains("full") &&
                                       Catch::Contains("Free space"));
  CHECK(valueOf(s->head(kTeamA)) == 0);
  CHECK(valueOf(s->page(kTeamA, 0, 10, 1 << 20)).items.empty());
  CHECK(valueOf(s->device(kTeamA, dev))->lastSequence == 0);
  CHECK_FALSE(valueOf(s->envelopeHash(kTeamA, dev, 1)));
  CHECK(valueOf(s->stats(kSqliteNow)).keyRecords == 0);

  CHECK(valueOf(s->setMaxPageCount(0)) > 1000u);
  CHECK(valueOf(s->append(kTeamA, dev, 0, push, keys)) == std::vector<std::uint64_t>{2, 3});
  CHECK(valueOf(s->device(kTeamA, dev))->lastSequence == 2);
  CHECK(*valueOf(s->envelopeHash(kTeamA, dev, 2)) == push[1].hash);
}

TEST_CASE("A checkpoint at shutdown leaves one self-contained file", "[storage][sqlite]") {
  TempDir dir;
  const fs::path file = dir.path() / "relay.db";
  auto s = openStore(file);
  seedTeam(*s, kTeamA, {hexId(10, 'd')});
  REQUIRE(fs::file_size(file.string() + "-wal") > 0);
  COACH_REQUIRE_OK(s->checkpoint());
  CHECK(fs::file_size(file.string() + "-wal") == 0);
  // The file alone now holds the team: a copy of it without the log opens with everything.
  fs::copy_file(file, dir.path() / "copy.db");
  CHECK(valueOf(openStore(dir.path() / "copy.db")->teams()).size() == 1);
}

}  // namespace
}  // namespace coach::test
