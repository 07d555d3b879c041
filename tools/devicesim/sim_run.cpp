// sim_run.cpp: see sim_run.hpp.
#include "sim_run.hpp"

#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <stdexcept>
#include <thread>

#include "../bench/syncd_child.hpp"
#include "coach/sync.hpp"
#include "sim_device.hpp"
#include "sim_stats.hpp"

namespace coach::devicesim {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

// CPU time (user + system, s) of this process, and of the server when it runs here.
double ownCpu() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}
double serverCpu(pid_t pid) { return pid > 0 ? bench::cpuSeconds(pid) : 0.0; }

// Nanoseconds a thread spent runnable but waiting for a CPU (the second field of the kernel's schedstat): on a
// shared machine, the part of a sync's latency that is neither the devices' work nor the server's.
std::uint64_t waitNanos(const std::filesystem::path& schedstat) {
  std::ifstream in(schedstat);
  std::uint64_t running = 0, waiting = 0;
  return in >> running >> waiting ? waiting : 0;
}
std::uint64_t ownWaitNanos() { return waitNanos("/proc/thread-self/schedstat"); }
// The same, summed over the server's threads (they live as long as the server).
double serverWaitSeconds(pid_t pid) {
  if (pid <= 0) return 0;
  std::uint64_t sum = 0;
  std::error_code ec;
  for (const auto& task : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task", ec)) {
    sum += waitNanos(task.path() / "schedstat");
  }
  return static_cast<double>(sum) / 1e9;
}

// Runs fn(i) for i in [0, n) on `threads` threads.
template <class Fn>
void parallelFor(std::size_t n, unsigned threads, Fn&& fn) {
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < std::max(1u, threads); ++t) {
    pool.emplace_back([&] {
      for (std::size_t i; (i = next++) < n;) fn(i);
    });
  }
  for (auto& t : pool) t.join();
}

Status recordSteps(SimDevice& d, int n) {
  for (int i = 0; i < n; ++i) COACH_TRY(recordStep(d));
  return {};
}

void timedSync(SimDevice& d, SyncStats& stats) {
  const auto t0 = Clock::now();
  sync::SyncClient client(*d.store, *d.transport);
  auto r = client.sync();
  stats.sync(msSince(t0), r, d.name);
}

// Every device's profile, enrolment and keys; each team's lead first (it creates the team's keys), then the
// others in parallel. Burst mode records the week's work here, before the clock starts.
std::vector<SimDevice> setUp(const RunOptions& o, const HttpOptions& server, const std::vector<std::vector<std::string>>& codes,
                             const std::string& dir) {
  std::vector<std::pair<int, std::size_t>> slots;  // (team, member)
  for (std::size_t member = 0;; ++member) {
    const std::size_t before = slots.size();
    for (int t = 0; t < o.teams; ++t) {
      if (member < codes[static_cast<std::size_t>(t)].size()) slots.emplace_back(t, member);
    }
    if (slots.size() == before) break;
  }
  std::vector<std::optional<SimDevice>> made(slots.size());
  std::mutex mu;
  std::string failure;
  auto make = [&](std::size_t i) {
    const auto [team, member] = slots[i];
    const std::string name = "t" + std::to_string(team) + "d" + std::to_string(member);
    // Team t's lead is slot t (member 0), made before every other member.
    SimDevice* lead = member == 0 ? nullptr : &*made[static_cast<std::size_t>(team)];
    auto d = makeDevice(name, team, dir, server, codes[static_cast<std::size_t>(team)][member], lead,
                        static_cast<std::uint32_t>(i + 1));
    Status s = d.ok() && o.mode == "burst" ? recordSteps(d.value(), o.changes) : Status{};
    std::lock_guard lock(mu);
    if (!d.ok() || !s.ok()) {
      failure = name + ": " + (d.ok() ? s.error().message : d.error().message);
      return;
    }
    made[i].emplace(std::move(d).value());
  };
  const auto leads = static_cast<std::size_t>(o.teams);
  parallelFor(leads, 4, make);
  if (failure.empty()) parallelFor(slots.size() - leads, 4, [&](std::size_t i) { make(leads + i); });
  if (!failure.empty()) throw std::runtime_error("setting up device " + failure);
  std::vector<SimDevice> fleet;
  for (auto& d : made) fleet.push_back(std::move(*d));
  return fleet;
}

void runRounds(const RunOptions& o, std::vector<SimDevice>& fleet, SyncStats& stats) {
  std::vector<std::thread> threads;
  for (SimDevice& d : fleet) {
    threads.emplace_back([&, dev = &d] {
      for (int round = 0; round < o.rounds; ++round) {
        if (Status s = recordSteps(*dev, o.steps); !s.ok()) return stats.failed(dev->name, s.error().message);
        timedSync(*dev, stats);
      }
    });
  }
  for (auto& t : threads) t.join();
}

void runLoop(const RunOptions& o, std::vector<SimDevice>& fleet, SyncStats& stats, std::atomic<std::uint64_t>& waited) {
  const auto deadline = Clock::now() + std::chrono::seconds(o.durationSeconds);
  std::vector<std::thread> threads;
  for (SimDevice& d : fleet) {
    threads.emplace_back([&, dev = &d] {
      const std::uint64_t wait0 = ownWaitNanos();
      struct AddWait {
        std::atomic<std::uint64_t>& to;
        std::uint64_t from;
        ~AddWait() { to += ownWaitNanos() - from; }
      } addWait{waited, wait0};
      std::uniform_real_distribution<double> jitter(0.5, 1.5), first(0.0, 1.0);
      auto next = Clock::now() + std::chrono::microseconds(static_cast<long>(first(dev->rng) * o.intervalMs * 1000));
      while (true) {
        std::this_thread::sleep_until(next);
        if (Clock::now() >= deadline) return;
        if (Status s = recordSteps(*dev, o.steps); !s.ok()) return stats.failed(dev->name, s.error().message);
        timedSync(*dev, stats);
        next = Clock::now() + std::chrono::microseconds(static_cast<long>(jitter(dev->rng) * o.intervalMs * 1000));
      }
    });
  }
  for (auto& t : threads) t.join();
}

