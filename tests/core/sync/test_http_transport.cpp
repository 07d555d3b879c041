// HttpTransport against a canned server on 127.0.0.1 (plain http, which loopback allows): each call's method,
// path, headers and body as proto/PROTOCOL.md's HTTP mapping says; answers decoded; every error id mapped
// (expected_sequence, Retry-After); failures without an answer (refused, timeout, too large). TLS and the
// address checks are in test_http_tls.cpp.
#include <thread>

#include <catch2/catch.hpp>

#include "canned_http_server.hpp"
#include "coach/http_transport.hpp"
#include "sync/envelope.hpp"
#include "sync/messages.hpp"

using namespace coach;
using coach::test::CannedAnswer;
using coach::test::CannedServer;
using coach::test::RecordedRequest;
using nlohmann::json;

namespace {

sync::DeviceInfo deviceInfo(std::string id, crypto::Bytes signingKey, bool revoked) {
  sync::DeviceInfo d;
  d.id = std::move(id);
  d.signingKey = std::move(signingKey);
  d.revoked = revoked;
  return d;
}

const std::string kToken = "tok-5f2b9c1e8a7d4360b1e2f3a4c5d6e7f8";
const std::string kShard = "a7f2bdacc6558e51362ea593a92fd29c";
const std::string kDevice = "09841540ea3353dc79de4a148b6aef73";
const std::string kTeam = "94618e3e012ddbd410df682210987347";

// JSON bodies: the HTTP mapping of every route is tested in the JSON form here, the binary body of push and
// pull in test_http_binary.cpp.
HttpOptions optionsFor(const CannedServer& server) {
  HttpOptions options;
  options.baseUrl = server.url();
  options.token = kToken;
  options.bodyFormat = sync::BodyFormat::Json;
  return options;
}

std::unique_ptr<HttpTransport> mustCreate(HttpOptions options) {
  auto transport = HttpTransport::create(std::move(options));
  if (!transport.ok()) FAIL("creating the transport: " << transport.error().message);
  return std::move(transport).value();
}

CannedAnswer ok(const json& body) {
  return {200, body.dump(), {}, false, "application/json"};
}

CannedAnswer failing(const Error& error) {
  return {errorInfo(error.code).httpStatus, sync::errorJson(error).dump(), {}, false, "application/json"};
}

sync::KeyRecord keyRecord() {
  return {kShard, 1, 1, kDevice, crypto::Bytes(60, 0x5a)};
}

sync::Snapshot snapshotOf(const std::string& shard) {
  const crypto::Bytes bytes{9, 8, 7, 6, 5};
  return {{shard, 42, 3, kDevice, bytes.size()}, bytes};
}

RecordedRequest onlyRequest(const CannedServer& server) {
  const auto requests = server.requests();
  REQUIRE(requests.size() == 1);
  return requests.front();
}

void checkAuthorised(const RecordedRequest& r, const std::string& method, const std::string& path) {
  CHECK(r.method == method);
  CHECK(r.path == path);
  CHECK(r.authorization == "Bearer " + kToken);
  if (method == "POST") CHECK(r.contentType == "application/json");
}

std::vector<ErrorCode> allErrorCodes() {
  return {
#define COACH_X(name, wire, http) ErrorCode::name,
      COACH_ERROR_CODES(COACH_X)
#undef COACH_X
  };
}

}  // namespace

TEST_CASE("A push is POSTed to /v1/push with the bearer token, and its answer decoded", "[http]") {
  CannedServer server;
  server.answer("POST /v1/push", ok(sync::toJson(sync::PushResponse{3, {41, 42}})));
  auto transport = mustCreate(optionsFor(server));
  const sync::PushRequest request{{{1, 2, 3}, {4, 5}}, {keyRecord()}};
  auto response = transport->push(request);
  REQUIRE(response.ok());
  CHECK(response->lastSequence == 3);
  CHECK(response->serverSeqs == std::vector<std::uint64_t>{41, 42});
  CHECK(transport->lastFailure() == HttpFailure::None);
  const RecordedRequest sent = onlyRequest(server);
  checkAuthorised(sent, "POST", "/v1/push");
  CHECK(sent.userAgent == HttpOptions{}.userAgent);
  auto decoded = sync::pushRequestFromJson(json::parse(sent.body));
  REQUIRE(decoded.ok());
  CHECK(decoded->envelopes == request.envelopes);
  CHECK(decoded->keys == request.keys);
}

