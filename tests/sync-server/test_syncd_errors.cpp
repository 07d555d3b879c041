// Hostile and broken requests against the real coach-syncd process: each gets its documented error
// (proto/PROTOCOL.md, "Error ids") as the JSON error body with its HTTP status, and changes nothing stored.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <thread>

#include "http_team.hpp"
#include "syncd_raw.hpp"

using namespace coach;
using namespace coach::test;

namespace {

std::uint64_t storedEnvelopes(const SyncdProcess& server) { return admin(server, "stats")["envelopes"].get<std::uint64_t>(); }

std::string code(const SyncdProcess& server, const std::string& team, const std::string& extra = "") {
  return admin(server, "enrol-code --team " + team + " " + extra)["code"].get<std::string>();
}

struct Fixture {
  TempDir dir;
  SyncdProcess server{dir.path() / "data", {{"COACH_SYNCD_MAX_BODY_BYTES", "4194304"}}};
  std::string team;
  Fixture() {
    REQUIRE(server.start());
    team = server.event("first_start")["team"].get<std::string>();
  }
};

}  // namespace

TEST_CASE("coach-syncd refuses a replayed envelope, a forged signature and a broken chain, and stores nothing of them", "[syncd][errors]") {
  Fixture f;
  RawDevice d(f.server, f.server.event("first_start")["enrol_code"].get<std::string>());
  const crypto::Bytes first = d.next();
  REQUIRE(d.push({first}).status == 200);
  REQUIRE(storedEnvelopes(f.server) == 1);

  SECTION("the same envelope pushed again is acknowledged again and stored once") {
    RawAnswer again = d.push({first});
    CHECK(again.status == 200);
    CHECK(again.body["last_sequence"] == 1);
    CHECK(again.body["server_seqs"].empty());
  }
  SECTION("other bytes under a used sequence are sequence_replayed") {
    const crypto::Bytes other = d.seal(1, sync::Hash{}, 1772442000001, false);
    RawAnswer a = d.push({other});
    CHECK(a.status == 409);
    CHECK(a.errorId() == "sequence_replayed");
  }
  SECTION("a flipped signature byte is signature_invalid") {
    crypto::Bytes forged = d.next();
    forged.back() ^= 0x01;
    RawAnswer a = d.push({forged});
    CHECK(a.status == 422);
    CHECK(a.errorId() == "signature_invalid");
  }
  SECTION("a wrong previous-envelope hash is chain_broken") {
    sync::Hash wrong{};
    wrong[0] = 1;
    RawAnswer a = d.push({d.seal(2, wrong, 1772442000000, false)});
    CHECK(a.status == 409);
    CHECK(a.errorId() == "chain_broken");
  }
  SECTION("a gap says which sequence to resend from") {
    (void)d.next();  // sequence 2, never sent
    RawAnswer a = d.push({d.next()});
    CHECK(a.status == 409);
    CHECK(a.errorId() == "sequence_gap");
    CHECK(a.body["error"]["expected_sequence"] == 2);
  }
  SECTION("a stamp far in the future is clock_drift") {
    RawAnswer a = d.push({d.seal(2, sync::envelopeHash(first), 4102444800000, false)});  // 2100-01-01
    CHECK(a.status == 409);
    CHECK(a.errorId() == "clock_drift");
  }
  CHECK(storedEnvelopes(f.server) == 1);
}

