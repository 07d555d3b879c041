// test_sqlite_group_commit.cpp: SqliteStorage's group commit (sqlite_storage_group.cpp) on a real SQLite file:
// concurrent pushes of many devices share a commit, each is answered on its own (a failing push does not fail its
// neighbours), and every acknowledged push survives a kill -9 of the process and a reopen, once, with the team's
// server sequences contiguous.
//
// To make batches form deterministically, a test holds the store's write lock from a second connection (as an
// admin command does) while the pushes queue, then lets go.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <thread>

#include "storage/sqlite_storage.hpp"
#include "storage_fixtures.hpp"
#include "store/sqlite.hpp"
#include "temp_profile.hpp"

namespace coach::test {
namespace {

namespace fs = std::filesystem;
using relay::SqliteStorage;
using Seqs = std::vector<std::uint64_t>;

std::vector<std::string> groupDevices(unsigned n) {
  std::vector<std::string> out;
  for (unsigned i = 0; i < n; ++i) out.push_back(hexId(500 + i, 'd'));
  return out;
}

// Holds the store's write lock from another connection until release(): pushes queue behind it.
class WriteLockHolder {
 public:
  explicit WriteLockHolder(const fs::path& file) : db_(valueOf(store::Db::open(file.string(), false))) {
    COACH_REQUIRE_OK(db_.exec("BEGIN IMMEDIATE", "holding the write lock"));
  }
  void release() { COACH_REQUIRE_OK(db_.exec("COMMIT", "releasing the write lock")); }

 private:
  store::Db db_;
};

// Every item of the team's log in server order; fails when a sequence is skipped or repeated.
std::vector<sync::PullItem> wholeLog(relay::Storage& s, const std::string& team) {
  std::vector<sync::PullItem> items;
  std::uint64_t cursor = 0;
  for (bool more = true; more;) {
    sync::PullResponse p = valueOf(s.page(team, cursor, 200, 1 << 22));
    for (sync::PullItem& i : p.items) {
      REQUIRE(i.serverSeq == ++cursor);
      items.push_back(std::move(i));
    }
    more = p.more;
  }
  return items;
}

// Runs push(i) for i in [0, n) on a thread each while the write lock is held, then lets the lock go once every
// push had time to queue; returns the answers in order.
template <class Push>
std::vector<Result<Seqs>> queuedPushes(const fs::path& file, std::size_t n, Push push) {
  WriteLockHolder lock(file);
  std::vector<std::optional<Result<Seqs>>> answers(n);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < n; ++i) threads.emplace_back([&, i] { answers[i].emplace(push(i)); });
  std::this_thread::sleep_for(std::chrono::milliseconds(400));  // all queued (the store waits up to 5 s for a lock)
  lock.release();
  for (std::thread& t : threads) t.join();
  std::vector<Result<Seqs>> out;
  for (auto& a : answers) out.push_back(std::move(*a));
  return out;
}

}  // namespace

TEST_CASE("Pushes of 16 devices that queue behind a commit are stored in one batch, each answered", "[storage][sqlite][group]") {
  TempDir dir;
  const fs::path file = dir.path() / "relay.db";
  auto s = valueOf(SqliteStorage::open(file));
  const auto devices = groupDevices(16);
  seedTeam(*s, kTeamA, devices);
  const auto answers = queuedPushes(file, devices.size(), [&](std::size_t i) {
    return s->append(kTeamA, devices[i], 0, {newEnvelope(1, 300), newEnvelope(2, 300)}, {});
  });
  std::set<std::uint64_t> seqs;
  for (const auto& a : answers) {
    REQUIRE(a.ok());
    REQUIRE(a->size() == 2);
    CHECK((*a)[1] == (*a)[0] + 1);  // a push's envelopes are consecutive in the team's log
    seqs.insert(a->begin(), a->end());
  }
  CHECK(seqs.size() == 32);
  CHECK(*seqs.rbegin() == 32);
  // The first push to take the queue may have been alone; every other one waited and went in one batch.
  const auto stats = s->groupCommits();
  CHECK(stats.pushes == 16);
  CHECK(stats.batches <= 2);
  CHECK(wholeLog(*s, kTeamA).size() == 32);
  for (const std::string& d : devices) CHECK(valueOf(s->device(kTeamA, d))->lastSequence == 2);
}