TEST_CASE("A pull is POSTed to /v1/pull and its page decoded, key records and envelopes alike", "[http]") {
  CannedServer server;
  sync::PullResponse page;
  page.items.push_back({41, true, {}, keyRecord(), false, {}});
  page.items.push_back({42, false, {7, 7, 7}, {}, false, {}});
  page.next = 42;
  page.more = true;
  server.answer("POST /v1/pull", ok(sync::toJson(page)));
  auto transport = mustCreate(optionsFor(server));
  auto response = transport->pull({40, 100, 1u << 20});
  REQUIRE(response.ok());
  REQUIRE(response->items.size() == 2);
  CHECK(response->items[0].isKey);
  CHECK(response->items[0].key == keyRecord());
  CHECK(response->items[1].envelope == crypto::Bytes{7, 7, 7});
  CHECK(response->next == 42);
  CHECK(response->more);
  const RecordedRequest sent = onlyRequest(server);
  checkAuthorised(sent, "POST", "/v1/pull");
  auto decoded = sync::pullRequestFromJson(json::parse(sent.body));
  REQUIRE(decoded.ok());
  CHECK(decoded->after == 40);
  CHECK(decoded->limit == 100);
  CHECK(decoded->maxBytes == 1u << 20);
}

TEST_CASE("One shard's snapshot is listed with ?shard=, and a shard that is no id is refused without traffic", "[http]") {
  CannedServer server;
  server.answer("GET /v1/snapshots", ok(sync::toJson(sync::SnapshotList{{}, 7})));
  auto transport = mustCreate(optionsFor(server));
  auto listed = transport->snapshotsOf("team");
  REQUIRE(listed.ok());
  CHECK(listed->head == 7);
  REQUIRE(server.requests().size() == 1);
  checkAuthorised(server.requests()[0], "GET", "/v1/snapshots");
  CHECK(server.requests()[0].target == "/v1/snapshots?shard=team");
  auto refused = transport->snapshotsOf("team&x=1");
  REQUIRE(!refused.ok());
  CHECK(refused.error().code == ErrorCode::InvalidArgument);
  CHECK(server.requests().size() == 1);
}

TEST_CASE("Devices, the snapshot list and one snapshot are fetched with GET under /v1", "[http]") {
  CannedServer server;
  const std::vector<sync::DeviceInfo> devices{deviceInfo(kDevice, crypto::Bytes(32, 1), false),
                                              deviceInfo(kTeam, crypto::Bytes(32, 2), true)};
  const sync::SnapshotList list{{snapshotOf("team").meta, snapshotOf(kShard).meta}, 99};
  server.answer("GET /v1/devices", ok(sync::toJson(devices)));
  server.answer("GET /v1/snapshots", ok(sync::toJson(list)));
  server.answer("GET /v1/snapshots/team", ok(sync::toJson(snapshotOf("team"))));
  server.answer("GET /v1/snapshots/" + kShard, ok(sync::toJson(snapshotOf(kShard))));
  auto transport = mustCreate(optionsFor(server));

  auto gotDevices = transport->devices();
  REQUIRE(gotDevices.ok());
  REQUIRE(gotDevices->size() == 2);
  CHECK(gotDevices->at(1).revoked);
  CHECK(gotDevices->at(1).signingKey == devices[1].signingKey);
  auto gotList = transport->snapshots();
  REQUIRE(gotList.ok());
  CHECK(gotList->head == 99);
  CHECK(gotList->snapshots == list.snapshots);
  auto team = transport->snapshot("team");
  REQUIRE(team.ok());
  CHECK(team->meta == snapshotOf("team").meta);
  auto participant = transport->snapshot(kShard);
  REQUIRE(participant.ok());
  CHECK(participant->bytes == snapshotOf(kShard).bytes);

  const auto requests = server.requests();
  REQUIRE(requests.size() == 4);
  checkAuthorised(requests[0], "GET", "/v1/devices");
  checkAuthorised(requests[1], "GET", "/v1/snapshots");
  checkAuthorised(requests[2], "GET", "/v1/snapshots/team");
  checkAuthorised(requests[3], "GET", "/v1/snapshots/" + kShard);
  for (const auto& r : requests) CHECK(r.body.empty());
}

