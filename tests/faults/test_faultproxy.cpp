// The fault proxy itself (tools/faultproxy): its schedule is a pure function of seed and request number, its
// profiles and targets are checked, and each fault does to a real HTTP exchange what it says: seen from a
// cpp-httplib server on 127.0.0.1 (did the request arrive, how often) and from a raw client socket (FIN or RST,
// how many bytes).
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <map>
#include <thread>

#include <httplib.h>

#include "child_process.hpp"
#include "fault_proxy.hpp"

using namespace coach;
using namespace coach::faults;

namespace {

// An echo server on a free loopback port that counts the requests its handler saw.
class EchoServer {
 public:
  EchoServer() {
    server_.Post("/echo", [this](const httplib::Request& req, httplib::Response& res) {
      ++handled;
      res.set_content("echo:" + req.body, "text/plain");
    });
    server_.Get("/chunked", [this](const httplib::Request&, httplib::Response& res) {
      ++handled;
      res.set_chunked_content_provider("text/plain", [](std::size_t offset, httplib::DataSink& sink) {
        if (offset < 30000) {
          const std::string part(1000, static_cast<char>('a' + offset / 1000 % 26));
          sink.write(part.data(), part.size());
        } else {
          sink.done();
        }
        return true;
      });
    });
    server_.set_keep_alive_max_count(100);  // cpp-httplib closes after 5 requests by default
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~EchoServer() {
    server_.stop();
    thread_.join();
  }
  int port() const { return port_; }
  std::atomic<int> handled{0};

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

std::unique_ptr<FaultProxy> proxyFor(const EchoServer& server, const std::string& profile, std::uint64_t seed = 1) {
  auto parsed = FaultProfile::parse(profile);
  REQUIRE(parsed.ok());
  FaultProxyOptions o;
  o.target = "127.0.0.1:" + std::to_string(server.port());
  o.seed = seed;
  o.profile = parsed.value();
  auto proxy = FaultProxy::start(o);
  INFO((proxy.ok() ? "" : proxy.error().message));
  REQUIRE(proxy.ok());
  return std::move(proxy).value();
}

// One request on a raw socket; returns what came back until the proxy closed, and how it closed.
struct RawResult {
  std::string bytes;
  bool reset = false;  // ECONNRESET rather than an orderly end
};

RawResult rawExchange(std::uint16_t port, const std::string& request) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0);
  REQUIRE(::send(fd, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size()));
  RawResult r;
  char buf[4096];
  for (;;) {
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n > 0) {
      r.bytes.append(buf, static_cast<std::size_t>(n));
      continue;
    }
    r.reset = n < 0 && errno == ECONNRESET;
    break;
  }
  ::close(fd);
  return r;
}

const std::string kRequest =
    "POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: text/plain\r\n"
    "Content-Length: 11\r\n\r\nhello proxy";

}  // namespace

TEST_CASE("The fault schedule gives the same decisions for the same seed and others for another seed",
          "[faultproxy][schedule]") {
  const FaultProfile hostile = FaultProfile::parse("hostile").value();
  const FaultSchedule a(7, hostile), b(7, hostile), c(8, hostile);
  std::map<FaultAction, int> counts;
  int differences = 0;
  for (std::uint64_t n = 0; n < 20000; ++n) {
    const FaultDecision da = a.decide(n), db = b.decide(n);
    REQUIRE(da.action == db.action);
    REQUIRE(da.delayMillis == db.delayMillis);
    REQUIRE(da.keepPerMille == db.keepPerMille);
    CHECK(da.delayMillis >= 1);
    CHECK(da.delayMillis <= hostile.maxDelayMillis);
    CHECK(da.keepPerMille >= 1);
    CHECK(da.keepPerMille <= 999);
    if (c.decide(n).action != da.action) ++differences;
    ++counts[da.action];
  }
  CHECK(differences > 2000);
  // Each fault shows up about as often as its per-mille says (20,000 draws: well within +-30 %).
  CHECK(counts[FaultAction::Drop] > 700);
  CHECK(counts[FaultAction::Drop] < 1300);
  CHECK(counts[FaultAction::Delay] > 1400);
  CHECK(counts[FaultAction::Delay] < 2600);
  CHECK(counts[FaultAction::Pass] > 20000 * 600 / 1000);
  CHECK(counts[FaultAction::Pass] < 20000 * 730 / 1000);
  CHECK(counts.size() == static_cast<std::size_t>(kFaultActionCount));
}

