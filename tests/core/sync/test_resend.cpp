// Resending after a server restore (docs/sync.md, "Resending after a server restore"), over the relay's rules
// in process: a server put back to an older backup has lost envelopes and key records it acknowledged; each
// device sends its kept copies again from the sequence the server expects, and every device, a new one
// included, ends with every note ever acknowledged. Kept copies are bounded by age and bytes and leave with an
// erased participant. tests/sync-server/test_syncd_sync.cpp does the same through the real coach-syncd.
#include <catch2/catch.hpp>

#include "store/store_impl.hpp"
#include "sync/envelope.hpp"
#include "sync_world.hpp"

using namespace coach;
using coach::test::Device;
using coach::test::mustAdd;
using coach::test::stateOf;
using coach::test::SyncWorld;

namespace {

// Snapshots off: after a restore, the server's sequence jump makes every caught-up device upload snapshots of
// its state, which would carry the lost notes to a new device too; these tests prove the resend of the log.
sync::SyncOptions noSnapshots() {
  sync::SyncOptions o;
  o.snapshotInterval = 0;
  return o;
}

sync::SyncReport syncOk(Device& d, sync::SyncOptions options = noSnapshots()) {
  auto report = d.sync(std::move(options));
  if (!report.ok()) FAIL(d.name << " sync: " << report.error().message);
  return report.value();
}

// A participant with a support note: one participant shard (with its key record) and its envelopes.
std::string noteDay(Device& d, const std::string& marker) {
  const std::string p = mustAdd(*d.store, "participant", {{"name", "Deelnemer " + marker}, {"coach", d.name}});
  mustAdd(*d.store, "support_contact", {{"participant_id", p}, {"contact_on", "2026-03-02"}, {"mode", "phone"},
                                        {"type", "on_site_coaching"}, {"note", "Notitie " + marker}});
  return p;
}

Store::Impl::KeptTotals keptOf(Device& d) {
  auto totals = d.store->implForInternalUse().keptTotals();
  REQUIRE(totals.ok());
  return totals.value();
}

// How many envelopes of device `d` the relay's log holds.
std::size_t envelopesOf(SyncWorld& world, Device& d) {
  auto page = world.storage().page(world.teamId(), 0, 100000, 1u << 30);
  REQUIRE(page.ok());
  std::size_t n = 0;
  for (const sync::PullItem& item : page->items) {
    if (item.isKey) continue;
    auto env = sync::parseEnvelope(item.envelope);
    REQUIRE(env.ok());
    if (sync::idToText(env->header.device) == d.id()) ++n;
  }
  return n;
}

void requireAllConverged(SyncWorld& world) {
  for (int round = 0; round < 2; ++round) {
    for (auto& d : world.devices()) syncOk(*d);
  }
  const auto reference = stateOf(*world.devices().front()->store);
  for (auto& d : world.devices()) {
    INFO(d->name);
    CHECK(stateOf(*d->store) == reference);
  }
}

}  // namespace

TEST_CASE("After the relay's storage is restored from an older backup, devices resend what it lost and a new device sees every note",
          "[sync][restore]") {
  SyncWorld world;
  world.accessLog = false;  // the counts below are of the notes' envelopes only
  Device& a = world.addDevice("a");
  Device& b = world.addDevice("b");
  const std::string before = noteDay(a, "voor");
  syncOk(a);
  syncOk(b);
  const auto backup = world.storage().backup();
  std::vector<std::string> lost;
  for (int i = 0; i < 3; ++i) lost.push_back(noteDay(a, "a-na-" + std::to_string(i)));
  lost.push_back(noteDay(b, "b-na"));
  syncOk(a, [] { sync::SyncOptions o = noSnapshots(); o.envelopesPerPush = 2; return o; }());  // several pushes
  syncOk(b);
  syncOk(a);
  CHECK(keptOf(a).envelopes == 4);  // one per note (its participant's shard), all acknowledged
  CHECK(keptOf(a).keyRecords == 4);

  world.storage().restore(*backup);
  const std::size_t heldAfterRestore = world.storage().envelopeCount(world.teamId());
  const std::string afterRestore = noteDay(a, "a-daarna");
  sync::SyncOptions small = noSnapshots();
  small.envelopesPerPush = 2;  // the resend spans several pushes
  const auto resent = syncOk(a, small);
  CHECK(resent.envelopesResent == 3);
  CHECK(resent.envelopesPushed == 1);  // only the new note counts as pushed
  REQUIRE_FALSE(resent.warnings.empty());
  CHECK_THAT(resent.warnings.back(), Catch::Contains("restored from an older backup"));
  CHECK(envelopesOf(world, b) == 0);  // b wrote nothing since: only its kept copy brings its note back
  const auto resentB = syncOk(b);
  CHECK(envelopesOf(world, b) == 1);
  CHECK(resentB.envelopesResent == 1);
  CHECK(world.storage().envelopeCount(world.teamId()) > heldAfterRestore);

  Device& fresh = world.addDevice("fresh");
  syncOk(fresh);
  lost.push_back(before);
  lost.push_back(afterRestore);
  for (const std::string& p : lost) {
    INFO(p);
    auto rec = fresh.store->get(p);
    REQUIRE(rec.ok());
    CHECK_THAT(rec.value()["fields"]["name"].get<std::string>(), Catch::StartsWith("Deelnemer "));
  }
  requireAllConverged(world);
  // A second round has nothing to resend.
  CHECK(syncOk(a).envelopesResent == 0);
}

