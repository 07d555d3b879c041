// SyncClient's retries over the real HttpTransport (docs/sync.md, "Retries"): a server certificate the device
// cannot verify ends the sync at the first attempt (only the admin can mend it), a network failure is retried,
// and a 429 or 503 answer with Retry-After is retried no sooner than it says, or not at all within the sync
// when it asks for longer than the sync waits.
#include <chrono>

#include <catch2/catch.hpp>

#include "canned_http_server.hpp"
#include "coach/http_transport.hpp"
#include "forwarding_transport.hpp"
#include "sync_world.hpp"
#include "test_pki.hpp"

using namespace coach;
using coach::test::CannedServer;
using coach::test::SyncWorld;

namespace {

// Counts the calls SyncClient makes; the first thing a sync asks is the device's key grants.
class GrantCounter final : public coach::test::ForwardingTransport {
 public:
  using ForwardingTransport::ForwardingTransport;
  Result<sync::GrantsAnswer> grants() override {
    ++calls;
    return inner_.grants();
  }
  int calls = 0;
};

HttpOptions retryOptions(const std::string& url, const std::string& caFile = {}) {
  HttpOptions options;
  options.baseUrl = url;
  options.token = "tok-77aa0c1d2e3f4a5b6c7d8e9f0a1b2c3d";
  options.caFile = caFile;
  options.connectTimeout = std::chrono::milliseconds(2000);
  return options;
}

std::unique_ptr<HttpTransport> retryTransport(HttpOptions options) {
  auto transport = HttpTransport::create(std::move(options));
  if (!transport.ok()) FAIL("creating the transport: " << transport.error().message);
  return std::move(transport).value();
}

sync::SyncOptions fewAttempts(int attempts) {
  sync::SyncOptions options;
  options.maxAttempts = attempts;
  options.backoffBaseMillis = 1;
  return options;
}

coach::test::CannedAnswer refusedWith(int status, const std::string& id, const std::string& retryAfter) {
  coach::test::CannedAnswer answer{status, R"({"error":{"id":")" + id + R"(","message":"busy, come back later"}})", {},
                                   false, "application/json"};
  answer.headers.emplace("Retry-After", retryAfter);
  return answer;
}

}  // namespace

TEST_CASE("A sync meeting a server certificate it cannot verify ends at the first attempt, a network failure is retried",
          "[http][sync][retry]") {
  SyncWorld world;
  auto& device = world.addDevice("d");
  SECTION("certificate of a CA the device does not trust: one attempt") {
    coach::test::TempDir dir;
    coach::test::TestPki pki{dir.path()};
    CannedServer tls(pki.serverCertFile(), pki.serverKeyFile());
    auto http = retryTransport(retryOptions(tls.url(), pki.otherCaFile()));
    GrantCounter counting(*http);
    auto got = sync::SyncClient(*device.store, counting, fewAttempts(4)).sync();
    REQUIRE_FALSE(got.ok());
    CHECK(got.error().code == ErrorCode::Unavailable);
    CHECK_THAT(got.error().message, Catch::Contains("could not be verified"));
    CHECK(http->lastFailure() == HttpFailure::Certificate);
    CHECK(counting.calls == 1);
    CHECK(tls.requests().empty());
  }
  SECTION("nothing listens on the port: every attempt") {
    int port = 0;
    {
      CannedServer closed;  // a free port, closed again
      port = closed.port();
    }
    auto http = retryTransport(retryOptions("http://127.0.0.1:" + std::to_string(port)));
    GrantCounter counting(*http);
    auto got = sync::SyncClient(*device.store, counting, fewAttempts(3)).sync();
    REQUIRE_FALSE(got.ok());
    CHECK(got.error().code == ErrorCode::Unavailable);
    CHECK(http->lastFailure() == HttpFailure::Unreachable);
    CHECK(counting.calls == 3);
  }
}

TEST_CASE("A sync told Retry-After by a 429 or 503 answer waits at least that long before it asks again",
          "[http][sync][retry]") {
  SyncWorld world;
  auto& device = world.addDevice("d");
  const auto [status, id] = GENERATE(std::make_pair(429, std::string("rate_limited")),
                                     std::make_pair(503, std::string("unavailable")));
  INFO(status);
  CannedServer server;
  server.answer("GET /v1/grants", refusedWith(status, id, "1"));
  auto http = retryTransport(retryOptions(server.url()));
  const auto started = std::chrono::steady_clock::now();
  auto got = sync::SyncClient(*device.store, *http, fewAttempts(2)).sync();
  const auto took = std::chrono::steady_clock::now() - started;
  REQUIRE_FALSE(got.ok());
  CHECK(got.error().retryAfterSeconds == 1);
  CHECK(server.requests().size() == 2);
  CHECK(took >= std::chrono::milliseconds(1000));  // the backoff alone (1 ms base) would be a few milliseconds
}

TEST_CASE("A sync told to come back later than it waits ends at once, keeping Retry-After for the app", "[http][sync][retry]") {
  SyncWorld world;
  auto& device = world.addDevice("d");
  CannedServer server;
  server.answer("GET /v1/grants", refusedWith(429, "rate_limited", "120"));
  auto http = retryTransport(retryOptions(server.url()));
  const auto started = std::chrono::steady_clock::now();
  auto got = sync::SyncClient(*device.store, *http, fewAttempts(5)).sync();
  const auto took = std::chrono::steady_clock::now() - started;
  REQUIRE_FALSE(got.ok());
  CHECK(got.error().code == ErrorCode::RateLimited);
  CHECK(got.error().retryAfterSeconds == 120);
  CHECK(server.requests().size() == 1);
  CHECK(took < std::chrono::seconds(5));
}
