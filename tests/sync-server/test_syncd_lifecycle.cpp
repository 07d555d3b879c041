// The key lifecycle through the real coach-syncd process (docs/keys.md): four devices enrolled the real way
// (the lead founds the team, the others are approved after the fingerprint check), a lost phone revoked while a
// colleague is offline, the rotation picked up when she returns, recovery on a new device from the recovery
// key; afterwards no file of the server holds a key that opens anything.
#include <catch2/catch.hpp>

#include <filesystem>

#include "coach/lifecycle.hpp"
#include "http_team.hpp"
#include "store/store_impl.hpp"
#include "sync_world.hpp"

using namespace coach;
using namespace coach::test;

namespace {

std::string note(HttpDevice& d, const std::string& participant, const std::string& text) {
  return mustAdd(*d.store, "support_contact", {{"participant_id", participant}, {"contact_on", "2026-03-02"},
                                               {"mode", "face_to_face"}, {"type", "on_site_coaching"}, {"note", text}});
}

// Every secret key the device holds: its team keys and its shard keys, in the clear.
std::vector<crypto::Bytes> keysOf(Store& store) {
  std::vector<crypto::Bytes> out;
  Store::Impl& impl = store.implForInternalUse();
  std::lock_guard lock(impl.mu);
  for (const auto& [epoch, key] : impl.membership->teamKeys) out.emplace_back(key.view().begin(), key.view().end());
  auto rows = store::Stmt::prepare(impl.db.get(), "SELECT shard, version FROM shard_key");
  REQUIRE(rows.ok());
  while (rows->step().value()) {
    auto key = impl.keys->exportShardKey(impl.db, rows->textAt(0), static_cast<std::uint32_t>(rows->intAt(1)));
    REQUIRE(key.ok());
    out.emplace_back(key->view().begin(), key->view().end());
  }
  return out;
}

}  // namespace

TEST_CASE("Four devices live through a lost phone and a recovery with the real coach-syncd", "[syncd][lifecycle]") {
  TempDir dir;
  SyncdProcess server(dir.path() / "data");
  REQUIRE(server.start());
  HttpTeam team(server);
  HttpDevice& lead = team.add("lead");
  HttpDevice& anna = team.add("anna");
  HttpDevice& bram = team.add("bram");
  HttpDevice& lost = team.add("lost");
  const std::string p = mustAdd(*lead.store, "participant", {{"name", "Sanne de Vries"}, {"coach", "anna"}});
  note(lead, p, "before the phone was lost");
  for (HttpDevice* d : {&lead, &anna, &bram, &lost}) requireSynced(*d);

  // Bram is offline. The lead revokes the lost phone: a new team key epoch starts at once.
  REQUIRE(lifecycle::revokeDevice(*lead.store, *lead.transport, lost.id()).ok());
  auto refused = lost.sync();
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == ErrorCode::DeviceRevoked);
  note(lead, p, "written after the revocation");
  requireSynced(lead);
  requireSynced(anna);
  note(anna, p, "anna after the revocation");
  requireSynced(anna);
  requireSynced(bram);
  requireSynced(lead);
  CHECK(bram.store->implForInternalUse().membership->epoch == 2);
  CHECK(stateOf(*bram.store) == stateOf(*lead.store));
  CHECK(stateOf(*anna.store) == stateOf(*lead.store));

  // No team lead device is left: a new device enrolled with a lead code restores the keys.
  HttpDevice fresh;
  fresh.name = "fresh";
  fresh.store = Store::createProfile(fresh.options(), fresh.keys).value();
  const std::string code = admin(server, "enrol-code --lead --team " + team.teamId())["code"].get<std::string>();
  auto enrolled = enrolDevice(team.options(""), fresh.enrolRequest(code));
  REQUIRE(enrolled.ok());
  fresh.enrolment = enrolled.value();
  team.connect(fresh);
  REQUIRE(lifecycle::recoverTeam(*fresh.store, *fresh.transport, team.teamId(), team.recoveryKey).ok());
  requireSynced(fresh);
  CHECK(stateOf(*fresh.store) == stateOf(*anna.store));

  // The privacy officer's question about the lost phone.
  auto exposed = lifecycle::exposure(*lead.store, *lead.transport, lost.id());
  REQUIRE(exposed.ok());
  CHECK(exposed->revokedAt > 0);
  CHECK(exposed->lastSeenAt > 0);

  // No server file holds any key in the clear.
  server.kill(SIGTERM);
  const std::vector<crypto::Bytes> secrets = keysOf(*lead.store);
  REQUIRE(secrets.size() >= 4);
  int scanned = 0;
  if (!server.databaseUrl().empty()) {  // on PostgreSQL: the database's data, as pg_dump writes it (bytea in hex)
    const std::string dump = PgCluster::shared().dump(PgCluster::databaseOf(server.databaseUrl()));
    ++scanned;
    for (const crypto::Bytes& key : secrets) CHECK(dump.find(crypto::toHex(key)) == std::string::npos);
  }
  std::error_code noDir;  // on PostgreSQL the server writes nothing to its data directory
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir.path() / "data", noDir)) {
    if (!entry.is_regular_file()) continue;
    const std::string bytes = readFile(entry.path());
    ++scanned;
    for (const crypto::Bytes& key : secrets) {
      INFO(entry.path().filename().string());
      CHECK(bytes.find(std::string(key.begin(), key.end())) == std::string::npos);
    }
  }
  CHECK(scanned >= 1);
}
