// coach-bench server: the real coach-syncd on loopback (docs/BENCHMARKS.md, "Sync server").
//
// Starts the coach-syncd binary next to coach-bench as a child (127.0.0.1 port 0, a fresh data directory per
// repetition, stopped with SIGTERM) and, in this process, a minimal cpp-httplib echo server with the same
// worker count and socket settings: the HTTP floor each figure is set beside (../shared/BENCHMARKS.md).
//   push:  one device whose keys the bench holds pushes pre-sealed envelopes (1 KiB change batch, the 2 KiB
//          bucket) 16 per JSON PushRequest over one keep-alive connection; baseline: the same bodies POSTed to
//          the echo server.
//   pull:  a second device pulls the whole log in pages of 500 and decodes them; baseline: GETs of the same
//          byte sizes from the echo server.
//   fleet: coach-devicesim with 100 devices syncing concurrently (bench_server_fleet.cpp).
// Thread-safety: runs on one thread, beside the echo server's and the children's log reader threads.
#include <atomic>
#include <functional>
#include <optional>
#include <sstream>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "bench_util.hpp"
#include "coach/http_transport.hpp"
#include "crypto/crypto.hpp"
#include "echo_server.hpp"
#include "sync/envelope.hpp"
#include "sync/messages.hpp"
#include "syncd_child.hpp"

