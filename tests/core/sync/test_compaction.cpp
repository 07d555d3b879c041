// Epoch compaction after an erasure (docs/keys.md, "Epoch compaction"): a backup of the server made before the
// erasure, together with every key any device holds afterwards and the new recovery key, opens nothing of the
// erased participant; the team keeps everything else, a device that joins later reads the whole history (the
// team shard's old records included), and recovery works with the new recovery key only.
#include <catch2/catch.hpp>

#include "coach/lifecycle.hpp"
#include "lifecycle_world.hpp"
#include "store/store_impl.hpp"
#include "sync/envelope.hpp"
#include "sync/messages.hpp"
#include "sync/team_keys.hpp"

using namespace coach;
using coach::test::Device;
using coach::test::holdsText;
using coach::test::LifecycleWorld;
using coach::test::mustAdd;
using coach::test::note;
using coach::test::stateOf;

namespace {

// What a backup of the server holds: the whole log (envelopes and key records) and every grant.
struct ServerCopy {
  std::vector<sync::PullItem> log;
  std::vector<relay::GrantRecord> grants;
  std::vector<sync::DeviceInfo> devices;
};

ServerCopy copyOfServer(LifecycleWorld& w, Device& reader) {
  ServerCopy copy;
  for (std::uint64_t after = 0;;) {
    auto page = reader.transport->pull({after, 500, 8u << 20});
    REQUIRE(page.ok());
    copy.log.insert(copy.log.end(), page->items.begin(), page->items.end());
    after = page->next;
    if (!page->more) break;
  }
  auto grants = w.storage().grants(w.teamId(), std::nullopt);
  REQUIRE(grants.ok());
  copy.grants = grants.value();
  auto devices = reader.transport->devices();
  REQUIRE(devices.ok());
  copy.devices = devices.value();
  return copy;
}

// Every secret a device holds afterwards: its team keys, its X25519 private key, its shard keys.
struct Secrets {
  std::vector<crypto::Bytes> teamKeys;
  std::vector<crypto::Bytes> agreementPrivate;
  std::vector<crypto::Bytes> shardKeys;
};

void collectSecrets(Device& d, Secrets& out) {
  Store::Impl& impl = d.store->implForInternalUse();
  std::lock_guard lock(impl.mu);
  for (const auto& [epoch, key] : impl.membership->teamKeys) out.teamKeys.emplace_back(key.view().begin(), key.view().end());
  auto own = impl.agreementKeys();
  REQUIRE(own.ok());
  out.agreementPrivate.emplace_back(own->privateKey().view().begin(), own->privateKey().view().end());
  auto rows = store::Stmt::prepare(impl.db.get(), "SELECT shard, version FROM shard_key");
  REQUIRE(rows.ok());
  while (rows->step().value()) {
    auto key = impl.keys->exportShardKey(impl.db, rows->textAt(0), static_cast<std::uint32_t>(rows->intAt(1)));
    REQUIRE(key.ok());
    out.shardKeys.emplace_back(key->view().begin(), key->view().end());
  }
}

std::uint32_t epochOf(Device& d) { return d.store->implForInternalUse().membership->epoch; }
std::size_t teamKeysHeld(Device& d) { return d.store->implForInternalUse().membership->teamKeys.size(); }

crypto::Bytes agreementKeyListed(Device& asker, const std::string& id) {
  auto devices = asker.transport->devices();
  REQUIRE(devices.ok());
  for (const auto& d : devices.value()) {
    if (d.id == id) return d.agreementKey;
  }
  FAIL("device " << id << " is not listed");
  return {};
}

void syncOk(Device& d) {
  auto report = d.sync();
  if (!report.ok()) FAIL(d.name << " sync: " << report.error().message);
}

}  // namespace

