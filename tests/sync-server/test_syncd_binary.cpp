// The binary body of push and pull (proto/PROTOCOL.md, "Binary bodies") against the real coach-syncd process:
// a device speaking binary and one speaking JSON only sync through the same server and converge; the server
// reads a push by its Content-Type and answers as Accept asks; a bad binary body gets the protocol's JSON error
// and stores nothing.
#include <catch2/catch.hpp>

#include <map>
#include <sstream>

#include "http_team.hpp"
#include "sync/messages_binary.hpp"
#include "sync_world.hpp"
#include "syncd_raw.hpp"

using namespace coach;
using namespace coach::test;

namespace {

// coach_syncd_bodies_total by its labels, e.g. {"/v1/push request binary", 3}.
std::map<std::string, std::uint64_t> bodyCounts(const SyncdProcess& server) {
  httplib::Client c(server.url());
  auto r = c.Get("/metrics");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  std::map<std::string, std::uint64_t> out;
  std::istringstream lines(r->body);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("coach_syncd_bodies_total{", 0) != 0) continue;
    const auto value = [&](const std::string& label) {
      const std::size_t at = line.find(label + "=\"") + label.size() + 2;
      return line.substr(at, line.find('"', at) - at);
    };
    out[value("route") + " " + value("part") + " " + value("format")] = std::stoull(line.substr(line.rfind(' ') + 1));
  }
  return out;
}

struct BinaryAnswer {
  int status = 0;
  std::string contentType;
  std::string body;
  std::string errorId() const {
    const auto j = nlohmann::json::parse(body, nullptr, false);
    return j.is_object() && j.contains("error") ? j["error"].value("id", "") : "";
  }
};

BinaryAnswer postAs(const SyncdProcess& server, const RawDevice& d, const std::string& path, const std::string& body,
                    const std::string& type, const std::string& accept) {
  httplib::Client c(server.url());
  httplib::Headers h{{"Authorization", "Bearer " + d.token()}, {"Accept", accept}};
  auto r = c.Post(path, h, body, type.c_str());
  REQUIRE(r);
  return {r->status, r->get_header_value("Content-Type"), r->body};
}

const std::string kBinary(sync::kBinaryMediaType);
const std::string kJson = "application/json";
const std::string kPullAll = R"({"protocol": 1, "after": 0, "limit": 100, "max_bytes": 1048576})";

}  // namespace

TEST_CASE("A device speaking binary bodies and one speaking JSON only sync through one coach-syncd and converge",
          "[syncd][binary]") {
  TempDir dir;
  SyncdProcess server(dir.path() / "data");
  REQUIRE(server.start());
  HttpTeam team(server);
  HttpDevice& binary = team.add("binary");
  HttpDevice& jsonDevice = team.add("json");
  // The second device talks like an app from before binary bodies.
  HttpOptions o = team.options(jsonDevice.enrolment.token);
  o.bodyFormat = sync::BodyFormat::Json;
  jsonDevice.transport = HttpTransport::create(o).value();
  const auto before = bodyCounts(server);

  const std::string p = mustAdd(*binary.store, "participant", {{"name", "Noor"}, {"coach", "binary"}});
  mustAdd(*binary.store, "support_contact", {{"participant_id", p}, {"contact_on", "2026-03-02"}, {"mode", "face_to_face"},
                                             {"type", "on_site_coaching"}, {"note", "Eerste werkdag goed verlopen"}});
  requireSynced(binary);
  requireSynced(jsonDevice);
  REQUIRE(jsonDevice.store->update(p, {{"name", "Noor B."}}).ok());
  requireSynced(jsonDevice);
  requireSynced(binary);
  CHECK(binary.store->get(p).value()["fields"]["name"] == "Noor B.");
  CHECK(stateOf(*binary.store) == stateOf(*jsonDevice.store));

  auto after = bodyCounts(server);
  for (const char* key : {"/v1/push request binary", "/v1/push answer binary", "/v1/pull answer binary",
                          "/v1/push request json", "/v1/push answer json", "/v1/pull answer json"}) {
    INFO(key);
    const std::uint64_t was = before.count(key) > 0 ? before.at(key) : 0;
    CHECK(after[key] > was);
  }
}

TEST_CASE("coach-syncd reads a push by its Content-Type and answers push and pull as Accept asks", "[syncd][binary]") {
  TempDir dir;
  SyncdProcess server(dir.path() / "data");
  REQUIRE(server.start());
  RawDevice d(server, server.event("first_start")["enrol_code"].get<std::string>());
  const crypto::Bytes first = d.next();
  const crypto::Bytes second = d.next();

  BinaryAnswer pushed = postAs(server, d, "/v1/push", sync::toBinary(sync::PushRequest{{first}, {}}).value(), kBinary,
                               kBinary + ", application/json");
  REQUIRE(pushed.status == 200);
  CHECK(pushed.contentType == kBinary);
  auto answer = sync::pushResponseFromBinary(pushed.body, sync::BinaryLimits{});
  REQUIRE(answer.ok());
  CHECK(answer->lastSequence == 1);
  CHECK(answer->serverSeqs.size() == 1);

  // A binary push whose answer is asked for in JSON, as the two parts are negotiated apart.
  pushed = postAs(server, d, "/v1/push", sync::toBinary(sync::PushRequest{{first, second}, {}}).value(), kBinary, kJson);
  REQUIRE(pushed.status == 200);
  CHECK(pushed.contentType == kJson);
  auto jsonAnswer = sync::pushResponseFromJson(nlohmann::json::parse(pushed.body));
  REQUIRE(jsonAnswer.ok());
  CHECK(jsonAnswer->lastSequence == 2);
  CHECK(jsonAnswer->serverSeqs.size() == 1);  // the first was a duplicate

  const BinaryAnswer page = postAs(server, d, "/v1/pull", kPullAll, kJson, kBinary);
  REQUIRE(page.status == 200);
  CHECK(page.contentType == kBinary);
  auto pulled = sync::pullResponseFromBinary(page.body, sync::BinaryLimits{});
  REQUIRE(pulled.ok());
  REQUIRE(pulled->items.size() == 2);
  CHECK(pulled->items[0].envelope == first);
  CHECK(pulled->items[1].envelope == second);
  const BinaryAnswer jsonPage = postAs(server, d, "/v1/pull", kPullAll, kJson, kJson);
  CHECK(jsonPage.contentType == kJson);
  auto samePage = sync::pullResponseFromJson(nlohmann::json::parse(jsonPage.body));
  REQUIRE(samePage.ok());
  CHECK(sync::toJson(samePage.value()) == sync::toJson(pulled.value()));
}

