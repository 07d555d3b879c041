// HttpTransport and the binary body of push and pull (proto/PROTOCOL.md, "Binary bodies") against a canned
// server on 127.0.0.1: what it sends (Content-Type, Accept, the bytes), how it reads an answer by its
// Content-Type, and its fallback to JSON with a server that does not take binary bodies. coach-syncd's side
// is tested in tests/sync-server/test_syncd_binary.cpp.
#include <catch2/catch.hpp>

#include "canned_http_server.hpp"
#include "coach/http_transport.hpp"
#include "sync/messages.hpp"
#include "sync/messages_binary.hpp"

using namespace coach;
using coach::test::CannedAnswer;
using coach::test::CannedServer;
using coach::test::RecordedRequest;

namespace {

const std::string kBinaryToken = "tok-0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e";
const std::string kBinaryShard = "a7f2bdacc6558e51362ea593a92fd29c";
const std::string kBinaryDevice = "09841540ea3353dc79de4a148b6aef73";

std::unique_ptr<HttpTransport> binaryTransport(const CannedServer& server,
                                               sync::BodyFormat format = sync::BodyFormat::Binary) {
  HttpOptions options;
  options.baseUrl = server.url();
  options.token = kBinaryToken;
  options.bodyFormat = format;
  auto transport = HttpTransport::create(std::move(options));
  if (!transport.ok()) FAIL("creating the transport: " << transport.error().message);
  return std::move(transport).value();
}

CannedAnswer binaryAnswer(const Result<std::string>& body) {
  REQUIRE(body.ok());
  return {200, body.value(), {}, false, std::string(sync::kBinaryMediaType)};
}

CannedAnswer jsonAnswer(const nlohmann::json& body) { return {200, body.dump(), {}, false, "application/json"}; }

sync::PullResponse samplePage() {
  sync::PullResponse page;
  page.items.push_back({41, true, {}, {kBinaryShard, 1, 1, kBinaryDevice, crypto::Bytes(60, 0x5a)}, false, {}});
  page.items.push_back({42, false, {7, 7, 7}, {}, false, {}});
  page.next = 42;
  page.more = true;
  return page;
}

const std::string kAcceptBoth = std::string(sync::kBinaryMediaType) + ", application/json";

}  // namespace

TEST_CASE("A push goes as a binary body with the envelopes as they are, and its binary answer is decoded",
          "[http][binary]") {
  CannedServer server;
  server.answer("POST /v1/push", binaryAnswer(sync::toBinary(sync::PushResponse{3, {41, 42}})));
  auto transport = binaryTransport(server);
  const sync::PushRequest request{{{1, 2, 3}, {4, 5}}, {{kBinaryShard, 1, 1, kBinaryDevice, crypto::Bytes(60, 1)}}};
  auto response = transport->push(request);
  REQUIRE(response.ok());
  CHECK(response->lastSequence == 3);
  CHECK(response->serverSeqs == std::vector<std::uint64_t>{41, 42});
  CHECK(transport->lastFailure() == HttpFailure::None);
  const auto requests = server.requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].contentType == sync::kBinaryMediaType);
  CHECK(requests[0].accept == kAcceptBoth);
  CHECK(requests[0].authorization == "Bearer " + kBinaryToken);
  CHECK(requests[0].body == sync::toBinary(request).value());
}

namespace {

// Pulls one page through a transport asking for binary pages from a server answering `canned`.
void pullsSamplePage(const CannedAnswer& canned) {
  CannedServer server;
  server.answer("POST /v1/pull", canned);
  auto transport = binaryTransport(server);
  auto page = transport->pull({40, 100, 1u << 20});
  REQUIRE(page.ok());
  CHECK(sync::toJson(page.value()) == sync::toJson(samplePage()));
  const auto requests = server.requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].accept == kAcceptBoth);
  CHECK(requests[0].contentType == "application/json");  // the pull request itself is JSON
  CHECK(sync::pullRequestFromJson(nlohmann::json::parse(requests[0].body)).ok());
}

}  // namespace

TEST_CASE("A pull asks for the binary page and reads the answer by its Content-Type, binary or JSON",
          "[http][binary]") {
  SECTION("a server that answers binary") { pullsSamplePage(binaryAnswer(sync::toBinary(samplePage()))); }
  SECTION("a server without binary bodies answers JSON") { pullsSamplePage(jsonAnswer(sync::toJson(samplePage()))); }
}

TEST_CASE("A server that refuses a binary push gets it again as JSON, and JSON pushes from then on", "[http][binary]") {
  CannedServer server;
  // A server from before binary bodies: it refuses every Content-Type but JSON.
  server.answer("POST /v1/push",
                {400, sync::errorJson(makeError(ErrorCode::InvalidArgument, "requests must have Content-Type: application/json")).dump(),
                 {}, false, "application/json"});
  auto transport = binaryTransport(server);
  const sync::PushRequest request{{{9, 9}}, {}};
  auto first = transport->push(request);
  REQUIRE_FALSE(first.ok());
  CHECK(first.error().code == ErrorCode::InvalidArgument);  // the canned server refuses the JSON push too
  auto requests = server.requests();
  REQUIRE(requests.size() == 2);
  CHECK(requests[0].contentType == sync::kBinaryMediaType);
  CHECK(requests[1].contentType == "application/json");
  auto resent = sync::pushRequestFromJson(nlohmann::json::parse(requests[1].body));
  REQUIRE(resent.ok());
  CHECK(resent->envelopes == request.envelopes);
  (void)transport->push(request);
  requests = server.requests();
  REQUIRE(requests.size() == 3);
  CHECK(requests[2].contentType == "application/json");
}

