// test_pg_storage.cpp: what only the PostgreSQL backend promises (docs/sync-server-postgres.md): no visibility gaps
// with two PgStorage instances (two replicas) appending to one team from many threads while readers follow the
// cursor, one winner of two concurrent key rotations, migration once and refusals of foreign and newer databases,
// and clear errors without the password when the server cannot be reached.
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "storage/postgres_schema.hpp"
#include "storage/postgres_storage.hpp"
#include "storage_backends.hpp"

namespace coach::test {
namespace {

using relay::PgStorage;

TEST_CASE("Two PgStorage replicas appending to one team from eight threads never let a reader following the cursor "
          "skip an item", "[storage][postgresql]") {
  const std::string url = PgCluster::shared().createDatabase();
  auto first = valueOf(PgStorage::open(url));
  auto second = valueOf(PgStorage::open(url));
  constexpr int kWriters = 8;
  constexpr int kPushes = 25;
  std::vector<std::string> devices;
  for (int w = 0; w < kWriters; ++w) devices.push_back(hexId(static_cast<unsigned>(w + 10), 'd'));
  seedTeam(*first, kTeamA, devices);

  std::atomic<bool> done{false};
  std::vector<std::thread> writers;
  std::atomic<int> failures{0};
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      PgStorage& s = w % 2 == 0 ? *first : *second;
      for (int n = 0; n < kPushes; ++n) {
        const auto seq = static_cast<std::uint64_t>(n + 1);
        auto stored = s.append(kTeamA, devices[static_cast<std::size_t>(w)], seq - 1,
                               {newEnvelope(seq, 80, static_cast<std::uint8_t>(w))}, {});
        if (!stored.ok()) ++failures;
      }
    });
  }
  // Readers on both replicas follow the cursor page by page while the writers push: every server sequence must be
  // seen, once, in order (a gap would be a sequence committed after a larger one was served).
  auto follow = [&](PgStorage& s) {
    std::vector<std::uint64_t> seen;
    std::uint64_t cursor = 0;
    for (;;) {
      const bool last = done.load();
      const sync::PullResponse p = valueOf(s.page(kTeamA, cursor, 7, 1 << 20));
      for (const sync::PullItem& item : p.items) seen.push_back(item.serverSeq);
      cursor = p.next;
      if (last && !p.more && p.items.empty()) return seen;
      if (p.items.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  };
  std::vector<std::uint64_t> seenFirst, seenSecond;
  std::thread readerFirst([&] { seenFirst = follow(*first); });
  std::thread readerSecond([&] { seenSecond = follow(*second); });
  for (auto& t : writers) t.join();
  done = true;
  readerFirst.join();
  readerSecond.join();

  CHECK(failures == 0);
  std::vector<std::uint64_t> all(kWriters * kPushes);
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i + 1;
  CHECK(seenFirst == all);
  CHECK(seenSecond == all);
  CHECK(valueOf(second->head(kTeamA)) == all.size());
  CHECK(valueOf(first->stats(0)).envelopes == all.size());
}

TEST_CASE("Of two team leads rotating the team key on two replicas at once exactly one starts the epoch",
          "[storage][postgresql]") {
  const std::string url = PgCluster::shared().createDatabase();
  auto first = valueOf(PgStorage::open(url));
  auto second = valueOf(PgStorage::open(url));
  seedTeam(*first, kTeamA, {hexId(10, 'd'), hexId(11, 'd')});
  for (std::uint32_t epoch = 1; epoch <= 10; ++epoch) {
    Status a, b;
    std::thread other([&] { b = second->putGrants(kTeamA, epoch, {relay::GrantRecord{hexId(11, 'd'), epoch, hexId(11, 'd'), filledBytes(40, 2), 1}}); });
    a = first->putGrants(kTeamA, epoch, {relay::GrantRecord{hexId(10, 'd'), epoch, hexId(10, 'd'), filledBytes(40, 1), 1}});
    other.join();
    INFO("epoch " << epoch);
    CHECK(a.ok() != b.ok());
    const Status& lost = a.ok() ? b : a;
    if (!lost.ok()) CHECK(lost.error().code == ErrorCode::AlreadyExists);
  }
  CHECK(valueOf(first->grants(kTeamA, std::nullopt)).size() == 10);
}

TEST_CASE("PgStorage migrates a new database once, refuses another program's and a newer one, and leaves them "
          "unchanged", "[storage][postgresql]") {
  PgCluster& cluster = PgCluster::shared();
  const std::string url = cluster.createDatabase();
  {
    // Replicas opening a new database at the same moment: one migrates, the other finds it done.
    std::vector<std::thread> openers;
    std::atomic<int> opened{0};
    for (int i = 0; i < 4; ++i) {
      openers.emplace_back([&] {
        if (PgStorage::open(url).ok()) ++opened;
      });
    }
    for (auto& t : openers) t.join();
    CHECK(opened == 4);
    CHECK(cluster.psql(PgCluster::databaseOf(url), "SELECT version FROM coach_schema") ==
          std::to_string(relay::kPgSchemaVersion) + "\n");
  }
  cluster.psql(PgCluster::databaseOf(url), "UPDATE coach_schema SET version = 7");
  const auto newer = PgStorage::open(url);
  REQUIRE_FALSE(newer.ok());
  CHECK(newer.error().code == ErrorCode::SchemaTooNew);
  CHECK(cluster.psql(PgCluster::databaseOf(url), "SELECT version FROM coach_schema") == "7\n");

  const std::string foreign = cluster.createDatabase();
  cluster.psql(PgCluster::databaseOf(foreign), "CREATE TABLE invoices (id int)");
  const auto refused = PgStorage::open(foreign);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == ErrorCode::StorageError);
  CHECK(refused.error().message.find("another program") != std::string::npos);
  CHECK(cluster.psql(PgCluster::databaseOf(foreign), "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == "1\n");
}

TEST_CASE("An unreachable PostgreSQL server gives Unavailable naming host, port and database but not the password",
          "[storage][postgresql]") {
  const auto unreachable = PgStorage::open("postgresql://coach:Sup3rSecret@127.0.0.1:1/coach_syncd");
  REQUIRE_FALSE(unreachable.ok());
  CHECK(unreachable.error().code == ErrorCode::Unavailable);
  CHECK(unreachable.error().message.find("127.0.0.1:1/coach_syncd") != std::string::npos);
  CHECK(unreachable.error().message.find("Sup3rSecret") == std::string::npos);
  CHECK(unreachable.error().retryAfterSeconds > 0);
}

}  // namespace
}  // namespace coach::test
