// What a hostile or broken server, a wrong clock and a newer app version can do to sync, and what they cannot.
#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>

#include "store/store_impl.hpp"
#include "forwarding_transport.hpp"
#include "sync_world.hpp"

using namespace coach;
using coach::test::Device;
using coach::test::mustAdd;
using coach::test::stateOf;
using coach::test::SyncWorld;

namespace {

// Passes everything through, but lets a test rewrite what pull returns.
class TamperingTransport final : public test::ForwardingTransport {
 public:
  TamperingTransport(sync::Transport& inner, std::function<void(sync::PullResponse&)> tamper)
      : ForwardingTransport(inner), tamper_(std::move(tamper)) {}
  Result<sync::PullResponse> pull(const sync::PullRequest& r) override {
    auto page = inner_.pull(r);
    if (page.ok()) tamper_(page.value());
    return page;
  }

 private:
  std::function<void(sync::PullResponse&)> tamper_;
};

Result<sync::SyncReport> syncThrough(Device& d, sync::Transport& t) {
  sync::SyncOptions o;
  o.backoffBaseMillis = 0;
  return sync::SyncClient(*d.store, t, o).sync();
}

// Three envelopes from `a`: three participants in three shards.
void threeEnvelopes(Device& a) {
  for (const char* name : {"Anna", "Bram", "Cor"}) mustAdd(*a.store, "participant", {{"name", name}, {"coach", "a"}});
  REQUIRE(a.sync().ok());
}

std::uint64_t cursorOf(Device& d) {
  std::lock_guard lock(d.store->implForInternalUse().mu);
  return d.store->implForInternalUse().pullCursor().value();
}

}  // namespace

TEST_CASE("A server that alters an envelope is caught and nothing of it is applied", "[sync][hostile]") {
  SyncWorld world;
  Device& a = world.addDevice("a");
  Device& b = world.addDevice("b");
  threeEnvelopes(a);
  for (std::size_t offset : {10u, 50u, 200u, 600u}) {  // header, header, body, body
    TamperingTransport evil(*b.transport, [&](sync::PullResponse& page) {
      for (auto& item : page.items) {
        if (!item.isKey && item.envelope.size() > offset) item.envelope[offset] ^= 0x01;
      }
    });
    auto result = syncThrough(b, evil);
    REQUIRE_FALSE(result.ok());
    INFO(result.error().message);
    CHECK((result.error().code == ErrorCode::SignatureInvalid || result.error().code == ErrorCode::EnvelopeMalformed ||
           result.error().code == ErrorCode::ProtocolUnsupported || result.error().code == ErrorCode::WrongTeam));
    CHECK(b.store->list("participant").value().empty());
    CHECK(cursorOf(b) == 0);
  }
  REQUIRE(b.sync().ok());  // the honest server afterwards: everything arrives
  CHECK(b.store->list("participant").value().size() == 3);
}

TEST_CASE("A server that withholds, reorders or replays a device's envelopes is caught", "[sync][hostile]") {
  SyncWorld world;
  Device& a = world.addDevice("a");
  Device& b = world.addDevice("b");
  threeEnvelopes(a);
  auto envelopeIndexes = [](const sync::PullResponse& page) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < page.items.size(); ++i) {
      if (!page.items[i].isKey) out.push_back(i);
    }
    return out;
  };
  SECTION("withheld") {
    TamperingTransport evil(*b.transport, [&](sync::PullResponse& page) {
      page.items.erase(page.items.begin() + static_cast<std::ptrdiff_t>(envelopeIndexes(page).front()));
    });
    auto result = syncThrough(b, evil);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().code == ErrorCode::SequenceGap);
    CHECK(result.error().message.find("expected sequence 1, got 2") != std::string::npos);
  }
  SECTION("reordered") {
    TamperingTransport evil(*b.transport, [&](sync::PullResponse& page) {
      auto idx = envelopeIndexes(page);
      std::swap(page.items[idx[0]], page.items[idx[1]]);
    });
    auto result = syncThrough(b, evil);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().code == ErrorCode::SequenceGap);
  }
  SECTION("a second envelope under a used sequence number") {
    REQUIRE(b.sync().ok());
    mustAdd(*a.store, "participant", {{"name", "Dirk"}, {"coach", "a"}});
    REQUIRE(a.sync().ok());
    // Replay envelope 3 in place of envelope 4: same sequence as one already applied, other bytes.
    TamperingTransport evil(*b.transport, [&](sync::PullResponse& page) {
      auto all = world.storage().page(world.teamId(), 0, 100, 1u << 24).value();
      std::vector<crypto::Bytes> envs;
      for (auto& item : all.items) {
        if (!item.isKey) envs.push_back(item.envelope);
      }
      for (auto& item : page.items) {
        if (!item.isKey) item.envelope = envs[1];  // sequence 2 again, already applied: a duplicate, skipped
      }
    });
    REQUIRE(syncThrough(b, evil).ok());  // a repeat of an applied envelope is harmless...
    CHECK(b.store->list("participant").value().size() == 3);
    // ...but Dirk's envelope was withheld that way, and a's next envelope gives it away.
    mustAdd(*a.store, "participant", {{"name", "Els"}, {"coach", "a"}});
    REQUIRE(a.sync().ok());
    auto result = b.sync();
    REQUIRE_FALSE(result.ok());
    INFO(result.error().message);
    CHECK(result.error().code == ErrorCode::SequenceGap);
    // a's envelopes: 1-3 the first three participants, 4 the team's (their access events, docs/access-log.md),
    // 5-6 Dirk's (withheld), 7-8 Els's.
    CHECK(result.error().message.find("expected sequence 5, got 7") != std::string::npos);
  }
}