TEST_CASE("A bad binary body gets the protocol's JSON error from coach-syncd and stores nothing", "[syncd][binary][errors]") {
  TempDir dir;
  SyncdProcess server(dir.path() / "data");
  REQUIRE(server.start());
  RawDevice d(server, server.event("first_start")["enrol_code"].get<std::string>());
  const std::string good = sync::toBinary(sync::PushRequest{{d.next()}, {}}).value();
  struct Case {
    const char* name;
    std::string body;
    const char* path;
    int status;
    const char* error;
  };
  std::string protocol2 = good;
  protocol2[5] = 2;
  std::string tooMany = sync::toBinary(sync::PushRequest{std::vector<crypto::Bytes>(65, crypto::Bytes{1}), {}}).value();
  const std::vector<Case> cases{
      {"truncated", good.substr(0, good.size() - 1), "/v1/push", 400, "invalid_argument"},
      {"trailing bytes", good + std::string(3, '\0'), "/v1/push", 400, "invalid_argument"},
      {"a length past the end", good.substr(0, 11) + std::string("\x00\x00\x10\x00", 4) + good.substr(15), "/v1/push",
       400, "invalid_argument"},
      {"too many envelopes", tooMany, "/v1/push", 413, "payload_too_large"},
      {"protocol 2", protocol2, "/v1/push", 426, "protocol_unsupported"},
      {"JSON text labelled binary", R"({"protocol": 1, "envelopes": [], "keys": []})", "/v1/push", 400, "invalid_argument"},
      {"a binary body where only JSON is taken", good, "/v1/pull", 400, "invalid_argument"},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    const BinaryAnswer a = postAs(server, d, c.path, c.body, kBinary, kBinary + ", application/json");
    CHECK(a.status == c.status);
    CHECK(a.contentType == kJson);
    CHECK(a.errorId() == c.error);
  }
  CHECK(admin(server, "stats")["envelopes"].get<std::uint64_t>() == 0);
  // The good body is stored afterwards: nothing of the bad ones held the device's sequence.
  const BinaryAnswer stored = postAs(server, d, "/v1/push", good, kBinary, kJson);
  CHECK(stored.status == 200);
  CHECK(admin(server, "stats")["envelopes"].get<std::uint64_t>() == 1);
}

TEST_CASE("coach-syncd answers GET /v1/snapshots/{shard} in the binary body when Accept lists it, else in JSON",
          "[syncd][binary][snapshot]") {
  TempDir dir;
  SyncdProcess server(dir.path() / "data");
  REQUIRE(server.start());
  RawDevice d(server, server.event("first_start")["enrol_code"].get<std::string>());
  REQUIRE(d.push({d.next()}).status == 200);  // covers 1: the log must reach what a snapshot covers
  // The server never opens a snapshot: opaque bytes stand in for one.
  const sync::Snapshot uploaded{sync::SnapshotMeta{"team", 1, 1, d.id(), 150'000}, crypto::Bytes(150'000, 0x3c), 0};
  REQUIRE(d.post("/v1/snapshots", sync::toJson(uploaded).dump()).status == 200);
  const auto before = bodyCounts(server);

  auto getAs = [&](const std::string& accept) {
    httplib::Client c(server.url());
    auto r = c.Get("/v1/snapshots/team", httplib::Headers{{"Authorization", "Bearer " + d.token()}, {"Accept", accept}});
    REQUIRE(r);
    return BinaryAnswer{r->status, r->get_header_value("Content-Type"), r->body};
  };
  const BinaryAnswer binary = getAs(kBinary + ", application/json");
  REQUIRE(binary.status == 200);
  CHECK(binary.contentType == kBinary);
  CHECK(binary.body.size() == 7 + 52 + 4 + 150'000);  // no base64: the snapshot's bytes as they are
  auto decoded = sync::snapshotFromBinary(binary.body, sync::BinaryLimits{});
  REQUIRE(decoded.ok());
  CHECK(decoded->meta == uploaded.meta);
  CHECK(decoded->bytes == uploaded.bytes);

  const BinaryAnswer json = getAs(kJson);
  REQUIRE(json.status == 200);
  CHECK(json.contentType == kJson);
  auto same = sync::snapshotFromJson(nlohmann::json::parse(json.body));
  REQUIRE(same.ok());
  CHECK(same->meta == decoded->meta);
  CHECK(same->bytes == decoded->bytes);

  const auto after = bodyCounts(server);
  const auto grew = [&](const std::string& key) { return (after.count(key) ? after.at(key) : 0) - (before.count(key) ? before.at(key) : 0); };
  CHECK(grew("/v1/snapshots/{shard} answer binary") == 1);
  CHECK(grew("/v1/snapshots/{shard} answer json") == 1);
}