namespace coach::bench {

// coach-devicesim against coach-syncd: the fleet part (bench_server_fleet.cpp).
void runFleets(const std::filesystem::path& dir, const Options& opt, int workers);

namespace {

constexpr int kWorkers = 16;  // coach-syncd's default on this machine: 8 per core, at least 16

std::string describe(const httplib::Result& r) {
  if (!r) return httplib::to_string(r.error());
  return "HTTP " + std::to_string(r->status) + " " + r->body.substr(0, 300);
}

// A device whose keys the bench holds, so it can seal its envelopes ahead of the timed part.
struct BenchDevice {
  std::string id, team, token;
  std::optional<crypto::Ed25519KeyPair> signer;
  std::optional<crypto::Aead> key;
  httplib::Headers auth() const { return {{"Authorization", "Bearer " + token}}; }
};

BenchDevice enrol(const std::string& url, const std::string& code) {
  BenchDevice d;
  d.signer = crypto::Ed25519KeyPair::generate().value();
  d.key = crypto::Aead::create(crypto::randomBytes(32).value()).value();
  d.id = crypto::toHex(crypto::randomBytes(16).value());
  HttpOptions o;
  o.baseUrl = url;
  auto e = enrolDevice(o, sync::EnrolRequest{code, d.id, d.signer->publicKey(), {}});
  if (!e.ok()) throw Failure("enrolling a benchmark device: " + e.error().message);
  d.team = e->team;
  d.token = e->token;
  return d;
}

// `count` envelopes of one device's chain, 1 KiB change batches (the 2 KiB bucket), as JSON PushRequests of 16.
std::vector<std::string> pushBodies(const BenchDevice& d, int count, std::size_t& envelopeSize) {
  sync::EnvelopeHeader h;
  h.team = sync::idFromText(d.team).value();
  h.device = sync::idFromText(d.id).value();
  h.keyId = 1;
  const auto now =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch());
  h.newestHlc = static_cast<std::uint64_t>(now.count()) << 16;
  const crypto::Bytes batch = crypto::randomBytes(1024).value();
  std::vector<std::string> bodies;
  sync::PushRequest r;
  for (int i = 1; i <= count; ++i) {
    h.sequence = static_cast<std::uint64_t>(i);
    r.envelopes.push_back(sync::sealEnvelope(h, batch, *d.key, *d.signer).value());
    h.prevHash = sync::envelopeHash(r.envelopes.back());
    envelopeSize = r.envelopes.back().size();
    if (r.envelopes.size() == 16 || i == count) {
      bodies.push_back(sync::toJson(r).dump());
      r.envelopes.clear();
    }
  }
  return bodies;
}

httplib::Client connect(const std::string& url) {
  httplib::Client c(url);
  c.set_keep_alive(true);
  c.set_tcp_nodelay(true);
  c.set_read_timeout(60, 0);
  return c;
}

using Check = std::function<void(const std::string& body)>;

double timedPosts(const std::string& url, const std::string& path, const httplib::Headers& h,
                  const std::vector<std::string>& bodies, const Check& check) {
  httplib::Client c = connect(url);
  const auto start = Clock::now();
  for (const std::string& b : bodies) {
    auto r = c.Post(path.c_str(), h, b, "application/json");
    if (!r || r->status != 200) throw Failure(path + " failed: " + describe(r));
    check(r->body);
  }
  return secondsSince(start);
}

struct PullRun {
  double seconds = 0;
  std::vector<std::size_t> pages;  // answer sizes
  std::uint64_t envelopes = 0;
  std::string encoding;  // Content-Encoding of the answers (none expected)
};

PullRun pullAll(const std::string& url, const BenchDevice& d) {
  httplib::Client c = connect(url);
  PullRun run;
  sync::PullRequest req;  // limit 500, the default max_bytes
  const auto start = Clock::now();
  for (bool more = true; more;) {
    auto r = c.Post("/v1/pull", d.auth(), sync::toJson(req).dump(), "application/json");
    if (!r || r->status != 200) throw Failure("/v1/pull failed: " + describe(r));
    auto page = sync::pullResponseFromJson(nlohmann::json::parse(r->body, nullptr, false));
    if (!page.ok()) throw Failure("a pull page did not decode: " + page.error().message);
    run.pages.push_back(r->body.size());
    run.envelopes += page->items.size();
    run.encoding = r->get_header_value("Content-Encoding");
    req.after = page->next;
    more = page->more;
  }
  run.seconds = secondsSince(start);
  return run;
}

double timedGets(const std::string& url, const std::vector<std::size_t>& sizes) {
  httplib::Client c = connect(url);
  const auto start = Clock::now();
  for (std::size_t n : sizes) {
    auto r = c.Get(("/bytes/" + std::to_string(n)).c_str());
    if (!r || r->status != 200 || r->body.size() != n) throw Failure("the echo server's GET failed: " + describe(r));
  }
  return secondsSince(start);
}

// What a durable push costs at least: its envelopes' bytes appended to a file in the same directory and
// fdatasync'ed, once per push (coach-syncd commits each push with synchronous=FULL before it answers).
double diskFloor(const std::filesystem::path& dir, std::size_t pushes, std::size_t bytesPerPush) {
  const std::string path = (dir / "disk-floor").string();
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw Failure("cannot create " + path);
  const std::string chunk(bytesPerPush, 'e');
  const auto start = Clock::now();
  for (std::size_t i = 0; i < pushes; ++i) {
    if (::write(fd, chunk.data(), chunk.size()) != static_cast<ssize_t>(chunk.size()) || ::fdatasync(fd) != 0) {
      ::close(fd);
      throw Failure("writing " + path + " failed");
    }
  }
  const double seconds = secondsSince(start);
  ::close(fd);
  std::filesystem::remove(path);
  return seconds;
}

struct ThroughputRep {
  double echoPush = 0, diskPush = 0, push = 0, echoPull = 0, pull = 0;  // seconds
  double pushCpu = 0, pullCpu = 0;  // coach-syncd's CPU seconds during the push and the pull
  std::size_t pushBytes = 0, pullBytes = 0, envelopeSize = 0, envelopeBytes = 0;
  std::string pullEncoding;
};

// `postgresUrl`: coach-syncd on that (emptied) PostgreSQL database instead of SQLite in `dir`.
ThroughputRep throughputRep(const EchoServer& echo, const std::filesystem::path& dir, int envelopes,
                            const std::string& postgresUrl = {}) {
  // The per-device rate limit (20 requests/s by default) would measure the policy, not the server.
  Env env{{"COACH_SYNCD_DEVICE_RATE", "1000000"}, {"COACH_SYNCD_DEVICE_BURST", "1000000"}};
  if (!postgresUrl.empty()) {
    resetPostgres(postgresUrl);
    env["COACH_SYNCD_DATABASE_URL"] = postgresUrl;
    std::filesystem::create_directories(dir);  // the disk floor's file (coach-syncd leaves the directory alone)
  }
  Syncd syncd(dir, env);
  const BenchDevice writer = enrol(syncd.url(), syncd.firstCode());
  // A lead code: the reader brings its own key, so nobody needs to approve it (docs/keys.md).
  const BenchDevice reader = enrol(syncd.url(), syncd.enrolCodes(syncd.team(), 1, true).front());
  ThroughputRep rep;
  const std::vector<std::string> bodies = pushBodies(writer, envelopes, rep.envelopeSize);
  for (const auto& b : bodies) rep.pushBytes += b.size();
  rep.envelopeBytes = rep.envelopeSize * static_cast<std::size_t>(envelopes);
  rep.diskPush = diskFloor(dir, bodies.size(), 16 * rep.envelopeSize);
  rep.echoPush = timedPosts(echo.url(), "/echo", {}, bodies, [&](const std::string& body) {
    if (body.size() < 1000) throw Failure("the echo server answered a short body");
  });
  std::uint64_t last = 0;
  const double cpuBefore = cpuSeconds(syncd.pid());
  rep.push = timedPosts(syncd.url(), "/v1/push", writer.auth(), bodies, [&](const std::string& body) {
    auto r = sync::pushResponseFromJson(nlohmann::json::parse(body, nullptr, false));
    if (!r.ok()) throw Failure("a push answer did not decode: " + r.error().message);
    last = r->lastSequence;
  });
  if (last != static_cast<std::uint64_t>(envelopes)) throw Failure("the server holds fewer envelopes than were pushed");
  const double cpuPushed = cpuSeconds(syncd.pid());
  const PullRun pulled = pullAll(syncd.url(), reader);
  rep.pushCpu = cpuPushed - cpuBefore;
  rep.pullCpu = cpuSeconds(syncd.pid()) - cpuPushed;
  if (pulled.envelopes != static_cast<std::uint64_t>(envelopes))
    throw Failure("the pull did not return every envelope");
  rep.pull = pulled.seconds;
  rep.pullEncoding = pulled.encoding;
  for (std::size_t n : pulled.pages) rep.pullBytes += n;
  rep.echoPull = timedGets(echo.url(), pulled.pages);
  return rep;
}

// ---- the report --------------------------------------------------------------------------------------------

void printThroughput(const std::vector<ThroughputRep>& reps, int envelopes) {
  auto rate = [&](double ThroughputRep::*time) {
    std::vector<double> v;
    for (const auto& r : reps) v.push_back(envelopes / (r.*time));
    return statOf(v);
  };
  auto mb = [&](double ThroughputRep::*time, std::size_t ThroughputRep::*bytes) {
    std::vector<double> v;
    for (const auto& r : reps) v.push_back(static_cast<double>(r.*bytes) / 1e6 / (r.*time));
    return statOf(v).median;
  };
  std::printf("%-40s %-26s %-26s %-9s %s\n", "benchmark", "floor (envelopes/s)", "coach-syncd (envelopes/s)",
              "slowdown", "MB/s floor / coach-syncd");
  auto row = [&](const char* name, double ThroughputRep::*floorTime, double ThroughputRep::*ourTime,
                 std::size_t ThroughputRep::*bytes) {
    const Stat floor = rate(floorTime), ours = rate(ourTime);
    std::printf("%-40s %-26s %-26s %-9.2f %.0f / %.0f\n", name, floor.str().c_str(), ours.str().c_str(),
                floor.median / ours.median, mb(floorTime, bytes), mb(ourTime, bytes));
  };
  row("push, 16 per request: HTTP floor", &ThroughputRep::echoPush, &ThroughputRep::push, &ThroughputRep::pushBytes);
  row("push: disk floor (fdatasync per push)", &ThroughputRep::diskPush, &ThroughputRep::push,
      &ThroughputRep::envelopeBytes);
  row("pull, pages of 500, decoded: HTTP floor", &ThroughputRep::echoPull, &ThroughputRep::pull,
      &ThroughputRep::pullBytes);
  std::vector<double> pushCpu, pullCpu;
  for (const auto& r : reps) pushCpu.push_back(r.pushCpu / r.push), pullCpu.push_back(r.pullCpu / r.pull);
  std::printf("coach-syncd's CPU time while it pushed: %.0f%% of the wall time; while it pulled: %.0f%% (medians)\n",
              100 * statOf(pushCpu).median, 100 * statOf(pullCpu).median);
  std::printf(
      "(MB/s: JSON bodies for the HTTP rows, envelope bytes for the disk row. The default per-device rate of "
      "20 requests/s, burst 60, would hold one device pushing 16 at a time to 320 envelopes/s after its first 960.)\n");
}

// PostgreSQL against SQLite, push and pull, from the medians of the same run.
void printStoreRatio(const std::vector<ThroughputRep>& sqlite, const std::vector<ThroughputRep>& pg, int envelopes) {
  auto median = [&](const std::vector<ThroughputRep>& reps, double ThroughputRep::*time) {
    std::vector<double> v;
    for (const auto& r : reps) v.push_back(envelopes / (r.*time));
    return statOf(v).median;
  };
  std::printf("PostgreSQL / SQLite (medians): push %.2fx, pull %.2fx\n",
              median(pg, &ThroughputRep::push) / median(sqlite, &ThroughputRep::push),
              median(pg, &ThroughputRep::pull) / median(sqlite, &ThroughputRep::pull));
}

}  // namespace

