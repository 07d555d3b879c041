// coach-syncd on PostgreSQL (docs/sync-server-postgres.md): two replicas on one database with devices pushing to
// both at once, then the same behind nginx as a round-robin load balancer; and the PostgreSQL counterparts of the
// SQLite-only tests of test_syncd_sync.cpp (a newer schema refused, nothing readable in the database, restore from
// pg_dump with admin after-restore, admin backup and restore refused with what to use instead).
#include <catch2/catch.hpp>

#include <thread>

#include "http_team.hpp"
#include "nginx_process.hpp"
#include "pg_cluster.hpp"
#include "sync_world.hpp"

using namespace coach;
using namespace coach::test;

namespace {

// A coach's morning: a participant and a support note with free text.
std::string pgWorkday(HttpDevice& d, const std::string& marker) {
  const std::string p = mustAdd(*d.store, "participant", {{"name", "Participant " + marker}, {"coach", d.name}});
  mustAdd(*d.store, "support_contact", {{"participant_id", p}, {"contact_on", "2026-03-02"}, {"mode", "face_to_face"},
                                        {"type", "on_site_coaching"}, {"note", "Note " + marker}});
  return p;
}

// Points the device at `url`: another replica, or the load balancer. Its token is valid on every replica.
void pointAt(HttpTeam& team, HttpDevice& d, const std::string& url) {
  HttpOptions o = team.options(d.enrolment.token);
  o.baseUrl = url;
  auto t = HttpTransport::create(o);
  REQUIRE(t.ok());
  d.transport = std::move(t).value();
}

// Every device writes a workday and then all sync at once, `rounds` times; `urlFor(device, round)` says where each
// device syncs that round. Then the devices must converge holding every participant, and the server must hold
// every envelope exactly once (its count equals the devices' chain lengths).
void busyDays(HttpTeam& team, const SyncdProcess& adminServer, int rounds,
              const std::function<std::string(std::size_t, int)>& urlFor) {
  auto& devices = team.devices();
  std::size_t written = devices.front()->store->list("participant", {}, false).value().size();  // converged before
  for (int round = 0; round < rounds; ++round) {
    std::vector<std::thread> threads;
    std::vector<Status> outcomes(devices.size());
    for (std::size_t i = 0; i < devices.size(); ++i) {
      pointAt(team, *devices[i], urlFor(i, round));
      pgWorkday(*devices[i], devices[i]->name + "-" + std::to_string(round));
      ++written;
      threads.emplace_back([&, i] {
        auto r = devices[i]->sync();
        outcomes[i] = r.ok() ? Status{} : Status{r.error()};
      });
    }
    for (auto& t : threads) t.join();
    for (std::size_t i = 0; i < devices.size(); ++i) {
      INFO(devices[i]->name << " in round " << round << ": " << (outcomes[i].ok() ? "" : outcomes[i].error().message));
      CHECK(outcomes[i].ok());
    }
  }
  for (int pass = 0; pass < 2; ++pass) {
    for (auto& d : devices) requireSynced(*d);
  }
  const nlohmann::json reference = stateOf(*devices.front()->store);
  for (auto& d : devices) {
    INFO(d->name);
    CHECK(stateOf(*d->store) == reference);
    CHECK(d->store->list("participant", {}, false).value().size() == written);
  }
  std::uint64_t chains = 0;
  for (const auto& d : admin(adminServer, "devices --team " + team.teamId())) chains += d["last_sequence"].get<std::uint64_t>();
  CHECK(admin(adminServer, "stats")["envelopes"].get<std::uint64_t>() == chains);
}

double requestsServed(const SyncdProcess& server, const std::string& route) {
  httplib::Client c(server.url());
  auto m = c.Get("/metrics");
  REQUIRE(m);
  double total = 0;
  const std::string prefix = "coach_syncd_requests_total{route=\"" + route + "\",status=\"200\"} ";
  for (std::size_t at = m->body.find(prefix); at != std::string::npos; at = m->body.find(prefix, at + 1)) {
    total += std::stod(m->body.substr(at + prefix.size()));
  }
  return total;
}

// Two replicas on one fresh database, started at the same moment.
struct Replicas {
  TempDir dir;
  std::string url = PgCluster::shared().createDatabase();
  SyncdProcess a{dir.path() / "a", {{"COACH_SYNCD_DATABASE_URL", url}, {"COACH_SYNCD_TRUSTED_PROXIES", "127.0.0.1"}}};
  SyncdProcess b{dir.path() / "b", {{"COACH_SYNCD_DATABASE_URL", url}, {"COACH_SYNCD_TRUSTED_PROXIES", "127.0.0.1"}}};
  Replicas() {
    bool startedA = false;
    bool startedB = false;
    std::thread other([&] { startedB = b.start(); });
    startedA = a.start();
    other.join();
    INFO(a.log() << b.log());
    REQUIRE(startedA);
    REQUIRE(startedB);
  }
  // The replica that created the team on the first start (exactly one did).
  SyncdProcess& founder() { return a.event("first_start").is_null() ? b : a; }
};

}  // namespace