TEST_CASE("A push that fails its own checks inside a batch fails alone and leaves nothing behind", "[storage][sqlite][group]") {
  TempDir dir;
  const fs::path file = dir.path() / "relay.db";
  auto s = valueOf(SqliteStorage::open(file));
  const auto devices = groupDevices(8);
  seedTeam(*s, kTeamA, devices);
  seedTeam(*s, kTeamB, {});
  const std::string shard = hexId(9, 'e');
  COACH_REQUIRE_OK(s->append(kTeamA, devices[0], 0, {newEnvelope(1)}, {keyRecord(shard, 1, 1, devices[0], 0x11)}));
  // 0: a key record stored before with other bytes; 1: a stale expected sequence; 2: an unknown device;
  // 3: a team the device is not in; 4-7: good pushes, one of them (4) with a new key record.
  const auto answers = queuedPushes(file, 8, [&](std::size_t i) -> Result<Seqs> {
    switch (i) {
      case 0: return s->append(kTeamA, devices[0], 1, {newEnvelope(2)}, {keyRecord(shard, 1, 1, devices[0], 0x22)});
      case 1: return s->append(kTeamA, devices[1], 5, {newEnvelope(6)}, {});
      case 2: return s->append(kTeamA, hexId(999, 'd'), 0, {newEnvelope(1)}, {});
      case 3: return s->append(kTeamB, devices[3], 0, {newEnvelope(1)}, {});
      case 4: return s->append(kTeamA, devices[4], 0, {newEnvelope(1)}, {keyRecord(shard, 2, 1, devices[4])});
      default: return s->append(kTeamA, devices[i], 0, {newEnvelope(1), newEnvelope(2)}, {});
    }
  });
  REQUIRE_FALSE(answers[0].ok());
  CHECK(answers[0].error().code == ErrorCode::AlreadyExists);
  REQUIRE_FALSE(answers[1].ok());
  CHECK(answers[1].error().code == ErrorCode::SequenceGap);
  CHECK(answers[1].error().expectedSequence == 1u);
  REQUIRE_FALSE(answers[2].ok());
  CHECK(answers[2].error().code == ErrorCode::NotFound);
  REQUIRE_FALSE(answers[3].ok());
  CHECK(answers[3].error().code == ErrorCode::NotFound);
  for (std::size_t i = 4; i < 8; ++i) {
    if (!answers[i].ok()) FAIL("push " << i << ": " << answers[i].error().message);
  }
  CHECK(s->groupCommits().batches <= 3);  // the key record push, then at most two batches of the eight
  // The log holds the first push (key record + envelope), then the good pushes' items, contiguous.
  const auto log = wholeLog(*s, kTeamA);
  CHECK(log.size() == 2 + 2 + 3 * 2);
  CHECK(valueOf(s->head(kTeamA)) == log.size());
  CHECK(valueOf(s->device(kTeamA, devices[0]))->lastSequence == 1);  // the failed push moved nothing
  CHECK(valueOf(s->device(kTeamA, devices[1]))->lastSequence == 0);
  CHECK_FALSE(valueOf(s->envelopeHash(kTeamA, devices[0], 2)));
  CHECK(valueOf(s->head(kTeamB)) == 0);
  const auto stats = valueOf(s->stats(1772442000000));
  CHECK(stats.keyRecords == 2);
  CHECK(stats.envelopes == 1 + 1 + 3 * 2);
}

TEST_CASE("Two pushes of one device in one batch: the second is told the first came first", "[storage][sqlite][group]") {
  TempDir dir;
  const fs::path file = dir.path() / "relay.db";
  auto s = valueOf(SqliteStorage::open(file));
  const std::string dev = hexId(1, 'd');
  seedTeam(*s, kTeamA, {dev});
  const auto answers = queuedPushes(file, 2, [&](std::size_t i) {
    return s->append(kTeamA, dev, 0, {newEnvelope(1, 64, static_cast<std::uint8_t>(i * 50))}, {});
  });
  const int stored = (answers[0].ok() ? 1 : 0) + (answers[1].ok() ? 1 : 0);
  REQUIRE(stored == 1);
  const Result<Seqs>& lost = answers[0].ok() ? answers[1] : answers[0];
  CHECK(lost.error().code == ErrorCode::SequenceGap);
  CHECK(lost.error().expectedSequence == 2u);
  CHECK(wholeLog(*s, kTeamA).size() == 1);
}