TEST_CASE("After an erasure the team's keys are compacted, so a backup made before it opens nothing of her",
          "[compaction][erasure][lifecycle]") {
  LifecycleWorld w;
  Device& lead = w.enrol("lead", relay::Role::Lead);
  const std::string oldRecovery = w.found(lead);
  Device& anna = w.enrol("anna", relay::Role::Coach);
  Device& bram = w.enrol("bram", relay::Role::Coach);
  w.approve(lead, anna);
  w.approve(lead, bram);

  const std::string joost = mustAdd(*lead.store, "participant", {{"name", "Joost Bakker"}, {"coach", "anna"}});
  const std::string sanne = mustAdd(*lead.store, "participant", {{"name", "Sanne de Vries"}, {"coach", "anna"}});
  note(*lead.store, joost, "joost-before");
  for (Device* d : {&lead, &anna, &bram}) syncOk(*d);
  note(*anna.store, sanne, "sanne-kept-anna");
  mustAdd(*anna.store, "employer", {{"name", "Bakkerij Team-Shard"}, {"sector", "retail"}});
  note(*anna.store, joost, "joost-anna");
  for (Device* d : {&anna, &bram, &lead}) syncOk(*d);
  REQUIRE(holdsText(*bram.store, "joost-anna"));

  // The admin's nightly backup, taken now.
  const ServerCopy backup = copyOfServer(w, lead);
  const std::uint32_t before = epochOf(lead);
  const crypto::Bytes annaOldAgreement = agreementKeyListed(lead, anna.id());

  // Bram is offline. Joost asks to be erased.
  note(*bram.store, sanne, "sanne-bram-offline");
  auto audit = lifecycle::eraseParticipant(*lead.store, *lead.transport, joost);
  REQUIRE(audit.ok());
  REQUIRE_FALSE(audit->newRecoveryKey.empty());
  CHECK(audit->newRecoveryKey != oldRecovery);
  CHECK(sync::parseRecoveryKey(audit->newRecoveryKey).ok());
  CHECK(epochOf(lead) == before + 1);
  CHECK(teamKeysHeld(lead) == 1);

  auto annaReport = anna.sync();
  if (!annaReport.ok()) FAIL("anna: " << annaReport.error().message);
  CHECK(annaReport->shardsErased == 1);
  CHECK(annaReport->keysCompacted);
  CHECK(teamKeysHeld(anna) == 1);
  CHECK(agreementKeyListed(lead, anna.id()) != annaOldAgreement);

  auto bramReport = bram.sync();  // back online: erases first, then compacts
  if (!bramReport.ok()) FAIL("bram: " << bramReport.error().message);
  CHECK(bramReport->shardsErased == 1);
  CHECK(bramReport->keysCompacted);
  CHECK(teamKeysHeld(bram) == 1);
  for (Device* d : {&lead, &anna, &bram, &lead}) syncOk(*d);
  CHECK(holdsText(*lead.store, "sanne-bram-offline"));
  CHECK(stateOf(*anna.store) == stateOf(*lead.store));
  CHECK(stateOf(*bram.store) == stateOf(*lead.store));

  SECTION("every key the team holds afterwards, and the new recovery key, opens nothing of him in the backup") {
    Secrets secrets;
    for (Device* d : {&lead, &anna, &bram}) collectSecrets(*d, secrets);
    auto seed = sync::parseRecoveryKey(audit->newRecoveryKey);
    REQUIRE(seed.ok());
    auto recoveryPair = sync::recoveryKeyPair(seed->view());
    REQUIRE(recoveryPair.ok());
    secrets.agreementPrivate.emplace_back(recoveryPair->privateKey().view().begin(), recoveryPair->privateKey().view().end());

    Membership team;
    team.teamText = w.teamId();
    std::size_t hisRecords = 0;
    for (const sync::PullItem& item : backup.log) {
      if (!item.isKey || item.key.shard != joost) continue;
      ++hisRecords;
      const crypto::Bytes aad = keyRecordAad(team, item.key.shard, item.key.version, item.key.epoch);
      for (const crypto::Bytes& key : secrets.teamKeys) {
        auto aead = crypto::Aead::create(key);
        REQUIRE(aead.ok());
        CHECK_FALSE(aead->open(item.key.wrapped, aad).ok());
      }
    }
    CHECK(hisRecords >= 1);

    std::size_t oldGrants = 0;
    for (const relay::GrantRecord& g : backup.grants) {
      const sync::DeviceInfo* author = nullptr;
      for (const auto& d : backup.devices) {
        if (d.id == g.author) author = &d;
      }
      REQUIRE(author != nullptr);
      ++oldGrants;
      for (const crypto::Bytes& priv : secrets.agreementPrivate) {
        CHECK_FALSE(sync::openGrant({w.teamId(), g.epoch, g.author, g.recipient}, priv, author->agreementKey, g.wrapped).ok());
      }
    }
    CHECK(oldGrants >= 4);  // lead, anna, bram and the recovery key

    // His envelopes in the backup: no shard key the team holds opens them.
    std::size_t hisEnvelopes = 0;
    for (const sync::PullItem& item : backup.log) {
      if (item.isKey || item.erased) continue;
      auto env = sync::parseEnvelope(item.envelope);
      REQUIRE(env.ok());
      if (sync::shardToText(env->header.shard) != joost) continue;
      ++hisEnvelopes;
      for (const crypto::Bytes& key : secrets.shardKeys) {
        auto aead = crypto::Aead::create(key);
        REQUIRE(aead.ok());
        CHECK_FALSE(sync::openEnvelope(env.value(), aead.value()).ok());
      }
    }
    CHECK(hisEnvelopes >= 2);
  }

  SECTION("a device that joins afterwards reads the whole history, the team shard's old records included") {
    Device& cas = w.enrol("cas", relay::Role::Coach);
    w.approve(lead, cas);
    CHECK(teamKeysHeld(cas) == 1);
    syncOk(cas);
    CHECK(holdsText(*cas.store, "sanne-kept-anna"));
    CHECK(holdsText(*cas.store, "Bakkerij Team-Shard"));
    CHECK_FALSE(holdsText(*cas.store, "Joost"));
    CHECK(stateOf(*cas.store) == stateOf(*lead.store));
    auto listed = lifecycle::erasures(*cas.store);
    REQUIRE(listed.ok());
    REQUIRE(listed->size() == 1);  // in its audit list too, though nothing of his ever reached it
    CHECK(listed->front().shard == joost);
  }

  SECTION("recovery takes the new recovery key and refuses the one the erasure replaced") {
    Device& fresh = w.enrol("fresh", relay::Role::Lead);
    auto refused = lifecycle::recoverTeam(*fresh.store, *fresh.transport, w.teamId(), oldRecovery);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == ErrorCode::DecryptFailed);
    REQUIRE(lifecycle::recoverTeam(*fresh.store, *fresh.transport, w.teamId(), audit->newRecoveryKey).ok());
    syncOk(fresh);
    CHECK(holdsText(*fresh.store, "sanne-kept-anna"));
    CHECK(stateOf(*fresh.store) == stateOf(*lead.store));
  }
}

