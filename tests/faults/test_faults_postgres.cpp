// Faults of the PostgreSQL server under a running coach-syncd (docs/faults.md, "On PostgreSQL"): the counterparts
// of the faults that on the SQLite store hit coach-syncd's own data volume.
//   - The database crashes (`pg_ctl stop -m immediate`: every session cut, crash recovery at the restart) at seeded
//     moments while devices push: meanwhile pushes fail as unavailable (503) and /readyz says so; coach-syncd stays
//     up, and afterwards nothing it acknowledged is lost and nothing is doubled.
//   - The disk under the database fills up (a tablespace on a small tmpfs holds coach-syncd's tables; where
//     mounting is refused, or COACH_FAULTS_DISK=fsize, an RLIMIT_FSIZE on the server's processes instead): a push
//     fails with storage_full telling what to do, nothing is stored half, others still pull, and once there is
//     room the device pushes the rest.
// The tests choose their databases themselves, so ctest registers this binary once (tests/faults/CMakeLists.txt).
#include <algorithm>
#include <atomic>
#include <random>
#include <set>

#include <catch2/catch.hpp>
#include <httplib.h>

#include "disk_limit.hpp"
#include "faults_support.hpp"
#include "full_disk.hpp"
#include "pg_cluster.hpp"
#include "sync_world.hpp"

using namespace coach;
using namespace coach::test;

namespace {

std::int64_t wallNow() {
  return SystemClock().nowMillis();
}

int readyzStatus(const SyncdProcess& server) {
  httplib::Client c(server.url());
  c.set_connection_timeout(2);
  c.set_read_timeout(5);
  auto r = c.Get("/readyz");
  return r ? r->status : -1;
}

// Devices that record a note and sync in a loop, each in its own thread; a note counts as acknowledged once a
// sync that began after it was written succeeded.
struct PushingDevices {
  std::atomic<bool> stop{false};
  std::atomic<int> successes{0};
  std::atomic<int> unavailable{0};
  std::mutex mu;
  std::string otherFailure;  // a failure that is not the database being away
  std::vector<std::vector<std::string>> acknowledged;
  std::vector<std::thread> threads;