TEST_CASE("A full disk inside a batch fails the push that needs the space and never acknowledges what was not stored",
          "[storage][sqlite][group]") {
  TempDir dir;
  const fs::path file = dir.path() / "relay.db";
  SqliteStorage::Options options;
  options.maxPageCount = 1;  // capped at the new file's size: small rows fit in its free space, 20 KB do not
  auto s = valueOf(SqliteStorage::open(file, options));
  const auto devices = groupDevices(2);
  seedTeam(*s, kTeamA, devices);
  const auto answers = queuedPushes(file, 2, [&](std::size_t i) {
    return s->append(kTeamA, devices[i], 0, {newEnvelope(1, i == 0 ? 60 : 20000)}, {});
  });
  REQUIRE_FALSE(answers[1].ok());
  CHECK(answers[1].error().code == ErrorCode::StorageFull);
  CHECK_THAT(answers[1].error().message, Catch::Contains("Free space"));
  CHECK_FALSE(valueOf(s->envelopeHash(kTeamA, devices[1], 1)));
  // The small push is stored exactly when it was acknowledged (SQLite may have rolled the whole batch back).
  CHECK(answers[0].ok() == valueOf(s->envelopeHash(kTeamA, devices[0], 1)).has_value());
  if (!answers[0].ok()) CHECK(answers[0].error().code == ErrorCode::StorageFull);
  CHECK(valueOf(s->head(kTeamA)) == (answers[0].ok() ? 1u : 0u));
  CHECK(wholeLog(*s, kTeamA).size() == valueOf(s->head(kTeamA)));
}

TEST_CASE("With maxGroupPushes 1 every push commits alone", "[storage][sqlite][group]") {
  TempDir dir;
  const fs::path file = dir.path() / "relay.db";
  SqliteStorage::Options options;
  options.maxGroupPushes = 1;
  auto s = valueOf(SqliteStorage::open(file, options));
  const auto devices = groupDevices(6);
  seedTeam(*s, kTeamA, devices);
  const auto answers = queuedPushes(file, devices.size(), [&](std::size_t i) {
    return s->append(kTeamA, devices[i], 0, {newEnvelope(1)}, {});
  });
  for (const auto& a : answers) REQUIRE(a.ok());
  CHECK(s->groupCommits().batches == 6);
  CHECK(wholeLog(*s, kTeamA).size() == 6);
}