TEST_CASE("A device replaces its agreement key only with its own signature", "[compaction][hostile]") {
  LifecycleWorld w;
  Device& lead = w.enrol("lead", relay::Role::Lead);
  w.found(lead);
  Device& anna = w.enrol("anna", relay::Role::Coach);
  w.approve(lead, anna);
  const crypto::Bytes before = agreementKeyListed(lead, anna.id());
  auto fresh = crypto::X25519KeyPair::generate();
  REQUIRE(fresh.ok());
  sync::AgreementKeyChange change{fresh->publicKey(), crypto::Bytes(64, 0x42)};
  auto forged = anna.transport->replaceAgreementKey(change);
  REQUIRE_FALSE(forged.ok());
  CHECK(forged.error().code == ErrorCode::SignatureInvalid);
  // Signed by another device's key (the lead's) for anna's id: refused too.
  {
    Store::Impl& impl = lead.store->implForInternalUse();
    std::lock_guard lock(impl.mu);
    auto signature = impl.membership->signer->sign(sync::agreementKeyStatement(w.teamId(), anna.id(), fresh->publicKey()));
    REQUIRE(signature.ok());
    change.signature = signature.value();
  }
  auto other = anna.transport->replaceAgreementKey(change);
  REQUIRE_FALSE(other.ok());
  CHECK(other.error().code == ErrorCode::SignatureInvalid);
  CHECK(agreementKeyListed(lead, anna.id()) == before);
}

TEST_CASE("A team-shard key record is only an earlier epoch's key re-published under a later one", "[compaction][proto]") {
  const std::string wrapped(80, 'A');
  auto record = [&](std::uint32_t version, std::uint32_t epoch) {
    return nlohmann::json{{"shard", "team"}, {"version", version}, {"epoch", epoch},
                          {"author", std::string(32, 'a')}, {"wrapped", wrapped}};
  };
  CHECK(sync::keyRecordFromJson(record(1, 2)).ok());
  auto same = sync::keyRecordFromJson(record(2, 2));
  REQUIRE_FALSE(same.ok());
  CHECK(same.error().code == ErrorCode::InvalidArgument);
  CHECK_FALSE(sync::keyRecordFromJson(record(3, 2)).ok());
}
