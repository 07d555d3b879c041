// coach-syncd killed with SIGKILL at random moments while devices push: after each restart every envelope the
// server acknowledged is still there, nothing is stored twice, and the devices converge.
#include <catch2/catch.hpp>

#include <atomic>
#include <random>

#include "http_team.hpp"
#include "sync_world.hpp"

using namespace coach;
using namespace coach::test;

TEST_CASE("coach-syncd killed with SIGKILL during a stream of pushes loses no acknowledged envelope", "[syncd][crash]") {
#ifdef COACH_SANITIZED
  const int kills = 30;  // the sanitized server starts slower; the count is the minimum either way
#else
  const int kills = 40;
#endif
  TempDir dir;
  SyncdProcess server(dir.path() / "data");
  REQUIRE(server.start());
  server.keepPort();
  HttpTeam team(server);
  team.readTimeout = std::chrono::milliseconds(3000);  // a request cut off by a kill fails fast and is retried
  for (int i = 0; i < 3; ++i) team.add("writer" + std::to_string(i));

  // Each writer records notes and syncs in a loop; a note counts as acknowledged once a sync that began after
  // it was written has succeeded.
  std::atomic<bool> stop{false};
  std::atomic<int> successes{0};
  std::vector<std::vector<std::string>> acknowledged(team.devices().size());
  std::vector<int> failures(team.devices().size(), 0);
  std::vector<std::thread> writers;
  for (std::size_t w = 0; w < team.devices().size(); ++w) {
    writers.emplace_back([&, w] {
      HttpDevice& d = *team.devices()[w];
      const std::string p = mustAdd(*d.store, "participant", {{"name", "Crash " + d.name}, {"coach", d.name}});
      std::vector<std::string> written{p};
      for (int n = 0; !stop; ++n) {
        for (int k = 0; k < 3; ++k) {
          written.push_back(mustAdd(*d.store, "support_contact", {{"participant_id", p}, {"contact_on", "2026-03-02"},
                                                                  {"mode", "phone"}, {"type", "problem_solving"},
                                                                  {"note", d.name + " note " + std::to_string(n)}}));
        }
        sync::SyncOptions o;
        o.maxAttempts = 1;
        o.changesPerEnvelope = 2;  // many small envelopes: more moments to be killed in
        o.envelopesPerPush = 4;
        const std::size_t before = written.size();
        if (d.sync(o).ok()) {
          ++successes;
          acknowledged[w].assign(written.begin(), written.begin() + static_cast<std::ptrdiff_t>(before));
        } else {
          ++failures[w];
        }
        // A coach's pace, not a benchmark's: unthrottled writers (a failed sync while the server is down returns
        // at once; PostgreSQL with fsync off commits fast) piled up thousands of notes per restart, up to 60,000
        // envelopes, and the devices' final pulls took minutes.
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    });
  }
  std::mt19937 rng(20261122);
  // At least `kills` kills, and on until syncs have succeeded between kills often enough that there is something
  // to lose (a loaded machine makes syncs slower, not the test weaker).
  for (int k = 0; k < kills || (successes < 20 && k < 4 * kills); ++k) {
    std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(5, 120)(rng)));
    if (k % 3 == 0) {
      // Every third time, let a sync finish first, so acknowledged work piles up between the kills.
      const int seen = successes;
      for (int waited = 0; successes == seen && waited < 300; ++waited) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    server.kill(SIGKILL);
    std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(0, 30)(rng)));
    INFO("restart " << k << "\n" << server.log());
    REQUIRE(server.start());
  }
  stop = true;
  for (auto& t : writers) t.join();
  int totalFailures = 0;
  for (int f : failures) totalFailures += f;
  CHECK(totalFailures > 0);  // the kills did hit syncs in flight

  // Everyone syncs to the end; a device enrolled now must find every acknowledged note.
  for (int round = 0; round < 2; ++round) {
    for (auto& d : team.devices()) REQUIRE(d->sync().ok());
  }
  HttpDevice& fresh = team.add("auditor");
  REQUIRE(fresh.sync().ok());
  std::size_t checked = 0;
  for (const auto& list : acknowledged) {
    for (const std::string& id : list) {
      INFO(id);
      CHECK(fresh.store->get(id).ok());
      ++checked;
    }
  }
  CHECK(checked >= 20);
  const nlohmann::json reference = stateOf(*fresh.store);
  for (auto& d : team.devices()) CHECK(stateOf(*d->store) == reference);

  // Nothing stored twice: the log holds exactly one envelope per device sequence.
  std::uint64_t sequences = 0;
  for (const auto& device : admin(server, "devices --team " + team.teamId())) sequences += device["last_sequence"].get<std::uint64_t>();
  CHECK(admin(server, "stats")["envelopes"].get<std::uint64_t>() == sequences);
}