TEST_CASE("A snapshot is uploaded with POST /v1/snapshots and the answer's protocol is checked", "[http]") {
  CannedServer server;
  auto transport = mustCreate(optionsFor(server));
  SECTION("{\"protocol\": 1} is success") {
    server.answer("POST /v1/snapshots", ok({{"protocol", 1}}));
    REQUIRE(transport->putSnapshot(snapshotOf(kShard)).ok());
    const RecordedRequest sent = onlyRequest(server);
    checkAuthorised(sent, "POST", "/v1/snapshots");
    auto decoded = sync::snapshotFromJson(json::parse(sent.body));
    REQUIRE(decoded.ok());
    CHECK(decoded->meta == snapshotOf(kShard).meta);
    CHECK(decoded->bytes == snapshotOf(kShard).bytes);
  }
  SECTION("another protocol is ProtocolUnsupported") {
    server.answer("POST /v1/snapshots", ok({{"protocol", 2}}));
    auto put = transport->putSnapshot(snapshotOf(kShard));
    REQUIRE_FALSE(put.ok());
    CHECK(put.error().code == ErrorCode::ProtocolUnsupported);
    CHECK(transport->lastFailure() == HttpFailure::BadAnswer);
  }
}

TEST_CASE("A snapshot of a shard that is not an id is refused before anything is sent", "[http]") {
  CannedServer server;
  auto transport = mustCreate(optionsFor(server));
  for (const std::string shard : {"../admin", "team/../x", "", "A7F2BDACC6558E51362EA593A92FD29C?x"}) {
    auto got = transport->snapshot(shard);
    REQUIRE_FALSE(got.ok());
    CHECK(got.error().code == ErrorCode::InvalidArgument);
    CHECK(transport->lastFailure() == HttpFailure::InvalidRequest);
  }
  CHECK(server.requests().empty());
}

TEST_CASE("Enrolment is POSTed to /v1/enrol without any Authorization header", "[http]") {
  CannedServer server;
  const sync::EnrolResponse enrolled{kTeam, kDevice, "fresh-device-token", "coach"};
  server.answer("POST /v1/enrol", ok(sync::toJson(enrolled)));
  const sync::EnrolRequest request{"K7QM-2XPD-9HWT", kDevice, crypto::Bytes(32, 3), crypto::Bytes(32, 4)};
  SECTION("through enrolDevice() with no token") {
    HttpOptions options;
    options.baseUrl = server.url();
    auto got = enrolDevice(options, request);
    REQUIRE(got.ok());
    CHECK(got->token == "fresh-device-token");
    CHECK(got->role == "coach");
  }
  SECTION("through a transport that holds a token, which is not sent") {
    auto transport = mustCreate(optionsFor(server));
    auto got = transport->enrol(request);
    REQUIRE(got.ok());
    CHECK(got->team == kTeam);
  }
  const RecordedRequest sent = onlyRequest(server);
  CHECK(sent.method == "POST");
  CHECK(sent.path == "/v1/enrol");
  CHECK_FALSE(sent.hasAuthorization);
  CHECK(sent.contentType == "application/json");
  auto decoded = sync::enrolRequestFromJson(json::parse(sent.body));
  REQUIRE(decoded.ok());
  CHECK(decoded->code == request.code);
  CHECK(decoded->signingKey == request.signingKey);
  CHECK(decoded->agreementKey == request.agreementKey);
}

TEST_CASE("Every error id the server answers comes back as its ErrorCode with the server's message", "[http]") {
  CannedServer server;
  auto transport = mustCreate(optionsFor(server));
  for (const ErrorCode code : allErrorCodes()) {
    const std::string wire(errorInfo(code).wireId);
    server.answer("POST /v1/push", failing(makeError(code, "what went wrong: " + wire)));
    auto got = transport->push({});
    INFO(wire);
    REQUIRE_FALSE(got.ok());
    CHECK(got.error().code == code);
    CHECK(got.error().message == "what went wrong: " + wire);
    CHECK(transport->lastFailure() == HttpFailure::ErrorAnswer);
  }
}

