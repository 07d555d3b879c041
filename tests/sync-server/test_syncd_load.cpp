// coach-syncd under many connections (syncd/event_server.hpp): a worker thread is held only while a request is
// answered, so more devices than workers keep their connections and sync at once; idle connections close after
// the keep-alive time; above the connection limit a client gets the protocol's 503; `coach-syncd healthcheck`
// reports what /readyz says, in its exit status.
//
// No timing is asserted. The concurrency tests use a keep-alive time far longer than the devices' read timeout:
// where a connection held a worker while idle (cpp-httplib's own model), the devices past the worker count
// would wait for the keep-alive time and fail with a timeout instead of syncing.
#include <catch2/catch.hpp>

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <thread>

#include <httplib.h>

#include "canned_http_server.hpp"
#include "http_team.hpp"
#include "sync_world.hpp"

using namespace coach;
using namespace coach::test;

namespace {

// One gauge or counter of the server's /metrics (without labels); -1 when it is not there.
double metric(const SyncdProcess& server, const std::string& name) {
  httplib::Client c(server.url());
  auto res = c.Get("/metrics");
  if (!res || res->status != 200) return -1;
  const std::size_t at = res->body.find("\n" + name + " ");
  return at == std::string::npos ? -1 : std::stod(res->body.substr(at + name.size() + 2));
}

// A plain TCP connection to the server that sends nothing (an idle client).
struct IdleSocket {
  int fd = -1;
  explicit IdleSocket(int port) {
    fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  }
  ~IdleSocket() { ::close(fd); }
  IdleSocket(const IdleSocket&) = delete;
  IdleSocket& operator=(const IdleSocket&) = delete;
};

// Polls `pred` every 50 ms for up to 30 s (a bound for a hung server, not a timing expectation).
template <class Pred>
bool eventually(Pred pred) {
  for (int i = 0; i < 600; ++i) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return pred();
}

std::pair<int, std::string> healthcheck(const std::string& args) {
  return runCommand(std::string(COACH_SYNCD_BINARY) + " healthcheck " + args);
}

}  // namespace