TEST_CASE("Two coach-syncd replicas on one PostgreSQL database: devices pushing to both at once lose, duplicate and "
          "skip nothing and converge", "[syncd][postgresql][replicas]") {
  Replicas r;
  CHECK(r.a.event("first_start").is_null() != r.b.event("first_start").is_null());  // one team, made once
  CHECK(admin(r.a, "teams").size() == 1);
  HttpTeam team(r.founder());
  for (int i = 0; i < 4; ++i) team.add("coach" + std::to_string(i));
  // Each device changes replica every round; in every round both replicas take pushes and pulls at once.
  busyDays(team, r.a, 4, [&](std::size_t device, int round) {
    return (device + static_cast<std::size_t>(round)) % 2 == 0 ? r.a.url() : r.b.url();
  });
  CHECK(requestsServed(r.a, "/v1/push") > 0);
  CHECK(requestsServed(r.b, "/v1/push") > 0);
}

TEST_CASE("Behind nginx as a round-robin load balancer two replicas serve devices that converge, also when one "
          "replica stops", "[syncd][postgresql][replicas][nginx]") {
  Replicas r;
  HttpTeam team(r.founder());
  for (int i = 0; i < 3; ++i) team.add("coach" + std::to_string(i));
  NginxProcess nginx(r.dir.path() / "nginx", {r.a.port(), r.b.port()});
  INFO(nginx.log());
  REQUIRE(nginx.start());
  busyDays(team, r.a, 3, [&](std::size_t, int) { return nginx.url(); });
  CHECK(requestsServed(r.a, "/v1/push") > 0);  // round robin: both replicas took pushes
  CHECK(requestsServed(r.b, "/v1/push") > 0);

  // One replica goes away (a rolling upgrade): nginx passes its requests to the other, which the protocol allows
  // (a push is idempotent by device and sequence, so a retried push is never stored twice).
  REQUIRE(r.b.kill(SIGTERM) == 0);
  busyDays(team, r.a, 2, [&](std::size_t, int) { return nginx.url(); });
}

TEST_CASE("On PostgreSQL coach-syncd refuses a database of a newer version and names an unreachable server without "
          "its password", "[syncd][postgresql][lifecycle]") {
  TempDir dir;
  const std::string url = PgCluster::shared().createDatabase();
  {
    SyncdProcess first(dir.path() / "data", {{"COACH_SYNCD_DATABASE_URL", url}});
    REQUIRE(first.start());
    REQUIRE(first.kill(SIGTERM) == 0);
  }
  PgCluster::shared().psql(PgCluster::databaseOf(url), "UPDATE coach_schema SET version = 999");
  SyncdProcess newer(dir.path() / "data", {{"COACH_SYNCD_DATABASE_URL", url}});
  CHECK_FALSE(newer.start());
  CHECK(newer.log().find("newer coach-syncd") != std::string::npos);

  // A closed port: nothing listens on port 1 of 127.0.0.1.
  SyncdProcess unreachable(dir.path() / "other", {{"COACH_SYNCD_DATABASE_URL", "postgresql://coach:S3cretPassw0rd@127.0.0.1:1/coach"}});
  CHECK_FALSE(unreachable.start());
  CHECK(unreachable.log().find("127.0.0.1:1/coach cannot be reached") != std::string::npos);
  CHECK(unreachable.log().find("S3cretPassw0rd") == std::string::npos);
}