TEST_CASE("An error id this version does not know is Internal", "[http]") {
  CannedServer server;
  server.answer("POST /v1/pull",
                {418, R"({"error":{"id":"teapot","message":"short and stout"}})", {}, false, "application/json"});
  auto transport = mustCreate(optionsFor(server));
  auto got = transport->pull({});
  REQUIRE_FALSE(got.ok());
  CHECK(got.error().code == ErrorCode::Internal);
  CHECK_THAT(got.error().message, Catch::Contains("teapot"));
}

TEST_CASE("A sequence gap answer carries the sequence to resend from", "[http]") {
  CannedServer server;
  Error gap = makeError(ErrorCode::SequenceGap, "envelopes are missing: resend from 7");
  gap.expectedSequence = 7;
  server.answer("POST /v1/push", failing(gap));
  auto transport = mustCreate(optionsFor(server));
  auto got = transport->push({});
  REQUIRE_FALSE(got.ok());
  CHECK(got.error().code == ErrorCode::SequenceGap);
  CHECK(got.error().expectedSequence == 7);
}

TEST_CASE("Retry-After of a 429 or 503 answer is kept in seconds, and a date or another status counts as absent",
          "[http]") {
  CannedServer server;
  auto transport = mustCreate(optionsFor(server));
  const auto answerWith = [&](ErrorCode code, const std::string& retryAfter) {
    CannedAnswer canned = failing(makeError(code, "later"));
    canned.headers.emplace("Retry-After", retryAfter);
    server.answer("POST /v1/pull", canned);
    auto got = transport->pull({});
    REQUIRE_FALSE(got.ok());
    CHECK(got.error().code == code);
    return got.error().retryAfterSeconds;
  };
  CHECK(answerWith(ErrorCode::RateLimited, "12") == 12);
  CHECK(answerWith(ErrorCode::Unavailable, "30") == 30);
  CHECK(answerWith(ErrorCode::Unavailable, "99999999999") == 86400);
  CHECK(answerWith(ErrorCode::RateLimited, "Wed, 21 Oct 2026 07:28:00 GMT") == 0);
  CHECK(answerWith(ErrorCode::Internal, "12") == 0);
  server.answer("POST /v1/pull", failing(makeError(ErrorCode::RateLimited, "later")));
  auto absent = transport->pull({});
  REQUIRE_FALSE(absent.ok());
  CHECK(absent.error().retryAfterSeconds == 0);
}

TEST_CASE("An error answer that is not a protocol error is Internal and names the HTTP status", "[http]") {
  CannedServer server;
  auto transport = mustCreate(optionsFor(server));
  const std::vector<CannedAnswer> answers{
      {502, "<html><body>Bad Gateway</body></html>", {}, false, "text/html"},           // a proxy's page
      {500, R"({"oops":true})", {}, false, "application/json"},                         // JSON, not an error body
      {302, "", {{"Location", "http://127.0.0.1:1/v1/devices"}}, false, "text/plain"},  // not followed
  };
  std::size_t sent = 0;
  for (const CannedAnswer& canned : answers) {
    INFO("HTTP " << canned.status);
    server.answer("GET /v1/devices", canned);
    auto got = transport->devices();
    REQUIRE_FALSE(got.ok());
    CHECK(got.error().code == ErrorCode::Internal);
    CHECK(got.error().message ==
          "the server answered HTTP " + std::to_string(canned.status) + " without a protocol error");
    CHECK(transport->lastFailure() == HttpFailure::ErrorAnswer);
    CHECK(server.requests().size() == ++sent);  // one request each: nothing retried, no redirect followed
  }
}

TEST_CASE("A 200 answer that is not the expected message is refused", "[http]") {
  CannedServer server;
  auto transport = mustCreate(optionsFor(server));
  SECTION("not JSON: Internal, which the sync retries") {
    server.answer("GET /v1/devices", {200, "<html>Welcome to the guest Wi-Fi</html>", {}, false, "text/html"});
    auto got = transport->devices();
    REQUIRE_FALSE(got.ok());
    CHECK(got.error().code == ErrorCode::Internal);
    CHECK_THAT(got.error().message, Catch::Contains("not a protocol message"));
  }
  SECTION("JSON of another message: the decoder's InvalidArgument") {
    server.answer("GET /v1/devices", ok(sync::toJson(sync::PushResponse{1, {}})));
    auto got = transport->devices();
    REQUIRE_FALSE(got.ok());
    CHECK(got.error().code == ErrorCode::InvalidArgument);
  }
  CHECK(transport->lastFailure() == HttpFailure::BadAnswer);
}

