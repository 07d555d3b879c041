// test_storage_erasure.cpp: erasure's part of the relay::Storage contract over every backend (tombstones, key
// records, snapshots, the list of orders, counts), and what only the SQLite backend promises: the erased
// ciphertext leaves the database file and its write-ahead log, and a schema 2 store migrates.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <iterator>

#include "crypto/crypto.hpp"
#include "storage/sqlite_schema.hpp"
#include "storage_backends.hpp"
#include "store/sqlite.hpp"

namespace coach::test {
namespace {

namespace fs = std::filesystem;
using relay::Storage;

constexpr std::int64_t kErasedAt = 1772442000000;
const std::string kShardX = hexId(1, 'e');
const std::string kShardY = hexId(2, 'e');
const std::string kShardZ = hexId(3, 'e');

// An envelope of `shard` with random bytes (so a slice of its ciphertext is found nowhere else).
relay::NewEnvelope randomEnvelope(std::uint64_t seq, const std::string& shard, std::size_t size) {
  relay::NewEnvelope e;
  e.sequence = seq;
  e.shard = shard;
  e.bytes = valueOf(crypto::randomBytes(size));
  e.hash = sync::envelopeHash(e.bytes);
  return e;
}

relay::ErasureRecord erasureOf(const std::string& shard, std::uint8_t fill = 0x0e) {
  return relay::ErasureRecord{shard, filledBytes(162, fill), hexId(10, 'd'), kErasedAt};
}

crypto::Bytes headerOf(const relay::NewEnvelope& e) {
  return crypto::Bytes(e.bytes.begin(), e.bytes.begin() + static_cast<std::ptrdiff_t>(sync::kHeaderSize));
}

crypto::Bytes hashBytes(const sync::Hash& h) { return crypto::Bytes(h.begin(), h.end()); }

// A team with one device that pushed x1, y1, x2 (and key records of X and Y), and snapshots of X, Y and the team.
struct ErasureSetup {
  explicit ErasureSetup(Storage& storage) : s(storage) {
    seedTeam(s, kTeamA, {dev});
    envs = {randomEnvelope(1, kShardX, 500), randomEnvelope(2, kShardY, 300), randomEnvelope(3, kShardX, 6000)};
    REQUIRE(valueOf(s.append(kTeamA, dev, 0, envs, {keyRecord(kShardX, 1, 1, dev), keyRecord(kShardY, 1, 1, dev)})).size() == 3);
    for (const std::string& shard : {kShardX, kShardY, std::string("team")}) {
      COACH_REQUIRE_OK(s.putSnapshot(kTeamA, relay::SnapshotInfo{shard, 5, 1, dev, 40, kErasedAt}, filledBytes(40, 0x5a)));
    }
  }
  Storage& s;
  const std::string dev = hexId(10, 'd');
  std::vector<relay::NewEnvelope> envs;  // server sequences 3, 4, 5 after the key records 1 and 2
};

std::vector<std::string> snapshotShards(Storage& s) {
  std::vector<std::string> out;
  for (const relay::SnapshotInfo& i : valueOf(s.snapshots(kTeamA))) out.push_back(i.shard);
  return out;
}

TEMPLATE_TEST_CASE("Erasing a shard leaves tombstones with each envelope's hash and deletes its keys and snapshots",
                   "[storage][erasure]", COACH_STORAGE_BACKENDS) {
  TestType backend;
  ErasureSetup setup(*backend.storage);
  Storage& s = *backend.storage;
  CHECK(valueOf(s.erase(kTeamA, erasureOf(kShardX))) == 1);

  const sync::PullResponse page = valueOf(s.page(kTeamA, 0, 100, 1 << 20));
  REQUIRE(page.items.size() == 4);  // X's key record (1) is gone: a gap in the server sequences
  CHECK(page.items[0].serverSeq == 2);
  CHECK(page.items[0].isKey);
  CHECK(page.items[0].key.shard == kShardY);
  for (std::size_t i : {std::size_t{1}, std::size_t{3}}) {
    const relay::NewEnvelope& e = setup.envs[i == 1 ? 0 : 2];
    CHECK(page.items[i].erased);
    CHECK(page.items[i].envelope == headerOf(e));
    CHECK(page.items[i].erasedHash == hashBytes(e.hash));
  }
  CHECK_FALSE(page.items[2].erased);
  CHECK(page.items[2].envelope == setup.envs[1].bytes);
  CHECK(page.items[2].erasedHash.empty());
  CHECK(valueOf(s.head(kTeamA)) == 5);
  // A repeated push is still told from a different one.
  CHECK(*valueOf(s.envelopeHash(kTeamA, setup.dev, 1)) == setup.envs[0].hash);
  CHECK(*valueOf(s.envelopeHash(kTeamA, setup.dev, 3)) == setup.envs[2].hash);

  CHECK(snapshotShards(s) == std::vector<std::string>{kShardY});
  CHECK_FALSE(valueOf(s.snapshot(kTeamA, "team")));
  const relay::StorageStats stats = valueOf(s.stats(kErasedAt));
  CHECK(stats.envelopes == 3);
  CHECK(stats.envelopeBytes == 2 * sync::kHeaderSize + 300);
  CHECK(stats.tombstones == 2);
  CHECK(stats.keyRecords == 1);
  CHECK(stats.snapshots == 1);
  CHECK(stats.snapshotBytes == 40);
  CHECK(stats.erasures == 1);

  const std::vector<sync::ErasureEntry> list = valueOf(s.erasures(kTeamA, 0));
  REQUIRE(list.size() == 1);
  CHECK(list[0].index == 1);
  CHECK(list[0].order == erasureOf(kShardX).order);
  CHECK(list[0].receivedAt == kErasedAt);
}

TEMPLATE_TEST_CASE("An erased shard erased again answers the first order's index and stores nothing",
                   "[storage][erasure]", COACH_STORAGE_BACKENDS) {
  TestType backend;
  ErasureSetup setup(*backend.storage);
  Storage& s = *backend.storage;
  CHECK(valueOf(s.erase(kTeamA, erasureOf(kShardX))) == 1);
  const sync::PullResponse before = valueOf(s.page(kTeamA, 0, 100, 1 << 20));
  CHECK(valueOf(s.erase(kTeamA, erasureOf(kShardX, 0x0f))) == 1);
  CHECK(valueOf(s.erasureCount(kTeamA)) == 1);
  CHECK(valueOf(s.erasures(kTeamA, 0)).at(0).order == erasureOf(kShardX).order);
  const sync::PullResponse after = valueOf(s.page(kTeamA, 0, 100, 1 << 20));
  REQUIRE(after.items.size() == before.items.size());
  for (std::size_t i = 0; i < after.items.size(); ++i) CHECK(after.items[i].envelope == before.items[i].envelope);

  CHECK(valueOf(s.erase(kTeamA, erasureOf(kShardZ))) == 2);  // a shard with nothing stored is erased too
  CHECK(valueOf(s.erasureCount(kTeamA)) == 2);
  const std::vector<sync::ErasureEntry> later = valueOf(s.erasures(kTeamA, 1));
  REQUIRE(later.size() == 1);
  CHECK(later[0].index == 2);
  CHECK(valueOf(s.erasures(kTeamA, 2)).empty());
  CHECK(valueOf(s.erasures(kTeamA, ~std::uint64_t{0})).empty());

  const Result<std::uint64_t> unknown = s.erase(kTeamB, erasureOf(kShardX));
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().code == ErrorCode::NotFound);
  CHECK(valueOf(s.erasures(kTeamB, 0)).empty());
  CHECK(valueOf(s.erasureCount(kTeamB)) == 0);
}

TEMPLATE_TEST_CASE("After an erasure a push of the shard is stored as tombstones and its key records are skipped",
                   "[storage][erasure]", COACH_STORAGE_BACKENDS) {
  TestType backend;
  ErasureSetup setup(*backend.storage);
  Storage& s = *backend.storage;
  REQUIRE(valueOf(s.erase(kTeamA, erasureOf(kShardX))) == 1);
  const relay::NewEnvelope late = randomEnvelope(4, kShardX, 700);
  const relay::NewEnvelope live = randomEnvelope(5, kShardY, 200);
  const std::vector<std::uint64_t> seqs =
      valueOf(s.append(kTeamA, setup.dev, 3, {late, live}, {keyRecord(kShardX, 2, 1, setup.dev), keyRecord(kShardY, 2, 1, setup.dev)}));
  CHECK(seqs == std::vector<std::uint64_t>{7, 8});  // Y's key record is 6; X's is not stored
  const sync::PullResponse page = valueOf(s.page(kTeamA, 5, 100, 1 << 20));
  REQUIRE(page.items.size() == 3);
  CHECK(page.items[0].isKey);
  CHECK(page.items[0].key.shard == kShardY);
  CHECK(page.items[1].erased);
  CHECK(page.items[1].envelope == headerOf(late));
  CHECK(page.items[1].erasedHash == hashBytes(late.hash));
  CHECK_FALSE(page.items[2].erased);
  CHECK(page.items[2].envelope == live.bytes);
  CHECK(*valueOf(s.envelopeHash(kTeamA, setup.dev, 4)) == late.hash);
  const relay::DeviceRecord d = *valueOf(s.device(kTeamA, setup.dev));
  CHECK(d.lastSequence == 5);
  const relay::StorageStats stats = valueOf(s.stats(kErasedAt));
  CHECK(stats.tombstones == 3);
  CHECK(stats.envelopeBytes == 3 * sync::kHeaderSize + 300 + 200);
  CHECK(stats.keyRecords == 2);
}

TEMPLATE_TEST_CASE("A snapshot of an erased shard is ignored and a team snapshot older than the erasures refused",
                   "[storage][erasure]", COACH_STORAGE_BACKENDS) {
  TestType backend;
  ErasureSetup setup(*backend.storage);
  Storage& s = *backend.storage;
  REQUIRE(valueOf(s.erase(kTeamA, erasureOf(kShardX))) == 1);
  COACH_REQUIRE_OK(s.putSnapshot(kTeamA, relay::SnapshotInfo{kShardX, 6, 1, setup.dev, 40, kErasedAt}, filledBytes(40, 1)));
  CHECK_FALSE(valueOf(s.snapshot(kTeamA, kShardX)));

  relay::SnapshotInfo team{"team", 6, 1, setup.dev, 40, kErasedAt};
  const Status stale = s.putSnapshot(kTeamA, team, filledBytes(40, 2));
  REQUIRE_FALSE(stale.ok());
  CHECK(stale.error().code == ErrorCode::AlreadyExists);
  CHECK(stale.error().message.find("carry out the erasures first") != std::string::npos);
  CHECK_FALSE(valueOf(s.snapshot(kTeamA, "team")));
  team.erasuresSeen = 1;
  COACH_REQUIRE_OK(s.putSnapshot(kTeamA, team, filledBytes(40, 2)));
  CHECK(*valueOf(s.snapshot(kTeamA, "team")) == filledBytes(40, 2));
  CHECK(snapshotShards(s) == std::vector<std::string>{kShardY, "team"});
}

// --- SQLite only ---

std::string fileBytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Whether the 32 bytes at `offset` of `bytes` occur in the store's database file or its write-ahead log.
bool storeHolds(const fs::path& db, const crypto::Bytes& bytes, std::size_t offset) {
  const std::string needle(bytes.begin() + static_cast<std::ptrdiff_t>(offset),
                           bytes.begin() + static_cast<std::ptrdiff_t>(offset + 32));
  for (const fs::path& f : {db, fs::path(db.string() + "-wal")}) {
    if (fs::exists(f) && fileBytes(f).find(needle) != std::string::npos) return true;
  }
  return false;
}

TEST_CASE("After an erasure the SQLite store's files no longer hold the erased ciphertext", "[storage][sqlite][erasure]") {
  TempDir dir;
  const fs::path file = dir.path() / "relay.db";
  auto store = valueOf(relay::SqliteStorage::open(file));
  ErasureSetup setup(*store);
  const crypto::Bytes snapshotX = valueOf(crypto::randomBytes(3000));
  COACH_REQUIRE_OK(store->putSnapshot(kTeamA, relay::SnapshotInfo{kShardX, 6, 1, setup.dev, 3000, kErasedAt}, snapshotX));
  // Slices at the start, middle and end of each ciphertext (after the 106 header bytes).
  auto slices = [](const crypto::Bytes& b) {
    return std::vector<std::size_t>{sync::kHeaderSize, b.size() / 2, b.size() - 32};
  };
  for (const relay::NewEnvelope& e : setup.envs) {
    for (std::size_t at : slices(e.bytes)) REQUIRE(storeHolds(file, e.bytes, at));  // the search finds stored bytes
  }
  REQUIRE(storeHolds(file, snapshotX, 1000));

  REQUIRE(valueOf(store->erase(kTeamA, erasureOf(kShardX))) == 1);
  for (std::size_t i : {std::size_t{0}, std::size_t{2}}) {
    for (std::size_t at : slices(setup.envs[i].bytes)) CHECK_FALSE(storeHolds(file, setup.envs[i].bytes, at));
  }
  for (std::size_t at : slices(snapshotX)) CHECK_FALSE(storeHolds(file, snapshotX, at));
  CHECK(storeHolds(file, setup.envs[1].bytes, 150));  // the other shard's envelope stays
  CHECK(fs::file_size(file.string() + "-wal") == 0);
}

TEST_CASE("A schema 2 SQLite store migrates to schema 3 with its log, and its shards can be erased",
          "[storage][sqlite][erasure]") {
  TempDir dir;
  const fs::path file = dir.path() / "relay.db";
  const relay::NewEnvelope old = randomEnvelope(1, kShardX, 400);
  const std::string dev = hexId(10, 'd');
  {
    store::Db db = valueOf(store::Db::open(file.string(), true));
    COACH_REQUIRE_OK(relay::migrateStore(db, file, 2));
    const std::string sql =
        "INSERT INTO team VALUES ('" + kTeamA + "', 'IPS team', 1);"
        "INSERT INTO team_head (team, last_server_seq, envelopes, envelope_bytes) VALUES ('" + kTeamA + "', 1, 1, 400);"
        "INSERT INTO device (team, id, signing_key, agreement_key, role, last_seq, last_hash) VALUES ('" + kTeamA +
        "', '" + dev + "', zeroblob(32), zeroblob(32), 1, 1, x'" + crypto::toHex(old.hash) + "');"
        "INSERT INTO log (team, server_seq, kind, device, device_seq, shard, bytes) VALUES ('" + kTeamA + "', 1, 0, '" +
        dev + "', 1, '" + kShardX + "', x'" + crypto::toHex(old.bytes) + "');";
    COACH_REQUIRE_OK(db.exec(sql, "writing a schema 2 store"));
    store::Stmt version = valueOf(store::Stmt::prepare(db.get(), "PRAGMA user_version"));
    REQUIRE(valueOf(version.step()));
    REQUIRE(version.intAt(0) == 2);
  }
  auto s = valueOf(relay::SqliteStorage::open(file));
  const sync::PullResponse before = valueOf(s->page(kTeamA, 0, 10, 1 << 20));
  REQUIRE(before.items.size() == 1);
  CHECK_FALSE(before.items[0].erased);
  CHECK(before.items[0].envelope == old.bytes);
  CHECK(*valueOf(s->envelopeHash(kTeamA, dev, 1)) == old.hash);
  CHECK(valueOf(s->erasureCount(kTeamA)) == 0);
  REQUIRE(valueOf(s->erase(kTeamA, erasureOf(kShardX))) == 1);
  const sync::PullResponse after = valueOf(s->page(kTeamA, 0, 10, 1 << 20));
  REQUIRE(after.items.size() == 1);
  CHECK(after.items[0].erased);
  CHECK(after.items[0].erasedHash == hashBytes(old.hash));
  CHECK(valueOf(s->stats(kErasedAt)).envelopeBytes == sync::kHeaderSize);
}

}  // namespace
}  // namespace coach::test
