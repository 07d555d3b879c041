// coach-devicesim: simulated coaches' devices syncing with a real coach-syncd over HTTP(S) (docs/tools.md).
//
// Each device is a real encrypted profile in a temporary directory, enrolled with its own one-time code; a
// team's first device creates the team's keys and the others join with them (key grants between devices come
// with issue 5). Three workloads (sim_run.cpp), every sync timed:
//   rounds  every device records a coach's day (`--steps` changes) and syncs, `--rounds` times, all at once;
//   loop    every device records a step or two and syncs every `--interval` ms (jittered) for `--duration` s;
//   burst   every device records a week's work offline (`--changes`), then all start their sync within `--ramp`
//           ms (Monday morning at the office); "all done" is when the last one finished.
// At the end every device syncs until quiet and each team's devices must hold the same state (--check makes a
// difference a failure). Prints one JSON summary: throughput, sync latency percentiles, errors, convergence,
// the server's resident memory (/proc when this program started the server with --syncd, else /metrics) and
// its own time per request. Exit status 0 only without errors (and converged, with --check).
//
// With --syncd PATH it starts that coach-syncd on a free loopback port with a new data directory, makes
// `--teams` teams and the codes with `coach-syncd admin`, and stops it at the end: one command per scenario.
#include <sqlite3.h>
#include <sys/resource.h>

#include <cstdio>
#include <filesystem>

#include <CLI/CLI.hpp>

#include "../bench/syncd_child.hpp"
#include "sim_run.hpp"

