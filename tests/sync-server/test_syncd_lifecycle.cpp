// The key lifecycle through the real coach-syncd process (docs/keys.md): four devices enrolled the real way
// (the lead founds the team, the others are approved after the fingerprint check), a lost phone revoked while a
// colleague is offline, the rotation picked up when she returns, recovery on a new device from the recovery
// key, and a participant erased while a colleague is offline writing about him; afterwards no file of the server
// holds a key that opens anything, and no device or server file holds the erased participant's records.
#include <catch2/catch.hpp>

#include <filesystem>

#include "coach/lifecycle.hpp"
#include "http_team.hpp"
#include "store/store_impl.hpp"
#include "sync/envelope.hpp"
#include "sync_world.hpp"

using namespace coach;
using namespace coach::test;

namespace {

bool holds(Store& store, const std::string& text) { return stateOf(store).dump().find(text) != std::string::npos; }

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

  // Joost asks for his data to be destroyed while Bram is offline writing about him (DOMAIN.md, story 4).
  const std::string joost = mustAdd(*lead.store, "participant", {{"name", "Joost Bakker"}, {"coach", "bram"}});
  note(lead, joost, "joost-visit-lead");
  for (HttpDevice* d : {&lead, &anna, &bram, &fresh}) requireSynced(*d);
  REQUIRE(holds(*bram.store, "joost-visit-lead"));
  note(bram, joost, "joost-offline-bram");
  const std::string kept = note(bram, p, "sanne-offline-bram");
  auto audit = lifecycle::eraseParticipant(*lead.store, *lead.transport, joost);
  REQUIRE(audit.ok());
  CHECK(audit->author == lead.id());
  CHECK_FALSE(holds(*lead.store, "Joost Bakker"));
  for (HttpDevice* d : {&anna, &fresh, &bram}) {
    auto report = d->sync();
    REQUIRE(report.ok());
    CHECK(report->shardsErased == 1);
    CHECK_FALSE(holds(*d->store, "Joost Bakker"));
    CHECK_FALSE(holds(*d->store, "joost-"));
    CHECK(d->store->get(joost).error().code == ErrorCode::NotFound);
  }
  for (HttpDevice* d : {&lead, &anna, &bram, &fresh}) requireSynced(*d);
  CHECK(lead.store->get(kept).ok());  // Bram's other offline note still arrived
  for (HttpDevice* d : {&anna, &bram, &fresh}) CHECK(stateOf(*d->store) == stateOf(*lead.store));
  for (HttpDevice* d : {&lead, &anna, &bram, &fresh}) {
    auto entries = lifecycle::erasures(*d->store);
    REQUIRE(entries.ok());
    REQUIRE(entries->size() == 1);
    CHECK(entries->front().shard == joost);
  }
  // The server's files hold no ciphertext of the erased shard: every envelope of it is a bare tombstone now.
  std::size_t tombstones = 0;
  for (std::uint64_t after = 0;;) {
    auto page = lead.transport->pull({after, 500, 8u << 20});
    REQUIRE(page.ok());
    for (const sync::PullItem& item : page->items) {
      if (item.erased) {
        ++tombstones;
        CHECK(item.envelope.size() == sync::kHeaderSize);
        CHECK(sync::shardToText(sync::parseEnvelopeHeader(item.envelope)->shard) == joost);
      } else if (!item.isKey) {
        CHECK(sync::shardToText(sync::parseEnvelope(item.envelope)->header.shard) != joost);
      } else {
        CHECK(item.key.shard != joost);
      }
    }
    after = page->next;
    if (!page->more) break;
  }
  CHECK(tombstones >= 1);

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
