// The binary bodies of push, pull and a snapshot (sync/messages_binary.hpp): every message and item kind survives the round
// trip, the binary and JSON forms carry the same messages, the encoder refuses what the form cannot carry, the
// decoder's limits hold, and the media types are read as RFC 9110 writes them. The byte layout itself is pinned
// by proto/vectors/binary-bodies.json (tests/proto/test_binary_bodies.cpp). Every other sync test runs the
// loopback transport in the binary form; the last test here keeps the JSON form of push and pull in use.
#include <catch2/catch.hpp>

#include "relay/loopback_transport.hpp"
#include "sync/messages.hpp"
#include "sync/messages_binary.hpp"
#include "sync_world.hpp"

using namespace coach;

namespace {

const std::string kFrameShard = "a7f2bdacc6558e51362ea593a92fd29c";
const std::string kFrameAuthor = "09841540ea3353dc79de4a148b6aef73";

sync::KeyRecord frameKey(std::string shard, std::uint32_t version, std::uint32_t epoch) {
  return {std::move(shard), version, epoch, kFrameAuthor, crypto::Bytes(60, 0x42)};
}

sync::PullResponse everyItemKind() {
  sync::PullResponse page;
  page.items.push_back({10, true, {}, frameKey(kFrameShard, 2, 3), false, {}});
  page.items.push_back({11, true, {}, frameKey("team", 1, 2), false, {}});
  page.items.push_back({12, false, crypto::Bytes(714, 0xab), {}, false, {}});
  page.items.push_back({13, false, crypto::Bytes(106, 0xcd), {}, true, crypto::Bytes(32, 0xef)});
  page.items.push_back({~std::uint64_t{0}, false, {}, {}, false, {}});
  page.next = ~std::uint64_t{0};
  page.more = false;
  return page;
}

}  // namespace

TEST_CASE("Every binary message and pull item kind decodes to what was encoded, as its JSON form does",
          "[sync][binary]") {
  const sync::PushRequest push{{crypto::Bytes(714, 1), crypto::Bytes(2250, 2), {}},
                               {frameKey(kFrameShard, 1, 1), frameKey("team", 1, 2)}};
  auto pushBack = sync::pushRequestFromBinary(sync::toBinary(push).value(), sync::BinaryLimits{});
  REQUIRE(pushBack.ok());
  CHECK(pushBack->envelopes == push.envelopes);
  CHECK(pushBack->keys == push.keys);
  CHECK(sync::toJson(pushBack.value()) == sync::toJson(push));

  const sync::PushResponse answer{~std::uint64_t{0}, {1, 2, ~std::uint64_t{0}}};
  auto answerBack = sync::pushResponseFromBinary(sync::toBinary(answer).value(), sync::BinaryLimits{});
  REQUIRE(answerBack.ok());
  CHECK(sync::toJson(answerBack.value()) == sync::toJson(answer));

  auto pageBack = sync::pullResponseFromBinary(sync::toBinary(everyItemKind()).value(), sync::BinaryLimits{});
  REQUIRE(pageBack.ok());
  CHECK(sync::toJson(pageBack.value()) == sync::toJson(everyItemKind()));
  CHECK(pageBack->items[1].key.shard == "team");
  CHECK(pageBack->items[3].erased);
}

TEST_CASE("The largest envelope travels in a binary body, one byte more is payload_too_large", "[sync][binary]") {
  const sync::BinaryLimits limits;
  sync::PushRequest push{{crypto::Bytes(limits.maxEnvelopeBytes, 0x5a)}, {}};
  auto back = sync::pushRequestFromBinary(sync::toBinary(push).value(), limits);
  REQUIRE(back.ok());
  CHECK(back->envelopes == push.envelopes);
  push.envelopes[0].push_back(0);
  auto over = sync::pushRequestFromBinary(sync::toBinary(push).value(), limits);
  REQUIRE_FALSE(over.ok());
  CHECK(over.error().code == ErrorCode::PayloadTooLarge);
  CHECK(over.error().message == "an envelope of 2097355 bytes exceeds the limit of 2097354");
}

