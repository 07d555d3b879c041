// Store::pendingChanges: the count behind the app's "N changes waiting" (docs/app.md, "Sync in the background").
#include <catch2/catch.hpp>

#include "faulty_transport.hpp"
#include "sync_world.hpp"

using namespace coach;
using coach::test::Device;
using coach::test::mustAdd;
using coach::test::SyncWorld;

namespace {

std::uint64_t pendingOf(Device& d) {
  auto n = d.store->pendingChanges();
  if (!n.ok()) FAIL(d.name << " pendingChanges: " << n.error().message);
  return n.value();
}

}  // namespace

TEST_CASE("The changes waiting grow with each write and are back to 0 after a sync", "[sync][pending]") {
  SyncWorld world;
  world.accessLog = false;  // counts exactly: no access events from the writes
  Device& marieke = world.addDevice("marieke");
  Device& youssef = world.addDevice("youssef");
  CHECK(pendingOf(marieke) == 0);
  const std::string sanne = mustAdd(*marieke.store, "participant", {{"name", "Sanne"}, {"coach", "marieke"}});
  CHECK(pendingOf(marieke) == 1);
  const std::string bruin = mustAdd(*marieke.store, "employer", {{"name", "Bruin"}});
  CHECK(pendingOf(marieke) == 2);
  REQUIRE(marieke.store->update(sanne, {{"note", "eerste gesprek"}}).ok());
  CHECK(pendingOf(marieke) == 2);  // a record edited twice before a sync goes out as one change
  mustAdd(*marieke.store, "employer_contact",
          {{"contact_at", "2026-03-02T10:00"},
           {"coach", "marieke"},
           {"employer_id", bruin},
           {"mode", "face_to_face"},
           {"participant_id", sanne},
           {"purpose", "present_candidate"}});
  CHECK(pendingOf(marieke) == 3);

  // Offline: the sync fails; whatever it sealed is still waiting, nothing is lost from the count.
  test::FaultyTransport cut(*marieke.transport, 1, 0.0);
  cut.offline = true;
  sync::SyncOptions options;
  options.backoffBaseMillis = 0;
  options.maxAttempts = 1;
  CHECK_FALSE(sync::SyncClient(*marieke.store, cut, options).sync().ok());
  CHECK(pendingOf(marieke) == 3);

  auto report = marieke.sync();
  REQUIRE(report.ok());
  CHECK(report->totals.changesPushed == 3);
  CHECK(pendingOf(marieke) == 0);
  // Changes pulled from another device are not this device's to send.
  REQUIRE(youssef.sync().ok());
  CHECK(pendingOf(youssef) == 0);
  REQUIRE(marieke.store->update(sanne, {{"note", "tweede gesprek"}}).ok());
  CHECK(pendingOf(marieke) == 1);
  marieke.store->lock();
  CHECK(marieke.store->pendingChanges().error().code == ErrorCode::Locked);
}