  void start(const std::vector<HttpDevice*>& devices) {
    acknowledged.resize(devices.size());
    for (std::size_t w = 0; w < devices.size(); ++w) {
      threads.emplace_back([this, w, d = devices[w]] {
        const std::string p =
            mustAdd(*d->store, "participant", {{"name", "Database crash " + d->name}, {"coach", d->name}});
        std::vector<std::string> written{p};
        for (int n = 0; !stop; ++n) {
          d->clock.set(wallNow());
          written.push_back(mustAdd(*d->store, "support_contact",
                                    {{"participant_id", p},
                                     {"contact_on", "2026-03-02"},
                                     {"mode", "phone"},
                                     {"type", "problem_solving"},
                                     {"note", d->name + " note " + std::to_string(n)}}));
          sync::SyncOptions o;
          o.maxAttempts = 1;
          o.changesPerEnvelope = 2;
          const std::size_t before = written.size();
          auto r = d->sync(o);
          if (r.ok()) {
            ++successes;
            acknowledged[w].assign(written.begin(), written.begin() + static_cast<std::ptrdiff_t>(before));
          } else if (r.error().code == ErrorCode::Unavailable) {
            ++unavailable;  // and waits a little, as a device does before its next attempt
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
          } else {
            std::lock_guard lock(mu);
            otherFailure = r.error().message;
          }
        }
      });
    }
  }
  void join() {
    stop = true;
    for (auto& t : threads) t.join();
  }
};

// The file-size limit that stands for a full disk where no tmpfs can be mounted: `room` bytes, but at least 1 MiB
// above every file of the cluster now (its data, write-ahead log segments of 1 MiB, server log), rounded up to a
// page, so that only a table that grows reaches it and its extension fails whole (EFBIG, not a short write).
std::uint64_t pgFileSizeLimit(const std::filesystem::path& clusterDir, std::uint64_t room) {
  std::uintmax_t largest = 0;
  std::error_code ec;
  for (std::filesystem::recursive_directory_iterator it(clusterDir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code sizeError;
    if (it->is_regular_file(sizeError)) {
      const std::uintmax_t size = it->file_size(sizeError);
      if (!sizeError) largest = std::max(largest, size);
    }
  }
  const std::uint64_t bytes = std::max<std::uint64_t>(room, largest + 1024 * 1024);
  return (bytes + 8191) / 8192 * 8192;
}

// RLIMIT_FSIZE on the test cluster's server processes, lifted when this goes (also when a check failed: the
// cluster is shared by the binary's other test cases).
class ServerFileLimit {
 public:
  explicit ServerFileLimit(PgCluster& cluster) : cluster_(cluster) {}
  ~ServerFileLimit() {
    if (limited_) cluster_.limitFileSize(RLIM_INFINITY);
  }
  ServerFileLimit(const ServerFileLimit&) = delete;
  ServerFileLimit& operator=(const ServerFileLimit&) = delete;
  bool set(std::uint64_t bytes) {
    limited_ = true;
    return cluster_.limitFileSize(bytes);
  }
  bool lift() {
    limited_ = false;
    return cluster_.limitFileSize(RLIM_INFINITY);
  }

 private:
  PgCluster& cluster_;
  bool limited_ = false;
};

}  // namespace

TEST_CASE("PostgreSQL crashing under a running coach-syncd: pushes are refused as unavailable meanwhile, nothing "
          "acknowledged is lost and nothing doubled",
          "[faults][crash][postgresql]") {
  const std::uint64_t crashes = envNumber("COACH_RELIABILITY_KILLS", 5);
  std::mt19937_64 rng(envNumber("COACH_FAULT_SEED", 20261122));
  PgCluster& cluster = PgCluster::shared();
  TempDir dir;
  SyncdProcess server(dir.path() / "data", {{"COACH_SYNCD_DATABASE_URL", cluster.createDatabase()},
                                            {"COACH_SYNCD_DEVICE_RATE", "100000"},
                                            {"COACH_SYNCD_DEVICE_BURST", "100000"}});
  REQUIRE(server.start());
  HttpTeam team(server);
  team.readTimeout = std::chrono::milliseconds(5000);
  std::vector<HttpDevice*> devices{&team.add("writer0"), &team.add("writer1"), &team.add("writer2")};

  PushingDevices pushing;
  pushing.start(devices);
  int notReadySeen = 0;
  for (std::uint64_t i = 0; i < crashes; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(100, 600)(rng)));
    cluster.crash();
    if (readyzStatus(server) == 503) ++notReadySeen;  // a load balancer takes the replica out of rotation
    std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(100, 400)(rng)));
    cluster.start();
    for (int wait = 0; wait < 100 && readyzStatus(server) != 200; ++wait) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    INFO(server.log());
    REQUIRE(readyzStatus(server) == 200);  // back in rotation by itself, no restart of coach-syncd
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // some syncs after the last restart
  pushing.join();
  WARN(crashes << " database crashes; syncs: " << pushing.successes << " acknowledged, " << pushing.unavailable
               << " refused as unavailable");
  CHECK(server.running());
  CHECK(notReadySeen == static_cast<int>(crashes));
  CHECK(pushing.unavailable > 0);
  CHECK(pushing.successes > 0);
  INFO("a failure other than unavailable: " << pushing.otherFailure);
  CHECK(pushing.otherFailure.empty());

  for (int pass = 0; pass < 2; ++pass) {
    for (auto& d : team.devices()) {
      d->clock.set(wallNow());
      requireSynced(*d);
    }
  }
  HttpDevice& auditor = team.add("auditor");
  auditor.clock.set(wallNow());
  requireSynced(auditor);
  for (const auto& list : pushing.acknowledged) {
    for (const std::string& id : list) CHECK(auditor.store->get(id).ok());
  }
  std::multiset<std::string> notes;
  const auto contacts = auditor.store->list("support_contact", {}, true);
  REQUIRE(contacts.ok());
  for (const auto& r : contacts.value()) {
    notes.insert(r["fields"]["note"].get<std::string>());
  }
  for (const std::string& note : notes) {
    INFO(note);
    CHECK(notes.count(note) == 1);
  }
  const nlohmann::json reference = stateOf(*auditor.store);
  for (auto& d : team.devices()) CHECK(stateOf(*d->store) == reference);
  expectNoLossNoDuplicates(server, team.teamId());
}