TEST_CASE("A server that is not listening is Unavailable, in words that name the server but never the token",
          "[http]") {
  HttpOptions options;
  {
    CannedServer gone;  // a free port, closed again
    options = optionsFor(gone);
  }
  auto transport = mustCreate(options);
  auto got = transport->push({{{1, 2, 3}}, {}});
  REQUIRE_FALSE(got.ok());
  CHECK(got.error().code == ErrorCode::Unavailable);
  CHECK(transport->lastFailure() == HttpFailure::Unreachable);
  CHECK_FALSE(transport->lastFailureWasCertificate());
  CHECK_THAT(got.error().message,
             Catch::StartsWith("the sync server at " + transport->serverName() + " cannot be reached: "));
  CHECK_THAT(got.error().message,
             Catch::EndsWith("your changes are safe on this device and will be sent at the next sync"));
  CHECK_THAT(got.error().message, !Catch::Contains(kToken));
}

TEST_CASE("A server that does not answer within the read timeout is Unavailable", "[http]") {
  CannedServer server;
  server.holdAnswers();  // released when the server is destroyed
  HttpOptions options = optionsFor(server);
  options.readTimeout = std::chrono::milliseconds(200);
  auto transport = mustCreate(options);
  auto got = transport->devices();
  REQUIRE_FALSE(got.ok());
  CHECK(got.error().code == ErrorCode::Unavailable);
  CHECK(transport->lastFailure() == HttpFailure::Timeout);
  CHECK_THAT(got.error().message, Catch::Contains("did not answer within 200 ms"));
  CHECK_THAT(got.error().message, !Catch::Contains(kToken));
}

TEST_CASE("An answer over maxResponseBytes is refused as it arrives, with or without Content-Length", "[http]") {
  CannedServer server;
  HttpOptions options = optionsFor(server);
  options.maxResponseBytes = 1024;
  auto transport = mustCreate(options);
  const std::string big = json{{"protocol", 1}, {"devices", json::array()}, {"padding", std::string(4000, 'x')}}.dump();
  const bool chunked = GENERATE(false, true);
  server.answer("GET /v1/devices", {200, big, {}, chunked, "application/json"});
  auto got = transport->devices();
  REQUIRE_FALSE(got.ok());
  CHECK(got.error().code == ErrorCode::PayloadTooLarge);
  CHECK(transport->lastFailure() == HttpFailure::AnswerTooLarge);
  // The same limit lets a small answer through, on a fresh connection.
  server.answer("GET /v1/devices", ok(sync::toJson(std::vector<sync::DeviceInfo>{})));
  auto small = transport->devices();
  REQUIRE(small.ok());
  CHECK(small->empty());
}

TEST_CASE("Calls reuse one kept-alive connection", "[http]") {
  CannedServer server;
  server.answer("GET /v1/devices", ok(sync::toJson(std::vector<sync::DeviceInfo>{})));
  server.answer("POST /v1/pull", ok(sync::toJson(sync::PullResponse{{}, 0, false})));
  auto transport = mustCreate(optionsFor(server));
  REQUIRE(transport->devices().ok());
  REQUIRE(transport->pull({}).ok());
  REQUIRE(transport->devices().ok());
  const auto requests = server.requests();
  REQUIRE(requests.size() == 3);
  CHECK(requests[0].remotePort == requests[1].remotePort);
  CHECK(requests[1].remotePort == requests[2].remotePort);
}

TEST_CASE("Threads sharing one transport are served one call at a time, every call answered", "[http]") {
  CannedServer server;
  server.answer("GET /v1/devices",
                ok(sync::toJson(std::vector<sync::DeviceInfo>{deviceInfo(kDevice, crypto::Bytes(32, 1), false)})));
  auto transport = mustCreate(optionsFor(server));
  constexpr int kThreads = 4;
  constexpr int kCalls = 10;
  std::vector<int> succeeded(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kCalls; ++i) {
        auto got = transport->devices();
        if (got.ok() && got->size() == 1) ++succeeded[static_cast<std::size_t>(t)];
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (int count : succeeded) CHECK(count == kCalls);
  CHECK(server.requests().size() == static_cast<std::size_t>(kThreads * kCalls));
}