TEST_CASE("A device whose clock is a day ahead is refused by the server and told why", "[sync][clock]") {
  SyncWorld world;
  Device& fast = world.addDevice("fast");
  Device& ok = world.addDevice("ok");
  fast.clock.advance(24LL * 3600 * 1000);
  mustAdd(*fast.store, "participant", {{"name", "Eva"}, {"coach", "fast"}});
  auto refused = fast.sync();
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == ErrorCode::ClockDrift);
  CHECK(refused.error().message.find("the sending device's clock is wrong") != std::string::npos);
  mustAdd(*ok.store, "participant", {{"name", "Fien"}, {"coach", "ok"}});
  CHECK(ok.sync().ok());  // the others sync on
  CHECK(world.storage().envelopeCount(world.teamId()) == 2);  // Fien's, and the team's with its access event
}

TEST_CASE("A stamp beyond this device's drift bound waits, and never drags its clock forward", "[sync][clock]") {
  SyncWorld world(2LL * 24 * 3600 * 1000);  // a lenient server
  Device& fast = world.addDevice("fast");
  Device& strict = world.addDevice("strict");
  strict.driftBound = 5 * 60 * 1000;
  strict.reopen();
  fast.clock.advance(24LL * 3600 * 1000);
  world.serverClock().advance(24LL * 3600 * 1000);
  mustAdd(*fast.store, "participant", {{"name", "Gijs"}, {"coach", "fast"}});
  REQUIRE(fast.sync().ok());
  auto report = strict.sync();
  REQUIRE(report.ok());
  REQUIRE_FALSE(report->warnings.empty());
  CHECK(report->warnings.front().find("clock is wrong") != std::string::npos);
  CHECK(strict.store->list("participant").value().empty());
  const auto before = strict.store->implForInternalUse().hlc->last();
  CHECK(before.millis() < static_cast<std::uint64_t>(strict.clock.nowMillis()) + 1000);
  strict.clock.advance(24LL * 3600 * 1000);  // a day later the stamp is no longer in the future
  REQUIRE(strict.sync().ok());
  CHECK(strict.store->list("participant").value().size() == 1);
}

TEST_CASE("Changes of a kind or field from a newer schema are kept, never fatal", "[sync][schema]") {
  SyncWorld world;
  Device& b = world.addDevice("b");
  auto& impl = b.store->implForInternalUse();
  std::lock_guard lock(impl.mu);
  store::Transaction txn = store::Transaction::begin(impl.db).value();
  WriteGuardScope scope(impl.writeAllowed);
  PageOutcome outcome;
  sync::RecordChange future{sync::Id{1}, "job_coach_rating", {{"stars", 100, {}, std::int64_t{5}}}};
  auto participantId = sync::idFromText("00112233445566778899aabbccddeeff").value();
  sync::RecordChange extended{participantId, "participant",
                              {{"name", 100, {}, std::string("Hanna")}, {"pronouns", 100, {}, std::string("zij/haar")},
                               {"coach", 100, {}, std::string("b")}}};
  REQUIRE(impl.keys->importShardKey(impl.db, "00112233445566778899aabbccddeeff", 1,
                                    crypto::randomSecret(32).value()).ok());
  CHECK(impl.mergeChange(future, "team", std::string(32, 'a'), outcome).ok());
  CHECK(impl.mergeChange(extended, "00112233445566778899aabbccddeeff", std::string(32, 'a'), outcome).ok());
  auto pending = store::Stmt::prepare(impl.db.get(), "SELECT kind || '.' || field FROM pending_change ORDER BY 1");
  std::vector<std::string> kept;
  while (pending->step().value()) kept.push_back(pending->textAt(0));
  CHECK(kept == std::vector<std::string>{"job_coach_rating.stars", "participant.pronouns"});
  REQUIRE(txn.commit().ok());
}

TEST_CASE("Kept changes are applied once this version knows their field (after an upgrade)", "[sync][schema]") {
  SyncWorld world;
  Device& b = world.addDevice("b");
  const std::string p = mustAdd(*b.store, "participant", {{"name", "Iris"}, {"coach", "b"}});
  {
    auto& impl = b.store->implForInternalUse();
    std::lock_guard lock(impl.mu);
    // As an older version would have kept it: a change of `municipality`, a field it did not know yet.
    const std::string sender(32, 'c');
    auto sealed = impl.keys->encryptField(impl.db, p, p, "pending:municipality", "Bunnik");
    REQUIRE(sealed.ok());
    auto insert = store::Stmt::prepare(impl.db.get(), "INSERT INTO pending_change (id, kind, shard, field, hlc, device, value)"
                                                      " VALUES (?, 'participant', ?, 'municipality', ?, ?, ?)");
    REQUIRE(insert.ok());
    REQUIRE(insert->bindText(1, p).ok());
    REQUIRE(insert->bindText(2, p).ok());
    REQUIRE(insert->bindInt(3, static_cast<std::int64_t>(Hlc::from(static_cast<std::uint64_t>(b.clock.nowMillis()) + 10, 0).value)).ok());
    REQUIRE(insert->bindText(4, sender).ok());
    REQUIRE(insert->bindBlob(5, sealed.value()).ok());
    REQUIRE(insert->run().ok());
  }
  b.reopen();
  CHECK(b.store->get(p).value()["fields"]["municipality"] == "Bunnik");
  auto& impl = b.store->implForInternalUse();
  auto left = store::Stmt::prepare(impl.db.get(), "SELECT count(*) FROM pending_change");
  REQUIRE(left->step().value());
  CHECK(left->intAt(0) == 0);
}