namespace {

constexpr unsigned kCrashDevices = 12;
constexpr int kCrashTeams = 3;

std::string crashTeam(int t) { return hexId(static_cast<unsigned>(70 + t), 'a'); }

// The child: pushes from one thread per device as fast as the store answers and reports each acknowledged push
// on `fd` ("device team last-sequence first-server-sequence") until it is killed.
[[noreturn]] void pushUntilKilled(const fs::path& file, int fd) {
  auto opened = SqliteStorage::open(file);
  if (!opened.ok()) _exit(3);
  auto s = std::move(opened).value();
  std::vector<std::thread> threads;
  for (unsigned d = 0; d < kCrashDevices; ++d) {
    threads.emplace_back([&s, d, fd] {
      const std::string team = crashTeam(static_cast<int>(d % kCrashTeams));
      const std::string device = hexId(600 + d, 'd');
      auto known = s->device(team, device);  // where the killed round before left off
      if (!known.ok() || !known.value()) _exit(6);
      for (std::uint64_t last = known.value()->lastSequence;; last += 3) {
        auto r = s->append(team, device, last, {newEnvelope(last + 1, 200), newEnvelope(last + 2, 200), newEnvelope(last + 3, 200)}, {});
        if (!r.ok()) _exit(4);
        char line[96];
        const int n = std::snprintf(line, sizeof line, "%u %llu %llu\n", d, static_cast<unsigned long long>(last + 3),
                                    static_cast<unsigned long long>(r->front()));
        if (::write(fd, line, static_cast<std::size_t>(n)) != n) _exit(5);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  _exit(0);
}

}  // namespace

TEST_CASE("Every acknowledged push survives a kill -9 during concurrent pushes, once, with contiguous sequences",
          "[storage][sqlite][group][crash]") {
  TempDir dir;
  const fs::path file = dir.path() / "relay.db";
  {
    auto s = valueOf(SqliteStorage::open(file));
    for (int t = 0; t < kCrashTeams; ++t) COACH_REQUIRE_OK(s->createTeam(teamRecord(crashTeam(t))));
    for (unsigned d = 0; d < kCrashDevices; ++d) {
      COACH_REQUIRE_OK(s->addDevice(crashTeam(static_cast<int>(d % kCrashTeams)), deviceRecord(hexId(600 + d, 'd')), "", sync::Hash{}));
    }
  }
  for (int round = 0; round < 3; ++round) {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      ::close(fds[0]);
      pushUntilKilled(file, fds[1]);
    }
    ::close(fds[1]);
    // Read acknowledgements until enough came, then kill the child in the middle of its pushes.
    std::map<unsigned, std::uint64_t> acked;  // device -> last acknowledged sequence
    std::string text;
    std::size_t lines = 0;
    char buf[4096];
    while (lines < 150) {
      const ssize_t n = ::read(fds[0], buf, sizeof buf);
      if (n <= 0) break;
      text.append(buf, static_cast<std::size_t>(n));
      lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
    }
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) text.append(buf, static_cast<std::size_t>(n));
    ::close(fds[0]);
    REQUIRE(WIFSIGNALED(status));  // killed, not failed (an exit code 3-5 is a failed open, push or report)
    std::size_t pos = 0;
    for (std::size_t end; (end = text.find('\n', pos)) != std::string::npos; pos = end + 1) {
      unsigned d = 0;
      unsigned long long last = 0, first = 0;
      REQUIRE(std::sscanf(text.c_str() + pos, "%u %llu %llu", &d, &last, &first) == 3);
      acked[d] = std::max<std::uint64_t>(acked[d], last);
    }
    REQUIRE(acked.size() > 1);

    auto s = valueOf(SqliteStorage::open(file));
    std::uint64_t rows = 0;
    for (int t = 0; t < kCrashTeams; ++t) {
      const std::size_t items = wholeLog(*s, crashTeam(t)).size();  // fails on a skipped or repeated server sequence
      CHECK(valueOf(s->head(crashTeam(t))) == items);
      rows += items;
    }
    for (unsigned d = 0; d < kCrashDevices; ++d) {
      const std::string team = crashTeam(static_cast<int>(d % kCrashTeams));
      const auto dev = valueOf(s->device(team, hexId(600 + d, 'd')));
      REQUIRE(dev);
      INFO("device " << d << " round " << round);
      CHECK(dev->lastSequence >= acked[d]);        // nothing acknowledged was lost
      CHECK(dev->lastSequence % 3 == 0);           // pushes are whole or absent
      for (std::uint64_t seq = 1; seq <= dev->lastSequence; ++seq) {  // each envelope once, with its own bytes
        const auto hash = valueOf(s->envelopeHash(team, hexId(600 + d, 'd'), seq));
        REQUIRE(hash);
        CHECK(*hash == newEnvelope(seq, 200).hash);
      }
      CHECK_FALSE(valueOf(s->envelopeHash(team, hexId(600 + d, 'd'), dev->lastSequence + 1)));
    }
    // The log's rows equal the sum of the devices' sequences: no envelope stored twice.
    std::uint64_t expected = 0;
    for (unsigned d = 0; d < kCrashDevices; ++d) {
      expected += valueOf(s->device(crashTeam(static_cast<int>(d % kCrashTeams)), hexId(600 + d, 'd')))->lastSequence;
    }
    CHECK(rows == expected);
    CHECK(valueOf(s->stats(1772442000000)).envelopes == expected);
  }
}

}  // namespace coach::test