int runServerBenchmarks(const Options& opt) {
  const int envelopes = opt.quick ? 2000 : 10'000;
  try {
    TempDir dir;
    if (opt.fleetOnly) {
      runFleets(dir.path(), opt, kWorkers);
      return 0;
    }
    EchoServer echo(kWorkers);
    std::printf(
        "server: coach-syncd (%s) on 127.0.0.1, a fresh data directory per repetition, %d workers; HTTP floor: "
        "cpp-httplib echo server, %d workers, in this process; %d repetitions\n",
        (binDir() / "coach-syncd").c_str(), kWorkers, kWorkers, opt.reps);
    std::vector<ThroughputRep> reps, pgReps;
    for (int i = 0; i < opt.reps; ++i) {  // the stores alternate, so both see the same noise
      reps.push_back(throughputRep(echo, dir.path() / ("tp" + std::to_string(i)), envelopes));
      if (!opt.postgresUrl.empty()) {
        pgReps.push_back(throughputRep(echo, dir.path() / ("tp-pg" + std::to_string(i)), envelopes, opt.postgresUrl));
      }
    }
    std::printf(
        "push: %d envelopes of %zu bytes (1 KiB change batch, 2 KiB bucket) as JSON, 16 per request, one "
        "keep-alive connection, per-device rate limit lifted; pull: a second device, limit 500, max_bytes "
        "4 MiB, answers decoded%s\n\n",
        envelopes, reps.front().envelopeSize,
        reps.front().pullEncoding.empty() ? "" : (" (answers came " + reps.front().pullEncoding + "-encoded)").c_str());
    if (!pgReps.empty()) std::printf("coach-syncd on SQLite (its data directory):\n");
    printThroughput(reps, envelopes);
    if (!pgReps.empty()) {
      std::printf("\ncoach-syncd on PostgreSQL (--postgres, emptied before each repetition):\n");
      printThroughput(pgReps, envelopes);
      printStoreRatio(reps, pgReps, envelopes);
    }

    runFleets(dir.path(), opt, kWorkers);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "coach-bench server: %s\n", e.what());
    return 1;
  }
}

}  // namespace coach::bench
