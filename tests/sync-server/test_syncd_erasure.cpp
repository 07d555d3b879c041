// test_syncd_erasure.cpp: erasure through the real coach-syncd (proto/PROTOCOL.md, "Erasure"): who may order it,
// which orders are refused and with what, a team lead's order carried out (tombstones in pulls, the list of
// orders for every device, one audit line naming only ids), and no file of the server holding the erased
// ciphertext afterwards. Devices here hold their own keys (syncd_raw.hpp) and seal real envelopes.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "http_team.hpp"
#include "syncd_raw.hpp"

using namespace coach;
using namespace coach::test;

namespace {

namespace fs = std::filesystem;

const std::string kParticipant = "0123456789abcdef0123456789abcdef";

struct ErasureFixture {
  TempDir dir;
  SyncdProcess server{dir.path() / "data"};
  std::string team;
  ErasureFixture() {
    REQUIRE(server.start());
    team = server.event("first_start")["team"].get<std::string>();
  }
  std::string coachCode() { return admin(server, "enrol-code --team " + team)["code"].get<std::string>(); }
  std::string leadCode() { return server.event("first_start")["enrol_code"].get<std::string>(); }
};

std::string eraseBody(const crypto::Bytes& order) { return sync::erasureRequestToJson(order).dump(); }

// Whether any file in the server's data directory holds the 32 bytes of `bytes` at `offset`. On PostgreSQL: whether
// the database's data (pg_dump) holds them; what PostgreSQL's own files keep is docs/sync-server-postgres.md's part.
bool dataDirHolds(const SyncdProcess& server, const crypto::Bytes& bytes, std::size_t offset) {
  const std::string needle(bytes.begin() + static_cast<std::ptrdiff_t>(offset),
                           bytes.begin() + static_cast<std::ptrdiff_t>(offset + 32));
  if (!server.databaseUrl().empty()) {
    const std::string dump = PgCluster::shared().dump(PgCluster::databaseOf(server.databaseUrl()));
    return dump.find(crypto::toHex(crypto::ByteView(bytes).subspan(offset, 32))) != std::string::npos;
  }
  for (const auto& entry : fs::recursive_directory_iterator(server.dataDir())) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (content.find(needle) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("Only a team lead's device may erase, with an order of its own team, signed by itself", "[syncd][erasure]") {
  ErasureFixture f;
  RawDevice lead(f.server, f.leadCode());
  RawDevice coach(f.server, f.coachCode());

  SECTION("a coach's device is forbidden") {
    const RawAnswer a = coach.post("/v1/erasures", eraseBody(coach.erasureOrder(kParticipant)));
    CHECK(a.status == 403);
    CHECK(a.errorId() == "forbidden");
  }
  SECTION("a wrong signature is refused") {
    crypto::Bytes order = lead.erasureOrder(kParticipant);
    order.back() ^= 0x01;
    const RawAnswer a = lead.post("/v1/erasures", eraseBody(order));
    CHECK(a.errorId() == "signature_invalid");
  }
  SECTION("an order naming another author is refused") {
    const RawAnswer a = lead.post("/v1/erasures", eraseBody(lead.erasureOrder(kParticipant, coach.id())));
    CHECK(a.status == 401);
    CHECK(a.errorId() == "unauthorized");
  }
  SECTION("an order of another team is refused") {
    const RawAnswer a = lead.post("/v1/erasures", eraseBody(lead.erasureOrder(kParticipant, "", std::string(32, 'f'))));
    CHECK(a.errorId() == "wrong_team");
  }
  SECTION("an order that is not 162 bytes is a bad request") {
    crypto::Bytes order = lead.erasureOrder(kParticipant);
    order.pop_back();
    const RawAnswer a = lead.post("/v1/erasures", eraseBody(order));
    CHECK(a.status == 400);
    CHECK(a.errorId() == "invalid_argument");
  }
  // Whatever was refused, nothing was erased.
  const RawAnswer list = coach.get("/v1/erasures?after=0");
  REQUIRE(list.status == 200);
  CHECK(list.body["erasures"].empty());
  CHECK(admin(f.server, "stats")["erasures"].get<std::uint64_t>() == 0);
}

TEST_CASE("A team lead's erasure leaves tombstones, is listed for every device and leaves no ciphertext on the server",
          "[syncd][erasure]") {
  ErasureFixture f;
  RawDevice lead(f.server, f.leadCode());
  RawDevice coach(f.server, f.coachCode());
  lead.useShard(kParticipant);
  const crypto::Bytes first = lead.next();
  const crypto::Bytes second = lead.next();
  lead.useShard("team");
  const crypto::Bytes teamNote = lead.next();
  REQUIRE(lead.push({first, second, teamNote}).status == 200);

  const crypto::Bytes order = lead.erasureOrder(kParticipant);
  const RawAnswer erased = lead.post("/v1/erasures", eraseBody(order));
  REQUIRE(erased.status == 200);
  CHECK(erased.body["index"] == 1);
  CHECK(lead.post("/v1/erasures", eraseBody(order)).body["index"] == 1);  // the same order again: its index

  const RawAnswer list = coach.get("/v1/erasures?after=0");
  REQUIRE(list.status == 200);
  const std::vector<sync::ErasureEntry> entries = sync::erasuresFromJson(list.body).value();
  REQUIRE(entries.size() == 1);
  CHECK(entries[0].index == 1);
  CHECK(entries[0].order == order);
  CHECK(coach.get("/v1/erasures?after=1").body["erasures"].empty());
  CHECK(coach.get("/v1/erasures?after=x").errorId() == "invalid_argument");
  CHECK(coach.get("/v1/erasures?after=-1").status == 400);

  const RawAnswer pulled = coach.post("/v1/pull", sync::toJson(sync::PullRequest{}).dump());
  REQUIRE(pulled.status == 200);
  const sync::PullResponse page = sync::pullResponseFromJson(pulled.body).value();
  REQUIRE(page.items.size() == 3);
  for (std::size_t i = 0; i < 2; ++i) {
    const crypto::Bytes& original = i == 0 ? first : second;
    CHECK(page.items[i].erased);
    CHECK(page.items[i].envelope == crypto::Bytes(original.begin(), original.begin() + static_cast<std::ptrdiff_t>(sync::kHeaderSize)));
    const sync::Hash hash = sync::envelopeHash(original);
    CHECK(page.items[i].erasedHash == crypto::Bytes(hash.begin(), hash.end()));
  }
  CHECK_FALSE(page.items[2].erased);
  CHECK(page.items[2].envelope == teamNote);

  // A tombstone still tells a repeated push (acknowledged again) from a different envelope under its sequence.
  CHECK(lead.push({second}).status == 200);
  lead.useShard(kParticipant);
  const crypto::Bytes other = lead.seal(2, sync::envelopeHash(first), 1772442000999, false);
  REQUIRE(other != second);
  CHECK(lead.push({other}).errorId() == "sequence_replayed");

  // A team snapshot from a device that has not carried out the erasure is refused; one that has is kept.
  sync::Snapshot teamSnapshot{sync::SnapshotMeta{"team", 3, 1, coach.id(), 682}, crypto::Bytes(682, 0x5a), 0};
  const RawAnswer stale = coach.post("/v1/snapshots", sync::toJson(teamSnapshot).dump());
  CHECK(stale.status == 409);
  CHECK(stale.errorId() == "already_exists");
  teamSnapshot.erasuresSeen = 1;
  CHECK(coach.post("/v1/snapshots", sync::toJson(teamSnapshot).dump()).status == 200);
  CHECK(coach.get("/v1/snapshots/team").status == 200);

  // One audit line: team, device, the shard's pseudonymous id and the index; never the order itself.
  const nlohmann::json audit = f.server.event("shard_erased");
  CHECK(audit["team"] == f.team);
  CHECK(audit["device"] == lead.id());
  CHECK(audit["shard"] == kParticipant);
  CHECK(audit["index"] == 1);
  CHECK(f.server.log().find(sync::erasureRequestToJson(order)["order"].get<std::string>()) == std::string::npos);

  for (const crypto::Bytes* e : {&first, &second}) {
    CHECK_FALSE(dataDirHolds(f.server, *e, sync::kHeaderSize + 4));
    CHECK_FALSE(dataDirHolds(f.server, *e, e->size() - 96));
  }
  CHECK(dataDirHolds(f.server, teamNote, sync::kHeaderSize + 4));  // the search finds what is stored
}