TEST_CASE("A full disk under PostgreSQL fails a push with storage_full, loses nothing, and the device catches up once "
          "there is space",
          "[faults][disk][postgresql]") {
  PgCluster& cluster = PgCluster::shared();
  // coach-syncd's tables in a tablespace of their own on a small tmpfs: the database's catalogs and its write-ahead
  // log stay on the cluster's disk, as when a data volume for the tables fills up. Where mounting is refused (a
  // container without CAP_SYS_ADMIN) the server's processes get an RLIMIT_FSIZE instead, set once coach-syncd has
  // connected and lifted from every process for "space is back": the first file to reach it is one of the growing
  // tables, so the push fails the same way (EFBIG instead of ENOSPC), and is checked the same.
  const std::string url = cluster.createDatabase();
  const std::string database = PgCluster::databaseOf(url);
  const std::filesystem::path space = cluster.dir() / ("space-" + database);
  std::filesystem::create_directories(space);
  DiskLimit disk = DiskLimit::make(space, 2 * 1024 * 1024);
  const bool tmpfs = disk.kind() == DiskLimit::Kind::Tmpfs;
  ServerFileLimit fileLimit(cluster);
  if (::geteuid() == 0) {
    const passwd* pw = ::getpwnam("postgres");
    REQUIRE(pw != nullptr);
    REQUIRE(::chown(space.c_str(), pw->pw_uid, pw->pw_gid) == 0);
  }
  cluster.psql("postgres", "CREATE TABLESPACE " + database + "_space LOCATION '" + space.string() + "'");
  cluster.psql("postgres", "ALTER DATABASE " + database + " SET default_tablespace = " + database + "_space");

  TempDir dir;
  SyncdProcess server(
      dir.path() / "data",
      {{"COACH_SYNCD_DATABASE_URL", url}, {"COACH_SYNCD_DEVICE_RATE", "1000"}, {"COACH_SYNCD_DEVICE_BURST", "1000"}});
  REQUIRE(server.start());
  CHECK(cluster.psql(database, "SELECT count(*) FROM pg_tables WHERE tablename = 'log' AND tablespace = '" + database +
                                   "_space'") == "1\n");
  if (tmpfs) {
    WARN("PostgreSQL's disk is full by " << disk.describe());
  } else {
    const std::uint64_t bytes = pgFileSizeLimit(cluster.dir(), 2 * 1024 * 1024);
    WARN("PostgreSQL's disk is full by an RLIMIT_FSIZE of " << bytes << " bytes on its processes (SIGXFSZ ignored) "
         << "because " << disk.why());
    REQUIRE(fileLimit.set(bytes));
  }
  HttpTeam team(server);
  HttpDevice& writer = team.add("writer");
  HttpDevice& reader = team.add("reader");

  std::vector<std::string> written;
  std::size_t acknowledged = 0;
  const std::optional<Error> full = pushUntilFull(writer, written, acknowledged, 400);
  REQUIRE(full.has_value());
  WARN("after " << acknowledged << " records acknowledged, a push was told: " << full->message);
  checkFullError(*full, "Free space on the database server's disk");
  CHECK(acknowledged > 1);
  // A table's file is what could not grow (the server log, which grows too, still had room to say so).
  CHECK(cluster.serverLog().find("could not extend file \"pg_tblspc/") != std::string::npos);

  // Nothing half stored: the server holds exactly the envelopes it acknowledged, and still serves them.
  expectNoLossNoDuplicates(server, team.teamId());
  REQUIRE(reader.sync().ok());
  for (std::size_t i = 0; i < acknowledged; ++i) CHECK(reader.store->get(written[i]).ok());

  REQUIRE((tmpfs ? disk.grow() : fileLimit.lift()));
  REQUIRE(writer.sync().ok());
  REQUIRE(reader.sync().ok());
  for (const std::string& id : written) {
    INFO(id);
    CHECK(reader.store->get(id).ok());
  }
  CHECK(countRecords(*reader.store) == written.size());
  CHECK(stateOf(*reader.store) == stateOf(*writer.store));
  expectNoLossNoDuplicates(server, team.teamId());

  // The tablespace goes before its tmpfs does (DiskLimit unmounts it at the end of the scope).
  REQUIRE(server.kill(SIGTERM) == 0);
  cluster.psql("postgres", "DROP DATABASE " + database);
  cluster.psql("postgres", "DROP TABLESPACE " + database + "_space");
}
