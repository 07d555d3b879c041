// test_storage_conformance.cpp: the contract of relay::Storage (relay/storage.hpp), one set of test cases run
// over every backend (storage_backends.hpp); erasure's part is test_storage_erasure.cpp.
#include <catch2/catch.hpp>

#include "storage_backends.hpp"

namespace coach::test {
namespace {

using relay::Role;
using relay::Storage;

constexpr std::int64_t kNow = 1772442000000;

TEMPLATE_TEST_CASE("A team is created once and listed with what it was created with", "[storage]",
                   COACH_STORAGE_BACKENDS) {
  TestType backend;
  Storage& s = *backend.storage;
  REQUIRE(valueOf(s.teams()).empty());
  COACH_REQUIRE_OK(s.createTeam(teamRecord(kTeamB, "Team B")));
  COACH_REQUIRE_OK(s.createTeam(teamRecord(kTeamA, "Team A")));
  const Status again = s.createTeam(teamRecord(kTeamA, "Another name"));
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().code == ErrorCode::AlreadyExists);
  const std::vector<relay::TeamRecord> teams = valueOf(s.teams());
  REQUIRE(teams.size() == 2);
  CHECK(teams[0].id == kTeamA);  // in id order
  CHECK(teams[0].name == "Team A");
  CHECK(teams[0].createdAt == kNow);
  CHECK(teams[1].id == kTeamB);
  CHECK(teams[1].name == "Team B");
}

TEMPLATE_TEST_CASE("A device is registered once, in a team that exists, with its token", "[storage]",
                   COACH_STORAGE_BACKENDS) {
  TestType backend;
  Storage& s = *backend.storage;
  const std::string dev = hexId(10, 'd');
  const Status noTeam = s.addDevice(kTeamA, deviceRecord(dev), hexId(1, 't'), filledHash(1));
  REQUIRE_FALSE(noTeam.ok());
  CHECK(noTeam.error().code == ErrorCode::NotFound);
  COACH_REQUIRE_OK(s.createTeam(teamRecord(kTeamA)));
  relay::DeviceRecord lead = deviceRecord(dev, Role::Lead);
  lead.team = "ignored: the team argument wins";
  COACH_REQUIRE_OK(s.addDevice(kTeamA, lead, hexId(1, 't'), filledHash(1)));

  SECTION("the stored device reads back as registered") {
    const std::optional<relay::DeviceRecord> d = valueOf(s.device(kTeamA, dev));
    REQUIRE(d);
    CHECK(d->team == kTeamA);
    CHECK(d->id == dev);
    CHECK(d->signingKey == lead.signingKey);
    CHECK(d->agreementKey == lead.agreementKey);
    CHECK(d->role == Role::Lead);
    CHECK_FALSE(d->revoked);
    CHECK(d->lastSequence == 0);
    CHECK(d->lastHash == sync::Hash{});
    CHECK(d->enrolledAt == kNow);
    CHECK(d->lastSeenAt == kNow);
    CHECK(d->revokedAt == 0);
    CHECK_FALSE(valueOf(s.device(kTeamA, hexId(11, 'd'))));
    CHECK_FALSE(valueOf(s.device(kTeamB, dev)));
  }
  SECTION("the token finds the device; an unknown token finds nothing") {
    const std::optional<relay::TokenRecord> t = valueOf(s.token(hexId(1, 't')));
    REQUIRE(t);
    CHECK(t->team == kTeamA);
    CHECK(t->device == dev);
    CHECK(t->verifier == filledHash(1));
    CHECK_FALSE(valueOf(s.token(hexId(2, 't'))));
  }
  SECTION("a taken device id or token id is refused and nothing is added") {
    const Status sameDevice = s.addDevice(kTeamA, deviceRecord(dev), hexId(5, 't'), filledHash(5));
    REQUIRE_FALSE(sameDevice.ok());
    CHECK(sameDevice.error().code == ErrorCode::AlreadyExists);
    CHECK_FALSE(valueOf(s.token(hexId(5, 't'))));
    const Status sameToken = s.addDevice(kTeamA, deviceRecord(hexId(12, 'd')), hexId(1, 't'), filledHash(9));
    REQUIRE_FALSE(sameToken.ok());
    CHECK(sameToken.error().code == ErrorCode::AlreadyExists);
    CHECK_FALSE(valueOf(s.device(kTeamA, hexId(12, 'd'))));
    CHECK(valueOf(s.token(hexId(1, 't')))->verifier == filledHash(1));
  }
  SECTION("the same device id may exist in another team; devices are listed per team in id order") {
    COACH_REQUIRE_OK(s.createTeam(teamRecord(kTeamB)));
    COACH_REQUIRE_OK(s.addDevice(kTeamB, deviceRecord(dev), "", sync::Hash{}));
    COACH_REQUIRE_OK(s.addDevice(kTeamA, deviceRecord(hexId(5, 'd')), "", sync::Hash{}));
    const std::vector<relay::DeviceRecord> a = valueOf(s.devices(kTeamA));
    REQUIRE(a.size() == 2);
    CHECK(a[0].id == hexId(5, 'd'));
    CHECK(a[1].id == dev);
    REQUIRE(valueOf(s.devices(kTeamB)).size() == 1);
    CHECK(valueOf(s.devices(hexId(3, 'c'))).empty());
  }
}

TEMPLATE_TEST_CASE("Revoking a device keeps the first time it was revoked", "[storage]", COACH_STORAGE_BACKENDS) {
  TestType backend;
  Storage& s = *backend.storage;
  const std::string dev = hexId(10, 'd');
  CHECK(s.revokeDevice(kTeamA, dev, kNow).error().code == ErrorCode::NotFound);
  seedTeam(s, kTeamA, {dev, hexId(11, 'd')});
  CHECK(s.revokeDevice(kTeamA, hexId(99, 'd'), kNow).error().code == ErrorCode::NotFound);
  COACH_REQUIRE_OK(s.revokeDevice(kTeamA, dev, kNow + 10));
  COACH_REQUIRE_OK(s.revokeDevice(kTeamA, dev, kNow + 20));
  const relay::DeviceRecord d = *valueOf(s.device(kTeamA, dev));
  CHECK(d.revoked);
  CHECK(d.revokedAt == kNow + 10);
  CHECK_FALSE(valueOf(s.device(kTeamA, hexId(11, 'd')))->revoked);
}

TEMPLATE_TEST_CASE("Touching a device records its last request and never moves it back", "[storage]",
                   COACH_STORAGE_BACKENDS) {
  TestType backend;
  Storage& s = *backend.storage;
  const std::string dev = hexId(10, 'd');
  CHECK(s.touchDevice(kTeamA, dev, kNow).error().code == ErrorCode::NotFound);
  seedTeam(s, kTeamA, {dev});
  CHECK(s.touchDevice(kTeamA, hexId(99, 'd'), kNow).error().code == ErrorCode::NotFound);
  COACH_REQUIRE_OK(s.touchDevice(kTeamA, dev, kNow + 60'000));
  CHECK(valueOf(s.device(kTeamA, dev))->lastSeenAt == kNow + 60'000);
  COACH_REQUIRE_OK(s.touchDevice(kTeamA, dev, kNow + 1'000));
  CHECK(valueOf(s.device(kTeamA, dev))->lastSeenAt == kNow + 60'000);
}

TEMPLATE_TEST_CASE("An enrolment code registers one device, once, before it expires", "[storage]",
                   COACH_STORAGE_BACKENDS) {
  TestType backend;
  Storage& s = *backend.storage;
  const sync::Hash code = filledHash(0xc0);
  const relay::EnrolCodeInfo info{kTeamA, Role::Lead, kNow + 1000};
  CHECK(s.addEnrolCode(code, info).error().code == ErrorCode::NotFound);
  seedTeam(s, kTeamA, {hexId(10, 'd')});
  COACH_REQUIRE_OK(s.addEnrolCode(code, info));
  CHECK(s.addEnrolCode(code, info).error().code == ErrorCode::AlreadyExists);
  relay::Enrolment e{hexId(20, 'd'), filledBytes(32, 1), filledBytes(32, 2), hexId(20, 't'), filledHash(0x20), kNow};

  SECTION("the device is registered with the code's team and role, and its token") {
    const relay::DeviceRecord d = valueOf(s.enrol(code, e));
    CHECK(d.team == kTeamA);
    CHECK(d.id == e.device);
    CHECK(d.role == Role::Lead);
    CHECK(d.enrolledAt == kNow);
    CHECK(d.lastSeenAt == kNow);
    const relay::DeviceRecord stored = *valueOf(s.device(kTeamA, e.device));
    CHECK(stored.signingKey == e.signingKey);
    CHECK(stored.agreementKey == e.agreementKey);
    CHECK(stored.role == Role::Lead);
    const relay::TokenRecord t = *valueOf(s.token(e.tokenId));
    CHECK(t.device == e.device);
    CHECK(t.verifier == e.tokenVerifier);
    SECTION("a used code is refused") {
      relay::Enrolment second{hexId(21, 'd'), filledBytes(32, 1), {}, hexId(21, 't'), filledHash(0x21), kNow};
      CHECK(s.enrol(code, second).error().code == ErrorCode::Unauthorized);
      CHECK_FALSE(valueOf(s.device(kTeamA, second.device)));
    }
  }
  SECTION("an unknown code is refused") {
    CHECK(s.enrol(filledHash(0xc1), e).error().code == ErrorCode::Unauthorized);
    CHECK_FALSE(valueOf(s.device(kTeamA, e.device)));
  }
  SECTION("an expired code is refused (it expires at its expiry instant)") {
    e.now = kNow + 1000;
    CHECK(s.enrol(code, e).error().code == ErrorCode::Unauthorized);
    CHECK_FALSE(valueOf(s.device(kTeamA, e.device)));
  }
  SECTION("a taken device id is refused and leaves the code unused") {
    e.device = hexId(10, 'd');
    const Result<relay::DeviceRecord> taken = s.enrol(code, e);
    REQUIRE_FALSE(taken.ok());
    CHECK(taken.error().code == ErrorCode::AlreadyExists);
    CHECK_FALSE(valueOf(s.token(e.tokenId)));
    CHECK(valueOf(s.stats(kNow)).openEnrolCodes == 1);
    e.device = hexId(22, 'd');
    CHECK(valueOf(s.enrol(code, e)).id == hexId(22, 'd'));
  }
}

TEMPLATE_TEST_CASE("Append moves the device's chain only from the sequence the caller saw", "[storage]",
                   COACH_STORAGE_BACKENDS) {
  TestType backend;
  Storage& s = *backend.storage;
  const std::string dev = hexId(10, 'd');
  CHECK(s.append(kTeamA, dev, 0, {newEnvelope(1)}, {}).error().code == ErrorCode::NotFound);
  seedTeam(s, kTeamA, {dev, hexId(11, 'd')});
  CHECK(s.append(kTeamA, hexId(99, 'd'), 0, {newEnvelope(1)}, {}).error().code == ErrorCode::NotFound);

  CHECK(valueOf(s.append(kTeamA, dev, 0, {newEnvelope(1), newEnvelope(2)}, {})) == std::vector<std::uint64_t>{1, 2});
  CHECK(valueOf(s.append(kTeamA, hexId(11, 'd'), 0, {newEnvelope(1, 64, 0x40)}, {})) == std::vector<std::uint64_t>{3});
  const relay::DeviceRecord d = *valueOf(s.device(kTeamA, dev));
  CHECK(d.lastSequence == 2);
  CHECK(d.lastHash == newEnvelope(2).hash);

  const Result<std::vector<std::uint64_t>> stale = s.append(kTeamA, dev, 1, {newEnvelope(2, 64, 0x90)}, {});
  REQUIRE_FALSE(stale.ok());
  CHECK(stale.error().code == ErrorCode::SequenceGap);
  CHECK(stale.error().expectedSequence == 3);
  CHECK(valueOf(s.head(kTeamA)) == 3);
  CHECK(*valueOf(s.envelopeHash(kTeamA, dev, 2)) == newEnvelope(2).hash);
  CHECK(valueOf(s.append(kTeamA, dev, 2, {newEnvelope(3)}, {})) == std::vector<std::uint64_t>{4});
  CHECK(valueOf(s.append(kTeamA, dev, 3, {}, {})).empty());
  CHECK(valueOf(s.head(kTeamA)) == 4);
}

TEMPLATE_TEST_CASE("Key records are stored once, before the push's envelopes, other bytes are refused", "[storage]",
                   COACH_STORAGE_BACKENDS) {
  TestType backend;
  Storage& s = *backend.storage;
  const std::string dev = hexId(10, 'd');
  const std::string shard = hexId(7, 'e');
  seedTeam(s, kTeamA, {dev});
  const sync::KeyRecord k1 = keyRecord(shard, 1, 1, dev);
  const sync::KeyRecord k2 = keyRecord(shard, 1, 2, dev);  // the same version under another epoch is another key
  // Envelopes get their sequences after the key records; a key repeated within one push is stored once.
  CHECK(valueOf(s.append(kTeamA, dev, 0, {newEnvelope(1)}, {k1, k2, k1})) == std::vector<std::uint64_t>{3});
  sync::PullResponse p = valueOf(s.page(kTeamA, 0, 10, 1 << 20));
  REQUIRE(p.items.size() == 3);
  CHECK(p.items[0].isKey);
  CHECK(p.items[0].key == k1);
  CHECK(p.items[1].key == k2);
  CHECK_FALSE(p.items[2].isKey);

  SECTION("a key record pushed again with the same bytes is skipped") {
    CHECK(valueOf(s.append(kTeamA, dev, 1, {newEnvelope(2)}, {k1})) == std::vector<std::uint64_t>{4});
    CHECK(valueOf(s.head(kTeamA)) == 4);
    CHECK(valueOf(s.stats(kNow)).keyRecords == 2);
  }
  SECTION("a key record with other bytes under a stored (shard, version, epoch) fails the whole push") {
    const sync::KeyRecord other = keyRecord(shard, 1, 1, dev, 0x78);
    const sync::KeyRecord fresh = keyRecord(shard, 2, 2, dev);
    const auto refused = s.append(kTeamA, dev, 1, {newEnvelope(2)}, {fresh, other});
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == ErrorCode::AlreadyExists);
    CHECK(valueOf(s.head(kTeamA)) == 3);
    CHECK(valueOf(s.device(kTeamA, dev))->lastSequence == 1);
    CHECK_FALSE(valueOf(s.envelopeHash(kTeamA, dev, 2)));
  }
  SECTION("a push of key records alone is stored") {
    CHECK(valueOf(s.append(kTeamA, dev, 1, {}, {keyRecord(shard, 2, 2, dev)})).empty());
    CHECK(valueOf(s.head(kTeamA)) == 4);
  }
}

TEMPLATE_TEST_CASE("A stored envelope is found by its device and sequence", "[storage]", COACH_STORAGE_BACKENDS) {
  TestType backend;
  Storage& s = *backend.storage;
  const std::string dev = hexId(10, 'd');
  CHECK_FALSE(valueOf(s.envelopeHash(kTeamA, dev, 1)));
  seedTeam(s, kTeamA, {dev, hexId(11, 'd')});
  REQUIRE(valueOf(s.append(kTeamA, dev, 0, {newEnvelope(1, 100, 1), newEnvelope(2, 200, 1)}, {})).size() == 2);
  CHECK(*valueOf(s.envelopeHash(kTeamA, dev, 1)) == newEnvelope(1, 100, 1).hash);
  CHECK(*valueOf(s.envelopeHash(kTeamA, dev, 2)) == newEnvelope(2, 200, 1).hash);
  CHECK_FALSE(valueOf(s.envelopeHash(kTeamA, dev, 3)));
  CHECK_FALSE(valueOf(s.envelopeHash(kTeamA, hexId(11, 'd'), 1)));
  CHECK_FALSE(valueOf(s.envelopeHash(kTeamB, dev, 1)));
  CHECK_FALSE(valueOf(s.envelopeHash(kTeamA, dev, ~std::uint64_t{0})));
}

TEMPLATE_TEST_CASE("Pages are bounded by count and bytes and say where to go on", "[storage]", COACH_STORAGE_BACKENDS) {
  TestType backend;
  Storage& s = *backend.storage;
  const std::string dev = hexId(10, 'd');
  seedTeam(s, kTeamA, {dev});
  // Server order: 1 key record (counts 128 bytes), then envelopes of 100, 100, 300, 1000, 100 bytes.
  const std::vector<std::size_t> sizes{100, 100, 300, 1000, 100};
  std::vector<relay::NewEnvelope> envs;
  for (std::size_t i = 0; i < sizes.size(); ++i) envs.push_back(newEnvelope(i + 1, sizes[i]));
  REQUIRE(valueOf(s.append(kTeamA, dev, 0, envs, {keyRecord(hexId(7, 'e'), 1, 1, dev)})).size() == 5);

  auto seqsOf = [](const sync::PullResponse& p) {
    std::vector<std::uint64_t> out;
    for (const sync::PullItem& i : p.items) out.push_back(i.serverSeq);
    return out;
  };
  SECTION("by count") {
    const sync::PullResponse p = valueOf(s.page(kTeamA, 0, 2, 1 << 20));
    CHECK(seqsOf(p) == std::vector<std::uint64_t>{1, 2});
    CHECK(p.next == 2);
    CHECK(p.more);
    const sync::PullResponse last = valueOf(s.page(kTeamA, 4, 2, 1 << 20));
    CHECK(seqsOf(last) == std::vector<std::uint64_t>{5, 6});
    CHECK(last.next == 6);
    CHECK_FALSE(last.more);
    CHECK(last.items[0].envelope == envs[3].bytes);
  }
  SECTION("by bytes, a key record counting 128") {
    const sync::PullResponse p = valueOf(s.page(kTeamA, 0, 100, 328));  // 128 + 100 + 100 = 328
    CHECK(seqsOf(p) == std::vector<std::uint64_t>{1, 2, 3});
    CHECK(p.more);
    const sync::PullResponse tight = valueOf(s.page(kTeamA, 0, 100, 327));
    CHECK(seqsOf(tight) == std::vector<std::uint64_t>{1, 2});
    CHECK(tight.next == 2);
  }
  SECTION("always at least one item, even one larger than the byte budget") {
    const sync::PullResponse p = valueOf(s.page(kTeamA, 4, 100, 10));
    CHECK(seqsOf(p) == std::vector<std::uint64_t>{5});
    CHECK(p.more);
    const sync::PullResponse zero = valueOf(s.page(kTeamA, 0, 0, 1 << 20));
    CHECK(seqsOf(zero) == std::vector<std::uint64_t>{1});
  }
  SECTION("after the head, or for an unknown team, a page is empty and keeps the cursor") {
    const sync::PullResponse end = valueOf(s.page(kTeamA, 6, 10, 1 << 20));
    CHECK(end.items.empty());
    CHECK(end.next == 6);
    CHECK_FALSE(end.more);
    const sync::PullResponse beyond = valueOf(s.page(kTeamA, ~std::uint64_t{0}, 10, 1 << 20));
    CHECK(beyond.items.empty());
    CHECK(beyond.next == ~std::uint64_t{0});
    const sync::PullResponse other = valueOf(s.page(kTeamB, 0, 10, 1 << 20));
    CHECK(other.items.empty());
    CHECK(other.next == 0);
  }
  SECTION("following the cursor visits every item once, in order") {
    std::vector<std::uint64_t> seen;
    std::uint64_t cursor = 0;
    for (bool more = true; more;) {
      const sync::PullResponse p = valueOf(s.page(kTeamA, cursor, 2, 250));
      for (std::uint64_t q : seqsOf(p)) seen.push_back(q);
      REQUIRE(p.next > cursor);
      cursor = p.next;
      more = p.more;
    }
    CHECK(seen == std::vector<std::uint64_t>{1, 2, 3, 4, 5, 6});
  }
}

TEMPLATE_TEST_CASE("Each team has its own server sequence and head", "[storage]", COACH_STORAGE_BACKENDS) {
  TestType backend;
  Storage& s = *backend.storage;
  CHECK(valueOf(s.head(kTeamA)) == 0);
  seedTeam(s, kTeamA, {hexId(10, 'd')});
  seedTeam(s, kTeamB, {hexId(10, 'd')});
  CHECK(valueOf(s.head(kTeamA)) == 0);
  REQUIRE(valueOf(s.append(kTeamA, hexId(10, 'd'), 0, {newEnvelope(1), newEnvelope(2)}, {})).size() == 2);
  CHECK(valueOf(s.append(kTeamB, hexId(10, 'd'), 0, {newEnvelope(1, 64, 9)}, {})) == std::vector<std::uint64_t>{1});
  CHECK(valueOf(s.head(kTeamA)) == 2);
  CHECK(valueOf(s.head(kTeamB)) == 1);
  CHECK(valueOf(s.page(kTeamB, 0, 10, 1 << 20)).items.at(0).envelope == newEnvelope(1, 64, 9).bytes);
}

TEMPLATE_TEST_CASE("Snapshots keep the newest per shard", "[storage]", COACH_STORAGE_BACKENDS) {
  TestType backend;
  Storage& s = *backend.storage;
  const relay::SnapshotInfo first{"team", 10, 1, hexId(10, 'd'), 3, kNow};
  CHECK(s.putSnapshot(kTeamA, first, filledBytes(3, 1)).error().code == ErrorCode::NotFound);
  seedTeam(s, kTeamA, {hexId(10, 'd')});
  COACH_REQUIRE_OK(s.putSnapshot(kTeamA, first, filledBytes(3, 1)));
  COACH_REQUIRE_OK(s.putSnapshot(kTeamA, relay::SnapshotInfo{hexId(7, 'e'), 4, 2, hexId(10, 'd'), 5, kNow}, filledBytes(5, 2)));
  // Covering less, or the same, changes nothing; covering more replaces.
  COACH_REQUIRE_OK(s.putSnapshot(kTeamA, relay::SnapshotInfo{"team", 9, 1, hexId(11, 'd'), 4, kNow + 1}, filledBytes(4, 3)));
  COACH_REQUIRE_OK(s.putSnapshot(kTeamA, relay::SnapshotInfo{"team", 10, 1, hexId(11, 'd'), 4, kNow + 1}, filledBytes(4, 3)));
  CHECK(*valueOf(s.snapshot(kTeamA, "team")) == filledBytes(3, 1));
  COACH_REQUIRE_OK(s.putSnapshot(kTeamA, relay::SnapshotInfo{"team", 12, 3, hexId(11, 'd'), 6, kNow + 2}, filledBytes(6, 4)));

  const std::vector<relay::SnapshotInfo> list = valueOf(s.snapshots(kTeamA));
  REQUIRE(list.size() == 2);
  CHECK(list[0].shard == hexId(7, 'e'));  // in shard order ('e...' before 'team')
  CHECK(list[1].shard == "team");
  CHECK(list[1].covers == 12);
  CHECK(list[1].keyId == 3);
  CHECK(list[1].author == hexId(11, 'd'));
  CHECK(list[1].size == 6);
  CHECK(list[1].storedAt == kNow + 2);
  CHECK(*valueOf(s.snapshot(kTeamA, "team")) == filledBytes(6, 4));
  CHECK_FALSE(valueOf(s.snapshot(kTeamA, hexId(8, 'e'))));
  CHECK_FALSE(valueOf(s.snapshot(kTeamB, "team")));
  CHECK(valueOf(s.snapshots(kTeamB)).empty());
  // One shard's description alone is the list's entry for it.
  for (const relay::SnapshotInfo& listed : list) {
    INFO(listed.shard);
    const std::optional<relay::SnapshotInfo> one = valueOf(s.snapshotOf(kTeamA, listed.shard));
    REQUIRE(one);
    CHECK(one->shard == listed.shard);
    CHECK(one->covers == listed.covers);
    CHECK(one->keyId == listed.keyId);
    CHECK(one->author == listed.author);
    CHECK(one->size == listed.size);
    CHECK(one->storedAt == listed.storedAt);
  }
  CHECK_FALSE(valueOf(s.snapshotOf(kTeamA, hexId(8, 'e'))));
  CHECK_FALSE(valueOf(s.snapshotOf(kTeamB, "team")));
}

TEMPLATE_TEST_CASE("Stats count everything stored, and the store answers ready", "[storage]", COACH_STORAGE_BACKENDS) {
  TestType backend;
  Storage& s = *backend.storage;
  COACH_REQUIRE_OK(s.ready());
  CHECK(valueOf(s.stats(kNow)).teams == 0);
  seedTeam(s, kTeamA, {hexId(10, 'd'), hexId(11, 'd')});
  seedTeam(s, kTeamB, {hexId(12, 'd')});
  COACH_REQUIRE_OK(s.revokeDevice(kTeamA, hexId(11, 'd'), kNow));
  REQUIRE(valueOf(s.append(kTeamA, hexId(10, 'd'), 0, {newEnvelope(1, 100), newEnvelope(2, 50)},
                           {keyRecord(hexId(7, 'e'), 1, 1, hexId(10, 'd'))})).size() == 2);
  REQUIRE(valueOf(s.append(kTeamB, hexId(12, 'd'), 0, {newEnvelope(1, 7)}, {})).size() == 1);
  COACH_REQUIRE_OK(s.putSnapshot(kTeamA, relay::SnapshotInfo{"team", 1, 1, hexId(10, 'd'), 9, kNow}, filledBytes(9, 1)));
  COACH_REQUIRE_OK(s.addEnrolCode(filledHash(1), relay::EnrolCodeInfo{kTeamA, Role::Coach, kNow + 10}));  // open
  COACH_REQUIRE_OK(s.addEnrolCode(filledHash(2), relay::EnrolCodeInfo{kTeamA, Role::Coach, kNow}));       // expired
  COACH_REQUIRE_OK(s.addEnrolCode(filledHash(3), relay::EnrolCodeInfo{kTeamB, Role::Lead, kNow + 10}));   // used below
  REQUIRE(valueOf(s.enrol(filledHash(3), relay::Enrolment{hexId(13, 'd'), filledBytes(32, 1), {}, hexId(1, 't'),
                                                           filledHash(9), kNow})).id == hexId(13, 'd'));
  const relay::StorageStats st = valueOf(s.stats(kNow));
  CHECK(st.teams == 2);
  CHECK(st.devices == 4);
  CHECK(st.revokedDevices == 1);
  CHECK(st.envelopes == 3);
  CHECK(st.envelopeBytes == 157);
  CHECK(st.keyRecords == 1);
  CHECK(st.snapshots == 1);
  CHECK(st.snapshotBytes == 9);
  CHECK(st.openEnrolCodes == 1);
  COACH_REQUIRE_OK(s.ready());
}

}  // namespace
}  // namespace coach::test
