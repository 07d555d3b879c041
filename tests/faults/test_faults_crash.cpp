// Crash faults: coach-syncd and a device process (coach-faults-device) are each killed with SIGKILL at seeded
// random moments while devices write and sync, and restarted. Afterwards everything is restarted and synced:
// every device converges, every note the device process committed (it prints each one after its commit) and
// every note an in-process device saw acknowledged is everywhere, no note exists twice, and the server holds
// every device's envelopes exactly once per sequence with none missing.
//
// COACH_RELIABILITY_KILLS (default 10 here; scripts/reliability runs 100) is the number of kills of each;
// COACH_FAULT_SEED changes the moments.
#include <catch2/catch.hpp>

#include <atomic>
#include <random>
#include <set>
#include <sstream>

#include "child_process.hpp"
#include "faults_support.hpp"
#include "sync_world.hpp"

using namespace coach;
using namespace coach::test;

namespace {

std::int64_t realNow() { return SystemClock().nowMillis(); }

// The in-process devices record notes and sync in a loop; a note counts as acknowledged once a sync that
// began after it was written succeeded.
struct Writers {
  std::atomic<bool> stop{false};
  std::atomic<int> successes{0};
  std::vector<std::vector<std::string>> acknowledged;
  std::vector<std::thread> threads;