TEST_CASE("coach-syncd answers malformed requests with the protocol's error body", "[syncd][errors]") {
  Fixture f;
  RawDevice d(f.server, f.server.event("first_start")["enrol_code"].get<std::string>());
  SECTION("a body that is not JSON is invalid_argument") {
    RawAnswer a = d.post("/v1/push", "{\"protocol\": 1, \"envelopes\": [");
    CHECK(a.status == 400);
    CHECK(a.errorId() == "invalid_argument");
  }
  SECTION("JSON that is not the message is invalid_argument") {
    RawAnswer a = d.post("/v1/pull", R"({"protocol": 1, "after": "yesterday", "limit": 5, "max_bytes": 100})");
    CHECK(a.status == 400);
    CHECK(a.errorId() == "invalid_argument");
  }
  SECTION("another protocol version is protocol_unsupported with the versions spoken") {
    RawAnswer a = d.post("/v1/pull", R"({"protocol": 2, "after": 0, "limit": 5, "max_bytes": 100})");
    CHECK(a.status == 426);
    CHECK(a.errorId() == "protocol_unsupported");
    CHECK(a.body["error"]["versions"] == nlohmann::json::array({1}));
  }
  SECTION("a wrong content type is invalid_argument") {
    RawAnswer a = d.post("/v1/pull", R"({"protocol": 1, "after": 0, "limit": 5, "max_bytes": 100})", "text/plain");
    CHECK(a.status == 400);
    CHECK(a.errorId() == "invalid_argument");
  }
  SECTION("a body over the limit is payload_too_large") {
    RawAnswer a = d.post("/v1/push", std::string(5u << 20, ' '));
    CHECK(a.status == 413);
    CHECK(a.errorId() == "payload_too_large");
  }
  SECTION("an unknown path is not_found") {
    RawAnswer a = d.get("/v1/nothing-here");
    CHECK(a.status == 404);
    CHECK(a.errorId() == "not_found");
  }
  SECTION("no token, or a made-up one, is unauthorized") {
    CHECK(d.get("/v1/devices", "").errorId() == "unauthorized");
    CHECK(d.get("/v1/devices", "").status == 401);
    const std::string madeUp = std::string(32, 'a') + "." + std::string(64, 'b');
    CHECK(d.get("/v1/devices", madeUp).errorId() == "unauthorized");
    std::string altered = d.token();
    altered.back() = altered.back() == '0' ? '1' : '0';
    CHECK(d.get("/v1/devices", altered).errorId() == "unauthorized");
  }
  SECTION("a path that is not UTF-8 gets not_found, and the server lives on (a fuzzer find)") {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(f.server.port()));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    const std::string request = "DELETE \xbcv1/push HTTP/1.1\r\nHost: 128.0\xd2\xcf\r\nConnection: close\r\n\r\n";
    REQUIRE(::send(fd, request.data(), request.size(), 0) == static_cast<ssize_t>(request.size()));
    std::string answer;
    char buf[2048];
    for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) answer.append(buf, static_cast<std::size_t>(n));
    ::close(fd);
    CHECK(answer.rfind("HTTP/1.1 404", 0) == 0);
    CHECK(answer.find("\"not_found\"") != std::string::npos);
    CHECK(d.get("/v1/devices").status == 200);
  }
  CHECK(storedEnvelopes(f.server) == 0);
}

TEST_CASE("A revoked device is refused on its very next request", "[syncd][errors][revoke]") {
  Fixture f;
  RawDevice lead(f.server, f.server.event("first_start")["enrol_code"].get<std::string>());
  RawDevice phone(f.server, code(f.server, f.team));
  REQUIRE(phone.push({phone.next()}).status == 200);
  SECTION("revoked by the admin") {
    admin(f.server, "revoke --team " + f.team + " " + phone.id());
  }
  SECTION("revoked by the team lead's device") {
    RawAnswer a = lead.post("/v1/devices/" + phone.id() + "/revoke", "{}");
    REQUIRE(a.status == 200);
  }
  RawAnswer refused = phone.push({phone.next()});
  CHECK(refused.status == 403);
  CHECK(refused.errorId() == "device_revoked");
  CHECK(phone.post("/v1/pull", R"({"protocol": 1, "after": 0, "limit": 5, "max_bytes": 100})").errorId() == "device_revoked");
  CHECK(storedEnvelopes(f.server) == 1);
  // It stays listed (its old envelopes must still verify), marked revoked.
  RawAnswer list = lead.get("/v1/devices");
  bool seen = false;
  for (const auto& dev : list.body["devices"]) {
    if (dev["id"] == phone.id()) seen = dev["revoked"].get<bool>();
  }
  CHECK(seen);
}

TEST_CASE("A coach's device may not revoke devices, only a team lead's may", "[syncd][errors][revoke]") {
  Fixture f;
  RawDevice lead(f.server, f.server.event("first_start")["enrol_code"].get<std::string>());
  RawDevice coach(f.server, code(f.server, f.team));
  RawAnswer a = coach.post("/v1/devices/" + lead.id() + "/revoke", "{}");
  CHECK(a.status == 403);
  CHECK(a.errorId() == "forbidden");
  CHECK(lead.get("/v1/devices").status == 200);
}

