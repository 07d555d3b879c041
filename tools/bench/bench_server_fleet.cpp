// coach-bench server, the fleet part: coach-devicesim (real encrypted profiles on HttpTransport, next to
// coach-bench) in its two scenarios of ../shared/BENCHMARKS.md, each against coach-syncd's connection model and,
// in the same run, against cpp-httplib's own thread per connection (COACH_SYNCD_CONNECTION_MODEL=threads, the
// model before; the baseline):
//   loop   100 devices in 10 teams syncing every second (jittered) for 20 s: p50/p99, errors (goal: zero
//          errors, p99 under 50 ms);
//   burst  1,000 devices in 100 teams, 20 changes each recorded offline, all starting their sync within one
//          second: all done (goal: 5 s), errors, the server's peak resident memory (goal: under 200 MB).
// coach-devicesim starts the coach-syncd next to coach-bench itself (--syncd) and reports the server's memory
// (/proc), its own time per request and connection counts (/metrics), and the CPU used by both.
// Thread-safety: one thread.
#include <nlohmann/json.hpp>

#include "bench_summary.hpp"
#include "bench_util.hpp"
#include "syncd_child.hpp"

namespace coach::bench {
namespace {

using nlohmann::json;

struct Scenario {
  std::string name;
  std::vector<std::string> args;  // coach-devicesim's, after --syncd
};

struct Model {
  std::string name;
  std::string env;          // --syncd-env, or ""
  std::string postgresUrl;  // emptied before each run when set
};

json runSim(const std::filesystem::path& dir, const Scenario& s, const Model& m) {
  if (!m.postgresUrl.empty()) resetPostgres(m.postgresUrl);
  std::vector<std::string> argv{(binDir() / "coach-devicesim").string(), "--syncd", (binDir() / "coach-syncd").string(),
                                "--profiles", dir.string(), "--check"};
  if (!m.env.empty()) argv.insert(argv.end(), {"--syncd-env", m.env});
  argv.insert(argv.end(), s.args.begin(), s.args.end());
  int status = 0;
  const std::string out = run(argv, status);
  std::filesystem::remove_all(dir);
  auto j = json::parse(out, nullptr, false);
  if (!j.is_object() || !j.contains("sync_ms_p99")) {
    throw Failure("coach-devicesim gave no summary (wait status " + std::to_string(status) + "): " + out.substr(0, 300));
  }
  return j;
}

std::string fmt(const char* format, double a, double b = 0, double c = 0) {
  char buf[128];
  std::snprintf(buf, sizeof buf, format, a, b, c);
  return buf;
}

std::string range(const std::vector<json>& runs, const std::function<double(const json&)>& get, const char* format) {
  std::vector<double> v;
  for (const auto& r : runs) v.push_back(get(r));
  const Stat s = statOf(v);
  return fmt(format, s.median, s.min, s.max);
}

void printRow(const std::string& scenario, const std::string& model, const std::vector<json>& runs) {
  const bool burst = runs.front()["mode"] == "burst";
  const std::string done =
      burst ? range(runs, [](const json& j) { return j["burst"]["all_done_seconds"].get<double>(); }, "%.2f s [%.2f..%.2f]")
            : range(runs, [](const json& j) { return j["syncs_per_second"].get<double>(); }, "%.0f/s [%.0f..%.0f]");
  std::printf("%-7s %-34s %-20s %-24s %-10s %-20s %s\n", scenario.c_str(), model.c_str(),
              range(runs, [](const json& j) { return j["sync_ms_p50"].get<double>(); }, "%.0f [%.0f..%.0f]").c_str(),
              range(runs, [](const json& j) { return j["sync_ms_p99"].get<double>(); }, "%.0f [%.0f..%.0f]").c_str(),
              range(runs, [](const json& j) { return static_cast<double>(j["errors"].get<std::uint64_t>()); }, "%.0f [%.0f..%.0f]").c_str(),
              done.c_str(),
              range(runs, [](const json& j) { return j["server"]["memory"]["peak_mb"].get<double>(); }, "%.0f MB [%.0f..%.0f]").c_str());
  const json& last = runs.back();
  const json& view = last["server"]["view"];
  std::printf("        last run: %llu syncs, converged %s, server's own time per request (mean) push %.1f ms, pull %.1f ms; "
              "CPU while the workload ran: server %.1f s, devices %.1f s; setup %.0f s%s\n",
              static_cast<unsigned long long>(last["syncs"].get<std::uint64_t>()), last["converged"].get<bool>() ? "yes" : "NO",
              view.contains("server_ms_mean") ? view["server_ms_mean"].value("/v1/push", 0.0) : 0.0,
              view.contains("server_ms_mean") ? view["server_ms_mean"].value("/v1/pull", 0.0) : 0.0,
              last["server"].value("cpu_seconds_run", 0.0), last.value("devices_cpu_seconds_run", 0.0),
              last.value("setup_seconds", 0.0),
              last["error_samples"].empty() ? "" : ("; first error: " + last["error_samples"][0].get<std::string>()).c_str());
}

double medianOf(const std::vector<json>& runs, const std::function<double(const json&)>& get) {
  std::vector<double> v;
  for (const auto& r : runs) v.push_back(get(r));
  return statOf(v).median;
}

// The summary rows of a scenario: coach-syncd's event model against cpp-httplib's threads (the baseline).
void summarise(const std::string& scenario, const std::vector<json>& event, const std::vector<json>& threads) {
  auto errors = [](const json& j) { return static_cast<double>(j["errors"].get<std::uint64_t>()); };
  auto p99 = [](const json& j) { return j["sync_ms_p99"].get<double>(); };
  if (scenario == "loop") {
    const double ours = medianOf(event, p99), base = medianOf(threads, p99), errs = medianOf(event, errors);
    addSummary({"100 devices syncing in a loop (devicesim on the same 2 cores): sync p99",
                formatted("%.0f ms", ours) + formatted(", %.0f errors", errs),
                formatted("cpp-httplib's thread per connection: %.0f ms", base), formatted("%.2fx", ours / base),
                "zero errors, p99 under 50 ms", errs == 0 && ours < 50});
    return;
  }
  auto done = [](const json& j) { return j["burst"]["all_done_seconds"].get<double>(); };
  auto rss = [](const json& j) { return j["server"]["memory"]["peak_mb"].get<double>(); };
  const double ours = medianOf(event, done), base = medianOf(threads, done), errs = medianOf(event, errors),
               mb = medianOf(event, rss);
  addSummary({"1,000 devices, 20 changes each, starting within 1 s (devicesim on the same 2 cores): all done",
              formatted("%.1f s", ours) + formatted(", %.0f errors", errs) + formatted(", server %.0f MB", mb),
              formatted("cpp-httplib's thread per connection: %.1f s", base), formatted("%.2fx", ours / base),
              "zero errors, within 5 s, under 200 MB", errs == 0 && ours <= 5 && mb < 200});
}

}  // namespace

void runFleets(const std::filesystem::path& dir, const Options& opt, int /*workers*/) {
  const bool q = opt.quick;
  const int loopDevices = q ? 20 : 100, burstDevices = q ? 200 : 1000, reps = std::min(opt.reps, q ? 1 : 3);
  const std::vector<Scenario> scenarios{
      {"loop", {"--mode", "loop", "--devices", std::to_string(loopDevices), "--teams", std::to_string(loopDevices / 10),
                "--duration", q ? "5" : "20", "--interval", "1000", "--steps", "2"}},
      {"burst", {"--mode", "burst", "--devices", std::to_string(burstDevices), "--teams", std::to_string(burstDevices / 10),
                 "--changes", "20", "--ramp", "1000"}}};
  // With --postgres: the stores side by side (both with the default connection model) instead of the models.
  const std::vector<Model> models =
      opt.postgresUrl.empty()
          ? std::vector<Model>{{"event (default)", "", ""}, {"threads (cpp-httplib's, before)", "COACH_SYNCD_CONNECTION_MODEL=threads", ""}}
          : std::vector<Model>{{"event, SQLite", "", ""},
                               {"event, PostgreSQL", "COACH_SYNCD_DATABASE_URL=" + opt.postgresUrl, opt.postgresUrl}};
  std::printf(
      "\nfleet: coach-devicesim on the same 2 cores as coach-syncd, teams of 10 devices; loop: %d devices syncing every "
      "1 s +-50%% for %s s (2 changes a sync; goal: zero errors, p99 under 50 ms); burst: %d devices, 20 changes "
      "each recorded offline, all starting within 1 s (goal: zero errors, all done within 5 s, server under 200 MB); "
      "%d repetition(s); medians [min..max]\n",
      loopDevices, q ? "5" : "20", burstDevices, reps);
  std::printf("%-7s %-34s %-20s %-24s %-10s %-20s %s\n", "", "coach-syncd connection model", "sync p50 ms",
              "sync p99 ms", "errors", "all done / syncs", "server peak RSS");
  for (const Scenario& s : scenarios) {
    std::vector<std::vector<json>> runs(models.size());
    for (int rep = 0; rep < reps; ++rep) {  // the models alternate, so both see the same noise
      for (std::size_t m = 0; m < models.size(); ++m) {
        runs[m].push_back(runSim(dir / ("fleet-" + s.name + std::to_string(rep) + "-" + std::to_string(m)), s, models[m]));
      }
    }
    for (std::size_t m = 0; m < models.size(); ++m) printRow(s.name, models[m].name, runs[m]);
    if (!q && opt.postgresUrl.empty()) summarise(s.name, runs[0], runs[1]);
  }
}

}  // namespace coach::bench