TEST_CASE("A fault profile is read from a name or a list, and a wrong one is refused with what to write",
          "[faultproxy][schedule]") {
  CHECK(FaultProfile::parse("none")->total() == 0);
  CHECK(FaultProfile::parse("mild")->total() == 100);
  const FaultProfile custom = FaultProfile::parse("drop=20,reset=10,max-delay=40").value();
  CHECK(custom.drop == 20);
  CHECK(custom.reset == 10);
  CHECK(custom.maxDelayMillis == 40);
  CHECK(custom.delay == 0);
  const FaultProfile again = FaultProfile::parse(FaultProfile::parse("hostile")->describe()).value();
  CHECK(again.describe() == FaultProfile::parse("hostile")->describe());
  for (const char* bad : {"", "drop", "drop=x", "drop=1001", "bogus=1", "drop=600,reset=600", "max-delay=0",
                          "drop=-1"}) {
    INFO(bad);
    auto p = FaultProfile::parse(bad);
    REQUIRE(!p.ok());
    CHECK(p.error().code == ErrorCode::InvalidArgument);
    CHECK(p.error().message.find("drop=20,reset=10") != std::string::npos);
  }
}

TEST_CASE("The fault proxy refuses every target but 127.0.0.1", "[faultproxy]") {
  for (const char* bad : {"10.0.0.1:80", "localhost:8750", "example.org:443", "0.0.0.0:80", "127.0.0.2:80",
                          "127.0.0.1:0", "127.0.0.1:70000", "127.0.0.1:", "[::1]:80"}) {
    INFO(bad);
    FaultProxyOptions o;
    o.target = bad;
    auto proxy = FaultProxy::start(o);
    REQUIRE(!proxy.ok());
    CHECK(proxy.error().code == ErrorCode::InvalidArgument);
    CHECK(proxy.error().message.find("127.0.0.1") != std::string::npos);
  }
  CHECK(parseLoopbackTarget("127.0.0.1:8750").value() == 8750);
  CHECK(parseLoopbackTarget("8750").value() == 8750);
}

TEST_CASE("Through a fault proxy without faults requests pass unchanged on one kept-alive connection",
          "[faultproxy]") {
  EchoServer server;
  auto proxy = proxyFor(server, "none");
  httplib::Client client("127.0.0.1", proxy->port());
  client.set_keep_alive(true);
  for (int i = 0; i < 5; ++i) {
    auto res = client.Post("/echo", "body " + std::to_string(i), "text/plain");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->body == "echo:body " + std::to_string(i));
  }
  auto chunked = client.Get("/chunked");
  REQUIRE(chunked);
  CHECK(chunked->body.size() == 30000);
  CHECK(chunked->body.substr(29000) == std::string(1000, static_cast<char>('a' + 29 % 26)));
  const FaultCounters c = proxy->counters();
  CHECK(c.connections == 1);
  CHECK(c.requests == 6);
  CHECK(c.passed == 6);
  CHECK(c.faults() == 0);
  CHECK(server.handled == 6);
}

TEST_CASE("A dropped request never reaches the server and the client sees the connection close",
          "[faultproxy]") {
  EchoServer server;
  auto proxy = proxyFor(server, "drop=1000");
  const RawResult r = rawExchange(proxy->port(), kRequest);
  CHECK(r.bytes.empty());
  CHECK_FALSE(r.reset);
  CHECK(server.handled == 0);
  CHECK(proxy->counters().dropped == 1);
  CHECK(proxy->decisions() == std::vector<FaultAction>{FaultAction::Drop});
}

TEST_CASE("A reset request reaches the server but the client gets RST instead of the answer", "[faultproxy]") {
  EchoServer server;
  auto proxy = proxyFor(server, "reset=1000");
  const RawResult r = rawExchange(proxy->port(), kRequest);
  CHECK(r.reset);
  CHECK(r.bytes.empty());
  CHECK(server.handled == 1);
  CHECK(proxy->counters().resets == 1);
}

TEST_CASE("A truncated request is cut off before the server can act on it", "[faultproxy]") {
  EchoServer server;
  auto proxy = proxyFor(server, "truncate-request=1000");
  for (std::uint64_t i = 0; i < 5; ++i) {
    const RawResult r = rawExchange(proxy->port(), kRequest);
    CHECK(r.bytes.empty());
  }
  const FaultCounters c = proxy->counters();
  CHECK(c.truncatedRequests == 5);
  CHECK(c.bytesToTarget > 0);
  CHECK(c.bytesToTarget < 5 * kRequest.size());
  CHECK(server.handled == 0);
}