TEST_CASE("A device enrolled with a coach's code waits for approval and may only ask for its grants",
          "[syncd][errors][pending]") {
  Fixture f;
  RawDevice lead(f.server, f.server.event("first_start")["enrol_code"].get<std::string>());
  RawDevice waiting(f.server, code(f.server, f.team), /*approve=*/false);
  const crypto::Bytes first = waiting.next();
  RawAnswer pushed = waiting.push({first});
  CHECK(pushed.status == 403);
  CHECK(pushed.errorId() == "device_pending");
  CHECK(waiting.post("/v1/pull", R"({"protocol": 1, "after": 0, "limit": 5, "max_bytes": 100})").errorId() == "device_pending");
  RawAnswer grants = waiting.get("/v1/grants");
  REQUIRE(grants.status == 200);
  CHECK(grants.body["grants"].empty());
  bool pending = false;
  const RawAnswer listed = lead.get("/v1/devices");
  INFO(listed.body.dump());
  for (const auto& dev : listed.body["devices"]) {
    if (dev["id"] == waiting.id()) pending = dev["pending"].get<bool>();
  }
  CHECK(pending);
  // A coach's device cannot approve it, and an approval without grants is refused.
  CHECK(lead.post("/v1/devices/" + waiting.id() + "/approve", R"({"protocol": 1, "grants": []})").errorId() == "invalid_argument");
  admin(f.server, "approve --team " + f.team + " " + waiting.id());
  CHECK(waiting.push({first}).status == 200);
}

TEST_CASE("A token of another team sees nothing of this team", "[syncd][errors][teams]") {
  Fixture f;
  RawDevice ours(f.server, f.server.event("first_start")["enrol_code"].get<std::string>());
  REQUIRE(ours.push({ours.next()}).status == 200);
  const std::string other = admin(f.server, "team create \"Other team\"")["team"].get<std::string>();
  RawDevice theirs(f.server, code(f.server, other));
  CHECK(theirs.team() == other);
  RawAnswer page = theirs.post("/v1/pull", R"({"protocol": 1, "after": 0, "limit": 100, "max_bytes": 1000000})");
  REQUIRE(page.status == 200);
  CHECK(page.body["items"].empty());
  RawAnswer devices = theirs.get("/v1/devices");
  REQUIRE(devices.body["devices"].size() == 1);
  CHECK(devices.body["devices"][0]["id"] == theirs.id());
  // Its own envelope naming our team is refused.
  crypto::Bytes env = ours.seal(2, sync::Hash{}, 1772442000000, false);
  RawAnswer pushed = theirs.push({env});
  CHECK(pushed.status >= 400);
  CHECK(storedEnvelopes(f.server) == 1);
}

TEST_CASE("Enrolment codes are one-time, expire, and guessing them is rate-limited per address", "[syncd][errors][enrol]") {
  TempDir dir;
  SyncdProcess server(dir.path() / "data", {{"COACH_SYNCD_ENROL_FAILURES", "3"}});
  REQUIRE(server.start());
  const std::string team = server.event("first_start")["team"].get<std::string>();
  HttpOptions o;
  o.baseUrl = server.url();
  auto request = [](const std::string& c) {
    return sync::EnrolRequest{c, crypto::toHex(crypto::randomBytes(16).value()), crypto::randomBytes(32).value(), {}};
  };
  SECTION("a used code does not enrol a second device") {
    const std::string c = code(server, team);
    REQUIRE(enrolDevice(o, request(c)).ok());
    auto again = enrolDevice(o, request(c));
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().code == ErrorCode::Unauthorized);
  }
  SECTION("an expired code is refused") {
    const std::string c = code(server, team, "--valid-seconds 1");
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    auto late = enrolDevice(o, request(c));
    REQUIRE_FALSE(late.ok());
    CHECK(late.error().code == ErrorCode::Unauthorized);
  }
  SECTION("after three wrong codes the address must wait, even with a right one") {
    for (int i = 0; i < 3; ++i) {
      auto wrong = enrolDevice(o, request("AAAA-BBBB-CCCC-DDDD-EEEE"));
      REQUIRE_FALSE(wrong.ok());
      CHECK(wrong.error().code == ErrorCode::Unauthorized);
    }
    auto blocked = enrolDevice(o, request(code(server, team)));
    REQUIRE_FALSE(blocked.ok());
    CHECK(blocked.error().code == ErrorCode::RateLimited);
    CHECK(blocked.error().retryAfterSeconds > 0);
  }
}