TEST_CASE("Twelve devices keep their connections and sync at once through a coach-syncd with two workers",
          "[syncd][load]") {
  TempDir dir;
  SyncdProcess server(dir.path() / "data", {{"COACH_SYNCD_THREADS", "2"}, {"COACH_SYNCD_KEEP_ALIVE", "60"}});
  REQUIRE(server.start());
  HttpTeam team(server);
  team.readTimeout = std::chrono::milliseconds(8000);
  constexpr int kDevices = 12;
  for (int i = 0; i < kDevices; ++i) team.add("coach" + std::to_string(i));

  std::vector<std::string> failures(kDevices);
  for (int round = 0; round < 3; ++round) {
    std::vector<std::thread> threads;
    for (int i = 0; i < kDevices; ++i) {
      threads.emplace_back([&, i] {
        HttpDevice& d = *team.devices()[static_cast<std::size_t>(i)];
        const std::string p = mustAdd(*d.store, "participant", {{"name", d.name + " r" + std::to_string(round)}, {"coach", d.name}});
        mustAdd(*d.store, "support_contact", {{"participant_id", p}, {"contact_on", "2026-03-02"}, {"mode", "face_to_face"},
                                              {"type", "on_site_coaching"}, {"note", "round " + std::to_string(round)}});
        auto r = d.sync();
        if (!r.ok() && failures[static_cast<std::size_t>(i)].empty()) failures[static_cast<std::size_t>(i)] = r.error().message;
      });
    }
    for (auto& t : threads) t.join();
  }
  for (int i = 0; i < kDevices; ++i) {
    INFO("coach" << i << ": " << failures[static_cast<std::size_t>(i)]);
    CHECK(failures[static_cast<std::size_t>(i)].empty());
  }
  // Every device's connection is still open (keep-alive 60 s), while two workers answered them all.
  CHECK(metric(server, "coach_syncd_workers") == 2);
  CHECK(metric(server, "coach_syncd_connections_open") >= kDevices);
  CHECK(metric(server, "coach_syncd_connections_refused_total") == 0);
  for (int pass = 0; pass < 2; ++pass) {
    for (auto& d : team.devices()) REQUIRE(d->sync().ok());
  }
  const nlohmann::json reference = stateOf(*team.devices().front()->store);
  for (auto& d : team.devices()) CHECK(stateOf(*d->store) == reference);
  // SIGTERM with a dozen idle kept-alive connections: they are closed and the server exits cleanly.
  const int status = server.kill(SIGTERM);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("coach-syncd closes an idle kept-alive connection after COACH_SYNCD_KEEP_ALIVE and a device reconnects",
          "[syncd][load]") {
  TempDir dir;
  SyncdProcess server(dir.path() / "data", {{"COACH_SYNCD_KEEP_ALIVE", "1"}});
  REQUIRE(server.start());
  HttpTeam team(server);
  HttpDevice& d = team.add("marieke");
  mustAdd(*d.store, "participant", {{"name", "Participant k1"}, {"coach", "marieke"}});
  REQUIRE(d.sync().ok());
  {
    // Two clients that connect and send nothing: the server closes them (the read sees the end of the stream;
    // SO_RCVTIMEO only bounds a hung server).
    IdleSocket idle1(server.port()), idle2(server.port());
    for (const IdleSocket* idle : {&idle1, &idle2}) {
      const timeval bound{30, 0};
      ::setsockopt(idle->fd, SOL_SOCKET, SO_RCVTIMEO, &bound, sizeof bound);
      char byte = 0;
      CHECK(::recv(idle->fd, &byte, 1, 0) == 0);
    }
    // The device's idle connection went the same way; only /metrics' own connection is open when it answers.
    CHECK(eventually([&] { return metric(server, "coach_syncd_connections_open") == 1; }));
  }
  mustAdd(*d.store, "participant", {{"name", "Participant k2"}, {"coach", "marieke"}});
  auto again = d.sync();
  INFO((again.ok() ? "" : again.error().message));
  CHECK(again.ok());
}

TEST_CASE("Above COACH_SYNCD_MAX_CONNECTIONS coach-syncd answers 503 with Retry-After and the protocol's error body",
          "[syncd][load]") {
  TempDir dir;
  SyncdProcess server(dir.path() / "data", {{"COACH_SYNCD_MAX_CONNECTIONS", "2"}, {"COACH_SYNCD_KEEP_ALIVE", "60"}});
  REQUIRE(server.start());
  IdleSocket first(server.port()), second(server.port());
  httplib::Client c(server.url());
  std::string retryAfter, answer;
  // The two idle sockets are counted once the server has accepted them; until then this request may pass.
  REQUIRE(eventually([&] {
    auto res = c.Get("/healthz");
    if (!res || res->status != 503) return false;
    retryAfter = res->get_header_value("Retry-After");
    answer = res->body;
    return true;
  }));
  CHECK(retryAfter == "1");
  const auto body = nlohmann::json::parse(answer, nullptr, false);
  REQUIRE(body.is_object());
  CHECK(body["error"]["id"] == "unavailable");
  CHECK(body["error"]["message"].get<std::string>().find("COACH_SYNCD_MAX_CONNECTIONS") != std::string::npos);
}

TEST_CASE("coach-syncd healthcheck exits 0 when /readyz answers 200 and 1 with one line saying why otherwise",
          "[syncd][healthcheck]") {
  TempDir dir;
  SyncdProcess server(dir.path() / "data");
  REQUIRE(server.start());
  const std::string listen = "--listen 127.0.0.1:" + std::to_string(server.port());

  auto [ok, okOut] = healthcheck(listen);
  INFO(okOut);
  CHECK(ok == 0);
  CHECK(okOut.find("ready") != std::string::npos);
  // --url names the server outright; the listen address (here one where nothing listens) is not asked then.
  auto [byUrl, byUrlOut] = healthcheck("--listen 127.0.0.1:1 --url http://127.0.0.1:" + std::to_string(server.port()) + "/");
  INFO(byUrlOut);
  CHECK(byUrl == 0);
  CHECK(byUrlOut.find("http://127.0.0.1:" + std::to_string(server.port()) + "/readyz answered 200") != std::string::npos);
  for (const char* wrong : {"ftp://127.0.0.1:1", "http://127.0.0.1", "http://127.0.0.1:99999", "http://h:1/v1", "http://::1:80"}) {
    auto [refused, refusedOut] = healthcheck(std::string("--url ") + wrong);
    INFO(wrong << ": " << refusedOut);
    CHECK(refused == 2);
    CHECK(refusedOut.find("--url must be http://HOST:PORT") != std::string::npos);
  }

  server.kill(SIGTERM);
  auto [down, downOut] = healthcheck(listen + " --timeout 2");
  INFO(downOut);
  CHECK(down == 1);
  CHECK(downOut.find("no answer") != std::string::npos);
  auto [downByUrl, downByUrlOut] = healthcheck("--timeout 2 --url http://[::1]:" + std::to_string(server.port()));
  INFO(downByUrlOut);
  CHECK(downByUrl == 1);
  CHECK(downByUrlOut.find("no answer from http://[::1]:") != std::string::npos);
  CHECK(std::count(downOut.begin(), downOut.end(), '\n') == 1);

  CannedServer unready;  // a server that is up but whose store is unavailable
  unready.answer("GET /readyz", CannedAnswer{503, R"({"status":"store unavailable","error":"storage_error"})", {}, false,
                                             "application/json"});
  auto [notReady, notReadyOut] = healthcheck("--listen 127.0.0.1:" + std::to_string(unready.port()));
  INFO(notReadyOut);
  CHECK(notReady == 1);
  CHECK(notReadyOut.find("503 (store unavailable)") != std::string::npos);

  auto [bad, badOut] = healthcheck("--listen nonsense");
  INFO(badOut);
  CHECK(bad == 2);
  CHECK(badOut.find("HOST:PORT") != std::string::npos);
}

TEST_CASE("coach-syncd counts the pushes its SQLite store commits together, and COACH_SYNCD_GROUP_COMMIT=1 commits each alone",
          "[syncd][load][sqlite]") {
  for (const char* group : {"64", "1"}) {
    INFO("COACH_SYNCD_GROUP_COMMIT=" << group);
    TempDir dir;
    SyncdProcess server(dir.path() / "data", {{"COACH_SYNCD_GROUP_COMMIT", group}});
    REQUIRE(server.start());
    HttpTeam team(server);
    constexpr int kDevices = 4;
    for (int i = 0; i < kDevices; ++i) team.add("coach" + std::to_string(i));
    const double before = metric(server, "coach_syncd_push_commit_pushes_total");
    std::vector<int> failed(kDevices, 0);
    std::vector<std::thread> threads;
    for (int i = 0; i < kDevices; ++i) {
      threads.emplace_back([&, i] {
        HttpDevice& d = *team.devices()[static_cast<std::size_t>(i)];
        mustAdd(*d.store, "participant", {{"name", d.name + " p"}, {"coach", d.name}});
        failed[static_cast<std::size_t>(i)] = d.sync().ok() ? 0 : 1;
      });
    }
    for (auto& t : threads) t.join();
    CHECK(std::count(failed.begin(), failed.end(), 1) == 0);
    const double pushes = metric(server, "coach_syncd_push_commit_pushes_total");
    const double commits = metric(server, "coach_syncd_push_commits_total");
    CHECK(pushes >= before + kDevices);  // every device pushed its participant
    CHECK(commits >= 1);
    if (std::string(group) == "1") {
      CHECK(commits == pushes);
    } else {
      CHECK(commits <= pushes);
    }
  }
}
