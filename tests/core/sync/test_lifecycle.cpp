// The device lifecycle over the relay's real rules (MemoryStorage, loopback transport, JSON on the way):
// founding a team, enrolment with fingerprint comparison, revocation with key rotation while a device is
// offline, recovery with the recovery key, and the refusals (docs/keys.md).
#include <catch2/catch.hpp>

#include "coach/lifecycle.hpp"
#include "forwarding_transport.hpp"
#include "lifecycle_world.hpp"
#include "store/store_impl.hpp"
#include "sync/team_keys.hpp"
#include "sync_world.hpp"

using namespace coach;
using coach::test::Device;
using coach::test::mustAdd;
using coach::test::stateOf;
using coach::test::LifecycleWorld;
using coach::test::holdsText;
using coach::test::note;

TEST_CASE("A team lives through enrolment, a lost phone with an offline colleague, and recovery", "[lifecycle]") {
  LifecycleWorld w;
  Device& lead = w.enrol("lead", relay::Role::Lead);
  const std::string recovery = w.found(lead);
  CHECK(recovery.size() == 14 * 4 + 13);
  CHECK(sync::parseRecoveryKey(recovery).ok());

  Device& anna = w.enrol("anna", relay::Role::Coach);
  Device& bram = w.enrol("bram", relay::Role::Coach);
  Device& lost = w.enrol("lost", relay::Role::Coach);
  // Waiting devices may not sync, and have nothing to join until a lead approves them.
  auto early = anna.transport->pull({0, 10, 1 << 20});
  REQUIRE_FALSE(early.ok());
  CHECK(early.error().code == ErrorCode::DevicePending);
  CHECK_FALSE(lifecycle::joinWhenApproved(*anna.store, *anna.transport, w.teamId()).value());
  auto listed = lifecycle::listDevices(*lead.store, *lead.transport);
  REQUIRE(listed.ok());
  auto annaEntry = std::find_if(listed->begin(), listed->end(), [&](const auto& e) { return e.id == anna.id(); });
  REQUIRE(annaEntry != listed->end());
  CHECK(annaEntry->state == "pending");
  CHECK(annaEntry->fingerprint == lifecycle::ownFingerprint(*anna.store).value());
  for (Device* d : {&anna, &bram, &lost}) w.approve(lead, *d);

  const std::string p = mustAdd(*lead.store, "participant", {{"name", "Sanne de Vries"}, {"coach", "anna"}});
  note(*lead.store, p, "before-revocation");
  for (Device* d : {&lead, &anna, &bram, &lost}) w.sync(*d);
  CHECK(holdsText(*lost.store, "before-revocation"));

  // Bram is offline from here. An hour later the phone is lost: the lead revokes it and a new epoch starts.
  w.advance(3600 * 1000);
  REQUIRE(lifecycle::revokeDevice(*lead.store, *lead.transport, lost.id()).ok());
  CHECK(lead.store->implForInternalUse().membership->epoch == 2);
  auto refused = lost.sync();
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == ErrorCode::DeviceRevoked);

  note(*lead.store, p, "after-revocation-lead");
  const std::string q = mustAdd(*lead.store, "participant", {{"name", "Joost Bakker"}, {"coach", "anna"}});
  w.sync(lead);
  w.sync(anna);
  CHECK(anna.store->implForInternalUse().membership->epoch == 2);
  note(*anna.store, q, "after-revocation-anna");
  w.sync(anna);
  w.sync(bram);  // back online: picks up epoch 2 and everything written under it
  w.sync(lead);
  CHECK(bram.store->implForInternalUse().membership->epoch == 2);
  CHECK(holdsText(*bram.store, "after-revocation-anna"));
  CHECK(stateOf(*bram.store) == stateOf(*lead.store));

  // The thief with the lost phone and a copy of the server's log opens nothing written after the revocation.
  auto log = w.storage().page(w.teamId(), 0, 10000, 64u << 20);
  REQUIRE(log.ok());
  {
    Store::Impl& impl = lost.store->implForInternalUse();
    std::lock_guard lock(impl.mu);
    (void)impl.applyPage(log.value());
  }
  CHECK(holdsText(*lost.store, "before-revocation"));
  CHECK_FALSE(holdsText(*lost.store, "after-revocation-lead"));
  CHECK_FALSE(holdsText(*lost.store, "after-revocation-anna"));
  CHECK_FALSE(holdsText(*lost.store, "Joost Bakker"));

  // The privacy officer's view of the lost phone: when it last synced and whose records it could hold.
  auto exposed = lifecycle::exposure(*lead.store, *lead.transport, lost.id());
  REQUIRE(exposed.ok());
  CHECK(exposed->revokedAt > 0);
  CHECK(exposed->participants == std::vector<std::string>{p});

  // No team lead device is left: a new device enrolled with a lead code restores the keys from the recovery key.
  Device& fresh = w.enrol("fresh", relay::Role::Lead);
  std::string typo = recovery;
  typo[0] = typo[0] == 'A' ? 'B' : 'A';
  auto typoed = lifecycle::recoverTeam(*fresh.store, *fresh.transport, w.teamId(), typo);
  REQUIRE_FALSE(typoed.ok());
  CHECK(typoed.error().code == ErrorCode::InvalidArgument);
  auto other = sync::newRecoveryKey();
  REQUIRE(other.ok());
  auto wrong = lifecycle::recoverTeam(*fresh.store, *fresh.transport, w.teamId(), other->text);
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.error().code == ErrorCode::DecryptFailed);
  REQUIRE(lifecycle::recoverTeam(*fresh.store, *fresh.transport, w.teamId(), recovery).ok());
  w.sync(fresh);
  CHECK(stateOf(*fresh.store) == stateOf(*anna.store));
  CHECK(holdsText(*fresh.store, "after-revocation-anna"));
}