namespace {

sync::Snapshot frameSnapshot(std::string shard, std::size_t size) {
  sync::Snapshot s;
  s.meta = sync::SnapshotMeta{std::move(shard), 4641, 3, kFrameAuthor, size};
  s.bytes = crypto::Bytes(size, 0x6b);
  s.erasuresSeen = 7;
  return s;
}

}  // namespace

TEST_CASE("A snapshot travels in a binary body as it is, for the team shard and a participant's", "[sync][binary]") {
  for (const std::string& shard : {std::string("team"), kFrameShard}) {
    const sync::Snapshot s = frameSnapshot(shard, 110'000);
    const std::string body = sync::toBinary(s).value();
    CHECK(body.size() == 7 + 52 + 4 + 110'000);  // the preamble, the description, the length, the bytes verbatim
    CHECK(body.substr(0, 7) == std::string("CCB1\x00\x01\x04", 7));
    auto back = sync::snapshotFromBinary(body, sync::BinaryLimits{});
    REQUIRE(back.ok());
    CHECK(back->meta == s.meta);
    CHECK(back->bytes == s.bytes);
    CHECK(back->erasuresSeen == 7);
    CHECK(sync::toJson(back.value()) == sync::toJson(s));
  }
  CHECK_FALSE(sync::toBinary(frameSnapshot("not-a-shard", 10)).ok());
}

TEST_CASE("A binary snapshot over the limit, cut short, with bytes after it or of another type is refused",
          "[sync][binary]") {
  const sync::BinaryLimits limits;
  const auto error = [](const Result<sync::Snapshot>& r) { return r.ok() ? std::string("decoded") : r.error().message; };
  const std::string largest = sync::toBinary(frameSnapshot("team", limits.maxSnapshotBytes)).value();
  CHECK(sync::snapshotFromBinary(largest, limits).ok());
  auto over = sync::snapshotFromBinary(sync::toBinary(frameSnapshot("team", limits.maxSnapshotBytes + 1)).value(), limits);
  REQUIRE_FALSE(over.ok());
  CHECK(over.error().code == ErrorCode::PayloadTooLarge);
  CHECK(over.error().message == "a snapshot of 2097323 bytes exceeds the limit of 2097322");
  const std::string body = sync::toBinary(frameSnapshot(kFrameShard, 300)).value();
  CHECK_THAT(error(sync::snapshotFromBinary(body.substr(0, body.size() - 1), limits)), Catch::Contains("runs past the end"));
  CHECK_THAT(error(sync::snapshotFromBinary(body.substr(0, 7 + 30), limits)), Catch::Contains("truncated"));
  CHECK_THAT(error(sync::snapshotFromBinary(body + "x", limits)), Catch::Contains("1 bytes follow the end"));
  CHECK_THAT(error(sync::snapshotFromBinary(sync::toBinary(sync::PullResponse{}).value(), limits)),
             Catch::Contains("it is a pull answer, not a snapshot"));
  CHECK(sync::snapshotFromBinary(body.substr(0, body.size() - 1), limits).error().code == ErrorCode::InvalidArgument);
}

TEST_CASE("A huge count in a short body is refused before anything is allocated for it", "[sync][binary]") {
  std::string body = sync::toBinary(sync::PullResponse{}).value();
  body.replace(body.size() - 4, 4, "\xff\xff\xff\xff");  // item_count 4,294,967,295 and no items
  sync::BinaryLimits limits;
  limits.maxItems = ~std::size_t{0};
  auto page = sync::pullResponseFromBinary(body, limits);
  REQUIRE_FALSE(page.ok());
  CHECK(page.error().code == ErrorCode::InvalidArgument);
  CHECK_THAT(page.error().message, Catch::Contains("announces 4294967295 items"));
  limits.maxItems = 1000;
  page = sync::pullResponseFromBinary(body, limits);
  REQUIRE_FALSE(page.ok());
  CHECK(page.error().code == ErrorCode::PayloadTooLarge);
}

TEST_CASE("The binary encoder refuses what its form cannot carry", "[sync][binary]") {
  const auto refused = [](const Result<std::string>& body) { return !body.ok() && body.error().code == ErrorCode::InvalidArgument; };
  CHECK(refused(sync::toBinary(sync::PushRequest{{}, {frameKey("not-an-id", 1, 1)}})));
  sync::KeyRecord shortWrap = frameKey(kFrameShard, 1, 1);
  shortWrap.wrapped.pop_back();
  CHECK(refused(sync::toBinary(sync::PushRequest{{}, {shortWrap}})));
  sync::PullResponse page;
  page.items.push_back({1, false, crypto::Bytes(105, 0), {}, true, crypto::Bytes(32, 0)});
  CHECK(refused(sync::toBinary(page)));
  CHECK(sync::toBinary(sync::PushRequest{{}, {frameKey(kFrameShard, 1, 1)}}).ok());
}

TEST_CASE("Content-Type and Accept name the binary body with v=1, in any case and spacing", "[sync][binary]") {
  CHECK(sync::isBinaryMediaType(sync::kBinaryMediaType));
  CHECK(sync::isBinaryMediaType("application/vnd.coach.sync+binary;v=1"));
  CHECK(sync::isBinaryMediaType("Application/VND.Coach.Sync+Binary ; V=\"1\" ; charset=x"));
  CHECK_FALSE(sync::isBinaryMediaType("application/vnd.coach.sync+binary"));       // no version
  CHECK_FALSE(sync::isBinaryMediaType("application/vnd.coach.sync+binary; v=2"));  // another format
  CHECK_FALSE(sync::isBinaryMediaType("application/json"));
  CHECK_FALSE(sync::isBinaryMediaType(""));
  CHECK(sync::acceptsBinary("application/json, application/vnd.coach.sync+binary; v=1"));
  CHECK(sync::acceptsBinary("application/vnd.coach.sync+binary; v=1; q=0.5,application/json"));
  CHECK_FALSE(sync::acceptsBinary("application/vnd.coach.sync+binary; v=1; q=0"));
  CHECK_FALSE(sync::acceptsBinary("application/vnd.coach.sync+binary; v=1; q=0.000"));
  CHECK_FALSE(sync::acceptsBinary("application/json"));
  CHECK_FALSE(sync::acceptsBinary("*/*"));  // only an explicit listing: a client that says nothing gets JSON
  CHECK_FALSE(sync::acceptsBinary(""));
}

TEST_CASE("A device whose push and pull travel as JSON and one whose travel as binary bodies converge",
          "[sync][binary]") {
  coach::test::SyncWorld world;
  coach::test::Device& binary = world.addDevice("binary");
  coach::test::Device& jsonDevice = world.addDevice("json");
  jsonDevice.transport = std::make_unique<relay::LoopbackTransport>(world.relay(), relay::Caller{world.teamId(), jsonDevice.id()},
                                                              sync::BodyFormat::Json);
  const std::string p = coach::test::mustAdd(*binary.store, "participant", {{"name", "Sanne"}, {"coach", "binary"}});
  coach::test::mustAdd(*jsonDevice.store, "employer", {{"name", "Koffiebranderij Bruin"}});
  for (int round = 0; round < 2; ++round) {
    for (coach::test::Device* d : {&binary, &jsonDevice}) {
      auto report = d->sync();
      INFO(d->name << ": " << (report.ok() ? "" : report.error().message));
      REQUIRE(report.ok());
    }
  }
  REQUIRE(jsonDevice.store->get(p).ok());
  CHECK(coach::test::stateOf(*binary.store) == coach::test::stateOf(*jsonDevice.store));
}
