// How a push collects the outbox (store/outbox_collect.cpp, docs/sync.md "Push"): the envelopes buildEnvelopes
// returns are the ones it stored, and it removes exactly the outbox entries it sealed, in one transaction.
#include <catch2/catch.hpp>

#include "store/store_impl.hpp"
#include "sync_world.hpp"

using namespace coach;
using coach::test::Device;
using coach::test::mustAdd;
using coach::test::stateOf;
using coach::test::SyncWorld;

namespace {

std::int64_t collectCount(Store::Impl& impl, const std::string& sql, std::optional<std::string> id = std::nullopt) {
  auto s = impl.stmt(sql);
  REQUIRE(s.ok());
  store::StmtGuard guard(*s.value());
  if (id) REQUIRE(s.value()->bindText(1, *id).ok());
  auto row = s.value()->step();
  REQUIRE(row.ok());
  REQUIRE(row.value());
  return s.value()->intAt(0);
}

}  // namespace

TEST_CASE("A push returns the envelopes it stored and removes only the outbox entries it sealed", "[sync][push]") {
  SyncWorld world;
  world.accessLog = false;  // the outbox holds the participants' entries only
  Device& marieke = world.addDevice("marieke");
  Device& youssef = world.addDevice("youssef");
  const std::string sanne = mustAdd(*marieke.store, "participant", {{"name", "Sanne"}, {"coach", "marieke"}});
  mustAdd(*marieke.store, "participant", {{"name", "Joris"}, {"coach", "marieke"}});
  mustAdd(*marieke.store, "participant", {{"name", "Fatima"}, {"coach", "marieke"}});
  REQUIRE(marieke.store->update(sanne, {{"name", "Sanne de Vries"}}).ok());  // Sanne's second entry, after the others
  const std::string outboxOf = "SELECT count(*) FROM outbox WHERE rid = (SELECT rid FROM record WHERE id = ?)";
  locked(*marieke.store, [&](Store::Impl& impl) {
    const std::int64_t before = collectCount(impl, "SELECT count(*) FROM outbox");
    REQUIRE(collectCount(impl, outboxOf, sanne) == 2);
    // One change per envelope, one envelope: the record of the oldest entry (Sanne), with both its entries.
    auto built = impl.buildEnvelopes(1, 1);
    REQUIRE(built.ok());
    REQUIRE(built.value().size() == 1);
    CHECK(built.value().front().changes == 1);
    CHECK(collectCount(impl, outboxOf, sanne) == 0);
    CHECK(collectCount(impl, "SELECT count(*) FROM outbox") == before - 2);
    auto stored = impl.unackedEnvelopes(100);
    REQUIRE(stored.ok());
    REQUIRE(stored.value().size() == 1);
    CHECK(stored.value().front().sequence == built.value().front().sequence);
    CHECK(stored.value().front().changes == built.value().front().changes);
    CHECK(stored.value().front().bytes == built.value().front().bytes);
    return 0;
  });
  // The sync sends the envelope already built, then the rest; the other device ends with the same state.
  auto pushed = marieke.sync();
  REQUIRE(pushed.ok());
  REQUIRE(youssef.sync().ok());
  CHECK(stateOf(*marieke.store) == stateOf(*youssef.store));
  locked(*marieke.store, [&](Store::Impl& impl) {
    CHECK(collectCount(impl, "SELECT count(*) FROM outbox") == 0);
    auto none = impl.buildEnvelopes(1, 1);
    REQUIRE(none.ok());
    CHECK(none.value().empty());
    return 0;
  });
}