TEST_CASE("A JSON-only transport sends and asks for JSON only", "[http][binary]") {
  CannedServer server;
  server.answer("POST /v1/push", jsonAnswer(sync::toJson(sync::PushResponse{1, {7}})));
  server.answer("POST /v1/pull", jsonAnswer(sync::toJson(samplePage())));
  auto transport = binaryTransport(server, sync::BodyFormat::Json);
  REQUIRE(transport->push({{{1}}, {}}).ok());
  REQUIRE(transport->pull({40, 100, 1u << 20}).ok());
  for (const RecordedRequest& r : server.requests()) {
    INFO(r.path);
    CHECK(r.contentType == "application/json");
    CHECK(r.accept == "application/json");
  }
}

TEST_CASE("A malformed binary answer, a page larger than asked for, or a binary answer nobody asked for is refused",
          "[http][binary]") {
  CannedServer server;
  auto transport = binaryTransport(server);
  SECTION("a truncated page: the decoder's InvalidArgument") {
    std::string body = sync::toBinary(samplePage()).value();
    body.pop_back();
    server.answer("POST /v1/pull", {200, body, {}, false, std::string(sync::kBinaryMediaType)});
    auto page = transport->pull({40, 100, 1u << 20});
    REQUIRE_FALSE(page.ok());
    CHECK(page.error().code == ErrorCode::InvalidArgument);
    CHECK_THAT(page.error().message, Catch::Contains("runs past the end of the body"));
    CHECK(transport->lastFailure() == HttpFailure::BadAnswer);
  }
  SECTION("two items to a device that asked for one") {
    server.answer("POST /v1/pull", binaryAnswer(sync::toBinary(samplePage())));
    auto page = transport->pull({40, 1, 1u << 20});
    REQUIRE_FALSE(page.ok());
    CHECK(page.error().code == ErrorCode::PayloadTooLarge);
    CHECK(transport->lastFailure() == HttpFailure::BadAnswer);
  }
  SECTION("more server sequences than envelopes pushed") {
    server.answer("POST /v1/push", binaryAnswer(sync::toBinary(sync::PushResponse{2, {41, 42}})));
    auto pushed = transport->push({{{1}}, {}});
    REQUIRE_FALSE(pushed.ok());
    CHECK(pushed.error().code == ErrorCode::PayloadTooLarge);
  }
  SECTION("a binary device list, which no client asks for") {
    server.answer("GET /v1/devices", {200, "CCB1", {}, false, std::string(sync::kBinaryMediaType)});
    auto devices = transport->devices();
    REQUIRE_FALSE(devices.ok());
    CHECK(devices.error().code == ErrorCode::Internal);
    CHECK(server.requests().back().accept == "application/json");
  }
}

TEST_CASE("A snapshot is asked for in the binary body and read by its Content-Type, binary or JSON",
          "[http][binary][snapshot]") {
  const sync::Snapshot snapshot{sync::SnapshotMeta{kBinaryShard, 4641, 2, kBinaryDevice, 3000}, crypto::Bytes(3000, 0x61), 0};
  for (const bool binaryServer : {true, false}) {
    INFO((binaryServer ? "a server that answers binary" : "a server without binary snapshots answers JSON"));
    CannedServer server;
    server.answer("GET /v1/snapshots/" + kBinaryShard,
                  binaryServer ? binaryAnswer(sync::toBinary(snapshot)) : jsonAnswer(sync::toJson(snapshot)));
    auto transport = binaryTransport(server);
    auto got = transport->snapshot(kBinaryShard);
    REQUIRE(got.ok());
    CHECK(got->meta == snapshot.meta);
    CHECK(got->bytes == snapshot.bytes);
    REQUIRE(server.requests().size() == 1);
    CHECK(server.requests()[0].accept == kAcceptBoth);
  }
  SECTION("a JSON-only transport asks for JSON") {
    CannedServer server;
    server.answer("GET /v1/snapshots/" + kBinaryShard, jsonAnswer(sync::toJson(snapshot)));
    auto transport = binaryTransport(server, sync::BodyFormat::Json);
    REQUIRE(transport->snapshot(kBinaryShard).ok());
    CHECK(server.requests().back().accept == "application/json");
  }
  SECTION("a binary snapshot cut short is refused as a bad answer") {
    std::string body = sync::toBinary(snapshot).value();
    body.pop_back();
    CannedServer server;
    server.answer("GET /v1/snapshots/" + kBinaryShard, {200, body, {}, false, std::string(sync::kBinaryMediaType)});
    auto transport = binaryTransport(server);
    auto got = transport->snapshot(kBinaryShard);
    REQUIRE_FALSE(got.ok());
    CHECK(got.error().code == ErrorCode::InvalidArgument);
    CHECK(transport->lastFailure() == HttpFailure::BadAnswer);
  }
}