TEST_CASE("A truncated answer reaches the client only in part, then the connection ends", "[faultproxy]") {
  EchoServer server;
  auto plain = proxyFor(server, "none");
  const RawResult whole = rawExchange(plain->port(), kRequest);
  REQUIRE(whole.bytes.find("echo:hello proxy") != std::string::npos);
  auto proxy = proxyFor(server, "truncate-response=1000");
  const RawResult cut = rawExchange(proxy->port(), kRequest);
  CHECK_FALSE(cut.reset);
  CHECK(!cut.bytes.empty());
  CHECK(cut.bytes.size() < whole.bytes.size());
  CHECK(whole.bytes.compare(0, cut.bytes.size(), cut.bytes) == 0);
  CHECK(server.handled == 2);
  CHECK(proxy->counters().truncatedResponses == 1);
}

TEST_CASE("A duplicated request reaches the server twice and the client gets one answer", "[faultproxy]") {
  EchoServer server;
  auto proxy = proxyFor(server, "duplicate=1000");
  httplib::Client client("127.0.0.1", proxy->port());
  auto res = client.Post("/echo", "once", "text/plain");
  REQUIRE(res);
  CHECK(res->body == "echo:once");
  CHECK(server.handled == 2);
  CHECK(proxy->counters().duplicates == 1);
}

TEST_CASE("A delayed request still gets its answer", "[faultproxy]") {
  EchoServer server;
  auto proxy = proxyFor(server, "delay=1000,max-delay=5");
  httplib::Client client("127.0.0.1", proxy->port());
  auto res = client.Post("/echo", "later", "text/plain");
  REQUIRE(res);
  CHECK(res->body == "echo:later");
  CHECK(proxy->counters().delayed == 1);
}

TEST_CASE("A request that finds the target down is closed and counted, and the proxy stops cleanly",
          "[faultproxy]") {
  std::uint16_t deadPort = 0;
  {
    EchoServer gone;
    deadPort = static_cast<std::uint16_t>(gone.port());
  }
  FaultProxyOptions o;
  o.target = "127.0.0.1:" + std::to_string(deadPort);
  auto proxy = FaultProxy::start(o);
  REQUIRE(proxy.ok());
  const RawResult r = rawExchange((*proxy)->port(), kRequest);
  CHECK(r.bytes.empty());
  CHECK((*proxy)->counters().targetFailures == 1);
  (*proxy)->stop();
  (*proxy)->stop();
}

TEST_CASE("coach-faultproxy says its port when it listens, forwards, and prints its counters when stopped",
          "[faultproxy][cli]") {
  EchoServer server;
  coach::test::ChildProcess refused({COACH_FAULTPROXY_BINARY, "--target", "192.168.1.1:80"});
  REQUIRE(refused.start());
  const int refusedStatus = refused.wait();
  CHECK(WEXITSTATUS(refusedStatus) == 2);
  REQUIRE(!refused.lines().empty());
  CHECK(refused.lines().back().find("only forwards to 127.0.0.1") != std::string::npos);

  coach::test::ChildProcess proxy({COACH_FAULTPROXY_BINARY, "--target", "127.0.0.1:" + std::to_string(server.port()),
                                   "--seed", "5", "--profile", "duplicate=1000"});
  REQUIRE(proxy.start());
  REQUIRE(proxy.waitForLines([](const auto& l) { return !l.empty(); }, std::chrono::seconds(10)));
  const auto listening = nlohmann::json::parse(proxy.lines().front());
  CHECK(listening["event"] == "listening");
  CHECK(listening["seed"] == 5);
  httplib::Client client("127.0.0.1", listening["port"].get<int>());
  auto res = client.Post("/echo", "via the command", "text/plain");
  REQUIRE(res);
  CHECK(res->body == "echo:via the command");
  const int status = proxy.kill(SIGTERM);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  REQUIRE(proxy.lines().size() == 2);
  const auto stopped = nlohmann::json::parse(proxy.lines().back());
  CHECK(stopped["event"] == "stopped");
  CHECK(stopped["counters"]["requests"] == 1);
  CHECK(stopped["counters"]["duplicates"] == 1);
  CHECK(server.handled == 2);
}