  void start(std::vector<HttpDevice*> devices) {
    acknowledged.resize(devices.size());
    for (std::size_t w = 0; w < devices.size(); ++w) {
      threads.emplace_back([this, w, d = devices[w]] {
        const std::string p = mustAdd(*d->store, "participant", {{"name", "Crash " + d->name}, {"coach", d->name}});
        std::vector<std::string> written{p};
        for (int n = 0; !stop; ++n) {
          d->clock.set(realNow());
          written.push_back(mustAdd(*d->store, "support_contact", {{"participant_id", p}, {"contact_on", "2026-03-02"},
                                                                   {"mode", "phone"}, {"type", "problem_solving"},
                                                                   {"note", d->name + " note " + std::to_string(n)}}));
          sync::SyncOptions o;
          o.maxAttempts = 1;
          o.changesPerEnvelope = 2;
          const std::size_t before = written.size();
          if (d->sync(o).ok()) {
            ++successes;
            acknowledged[w].assign(written.begin(), written.begin() + static_cast<std::ptrdiff_t>(before));
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

// "wrote <n> <id>" lines of the device process: n -> id.
std::map<long, std::string> committedNotes(const std::vector<std::string>& lines) {
  std::map<long, std::string> notes;
  for (const std::string& line : lines) {
    std::istringstream in(line);
    std::string word, id;
    long n = 0;
    if (in >> word >> n >> id && word == "wrote") notes[n] = id;
  }
  return notes;
}

std::string lastLine(const std::vector<std::string>& lines) { return lines.empty() ? "(no output)" : lines.back(); }

int syncedCount(const std::vector<std::string>& lines) {
  return static_cast<int>(std::count(lines.begin(), lines.end(), "synced ok"));
}

// Opens the device process's profile in this process (after its last kill) with the server's address.
void adoptProfile(HttpTeam& team, HttpDevice& d) {
  d.clock.set(realNow());
  auto opened = Store::openProfile(d.options(), d.keys);
  INFO((opened.ok() ? "" : opened.error().message));
  REQUIRE(opened.ok());
  d.store = std::move(opened).value();
  team.connect(d);
}

// Kills the server or the device process at seeded moments until each was killed `kills` times, restarting
// each at once. Returns the two counts.
std::pair<std::uint64_t, std::uint64_t> killAtRandom(SyncdProcess& server, ChildProcess& device, std::uint64_t kills,
                                                     std::mt19937_64& rng) {
  std::uint64_t serverKills = 0, deviceKills = 0;
  while (serverKills < kills || deviceKills < kills) {
    std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(10, 250)(rng)));
    const bool killServer = deviceKills >= kills || (serverKills < kills && rng() % 2 == 0);
    if (killServer) {
      server.kill(SIGKILL);
      ++serverKills;
      std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(0, 30)(rng)));
      INFO("restart " << serverKills << "\n" << server.log());
      REQUIRE(server.start());
    } else {
      // Every third time the device gets to finish a sync first, so acknowledged work piles up between kills.
      if (deviceKills % 3 == 0) {
        const int seen = syncedCount(device.lines());
        device.waitForLines([&](const auto& l) { return syncedCount(l) > seen; }, std::chrono::seconds(10));
      }
      const int status = device.kill(SIGKILL);
      INFO("the device process ended by itself before the kill:\n" << lastLine(device.lines()));
      REQUIRE((WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL));
      ++deviceKills;
      REQUIRE(device.start());
    }
  }
  return {serverKills, deviceKills};
}

}  // namespace

TEST_CASE("SIGKILL of coach-syncd and of a device process at random moments loses nothing and doubles nothing",
          "[faults][crash][syncd]") {
  const std::uint64_t kills = envNumber("COACH_RELIABILITY_KILLS", 10);
  std::mt19937_64 rng(envNumber("COACH_FAULT_SEED", 20261122));
  TempDir dir;
  SyncdProcess server(dir.path() / "data", {{"COACH_SYNCD_DEVICE_RATE", "100000"}, {"COACH_SYNCD_DEVICE_BURST", "100000"}});
  REQUIRE(server.start());
  server.keepPort();
  HttpTeam team(server);
  team.readTimeout = std::chrono::milliseconds(3000);
  std::vector<HttpDevice*> inProcess{&team.add("writer0"), &team.add("writer1")};

  // The device process's profile: made, enrolled and joined here, then closed and handed to the process.
  HttpDevice& child = team.add("killed");
  const std::string participant = mustAdd(*child.store, "participant", {{"name", "Crash child"}, {"coach", "killed"}});
  REQUIRE(child.store->putSetting("faults.server", server.url()).ok());
  REQUIRE(child.store->putSetting("faults.token", child.enrolment.token, SettingKind::Secret).ok());
  child.store.reset();
  child.transport.reset();
  ChildProcess device({COACH_FAULTS_DEVICE_BINARY, (child.dir.path() / "profile.db").string(), "killed", participant});
  REQUIRE(device.start());

  Writers writers;
  writers.start(inProcess);
  const auto [serverKills, deviceKills] = killAtRandom(server, device, kills, rng);
  device.kill(SIGKILL);
  writers.join();
  const auto lines = device.lines();
  WARN(serverKills << " server kills, " << deviceKills << " device kills; the device process synced " << syncedCount(lines)
                   << " times in " << device.starts() << " lives; in-process syncs between kills: " << writers.successes);
  CHECK(syncedCount(lines) > 0);

  // Everything restarted: the process's profile opened here, everyone synced until quiet, plus a newcomer.
  adoptProfile(team, child);
  for (int pass = 0; pass < 2; ++pass) {
    for (auto& d : team.devices()) {
      d->clock.set(realNow());
      auto r = d->sync();
      INFO(d->name << ": " << (r.ok() ? "" : r.error().message));
      REQUIRE(r.ok());
    }
  }
  HttpDevice& auditor = team.add("auditor");
  auditor.clock.set(realNow());
  REQUIRE(auditor.sync().ok());

  const std::map<long, std::string> committed = committedNotes(lines);
  CHECK(committed.size() >= 3 * kills);
  for (const auto& [n, id] : committed) {
    auto r = auditor.store->get(id);
    INFO("note " << n << " of the device process, record " << id);
    REQUIRE(r.ok());
    CHECK((*r)["fields"]["note"] == "killed note " + std::to_string(n));
  }
  std::multiset<std::string> notes;
  const auto contacts = auditor.store->list("support_contact", {{"participant_id", participant}}, true);
  REQUIRE(contacts.ok());
  for (const auto& r : contacts.value()) {
    notes.insert(r["fields"]["note"].get<std::string>());
  }
  for (const std::string& note : notes) {
    INFO(note);
    CHECK(notes.count(note) == 1);
  }
  for (const auto& list : writers.acknowledged) {
    for (const std::string& id : list) CHECK(auditor.store->get(id).ok());
  }
  const nlohmann::json reference = stateOf(*auditor.store);
  for (auto& d : team.devices()) CHECK(stateOf(*d->store) == reference);
  expectNoLossNoDuplicates(server, team.teamId());
}
