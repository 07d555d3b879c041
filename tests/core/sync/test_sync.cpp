#include <catch2/catch.hpp>

#include "store/store_impl.hpp"
#include "sync_world.hpp"

using namespace coach;
using coach::test::Device;
using coach::test::mustAdd;
using coach::test::stateOf;
using coach::test::SyncWorld;
using nlohmann::json;

namespace {

sync::SyncReport mustSync(Device& d) {
  auto report = d.sync();
  if (!report.ok()) FAIL(d.name << " sync: " << report.error().message);
  return report.value();
}

}  // namespace

TEST_CASE("A participant recorded offline on one device reaches another, decrypted only there", "[sync]") {
  SyncWorld world;
  Device& marieke = world.addDevice("marieke");
  Device& youssef = world.addDevice("youssef");
  const std::string sanne = mustAdd(*marieke.store, "participant", {{"name", "Sanne de Vries"}, {"coach", "marieke"}});
  const std::string bruin = mustAdd(*marieke.store, "employer", {{"name", "Koffiebranderij Bruin"}});
  mustAdd(*marieke.store, "employer_contact", {{"contact_at", "2026-03-02T10:00"}, {"coach", "marieke"}, {"employer_id", bruin},
                                               {"mode", "face_to_face"}, {"participant_id", sanne}, {"purpose", "present_candidate"},
                                               {"note", "Sanne voorgesteld"}});
  const auto pushed = mustSync(marieke);
  CHECK(pushed.totals.changesPushed == 4);  // and the access event of Sanne's write (docs/access-log.md)
  CHECK(pushed.envelopesPushed == 2);  // one per shard: Sanne's and the team's
  const auto pulled = mustSync(youssef);
  CHECK(pulled.totals.changesPulled > 0);
  auto rec = youssef.store->get(sanne);
  REQUIRE(rec.ok());
  CHECK(rec.value()["fields"]["name"] == "Sanne de Vries");
  CHECK(stateOf(*marieke.store) == stateOf(*youssef.store));
  // The server holds ciphertext only.
  auto page = world.storage().page(world.teamId(), 0, 100, 1u << 24);
  REQUIRE(page.ok());
  for (const auto& item : page->items) {
    const std::string bytes(item.envelope.begin(), item.envelope.end());
    CHECK(bytes.find("Sanne") == std::string::npos);
    CHECK(bytes.find("Bruin") == std::string::npos);
  }
}

TEST_CASE("Story 2: concurrent edits of different fields both survive, the same note edited twice is a conflict", "[sync]") {
  SyncWorld world;
  Device& youssef = world.addDevice("youssef");
  Device& marieke = world.addDevice("marieke");
  const std::string mohammed = mustAdd(*youssef.store, "participant", {{"name", "Mohammed"}, {"coach", "youssef"}});
  const std::string profile = mustAdd(*youssef.store, "vocational_profile", {{"participant_id", mohammed}, {"version", 1},
                                                                             {"profiled_on", "2026-01-13"}, {"preferred_hours_per_week", 24},
                                                                             {"goals", "werken met de handen"}});
  mustSync(youssef);
  mustSync(marieke);
  // Both offline: Youssef changes the hours and the goals, Marieke changes the goals too.
  youssef.clock.advance(60'000);
  marieke.clock.advance(90'000);
  REQUIRE(youssef.store->update(profile, {{"preferred_hours_per_week", 16}, {"goals", "fietsen, 16 uur"}}).ok());
  REQUIRE(marieke.store->update(profile, {{"goals", "bicycle repair"}}).ok());
  mustAdd(*marieke.store, "support_contact", {{"participant_id", mohammed}, {"contact_on", "2026-03-02"}, {"mode", "face_to_face"},
                                              {"type", "career_development"}});
  mustSync(youssef);
  const auto mariekeReport = mustSync(marieke);
  mustSync(youssef);
  CHECK(mariekeReport.conflicts == 1);
  const json state = stateOf(*youssef.store);
  CHECK(state == stateOf(*marieke.store));
  const json& fields = state["records"][profile]["fields"];
  CHECK(fields["preferred_hours_per_week"] == "16");
  CHECK(fields["goals"] == "bicycle repair");  // Marieke's edit is later
  auto conflicts = youssef.store->conflicts();
  REQUIRE(conflicts.ok());
  REQUIRE(conflicts->size() == 1);
  CHECK(conflicts->front().losingValue == "fietsen, 16 uur");
  CHECK(conflicts->front().currentValue == "bicycle repair");
  CHECK(conflicts->front().losingDevice == youssef.id());

  // Youssef keeps both texts; the resolution syncs and clears the conflict everywhere.
  REQUIRE(youssef.store->resolveConflict(conflicts->front(), Resolution::KeepBoth).ok());
  mustSync(youssef);
  mustSync(marieke);
  CHECK(youssef.store->conflicts()->empty());
  CHECK(marieke.store->conflicts()->empty());
  CHECK(marieke.store->get(profile).value()["fields"]["goals"] == "bicycle repair\n\nfietsen, 16 uur");
}

TEST_CASE("Syncing again changes nothing, and pulling everything again changes nothing", "[sync]") {
  SyncWorld world;
  Device& a = world.addDevice("a");
  Device& b = world.addDevice("b");
  const std::string p = mustAdd(*a.store, "participant", {{"name", "Noor"}, {"coach", "a"}, {"note", "eerste gesprek"}});
  mustSync(a);
  mustSync(b);
  const json before = stateOf(*b.store);
  mustSync(b);  // sends the access event of the read stateOf made (docs/access-log.md)
  const std::size_t stored = world.storage().envelopeCount(world.teamId());
  const auto again = mustSync(b);
  CHECK(again.totals.changesPulled == 0);
  CHECK(again.envelopesPushed == 0);
  // Rewind b's cursor: every envelope arrives a second time.
  REQUIRE(b.store->implForInternalUse().metaPut("pull_cursor", crypto::asBytes(std::string("0"))).ok());
  const auto replay = mustSync(b);
  CHECK(replay.totals.changesPulled == 0);
  CHECK(stateOf(*b.store) == before);
  CHECK(world.storage().envelopeCount(world.teamId()) == stored);
  (void)p;
}