namespace {

// A server that hands out an attacker's keys for one device.
class KeySwappingTransport : public test::ForwardingTransport {
 public:
  KeySwappingTransport(sync::Transport& inner, std::string victim) : ForwardingTransport(inner), victim_(std::move(victim)) {
    attacker_ = crypto::X25519KeyPair::generate().value().publicKey();
  }
  Result<std::vector<sync::DeviceInfo>> devices() override {
    COACH_ASSIGN_OR_RETURN(std::vector<sync::DeviceInfo> list, inner_.devices());
    for (auto& d : list) {
      if (d.id == victim_) d.agreementKey = attacker_;
    }
    return list;
  }

 private:
  std::string victim_;
  crypto::Bytes attacker_;
};

// A server that flips one bit of every grant it hands out.
class GrantTamperingTransport : public test::ForwardingTransport {
 public:
  using ForwardingTransport::ForwardingTransport;
  Result<sync::GrantsAnswer> grants() override {
    COACH_ASSIGN_OR_RETURN(sync::GrantsAnswer answer, inner_.grants());
    for (auto& g : answer.grants) g.wrapped[20] ^= 0x01;
    return answer;
  }
};

}  // namespace

TEST_CASE("A server that swaps an enrolling device's key is caught by the fingerprint, and nothing is wrapped",
          "[lifecycle][hostile]") {
  LifecycleWorld w;
  Device& lead = w.enrol("lead", relay::Role::Lead);
  w.found(lead);
  Device& anna = w.enrol("anna", relay::Role::Coach);
  KeySwappingTransport swapping(*lead.transport, anna.id());
  auto approved = lifecycle::approveDevice(*lead.store, swapping, anna.id(), lifecycle::ownFingerprint(*anna.store).value());
  REQUIRE_FALSE(approved.ok());
  CHECK(approved.error().code == ErrorCode::InvalidArgument);
  CHECK(approved.error().message.find("fingerprints differ") != std::string::npos);
  auto grants = w.storage().grants(w.teamId(), anna.id());
  REQUIRE(grants.ok());
  for (const auto& g : grants.value()) CHECK(g.recipient != anna.id());
  CHECK_FALSE(lifecycle::joinWhenApproved(*anna.store, *anna.transport, w.teamId()).value());
}

TEST_CASE("Tampered grants, approvals by a coach or a revoked device are refused", "[lifecycle][hostile]") {
  LifecycleWorld w;
  Device& lead = w.enrol("lead", relay::Role::Lead);
  w.found(lead);
  Device& anna = w.enrol("anna", relay::Role::Coach);
  Device& bram = w.enrol("bram", relay::Role::Coach);

  SECTION("a tampered grant opens nothing and the device stays outside the team") {
    REQUIRE(lifecycle::approveDevice(*lead.store, *lead.transport, anna.id(), lifecycle::ownFingerprint(*anna.store).value()).ok());
    GrantTamperingTransport tampering(*anna.transport);
    auto joined = lifecycle::joinWhenApproved(*anna.store, tampering, w.teamId());
    REQUIRE_FALSE(joined.ok());
    CHECK(joined.error().code == ErrorCode::DecryptFailed);
    CHECK_FALSE(anna.store->teamId().ok());
  }
  SECTION("a coach's device cannot approve") {
    w.approve(lead, anna);
    auto byCoach = lifecycle::approveDevice(*anna.store, *anna.transport, bram.id(), lifecycle::ownFingerprint(*bram.store).value());
    REQUIRE_FALSE(byCoach.ok());
    CHECK(byCoach.error().code == ErrorCode::Forbidden);
    // Nor through the server directly, whatever the device claims.
    auto direct = anna.transport->approve(bram.id(), {sync::Grant{bram.id(), 1, anna.id(), crypto::Bytes(sync::kGrantWrappedSize)}});
    REQUIRE_FALSE(direct.ok());
    CHECK(direct.error().code == ErrorCode::Forbidden);
  }
  SECTION("a revoked lead device cannot approve") {
    REQUIRE(w.relay().revokeAsAdmin(w.teamId(), lead.id()).ok());
    auto revoked = lifecycle::approveDevice(*lead.store, *lead.transport, bram.id(), lifecycle::ownFingerprint(*bram.store).value());
    REQUIRE_FALSE(revoked.ok());
    CHECK(revoked.error().code == ErrorCode::DeviceRevoked);
  }
}

TEST_CASE("Recovery keys catch typos by their checksum and read back as written", "[lifecycle][keys]") {
  auto key = sync::newRecoveryKey();
  REQUIRE(key.ok());
  auto parsed = sync::parseRecoveryKey(key->text);
  REQUIRE(parsed.ok());
  CHECK(parsed->view().size() == 32);
  CHECK(std::equal(parsed->view().begin(), parsed->view().end(), key->seed.view().begin()));
  std::string lower = key->text;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  CHECK(sync::parseRecoveryKey(lower).ok());
  int caught = 0;
  for (std::size_t i = 0; i < key->text.size(); ++i) {
    if (key->text[i] == '-') continue;
    std::string typo = key->text;
    typo[i] = typo[i] == 'Z' ? 'Y' : 'Z';
    if (!sync::parseRecoveryKey(typo).ok()) ++caught;
  }
  CHECK(caught == 56);
}