TEST_CASE("A device that makes requests too fast gets 429 with Retry-After", "[syncd][errors][rate]") {
  TempDir dir;
  SyncdProcess server(dir.path() / "data", {{"COACH_SYNCD_DEVICE_RATE", "0.5"}, {"COACH_SYNCD_DEVICE_BURST", "3"}});
  REQUIRE(server.start());
  RawDevice d(server, server.event("first_start")["enrol_code"].get<std::string>());
  for (int i = 0; i < 3; ++i) REQUIRE(d.get("/v1/devices").status == 200);
  RawAnswer limited = d.get("/v1/devices");
  CHECK(limited.status == 429);
  CHECK(limited.errorId() == "rate_limited");
  CHECK(std::stoi(limited.retryAfter) >= 1);
}

TEST_CASE("coach-syncd refuses a snapshot over the protocol's largest with payload_too_large and keeps none", "[syncd][errors][snapshot]") {
  Fixture f;  // a body limit of 4 MiB: the oversized snapshot's JSON fits, so the snapshot limit is what refuses it
  RawDevice d(f.server, f.server.event("first_start")["enrol_code"].get<std::string>());
  REQUIRE(d.push({d.next()}).status == 200);  // covers 1: the log must reach what the snapshot covers
  constexpr std::size_t kLargest = 170 + 2'097'152;  // PROTOCOL.md, "Limits": header, largest bucket, tag, signature
  auto upload = [&](std::size_t size) {
    sync::Snapshot s{sync::SnapshotMeta{"team", 1, 1, d.id(), size}, crypto::Bytes(size, 0x5a), 0};
    return d.post("/v1/snapshots", sync::toJson(s).dump());
  };
  RawAnswer over = upload(kLargest + 1);
  CHECK(over.status == 413);
  CHECK(over.errorId() == "payload_too_large");
  const std::string message = over.body["error"]["message"].get<std::string>();
  CHECK_THAT(message, Catch::Contains(std::to_string(kLargest + 1) + " bytes"));
  CHECK_THAT(message, Catch::Contains("limit of " + std::to_string(kLargest)));
  CHECK_THAT(message, Catch::Contains("pull the log"));
  CHECK(admin(f.server, "stats")["snapshots"] == 0);
  // The largest snapshot the protocol allows is taken (the server never reads it, so opaque bytes do).
  RawAnswer largest = upload(kLargest);
  INFO(largest.body.dump());
  CHECK(largest.status == 200);
  CHECK(admin(f.server, "stats")["snapshots"] == 1);
}

TEST_CASE("GET /v1/snapshots?shard= lists only that shard's snapshot with the team's head", "[syncd][snapshot]") {
  Fixture f;
  RawDevice d(f.server, f.server.event("first_start")["enrol_code"].get<std::string>());
  const std::string participant = "0123456789abcdef0123456789abcdef";
  REQUIRE(d.push({d.next()}).status == 200);
  d.useShard(participant);
  REQUIRE(d.push({d.next()}).status == 200);  // head 2
  for (const auto& [shard, covers] : {std::pair<std::string, std::uint64_t>{"team", 1}, {participant, 2}}) {
    const sync::Snapshot s{sync::SnapshotMeta{shard, covers, 1, d.id(), 682}, crypto::Bytes(682, 0x5a), 0};
    REQUIRE(d.post("/v1/snapshots", sync::toJson(s).dump()).status == 200);
  }
  auto listed = [&](const std::string& query) {
    RawAnswer a = d.get("/v1/snapshots" + query);
    REQUIRE(a.status == 200);
    auto list = sync::snapshotListFromJson(a.body);
    REQUIRE(list.ok());
    CHECK(list->head == 2);
    std::vector<std::string> shards;
    for (const auto& m : list->snapshots) shards.push_back(m.shard);
    return shards;
  };
  CHECK(listed("").size() == 2);
  CHECK(listed("?shard=team") == std::vector<std::string>{"team"});
  CHECK(listed("?shard=" + participant) == std::vector<std::string>{participant});
  CHECK(listed("?shard=fedcba9876543210fedcba9876543210").empty());
}