// All devices start their sync within rampMs of one moment; what the Monday-morning goal measures.
json runBurst(const RunOptions& o, std::vector<SimDevice>& fleet, SyncStats& stats, std::atomic<std::uint64_t>& waited) {
  const auto t0 = Clock::now() + std::chrono::milliseconds(500 + fleet.size() / 4);  // every thread is waiting by then
  std::vector<double> startMs(fleet.size()), endMs(fleet.size());
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < fleet.size(); ++i) {
    threads.emplace_back([&, i] {
      SimDevice& d = fleet[i];
      std::uniform_int_distribution<int> offset(0, std::max(0, o.rampMs));
      std::this_thread::sleep_until(t0 + std::chrono::milliseconds(offset(d.rng)));
      startMs[i] = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
      const std::uint64_t wait0 = ownWaitNanos();
      timedSync(d, stats);
      waited += ownWaitNanos() - wait0;
      endMs[i] = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    });
  }
  for (auto& t : threads) t.join();
  const double lastStart = *std::max_element(startMs.begin(), startMs.end());
  const double firstStart = *std::min_element(startMs.begin(), startMs.end());
  const double allDone = *std::max_element(endMs.begin(), endMs.end());
  return {{"first_start_ms", firstStart}, {"last_start_ms", lastStart}, {"all_done_seconds", allDone / 1000.0}};
}

// Every device syncs, team by team in order, twice: afterwards each holds what every device pushed.
std::uint64_t quiet(std::vector<SimDevice>& fleet, int teams, SyncStats& quietStats) {
  parallelFor(static_cast<std::size_t>(teams), 2, [&](std::size_t team) {
    for (int pass = 0; pass < 2; ++pass) {
      for (SimDevice& d : fleet) {
        if (static_cast<std::size_t>(d.team) == team) timedSync(d, quietStats);
      }
    }
  });
  return quietStats.errors;
}

}  // namespace

json runFleet(const RunOptions& o, const HttpOptions& server, const std::vector<std::vector<std::string>>& teamCodes,
              const std::string& profilesDir, pid_t serverPid) {
  std::error_code ec;
  std::filesystem::create_directories(profilesDir, ec);
  const auto setupStart = Clock::now();
  std::vector<SimDevice> fleet = setUp(o, server, teamCodes, profilesDir);
  const double setupSeconds = msSince(setupStart) / 1000.0;

  SyncStats stats;
  MemorySampler memory(serverPid, server.baseUrl);
  memory.start();
  const double devicesCpu0 = ownCpu(), serverCpu0 = serverCpu(serverPid), serverWait0 = serverWaitSeconds(serverPid);
  std::atomic<std::uint64_t> devicesWaited{0};
  const auto started = Clock::now();
  json burst;
  if (o.mode == "loop") {
    runLoop(o, fleet, stats, devicesWaited);
  } else if (o.mode == "burst") {
    burst = runBurst(o, fleet, stats, devicesWaited);
  } else {
    runRounds(o, fleet, stats);
  }
  const double seconds = msSince(started) / 1000.0;
  const double devicesCpu = ownCpu() - devicesCpu0, serverCpuRun = serverCpu(serverPid) - serverCpu0;
  json serverJson{{"memory", memory.stop()}, {"view", serverView(server.baseUrl)}};
  // While the workload ran: how much CPU the devices and the server asked of the machine.
  if (serverPid > 0) serverJson["cpu_seconds_run"] = serverCpuRun;
  if (serverPid > 0) serverJson["cpu_wait_seconds_run"] = serverWaitSeconds(serverPid) - serverWait0;

  SyncStats quietStats;
  const std::uint64_t quietErrors = quiet(fleet, o.teams, quietStats);
  std::map<int, std::string> reference;
  bool converged = true;
  for (SimDevice& d : fleet) {
    const std::string mine = digest(*d.store);
    converged = converged && reference.emplace(d.team, mine).first->second == mine;
  }
  const double syncs = static_cast<double>(stats.latenciesMs.size());
  json summary{{"mode", o.mode},
               {"devices", fleet.size()},
               {"teams", o.teams},
               {"setup_seconds", setupSeconds},
               {"seconds", seconds},
               {"syncs", stats.latenciesMs.size()},
               {"syncs_per_second", syncs / seconds},
               {"errors", stats.errors},
               {"quiet_errors", quietErrors},
               {"error_samples", stats.errorSamples},
               {"changes_pushed", stats.changesPushed},
               {"changes_pulled", stats.changesPulled},
               {"sync_ms_p50", percentile(stats.latenciesMs, 0.50)},
               {"sync_ms_p90", percentile(stats.latenciesMs, 0.90)},
               {"sync_ms_p99", percentile(stats.latenciesMs, 0.99)},
               {"sync_ms_max", percentile(stats.latenciesMs, 1.0)},
               {"converged", converged},
               {"devices_cpu_seconds_run", devicesCpu},
               {"devices_cpu_wait_seconds_run", static_cast<double>(devicesWaited.load()) / 1e9},
               {"server", serverJson}};
  for (const auto& s : quietStats.errorSamples) summary["error_samples"].push_back("until quiet: " + s);
  if (o.mode == "burst") summary["burst"] = burst;
  return summary;
}

}  // namespace coach::devicesim