TEST_CASE("On PostgreSQL marker strings written on devices and device tokens appear nowhere in the database",
          "[syncd][postgresql][privacy]") {
  TempDir dir;
  const std::string url = PgCluster::shared().createDatabase();
  SyncdProcess server(dir.path() / "data", {{"COACH_SYNCD_DATABASE_URL", url}});
  REQUIRE(server.start());
  HttpTeam team(server);
  HttpDevice& a = team.add("a");
  HttpDevice& b = team.add("b");
  const std::string marker = "ZQXMARKER7731";
  for (int i = 0; i < 20; ++i) pgWorkday(a, marker + std::to_string(i));
  requireSynced(a);
  requireSynced(b);
  REQUIRE(b.store->list("participant", {}, false).value().size() == 20);
  const std::string dump = PgCluster::shared().dump(PgCluster::databaseOf(url));
  CHECK(dump.size() > 20 * 1000);  // the envelopes are there (as hex), just unreadable
  CHECK(dump.find(marker) == std::string::npos);
  CHECK(dump.find(crypto::toHex(crypto::ByteView(reinterpret_cast<const std::uint8_t*>(marker.data()), marker.size()))) ==
        std::string::npos);
  CHECK(dump.find(a.enrolment.token.substr(33)) == std::string::npos);  // a token's secret is stored hashed only
  CHECK(server.log().find(marker) == std::string::npos);
}

TEST_CASE("admin migrate-store copies a SQLite store into PostgreSQL and back with equal counts, refuses a non-empty "
          "target, and devices carry on against the copy", "[syncd][postgresql][migrate]") {
  TempDir dir;
  SyncdProcess sqlite(dir.path() / "data");
  REQUIRE(sqlite.start());
  HttpTeam team(sqlite);
  HttpDevice& a = team.add("a");
  HttpDevice& b = team.add("b");
  for (int i = 0; i < 5; ++i) pgWorkday(a, "before-" + std::to_string(i));
  requireSynced(a);
  requireSynced(b);
  admin(sqlite, "enrol-code --team " + team.teamId());  // an open code, copied too
  const nlohmann::json before = admin(sqlite, "stats");
  const std::string listen = "127.0.0.1:" + std::to_string(sqlite.port());
  REQUIRE(sqlite.kill(SIGTERM) == 0);

  const std::string url = PgCluster::shared().createDatabase();
  const std::string migrate = std::string(COACH_SYNCD_BINARY) + " admin --json migrate-store ";
  auto [rc, out] = runCommand(migrate + "--from sqlite:" + (dir.path() / "data").string() + " --to " + url);
  INFO(out);
  REQUIRE(rc == 0);
  const nlohmann::json copied = nlohmann::json::parse(out);
  CHECK(copied["source"] == copied["target"]);
  CHECK(copied["target"]["envelopes"] == before["envelopes"]);
  CHECK(copied["target"]["devices"] == 2);
  CHECK(copied["target"]["teams"] == 1);

  auto [again, refusal] = runCommand(migrate + "--from sqlite:" + (dir.path() / "data").string() + " --to " + url);
  CHECK(again != 0);
  CHECK(refusal.find("is not empty") != std::string::npos);

  {
    // The devices carry on against PostgreSQL at the same address: their tokens, chains and cursors moved along.
    SyncdProcess pg(dir.path() / "unused", {{"COACH_SYNCD_DATABASE_URL", url}, {"COACH_SYNCD_LISTEN", listen}});
    REQUIRE(pg.start());
    CHECK(pg.event("first_start").is_null());
    const std::string p = pgWorkday(a, "on-postgres");
    requireSynced(a);
    requireSynced(b);
    CHECK(b.store->get(p).ok());
    REQUIRE(pg.kill(SIGTERM) == 0);
  }

  auto [back, backOut] = runCommand(migrate + "--from " + url + " --to sqlite:" + (dir.path() / "back").string());
  INFO(backOut);
  REQUIRE(back == 0);
  const nlohmann::json returned = nlohmann::json::parse(backOut);
  CHECK(returned["source"] == returned["target"]);
  CHECK(returned["target"]["envelopes"].get<std::uint64_t>() > copied["target"]["envelopes"].get<std::uint64_t>());
  SyncdProcess sqliteAgain(dir.path() / "back", {{"COACH_SYNCD_LISTEN", listen}});
  REQUIRE(sqliteAgain.start());
  const std::string q = pgWorkday(b, "back-on-sqlite");
  requireSynced(b);
  requireSynced(a);
  CHECK(a.store->get(q).ok());
  CHECK(stateOf(*a.store) == stateOf(*b.store));
}