TEST_CASE("A device that no longer keeps the envelopes a restored server lost gets a sequence_gap saying so", "[sync][restore]") {
  SyncWorld world;
  world.accessLog = false;  // the counts below are of the notes' envelopes only
  Device& a = world.addDevice("a");
  noteDay(a, "voor");
  syncOk(a);
  const auto backup = world.storage().backup();
  noteDay(a, "na");
  sync::SyncOptions keepNothing = noSnapshots();
  keepNothing.keepAcknowledgedDays = 0;
  syncOk(a, keepNothing);
  CHECK(keptOf(a).envelopes == 0);
  world.storage().restore(*backup);
  noteDay(a, "daarna");
  auto stuck = a.sync(keepNothing);
  REQUIRE_FALSE(stuck.ok());
  CHECK(stuck.error().code == ErrorCode::SequenceGap);
  CHECK(stuck.error().expectedSequence > 0);
  CHECK_THAT(stuck.error().message, Catch::Contains("no longer keeps that envelope"));
  CHECK_THAT(stuck.error().message, Catch::Contains("they stay safe on this device"));
}

TEST_CASE("Kept acknowledged envelopes are bounded by the retention window and the byte budget", "[sync][restore]") {
  SyncWorld world;
  world.accessLog = false;  // the counts below are of the notes' envelopes only
  Device& a = world.addDevice("a");
  sync::SyncOptions budget = noSnapshots();
  budget.envelopesPerPush = 1;
  budget.keepAcknowledgedBytes = 4000;  // five or so of the smallest envelopes (714 bytes)
  for (int i = 0; i < 8; ++i) {
    noteDay(a, "budget-" + std::to_string(i));
    syncOk(a, budget);
    const auto kept = keptOf(a);
    INFO(i);
    CHECK(kept.bytes <= 4000);
    CHECK(kept.envelopes >= 1);
  }
  // The newest envelope is always among those kept.
  auto newest = a.store->implForInternalUse().keptEnvelopes(1, INT64_MAX, 100);
  REQUIRE(newest.ok());
  REQUIRE_FALSE(newest->empty());
  auto seq = a.store->implForInternalUse().metaNumber("device_seq");
  REQUIRE(seq.ok());
  CHECK(newest->back().sequence == seq.value());

  // 91 days on (server clock too, or it would call the device's clock wrong), the next acknowledgement drops
  // everything acknowledged before the 90-day window, key records included.
  const auto before = keptOf(a);
  REQUIRE(before.keyRecords > 0);
  constexpr std::int64_t kDays91 = 91LL * 24 * 60 * 60 * 1000;
  a.clock.advance(kDays91);
  world.serverClock().advance(kDays91);
  noteDay(a, "later");
  syncOk(a);
  const auto after = keptOf(a);
  CHECK(after.envelopes == 1);   // the later note's envelope
  CHECK(after.keyRecords == 1);  // the later participant's key
}

TEST_CASE("Erasing a participant deletes the kept copies of its envelopes and key records", "[sync][restore][erasure]") {
  SyncWorld world;
  world.accessLog = false;  // the counts below are of the notes' envelopes only
  Device& a = world.addDevice("a");
  const std::string erased = noteDay(a, "weg");
  const std::string kept = noteDay(a, "blijft");
  syncOk(a);
  Store::Impl& impl = a.store->implForInternalUse();
  auto count = [&](const std::string& sql, const std::string& shard) {
    auto s = impl.stmt(sql);
    REQUIRE(s.ok());
    store::StmtGuard guard(*s.value());
    REQUIRE(s.value()->bindText(1, shard).ok());
    auto row = s.value()->step();
    REQUIRE(row.ok());
    return s.value()->intAt(0);
  };
  const std::string envelopes = "SELECT count(*) FROM kept_envelope WHERE shard = ?";
  const std::string keys = "SELECT count(*) FROM kept_key_record WHERE shard = ?";
  REQUIRE(count(envelopes, erased) > 0);
  REQUIRE(count(keys, erased) == 1);
  auto done = impl.eraseShard(ErasureAudit{erased, 1, a.id(), 1, 2, {}});
  REQUIRE(done.ok());
  CHECK(done.value());
  CHECK(count(envelopes, erased) == 0);
  CHECK(count(keys, erased) == 0);
  CHECK(count(envelopes, kept) > 0);
  CHECK(count(keys, kept) == 1);
}
