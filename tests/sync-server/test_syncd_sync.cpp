// Devices syncing through the real coach-syncd process on a loopback port: they converge, the data survives a
// restart, the server stops cleanly on SIGTERM, and nothing a coach wrote appears in the server's files or logs.
#include <chrono>
#include <thread>

#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <fstream>
#include <random>

#include "http_team.hpp"
#include "syncd_raw.hpp"
#include "sync_world.hpp"

using namespace coach;
using namespace coach::test;

namespace {

void requireConverged(HttpTeam& team) {
  for (int round = 0; round < 2; ++round) {
    for (auto& d : team.devices()) requireSynced(*d);
  }
  const nlohmann::json reference = stateOf(*team.devices().front()->store);
  for (auto& d : team.devices()) {
    INFO(d->name);
    CHECK(stateOf(*d->store) == reference);
  }
}

// A coach's morning: a participant, an employer contact and a support note with free text.
std::string workday(HttpDevice& d, const std::string& marker) {
  const std::string p = mustAdd(*d.store, "participant", {{"name", "Participant " + marker}, {"coach", d.name}});
  mustAdd(*d.store, "support_contact", {{"participant_id", p}, {"contact_on", "2026-03-02"}, {"mode", "face_to_face"},
                                        {"type", "on_site_coaching"}, {"note", "Note " + marker}});
  return p;
}

std::string readAll(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("Two devices sync through coach-syncd over HTTP and converge", "[syncd][sync]") {
  TempDir dir;
  SyncdProcess server(dir.path() / "data");
  REQUIRE(server.start());
  HttpTeam team(server);
  HttpDevice& marieke = team.add("marieke");
  HttpDevice& youssef = team.add("youssef");
  const std::string p = workday(marieke, "m1");
  requireSynced(marieke);
  auto pulled = youssef.sync();
  REQUIRE(pulled.ok());
  CHECK(pulled->totals.changesPulled > 0);
  REQUIRE(youssef.store->get(p).ok());
  REQUIRE(youssef.store->update(p, {{"name", "Renamed by Youssef"}}).ok());
  requireConverged(team);
  CHECK(marieke.store->get(p).value()["fields"]["name"] == "Renamed by Youssef");
}

TEST_CASE("Five devices writing concurrently through coach-syncd converge", "[syncd][sync]") {
  TempDir dir;
  SyncdProcess server(dir.path() / "data");
  REQUIRE(server.start());
  HttpTeam team(server);
  for (int i = 0; i < 5; ++i) team.add("coach" + std::to_string(i));
  std::mt19937 rng(42);
  std::vector<std::string> participants;
  for (int round = 0; round < 4; ++round) {
    std::vector<std::thread> threads;
    for (auto& d : team.devices()) {
      const std::string p = workday(*d, d->name + "-" + std::to_string(round));
      participants.push_back(p);
      threads.emplace_back([&dev = *d] { (void)dev.sync(); });
    }
    for (auto& t : threads) t.join();
    // Concurrent edits of one participant's name by everyone: one value wins everywhere, the rest are conflicts.
    const std::string shared = participants[rng() % participants.size()];
    for (auto& d : team.devices()) {
      if (d->store->get(shared).ok()) (void)d->store->update(shared, {{"name", "Name by " + d->name}});
    }
  }
  requireConverged(team);
}

TEST_CASE("Everything acknowledged survives a restart of coach-syncd, and SIGTERM stops it cleanly", "[syncd][sync][lifecycle]") {
  TempDir dir;
  SyncdProcess server(dir.path() / "data");
  REQUIRE(server.start());
  HttpTeam team(server);
  HttpDevice& a = team.add("a");
  for (int i = 0; i < 20; ++i) workday(a, "restart" + std::to_string(i));
  requireSynced(a);
  const auto before = admin(server, "stats");

  const auto stopAsked = std::chrono::steady_clock::now();
  const int status = server.kill(SIGTERM);
  const auto stopTook = std::chrono::steady_clock::now() - stopAsked;
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK(stopTook < std::chrono::seconds(5));  // the promise to admins (docs/coach-syncd.md), not a speed goal
  CHECK(server.event("stopped")["clean"] == true);

  server.keepPort();
  REQUIRE(server.start());
  CHECK(server.event("first_start").is_null());  // the team exists: no second team, no new code
  CHECK(admin(server, "stats") == before);
  HttpDevice& b = team.add("b");
  requireSynced(b);
  requireConverged(team);
}

TEST_CASE("Marker strings written on devices appear nowhere in the server's files or logs", "[syncd][privacy][sqlite]") {
  TempDir dir;
  SyncdProcess server(dir.path() / "data");
  REQUIRE(server.start());
  HttpTeam team(server);
  HttpDevice& a = team.add("a");
  HttpDevice& b = team.add("b");
  const std::string marker = "ZQXMARKER7731";
  for (int i = 0; i < 50; ++i) workday(a, marker + std::to_string(i));
  requireSynced(a);
  requireSynced(b);
  REQUIRE(b.store->list("participant", {}, false).value().size() == 50);
  REQUIRE(server.kill(SIGTERM) == 0);  // wait status 0: exited with 0
  std::size_t scanned = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(server.dataDir())) {
    if (!entry.is_regular_file()) continue;
    const std::string bytes = readAll(entry.path());
    scanned += bytes.size();
    INFO(entry.path());
    CHECK(bytes.find(marker) == std::string::npos);
    CHECK(bytes.find(a.enrolment.token.substr(33)) == std::string::npos);  // a token's secret is stored hashed only
  }
  CHECK(scanned > 50 * 500);  // the envelopes are there, just unreadable
  const std::string log = server.log();
  CHECK(log.find(marker) == std::string::npos);
  CHECK(log.find(a.enrolment.token) == std::string::npos);
  CHECK(log.find(b.enrolment.token) == std::string::npos);
}

TEST_CASE("coach-syncd's operations endpoints: health, readiness and Prometheus metrics", "[syncd][ops]") {
  TempDir dir;
  SyncdProcess server(dir.path() / "data");
  REQUIRE(server.start());
  HttpTeam team(server);
  HttpDevice& a = team.add("a");
  workday(a, "metrics");
  requireSynced(a);
  httplib::Client c(server.url());
  auto health = c.Get("/healthz");
  REQUIRE(health);
  CHECK(health->status == 200);
  auto ready = c.Get("/readyz");
  REQUIRE(ready);
  CHECK(ready->status == 200);
  // A request is counted once its answer has gone out (cpp-httplib's logger): the device's last pull may be
  // counted a moment after the device read its answer, so the test asks again for up to two seconds.
  const std::string pullBucket = "coach_syncd_request_duration_seconds_bucket{route=\"/v1/pull\",le=\"+Inf\"}";
  auto metrics = c.Get("/metrics");
  for (int i = 0; i < 40 && metrics && metrics->body.find(pullBucket) == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    metrics = c.Get("/metrics");
  }
  REQUIRE(metrics);
  CHECK(metrics->status == 200);
  CHECK(metrics->body.find("coach_syncd_requests_total{route=\"/v1/push\",status=\"200\"} ") != std::string::npos);
  CHECK(metrics->body.find(pullBucket) != std::string::npos);
  // The participant's envelope and the team's with the access event of the write (docs/access-log.md).
  CHECK(metrics->body.find("coach_syncd_envelopes_stored 2") != std::string::npos);
  CHECK(metrics->body.find("coach_syncd_devices_active 1") != std::string::npos);
  // Every request was logged as one JSON line, without its body.
  const auto request = server.event("request");
  REQUIRE(request.is_object());
  CHECK(request.contains("route"));
  CHECK(request.contains("status"));
}

TEST_CASE("coach-syncd refuses to start on a data directory another instance uses, or a store from a newer version", "[syncd][lifecycle][sqlite]") {
  TempDir dir;
  SyncdProcess first(dir.path() / "data");
  REQUIRE(first.start());
  SyncdProcess second(dir.path() / "data");
  CHECK_FALSE(second.start());
  CHECK(second.log().find("in use by a running coach-syncd") != std::string::npos);
  REQUIRE(first.kill(SIGTERM) == 0);

  {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open((dir.path() / "data" / "syncd.db").c_str(), &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, "PRAGMA user_version = 999", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
  }
  SyncdProcess newer(dir.path() / "data");
  CHECK_FALSE(newer.start());
  CHECK(newer.log().find("newer") != std::string::npos);
}

namespace {

// Snapshots off: after a restore the server's sequence jump makes caught-up devices upload snapshots of their
// state, which would also carry lost notes to a new device; this test proves the resend of the log itself.
sync::SyncOptions logOnly() {
  sync::SyncOptions o;
  o.snapshotInterval = 0;
  return o;
}

void syncLogOnly(HttpDevice& d) {
  auto r = d.sync(logOnly());
  INFO(d.name << ": " << (r.ok() ? "" : r.error().message));
  REQUIRE(r.ok());
}

}  // namespace

TEST_CASE("After a restore from an older backup, every device resends what the server lost and a new device sees every acknowledged note", "[syncd][restore][sqlite]") {
  TempDir dir;
  SyncdProcess server(dir.path() / "data");
  REQUIRE(server.start());
  server.keepPort();
  HttpTeam team(server);
  HttpDevice& a = team.add("a");
  HttpDevice& b = team.add("b");
  HttpDevice& c = team.add("c");
  std::vector<std::string> acknowledged;
  for (HttpDevice* d : {&a, &b, &c}) {
    acknowledged.push_back(workday(*d, d->name + "-before-backup"));
    syncLogOnly(*d);
  }
  const std::string backup = (dir.path() / "backup.db").string();
  admin(server, "backup " + backup);
  for (int round = 0; round < 2; ++round) {  // acknowledged, then lost by the restore
    for (HttpDevice* d : {&a, &b}) {
      acknowledged.push_back(workday(*d, d->name + "-after-backup-" + std::to_string(round)));
      syncLogOnly(*d);
    }
  }
  syncLogOnly(c);  // c's cursor is now past everything the backup holds; c lost nothing of its own
  REQUIRE(server.kill(SIGTERM) == 0);
  admin(server, "restore " + backup);
  REQUIRE(server.start());

  // Every device syncs again: a and b send their kept envelopes from the sequence the server expects.
  acknowledged.push_back(workday(c, "c-after-restore"));
  syncLogOnly(c);
  acknowledged.push_back(workday(a, "a-after-restore"));
  auto resentA = a.sync(logOnly());
  REQUIRE(resentA.ok());
  // Two rounds after the backup, each one envelope of the note and one of the access log (team shard).
  CHECK(resentA->envelopesResent == 4);
  auto resentB = b.sync(logOnly());
  REQUIRE(resentB.ok());
  CHECK(resentB->envelopesResent == 4);
  syncLogOnly(c);
  for (const std::string& p : acknowledged) {
    INFO(p);
    CHECK(c.store->get(p).ok());
  }

  HttpDevice& fresh = team.add("fresh");
  syncLogOnly(fresh);
  for (const std::string& p : acknowledged) {
    INFO(p);
    auto rec = fresh.store->get(p);
    REQUIRE(rec.ok());
    CHECK_THAT(rec.value()["fields"]["name"].get<std::string>(), Catch::StartsWith("Participant "));
  }
  requireConverged(team);  // snapshots allowed again
}