namespace {

// Snapshots off, as in test_syncd_sync's restore test: after the sequence jump caught-up devices would upload
// snapshots carrying the lost notes to a new device; this proves the resend of the log itself.
void pgSyncLogOnly(HttpDevice& d) {
  sync::SyncOptions o;
  o.snapshotInterval = 0;
  auto r = d.sync(o);
  INFO(d.name << ": " << (r.ok() ? "" : r.error().message));
  REQUIRE(r.ok());
}

}  // namespace

// The PostgreSQL counterpart of test_syncd_sync's "[restore][sqlite]" case: the admin's backup is pg_dump, the
// restore pg_restore into a new database of the same name, then `coach-syncd admin after-restore`
// (docs/sync-server-postgres.md, "Backup and restore"); coach-syncd refuses the restored database until then.
TEST_CASE("On PostgreSQL, after pg_restore of an older dump coach-syncd waits for admin after-restore, then every "
          "device resends what the server lost and a new device sees every acknowledged note",
          "[syncd][postgresql][restore]") {
  TempDir dir;
  const std::string url = PgCluster::shared().createDatabase();
  const std::string database = PgCluster::databaseOf(url);
  SyncdProcess server(dir.path() / "data", {{"COACH_SYNCD_DATABASE_URL", url}});
  REQUIRE(server.start());
  server.keepPort();
  HttpTeam team(server);
  HttpDevice& a = team.add("a");
  HttpDevice& b = team.add("b");
  HttpDevice& c = team.add("c");
  std::vector<std::string> acknowledged;
  for (HttpDevice* d : {&a, &b, &c}) {
    acknowledged.push_back(pgWorkday(*d, d->name + "-before-dump"));
    pgSyncLogOnly(*d);
  }
  const std::filesystem::path dump = dir.path() / "coach_syncd.dump";
  PgCluster::shared().dumpToFile(database, dump);  // while the server runs, as an admin's nightly dump
  for (int round = 0; round < 2; ++round) {        // acknowledged, then lost by the restore
    for (HttpDevice* d : {&a, &b}) {
      acknowledged.push_back(pgWorkday(*d, d->name + "-after-dump-" + std::to_string(round)));
      pgSyncLogOnly(*d);
    }
  }
  pgSyncLogOnly(c);  // c's cursor is now past everything the dump holds; c lost nothing of its own
  REQUIRE(server.kill(SIGTERM) == 0);
  PgCluster::shared().restoreFromFile(database, dump);
  // Forgetting the next step would leave c behind for good (its cursor is past the dump): coach-syncd notices the
  // restored database and refuses to serve it, changing nothing.
  CHECK_FALSE(server.start());
  CHECK(server.log().find("was restored from a dump or copied") != std::string::npos);
  CHECK(server.log().find("admin after-restore") != std::string::npos);
  CHECK(std::stoull(PgCluster::shared().psql(database, "SELECT max(last_server_seq) FROM team_head")) <
        (std::uint64_t{1} << 32));
  CHECK(admin(server, "after-restore")["sequences_moved"] == true);
  CHECK(std::stoull(PgCluster::shared().psql(database, "SELECT min(last_server_seq) FROM team_head")) >
        (std::uint64_t{1} << 32));
  REQUIRE(server.start());

  // Every device syncs again: a and b send their kept envelopes from the sequence the server expects, and c, whose
  // cursor is past the dump's head, still receives them (the sequences moved past it).
  acknowledged.push_back(pgWorkday(c, "c-after-restore"));
  pgSyncLogOnly(c);
  acknowledged.push_back(pgWorkday(a, "a-after-restore"));
  sync::SyncOptions logOnly;
  logOnly.snapshotInterval = 0;
  auto resentA = a.sync(logOnly);
  REQUIRE(resentA.ok());
  CHECK(resentA->envelopesResent == 4);  // two workdays after the dump, each a note's and an access event's envelope
  auto resentB = b.sync(logOnly);
  REQUIRE(resentB.ok());
  CHECK(resentB->envelopesResent == 4);
  pgSyncLogOnly(c);
  for (const std::string& p : acknowledged) {
    INFO(p);
    CHECK(c.store->get(p).ok());
  }
  HttpDevice& fresh = team.add("fresh");
  pgSyncLogOnly(fresh);
  for (const std::string& p : acknowledged) {
    INFO(p);
    auto rec = fresh.store->get(p);
    REQUIRE(rec.ok());
    CHECK_THAT(rec.value()["fields"]["name"].get<std::string>(), Catch::StartsWith("Participant "));
  }
  for (int pass = 0; pass < 2; ++pass) {
    for (auto& d : team.devices()) requireSynced(*d);  // snapshots allowed again
  }
  const nlohmann::json reference = stateOf(*a.store);
  for (auto& d : team.devices()) CHECK(stateOf(*d->store) == reference);
}

