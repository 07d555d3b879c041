// coach-bench server, the fleet part: coach-devicesim (real encrypted profiles on HttpTransport, next to
// coach-bench) with 100 devices (20 with --quick) syncing concurrently against a fresh coach-syncd, with its
// defaults and with a worker per device. Reports the devices' p50/p99 sync latency and errors beside what the
// server saw: its own time per request (/metrics: measured after the request was read, so without the wait for
// a worker), the peak of open connections and threads (/proc), and the CPU time of the server and the devices.
// The client's latency minus the server's own time is queueing: for a worker, or for the CPU.
// Thread-safety: one thread, plus a sampler thread per run that only reads /proc and is joined.
#include <atomic>
#include <sstream>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "bench_util.hpp"
#include "syncd_child.hpp"

namespace coach::bench {
namespace {

// What the server saw during a fleet run: /metrics (its own time per request, after the request was read, so
// without the wait for a worker) and /proc (open connections, threads).
struct ServerView {
  std::map<std::string, double> meanMs, p99Ms;  // per route; p99: the histogram bucket bound that holds 99%
  std::map<std::string, double> statuses;       // answers by HTTP status, all routes
  int peakConnections = 0;
  int threads = 0;
  double cpuSeconds = 0;  // while coach-devicesim ran
};

std::string label(const std::string& labels, const std::string& key) {
  std::size_t p = labels.find(key + "=\"");
  if (p == std::string::npos) return {};
  p += key.size() + 2;
  return labels.substr(p, labels.find('"', p) - p);
}

ServerView scrape(const std::string& url) {
  httplib::Client c(url);
  auto r = c.Get("/metrics");
  if (!r || r->status != 200) throw Failure("coach-syncd's /metrics did not answer");
  ServerView v;
  std::map<std::string, std::vector<std::pair<double, double>>> buckets;
  std::map<std::string, double> sum, count;
  std::istringstream in(r->body);
  for (std::string line; std::getline(in, line);) {
    const std::size_t open = line.find('{'), close = line.find('}');
    if (line.empty() || line[0] == '#' || open == std::string::npos || close == std::string::npos) continue;
    const std::string name = line.substr(0, open), labels = line.substr(open + 1, close - open - 1);
    const double value = std::stod(line.substr(close + 1));
    const std::string route = label(labels, "route");
    if (name == "coach_syncd_requests_total") v.statuses[label(labels, "status")] += value;
    if (name == "coach_syncd_request_duration_seconds_sum") sum[route] = value;
    if (name == "coach_syncd_request_duration_seconds_count") count[route] = value;
    if (name == "coach_syncd_request_duration_seconds_bucket" && label(labels, "le") != "+Inf") {
      buckets[route].emplace_back(std::stod(label(labels, "le")), value);
    }
  }
  for (const auto& [route, n] : count) {
    if (n <= 0) continue;
    v.meanMs[route] = 1000 * sum[route] / n;
    v.p99Ms[route] = -1;  // beyond the largest bucket
    for (const auto& [le, below] : buckets[route]) {
      if (below >= 0.99 * n) {
        v.p99Ms[route] = 1000 * le;
        break;
      }
    }
  }
  return v;
}

struct FleetRun {
  double p50 = 0, p99 = 0, seconds = 0;
  std::uint64_t errors = 0, syncs = 0;
  std::string samples;
  ServerView server;
  double devicesCpuSeconds = 0;  // coach-devicesim's, profile creation and enrolment included
};

// coach-devicesim with `devices` devices against a fresh coach-syncd started with `env`.
FleetRun fleetRun(const std::filesystem::path& dir, int devices, int rounds, const Env& env) {
  Syncd syncd(dir / "syncd", env);
  std::vector<std::string> argv{(binDir() / "coach-devicesim").string(),
                                "--server",
                                syncd.url(),
                                "--devices",
                                std::to_string(devices),
                                "--rounds",
                                std::to_string(rounds),
                                "--profiles",
                                (dir / "profiles").string(),
                                "--code",
                                syncd.firstCode()};
  for (int i = 1; i < devices; ++i) {
    argv.emplace_back("--code");
    argv.push_back(syncd.enrolCode());
  }
  std::atomic<bool> done{false};
  int peakSockets = 0, threads = 0;
  std::thread sampler([&, pid = syncd.pid()] {
    for (; !done; std::this_thread::sleep_for(std::chrono::milliseconds(10))) {
      peakSockets = std::max(peakSockets, countSockets(pid));
      threads = std::max(threads, threadCount(pid));
    }
  });
  int status = 0;
  double devicesCpu = 0;
  const double serverCpuBefore = cpuSeconds(syncd.pid());
  const std::string out = run(argv, status, &devicesCpu);
  const double serverCpu = cpuSeconds(syncd.pid()) - serverCpuBefore;
  done = true;
  sampler.join();
  const auto j = nlohmann::json::parse(out, nullptr, false);
  if (!j.is_object() || !j.contains("sync_ms_p99")) {
    throw Failure("coach-devicesim gave no summary (wait status " + std::to_string(status) +
                  "): " + out.substr(0, 300));
  }
  FleetRun f{j["sync_ms_p50"].get<double>(),
             j["sync_ms_p99"].get<double>(),
             j["seconds"].get<double>(),
             j["errors"].get<std::uint64_t>(),
             j["syncs"].get<std::uint64_t>(),
             {},
             scrape(syncd.url())};
  for (const auto& s : j["error_samples"]) f.samples += "\n    " + s.get<std::string>();
  f.server.peakConnections = std::max(0, peakSockets - 1);  // less the listening socket
  f.server.threads = threads;
  f.server.cpuSeconds = serverCpu;
  f.devicesCpuSeconds = devicesCpu;
  return f;
}

std::string fmt(const char* format, double a, double b = 0, double c = 0) {
  char buf[128];
  std::snprintf(buf, sizeof buf, format, a, b, c);
  return buf;
}

Stat statOf(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return Stat{v[v.size() / 2], v.front(), v.back()};
}

double routeValue(const std::map<std::string, double>& m, const std::string& route) {
  const auto it = m.find(route);
  return it == m.end() ? 0.0 : it->second;
}

void printFleet(const std::string& name, const std::vector<FleetRun>& runs) {
  std::vector<double> p50, p99, errors, seconds;
  for (const auto& r : runs) {
    p50.push_back(r.p50), p99.push_back(r.p99), errors.push_back(static_cast<double>(r.errors));
    seconds.push_back(r.seconds);
  }
  const Stat a = statOf(p50), b = statOf(p99), e = statOf(errors), s = statOf(seconds);
  std::printf("%-30s %-22s %-26s %-10s %s\n", name.c_str(), fmt("%.1f [%.1f..%.1f]", a.median, a.min, a.max).c_str(),
              fmt("%.1f [%.1f..%.1f]", b.median, b.min, b.max).c_str(),
              fmt("%.0f [%.0f..%.0f]", e.median, e.min, e.max).c_str(),
              fmt("%.1f s [%.1f..%.1f]", s.median, s.min, s.max).c_str());
  const FleetRun& last = runs.back();
  const ServerView& v = last.server;
  std::string statuses;
  for (const auto& [code, n] : v.statuses) statuses += " " + code + ":" + fmt("%.0f", n);
  std::printf(
      "    last run: %llu syncs; the server's own time per request (mean / p99 bucket): push %.1f / %.0f ms, "
      "pull %.1f / %.0f ms; peak open connections %d, server threads %d; CPU: server %.1f s, devices %.1f s; "
      "answers by status:%s%s\n",
      static_cast<unsigned long long>(last.syncs), routeValue(v.meanMs, "/v1/push"), routeValue(v.p99Ms, "/v1/push"),
      routeValue(v.meanMs, "/v1/pull"), routeValue(v.p99Ms, "/v1/pull"), v.peakConnections, v.threads, v.cpuSeconds,
      last.devicesCpuSeconds, statuses.c_str(), last.samples.c_str());
}

}  // namespace

void runFleets(const std::filesystem::path& dir, const Options& opt, int workers) {
  const int devices = opt.quick ? 20 : 100, rounds = opt.quick ? 3 : 5, reps = std::min(opt.reps, 3);
  std::printf(
      "\nfleet: coach-devicesim (on the same 2 cores), %d devices x %d rounds, all concurrently, each on its own "
      "keep-alive connection; %d repetitions (goal: zero errors, p99 under 50 ms)\n",
      devices, rounds, reps);
  std::printf("%-30s %-22s %-26s %-10s %s\n", "coach-syncd configuration", "sync p50 ms", "sync p99 ms", "errors",
              "sync loop time");
  const std::string enough = std::to_string(devices + workers);
  const std::vector<std::pair<std::string, Env>> configs{
      {"defaults (16 workers)", {}}, {"COACH_SYNCD_THREADS=" + enough, {{"COACH_SYNCD_THREADS", enough}}}};
  std::vector<std::vector<FleetRun>> runs(configs.size());
  for (int rep = 0; rep < reps; ++rep) {  // the configurations alternate, so both see the same noise
    for (std::size_t c = 0; c < configs.size(); ++c) {
      const auto sub = dir / ("fleet-" + std::to_string(rep) + "-" + std::to_string(c));
      runs[c].push_back(fleetRun(sub, devices, rounds, configs[c].second));
    }
  }
  for (std::size_t c = 0; c < configs.size(); ++c) printFleet(configs[c].first, runs[c]);
}

}  // namespace coach::bench