namespace {

using namespace coach;
using namespace coach::devicesim;
using nlohmann::json;

double cpuSelf() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// Team t's codes: the lead's first. From the server started here, or (one team) from --code.
std::vector<std::vector<std::string>> codesFor(const bench::Syncd* syncd, const std::vector<std::string>& given,
                                              int devices, int teams) {
  std::vector<std::vector<std::string>> codes(static_cast<std::size_t>(teams));
  if (syncd == nullptr) {
    codes[0].assign(given.begin(), given.begin() + devices);
    return codes;
  }
  for (int t = 0; t < teams; ++t) {
    const int members = devices / teams + (t < devices % teams ? 1 : 0);
    auto& mine = codes[static_cast<std::size_t>(t)];
    std::string team = syncd->team();
    if (t == 0) {
      mine.push_back(syncd->firstCode());
    } else {
      team = syncd->createTeam("simulated team " + std::to_string(t));
      mine.push_back(syncd->enrolCodes(team, 1, true).front());
    }
    if (members > 1) {
      for (auto& c : syncd->enrolCodes(team, members - 1, false)) mine.push_back(std::move(c));
    }
  }
  return codes;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"coach-devicesim: simulated coaches' devices syncing with a coach-syncd"};
  RunOptions o;
  std::string server, caFile, syncdPath, dataDir;
  std::vector<std::string> codes, syncdEnv;
  bool check = false;
  app.add_option("--mode", o.mode, "rounds (default), loop or burst")->check(CLI::IsMember({"rounds", "loop", "burst"}));
  app.add_option("--server", server, "the server's URL, e.g. http://127.0.0.1:8750 (with --code)");
  app.add_option("--code", codes, "enrolment codes, one per device (the first: a team lead's), with --server");
  app.add_option("--syncd", syncdPath, "start this coach-syncd binary on a free loopback port with a new data directory");
  app.add_option("--syncd-env", syncdEnv, "NAME=VALUE for the coach-syncd started with --syncd (repeatable)");
  app.add_option("--devices", o.devices, "number of devices (default 2)")->check(CLI::Range(1, 5000));
  app.add_option("--teams", o.teams, "teams the devices are spread over (default 1; more than 1 needs --syncd)")
      ->check(CLI::Range(1, 1000));
  app.add_option("--rounds", o.rounds, "rounds mode: days recorded and synced per device (default 3)")->check(CLI::Range(0, 100000));
  app.add_option("--steps", o.steps, "rounds and loop modes: changes recorded before each sync (default 6 / 2)")
      ->check(CLI::Range(0, 10000));
  app.add_option("--duration", o.durationSeconds, "loop mode: seconds to run (default 30)")->check(CLI::Range(1, 86400));
  app.add_option("--interval", o.intervalMs, "loop mode: mean ms between a device's syncs (default 1000, jittered +-50%)")
      ->check(CLI::Range(0, 3600000));
  app.add_option("--changes", o.changes, "burst mode: changes each device records offline first (default 20)")
      ->check(CLI::Range(0, 100000));
  app.add_option("--ramp", o.rampMs, "burst mode: ms within which all devices start their sync (default 1000)")
      ->check(CLI::Range(0, 600000));
  std::string ignoredTeam;  // tools/container-test passes --team when the help mentions it ("--teams" does)
  app.add_option("--team", ignoredTeam, "accepted and ignored: a device learns its team from its enrolment");
  app.add_option("--ca-file", caFile, "PEM CA file to verify the server's certificate");
  app.add_option("--profiles", dataDir, "directory for the devices' profiles (default: a new temporary directory)");
  app.add_flag("--check", check, "fail unless each team's devices end with the same state");
  app.footer(
      "Examples:\n"
      "  coach-devicesim --syncd build/bin/coach-syncd --mode loop --devices 100 --teams 10 --duration 30\n"
      "  coach-devicesim --syncd build/bin/coach-syncd --mode burst --devices 1000 --teams 100 --changes 20\n"
      "  coach-devicesim --server http://127.0.0.1:8750 --code K7QM-... --code 3XRD-... --devices 2 --check");
  CLI11_PARSE(app, argc, argv);
  // Every simulated device has its own SQLite connections, but all share this one process, and SQLite's memory
  // statistics (on by default) put one process-wide mutex around every sqlite3_malloc and sqlite3_free: with
  // hundreds of devices syncing at once, about a fifth of their CPU went to waiting for and waking each other on
  // it (perf, docs/BENCHMARKS.md "Device fleets"). A phone runs one device and never pays that; the statistics are
  // read nowhere. Must come before SQLite's first use.
  if (sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) != SQLITE_OK) {
    std::fprintf(stderr, "coach-devicesim: SQLite's memory statistics could not be turned off; the devices contend on them\n");
  }
  if (o.steps < 0) o.steps = o.mode == "loop" ? 2 : 6;
  if (server.empty() == syncdPath.empty()) {
    std::fprintf(stderr, "coach-devicesim: give --server URL (with --code per device) or --syncd PATH, one of them\n");
    return 2;
  }
  if (!server.empty() && static_cast<int>(codes.size()) < o.devices) {
    std::fprintf(stderr, "coach-devicesim: %d devices need %d enrolment codes, got %zu (or use --syncd)\n", o.devices,
                 o.devices, codes.size());
    return 2;
  }
  if (!server.empty() && o.teams != 1) {
    std::fprintf(stderr, "coach-devicesim: --teams needs --syncd (the codes of --code belong to one team)\n");
    return 2;
  }
  if (o.teams > o.devices) o.teams = o.devices;
  std::error_code ec;
  const bool ownDir = dataDir.empty();
  if (ownDir) dataDir = (std::filesystem::temp_directory_path() / ("coach-devicesim-" + std::to_string(::getpid()))).string();
  std::filesystem::create_directories(dataDir, ec);

  int exitCode = 1;
  try {
    bench::Env env;
    for (const auto& kv : syncdEnv) {
      const std::size_t eq = kv.find('=');
      if (eq == std::string::npos) throw bench::Failure("--syncd-env wants NAME=VALUE, not '" + kv + "'");
      env[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
    std::unique_ptr<bench::Syncd> syncd;
    if (!syncdPath.empty()) {
      syncd = std::make_unique<bench::Syncd>(std::filesystem::path(dataDir) / "syncd", env, syncdPath);
      server = syncd->url();
    }
    HttpOptions base;
    base.baseUrl = server;
    base.caFile = caFile;
    const auto teamCodes = codesFor(syncd.get(), codes, o.devices, o.teams);
    const double cpuBefore = cpuSelf();
    json summary = runFleet(o, base, teamCodes, (std::filesystem::path(dataDir) / "profiles").string(),
                            syncd ? syncd->pid() : -1);
    summary["devicesim_cpu_seconds"] = cpuSelf() - cpuBefore;
    if (syncd) summary["server"]["cpu_seconds_total"] = bench::cpuSeconds(syncd->pid());
    if (syncd) syncd->stop();
    std::printf("%s\n", summary.dump(2).c_str());
    const bool ok = summary["errors"].get<std::uint64_t>() == 0 && summary["quiet_errors"].get<std::uint64_t>() == 0;
    exitCode = ok && (!check || summary["converged"].get<bool>()) ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "coach-devicesim: %s\n", e.what());
  }
  if (ownDir) std::filesystem::remove_all(dataDir, ec);
  return exitCode;
}