TEST_CASE("On PostgreSQL admin backup and restore refuse and name pg_dump, pg_restore and after-restore, and "
          "after-restore refuses a SQLite store",
          "[syncd][postgresql][restore]") {
  TempDir dir;
  const std::string url = PgCluster::shared().createDatabase();
  SyncdProcess server(dir.path() / "data", {{"COACH_SYNCD_DATABASE_URL", url}});
  REQUIRE(server.start());
  const std::string adminCmd =
      server.adminEnv() + COACH_SYNCD_BINARY + " admin --data " + server.dataDir().string() + " ";
  for (const std::string& command :
       {"backup " + (dir.path() / "b.db").string(), "restore " + (dir.path() / "b.db").string()}) {
    auto [rc, out] = runCommand(adminCmd + command);
    INFO(command << ": " << out);
    CHECK(rc != 0);
    CHECK(out.find("PostgreSQL") != std::string::npos);
    CHECK(out.find("pg_dump") != std::string::npos);
    CHECK(out.find("after-restore") != std::string::npos);
    CHECK(out.find("postgresql://") == std::string::npos);  // the URL (a password, in production) is not echoed
  }
  CHECK_FALSE(std::filesystem::exists(dir.path() / "b.db"));

  TempDir sqliteDir;
  auto [rc, out] = runCommand(std::string(COACH_SYNCD_BINARY) + " admin --data " +
                              (sqliteDir.path() / "data").string() + " after-restore");
  INFO(out);
  CHECK(rc != 0);
  CHECK(out.find("'coach-syncd admin restore' does it") != std::string::npos);
}
