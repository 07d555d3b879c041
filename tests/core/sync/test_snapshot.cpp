// Snapshots (docs/sync.md, "Snapshots"): a device that is far behind catches up from the newest snapshots
// plus the log after them, converges with the team, and refuses a snapshot that was altered; a crash at any
// snapshot commit point leaves a profile that converges at the next sync; local edits survive a catch-up.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <random>
#include <regex>
#include <set>

#include <catch2/catch.hpp>

#include "forwarding_transport.hpp"
#include "store/store_impl.hpp"
#include "sync/snapshot.hpp"
#include "sync_world.hpp"

using namespace coach;
using coach::test::Device;
using coach::test::mustAdd;
using coach::test::stateOf;
using coach::test::SyncWorld;
using nlohmann::json;

namespace {

sync::SyncOptions snapshotOptions(std::uint64_t interval, std::uint64_t threshold = 50) {
  sync::SyncOptions o;
  o.snapshotInterval = interval;
  o.catchUpThreshold = threshold;
  o.backoffBaseMillis = 0;
  return o;
}

sync::SyncReport mustSync(Device& d, sync::SyncOptions options = snapshotOptions(20)) {
  auto report = d.sync(std::move(options));
  if (!report.ok()) FAIL(d.name << " sync: " << report.error().message);
  return report.value();
}

Result<sync::SyncReport> syncThrough(Device& d, sync::Transport& t, sync::SyncOptions options = snapshotOptions(20)) {
  return sync::SyncClient(*d.store, t, std::move(options)).sync();
}

// Lets a test rewrite the snapshots the server serves, or act while a sync is under way.
class SnapshotTransport final : public test::ForwardingTransport {
 public:
  using ForwardingTransport::ForwardingTransport;
  std::function<void(sync::Snapshot&)> tamper;  // applied to every snapshot served
  std::function<void()> onList;                 // runs once, when the sync lists snapshots
  bool pullFails = false;
  std::vector<std::string> put;  // the shards of the snapshots uploaded, in order

  Result<sync::SnapshotList> snapshots() override {
    if (onList) std::exchange(onList, nullptr)();
    return inner_.snapshots();
  }
  Result<sync::Snapshot> snapshot(const std::string& shard) override {
    auto s = inner_.snapshot(shard);
    if (s.ok() && tamper) tamper(s.value());
    return s;
  }
  Status putSnapshot(const sync::Snapshot& s) override {
    put.push_back(s.meta.shard);
    return inner_.putSnapshot(s);
  }
  Result<sync::PullResponse> pull(const sync::PullRequest& r) override {
    if (pullFails) return makeError(ErrorCode::Unavailable, "simulated network failure");
    return inner_.pull(r);
  }
};

std::vector<relay::SnapshotInfo> storedSnapshots(SyncWorld& world) {
  return world.storage().snapshots(world.teamId()).value();
}

std::uint64_t teamCovers(SyncWorld& world) {
  for (const auto& s : storedSnapshots(world)) {
    if (s.shard == "team") return s.covers;
  }
  return 0;
}

std::size_t recordCount(Device& d, const char* kind) {
  return d.store->list(kind, {}, true).value().size();
}

std::uint64_t cursorOf(Device& d) {
  std::lock_guard lock(d.store->implForInternalUse().mu);
  return d.store->implForInternalUse().pullCursor().value();
}

// PRAGMA cache_size of the device's connection, in KiB.
std::int64_t pageCacheKiB(Device& d) {
  auto& impl = d.store->implForInternalUse();
  std::lock_guard lock(impl.mu);
  auto s = store::Stmt::prepare(impl.db.get(), "PRAGMA cache_size");
  REQUIRE(s.ok());
  REQUIRE(s->step().value());
  return -s->intAt(0);
}

struct Records {
  std::vector<std::string> all;
  std::set<std::string> participants;
  const std::string& lastParticipant() const { return all.back(); }
};

// `participants` participants with `contacts` support contacts each, and two employers, written by `d`.
Records seed(Device& d, int participants, int contacts) {
  Records records;
  for (int p = 0; p < participants; ++p) {
    const std::string id = mustAdd(*d.store, "participant", {{"name", "P" + std::to_string(p)}, {"coach", d.name}});
    std::vector<Mutation> batch;
    for (int c = 0; c < contacts; ++c) {
      batch.push_back(Mutation{Mutation::Op::Create,
                               "support_contact",
                               "",
                               {{"participant_id", id},
                                {"contact_on", "2026-03-02"},
                                {"mode", "phone"},
                                {"type", "on_site_coaching"},
                                {"note", "c" + std::to_string(c)}}});
    }
    auto ids = d.store->apply(batch);
    REQUIRE(ids.ok());
    records.all.insert(records.all.end(), ids->begin(), ids->end());
    records.all.push_back(id);
    records.participants.insert(id);
  }
  mustAdd(*d.store, "employer", {{"name", "Bakkerij Zon"}});
  mustAdd(*d.store, "employer", {{"name", "Fietsenmaker Wiel"}});
  return records;
}

// `count` edits of distinct records picked at random, mostly of structured fields (durations, modes,
// archiving, municipalities); one in eight is a free-text note.
void editRound(Device& d, const Records& records, std::size_t count, std::mt19937_64& rng) {
  std::vector<std::string> picked = records.all;
  std::shuffle(picked.begin(), picked.end(), rng);
  picked.resize(std::min(count, picked.size()));
  std::vector<Mutation> batch;
  const char* modes[] = {"phone", "video", "face_to_face"};
  for (const std::string& id : picked) {
    const bool participant = records.participants.count(id) > 0;
    json fields;
    if (rng() % 8 == 0) {
      fields = {{"note", d.name + " " + std::to_string(rng() % 100000)}};
    } else if (participant) {
      fields = {{"municipality", "M" + std::to_string(rng() % 100000)}};
    } else {
      switch (rng() % 3) {
        case 0:
          fields = {{"duration_minutes", static_cast<int>(rng() % 600)}};
          break;
        case 1:
          fields = {{"mode", modes[rng() % 3]}, {"duration_minutes", static_cast<int>(rng() % 600)}};
          break;
        default:
          fields = {{"archived", rng() % 2 == 0}, {"duration_minutes", static_cast<int>(rng() % 600)}};
      }
    }
    batch.push_back(Mutation{Mutation::Op::Update, "", id, fields});
  }
  REQUIRE(d.store->apply(batch).ok());
}

void checkAllEqual(std::vector<Device*> devices) {
  const json reference = stateOf(*devices.front()->store);
  for (Device* d : devices) {
    INFO(d->name << " differs from " << devices.front()->name);
    CHECK(stateOf(*d->store) == reference);
  }
}

// a and b write a short history with concurrent edits and upload snapshots along the way; `away` syncs once
// at the start and then stays offline.
struct SmallTeam {
  SyncWorld world;
  Device& a = world.addDevice("a");
  Device& b = world.addDevice("b");
  Device& away = world.addDevice("away");
  Records records;

  SmallTeam() {
    records = seed(a, 3, 4);
    mustSync(a);
    mustSync(b);
    mustSync(away, snapshotOptions(0));
    std::mt19937_64 rng(7);
    for (int round = 0; round < 6; ++round) {
      a.clock.advance(1000);
      b.clock.advance(1000);
      editRound(a, records, 8, rng);
      editRound(b, records, 8, rng);
      mustSync(a, options());
      mustSync(b, options());
    }
    mustSync(a, options());
    REQUIRE(teamCovers(world) > 0);
  }
  // Small envelopes, so the log grows by many items; snapshots every 5.
  static sync::SyncOptions options(std::uint64_t interval = 5) {
    sync::SyncOptions o = snapshotOptions(interval, 10);
    o.changesPerEnvelope = 2;
    return o;
  }
  std::size_t logEnvelopes() { return world.storage().envelopeCount(world.teamId()); }
};

}  // namespace

TEST_CASE("A device offline for a long history catches up from snapshots and the log tail, and converges",
          "[sync][snapshot]") {
  SyncWorld world;
  std::vector<Device*> writers{&world.addDevice("a"), &world.addDevice("b"), &world.addDevice("c")};
  Device& away = world.addDevice("away");  // synced once, then offline for the whole history
  const Records records = seed(*writers[0], 20, 30);
  const sync::SyncOptions writing = snapshotOptions(400, 100000);  // the writers keep up through the log
  for (Device* w : writers) mustSync(*w, writing);
  mustSync(away, snapshotOptions(0));
  std::mt19937_64 rng(2026);
  std::uint64_t changes = 0;
  // 35 rounds of 102 edits by each of three writers: over 10,000 changes in about 5,000 envelopes, 12 times the
  // snapshot interval (100 rounds, 30,000 changes, took 94 s under the sanitizers for the same checks).
  for (int round = 0; round < 35; ++round) {
    for (Device* w : writers) {
      w->clock.advance(1000);
      editRound(*w, records, 102, rng);
      changes += mustSync(*w, writing).totals.changesPushed;
    }
  }
  for (Device* w : writers) mustSync(*w, writing);
  CHECK(changes >= 10000);
  const std::size_t logEnvelopes = world.storage().envelopeCount(world.teamId());
  REQUIRE(teamCovers(world) > 0);
  REQUIRE_FALSE(writers[0]->store->conflicts()->empty());

  const std::uint64_t covers = teamCovers(world);
  const auto caughtUp = mustSync(away);
  CHECK(caughtUp.snapshotsApplied == 21);  // the team's and the 20 participants'
  CHECK(caughtUp.snapshotCovers == covers);
  CHECK(caughtUp.envelopesPulled < 400 + 3 * 21);  // at most the interval and a round of each writer
  CHECK(caughtUp.envelopesPulled * 8 < logEnvelopes);
  Device& fresh = world.addDevice("fresh");  // never synced before
  const auto joined = mustSync(fresh);
  CHECK(joined.snapshotsApplied == 21);
  CHECK(joined.envelopesPulled * 8 < logEnvelopes);
  CHECK(pageCacheKiB(fresh) == store::kPageCacheKiB);  // whatever the catch-up took, the normal cache again
  for (Device* w : writers) mustSync(*w);
  checkAllEqual({writers[0], writers[1], writers[2], &away, &fresh});
  CHECK(recordCount(fresh, "support_contact") == 600);
}

TEST_CASE("A caught-up device uploads a snapshot of every shard, the team's last, once the log grew enough",
          "[sync][snapshot]") {
  SyncWorld world;
  Device& a = world.addDevice("a");
  seed(a, 2, 1);
  const auto first = mustSync(a, snapshotOptions(1000));
  CHECK(first.snapshotsUploaded == 0);  // the log is shorter than the interval
  CHECK(storedSnapshots(world).empty());
  SnapshotTransport recorder(*a.transport);
  auto uploading = syncThrough(a, recorder, snapshotOptions(2));
  REQUIRE(uploading.ok());
  CHECK(uploading->snapshotsUploaded == 3);
  CHECK(recorder.put.size() == 3);
  CHECK(recorder.put.back() == "team");
  for (const auto& s : storedSnapshots(world)) {
    CHECK(s.covers == cursorOf(a));
    CHECK(s.author == a.id());
  }
  CHECK(storedSnapshots(world).size() == 3);
  CHECK(mustSync(a, snapshotOptions(2)).snapshotsUploaded == 0);  // nothing new since
  // Changes of its own waiting: no snapshot, since it would hold what the log does not.
  mustAdd(*a.store, "employer", {{"name", "Drukkerij Inkt"}});
  SnapshotTransport hook(*a.transport);
  hook.onList = [&] { mustAdd(*a.store, "employer", {{"name", "Kapsalon Krul"}}); };
  auto report = syncThrough(a, hook, snapshotOptions(1));
  REQUIRE(report.ok());
  CHECK(report->snapshotsUploaded == 0);
  CHECK(mustSync(a, snapshotOptions(1)).snapshotsUploaded == 3);
  mustAdd(*a.store, "employer", {{"name", "Garage Olie"}});
  CHECK(mustSync(a, snapshotOptions(0)).snapshotsUploaded == 0);  // 0: never
}

TEST_CASE("Conflicts found before the snapshot are on the caught-up device, and a resolved one is cleared there",
          "[sync][snapshot]") {
  SyncWorld world;
  Device& a = world.addDevice("a");
  Device& b = world.addDevice("b");
  Device& stale = world.addDevice("stale");
  const std::string p = mustAdd(*a.store, "participant", {{"name", "Noor"}, {"coach", "a"}, {"note", "eerste"}});
  const std::string q = mustAdd(*a.store, "participant", {{"name", "Ruben"}, {"coach", "a"}, {"note", "eerste"}});
  mustSync(a);
  mustSync(b);
  for (const std::string& id : {p, q}) {  // concurrent edits of both notes: two conflicts
    a.clock.advance(1000);
    b.clock.advance(2000);
    REQUIRE(a.store->update(id, {{"note", "van a"}}).ok());
    REQUIRE(b.store->update(id, {{"note", "van b"}}).ok());
  }
  mustSync(a);
  mustSync(b);
  mustSync(a);
  mustSync(stale, snapshotOptions(0));  // it sees both conflicts, then goes offline
  REQUIRE(stale.store->conflicts()->size() == 2);
  // Ruben's conflict is resolved while `stale` is away; the log grows and snapshots are made.
  auto conflicts = a.store->conflicts().value();
  auto ruben = std::find_if(conflicts.begin(), conflicts.end(), [&](const Conflict& c) { return c.recordId == q; });
  REQUIRE(ruben != conflicts.end());
  REQUIRE(a.store->resolveConflict(*ruben, Resolution::KeepBoth).ok());
  mustSync(a);
  for (int i = 0; i < 30; ++i) mustAdd(*b.store, "employer", {{"name", "E" + std::to_string(i)}});
  sync::SyncOptions oneEach = snapshotOptions(1);
  oneEach.changesPerEnvelope = 1;
  mustSync(b, oneEach);
  mustSync(a, snapshotOptions(1));
  Device& newcomer = world.addDevice("newcomer");
  const auto joined = mustSync(newcomer, snapshotOptions(1, 10));
  CHECK(joined.snapshotsApplied == 3);
  CHECK(joined.conflicts == 1);
  REQUIRE(newcomer.store->conflicts()->size() == 1);
  CHECK(newcomer.store->conflicts()->front().recordId == p);
  // `stale` is more than the threshold behind: it catches up from the snapshot, whose lineage clears Ruben's
  // conflict there (the resolution saw both values).
  const auto back = mustSync(stale, snapshotOptions(0, 10));
  CHECK(back.snapshotsApplied == 3);
  CHECK(back.envelopesPulled == 0);
  CHECK(stale.store->conflicts()->size() == 1);
  checkAllEqual({&a, &b, &newcomer, &stale});
}

TEST_CASE("Edits the catching-up device makes during the sync are merged with the snapshot, never overwritten",
          "[sync][snapshot]") {
  SmallTeam team;
  Device& d = team.away;
  const std::string p = team.records.lastParticipant();  // a participant: its note is in every snapshot
  team.a.clock.advance(1000);
  REQUIRE(team.a.store->update(p, {{"note", "van a"}}).ok());
  sync::SyncOptions snapshotNow = SmallTeam::options();
  snapshotNow.snapshotInterval = 1;
  mustSync(team.a, snapshotNow);
  d.clock.advance(120'000);  // d's edit is the newest (and its clock within the drift bound)
  SnapshotTransport hook(*d.transport);
  std::string added;
  hook.onList = [&] {  // after the push, before the catch-up: the coach types while the device syncs
    REQUIRE(d.store->update(p, {{"note", "van d, tijdens de sync"}}).ok());
    added = mustAdd(*d.store, "employer", {{"name", "Tuincentrum Groen"}});
  };
  auto report = syncThrough(d, hook, SmallTeam::options());
  REQUIRE(report.ok());
  CHECK(report->snapshotsApplied == 4);
  CHECK(d.store->get(p).value()["fields"]["note"] == "van d, tijdens de sync");
  CHECK(d.store->get(added).value()["fields"]["name"] == "Tuincentrum Groen");
  auto lost = d.store->conflicts().value();
  CHECK(std::any_of(lost.begin(), lost.end(),
                    [&](const Conflict& c) { return c.recordId == p && c.losingValue == "van a"; }));
  mustSync(d);  // now they go out
  mustSync(team.a);
  mustSync(team.b);
  CHECK(team.a.store->get(p).value()["fields"]["note"] == "van d, tijdens de sync");
  CHECK(team.b.store->get(added).ok());
  checkAllEqual({&team.a, &team.b, &d});
}

TEST_CASE("Changes kept from a newer schema travel in the snapshot", "[sync][snapshot]") {
  SmallTeam team;
  {
    auto& impl = team.a.store->implForInternalUse();
    std::lock_guard lock(impl.mu);
    store::Transaction txn = store::Transaction::begin(impl.db).value();
    WriteGuardScope scope(impl.writeAllowed);
    PageOutcome outcome;
    const sync::RecordChange future{sync::Id{7}, "job_coach_rating", {{"stars", 100, {}, std::int64_t{5}}}};
    REQUIRE(impl.mergeChange(future, "team", team.b.id(), outcome).ok());
    REQUIRE(txn.commit().ok());
  }
  for (int i = 0; i < 6; ++i) mustAdd(*team.b.store, "employer", {{"name", "F" + std::to_string(i)}});
  mustSync(team.b, SmallTeam::options(0));  // the snapshot must be a's, the device that kept the change
  sync::SyncOptions snapshotNow = SmallTeam::options();
  snapshotNow.snapshotInterval = 1;
  mustSync(team.a, snapshotNow);
  Device& d = team.world.addDevice("d");
  CHECK(mustSync(d, SmallTeam::options()).snapshotsApplied == 4);
  auto& impl = d.store->implForInternalUse();
  auto kept = store::Stmt::prepare(impl.db.get(), "SELECT kind, field, device FROM pending_change");
  REQUIRE(kept.ok());
  REQUIRE(kept->step().value());
  CHECK(kept->textAt(0) == "job_coach_rating");
  CHECK(kept->textAt(1) == "stars");
  CHECK(kept->textAt(2) == team.b.id());
}

namespace {

// Re-signs an altered snapshot with `signer` (a member of the team, so only the change itself can give it away).
void resign(sync::Snapshot& s, Device& signer) {
  s.bytes.erase(s.bytes.end() - 64, s.bytes.end());  // the old signature
  auto signature = signer.store->implForInternalUse().membership->signer->sign(s.bytes);
  REQUIRE(signature.ok());
  s.bytes.insert(s.bytes.end(), signature->begin(), signature->end());
}

Device& authorOf(SmallTeam& team, const sync::Snapshot& s) {
  return s.meta.author == team.a.id() ? team.a : team.b;
}

struct Alteration {
  const char* what;
  std::function<void(sync::Snapshot&, SmallTeam&)> alter;
  const char* refusal;  // in the warning
};

// Each alteration of a snapshot the server serves, and what gives it away.
std::vector<Alteration> alterations() {
  return {
      {"a flipped bit in the team snapshot",
       [](sync::Snapshot& s, SmallTeam&) {
         if (s.meta.shard == "team") s.bytes[120] ^= 0x04;
       },
       "signature"},
      {"a flipped bit in a participant snapshot",
       [](sync::Snapshot& s, SmallTeam&) {
         if (s.meta.shard != "team") s.bytes[s.bytes.size() / 2] ^= 0x01;
       },
       "signature"},
      {"another member's signature under the author's name",
       [](sync::Snapshot& s, SmallTeam& team) {
         if (s.meta.shard == "team") resign(s, s.meta.author == team.a.id() ? team.b : team.a);
       },
       "signature"},
      {"another covers than the one it was sealed for",
       [](sync::Snapshot& s, SmallTeam& team) {
         if (s.meta.shard != "team") return;
         s.meta.covers -= 1;
         for (std::size_t i = 0; i < 8; ++i) s.bytes[54 + i] = static_cast<std::uint8_t>(s.meta.covers >> (56 - 8 * i));
         resign(s, authorOf(team, s));
       },
       "does not open"},
      {"another team",
       [](sync::Snapshot& s, SmallTeam& team) {
         if (s.meta.shard != "team") return;
         s.bytes[6] ^= 0x80;
         resign(s, authorOf(team, s));
       },
       "another team"},
      {"a server that describes it otherwise",
       [](sync::Snapshot& s, SmallTeam&) {
         if (s.meta.shard == "team") s.meta.covers += 1;
       },
       "differently"},
  };
}

}  // namespace

TEST_CASE("An altered snapshot is refused, and the device converges from the plain log", "[sync][snapshot][hostile]") {
  for (const Alteration& alteration : alterations()) {
    INFO(alteration.what);
    SmallTeam team;
    const std::size_t log = team.logEnvelopes();
    Device& d = team.world.addDevice("d");
    SnapshotTransport evil(*d.transport);
    evil.tamper = [&](sync::Snapshot& s) { alteration.alter(s, team); };
    auto report = syncThrough(d, evil, SmallTeam::options());
    REQUIRE(report.ok());
    CHECK(report->snapshotsApplied == 0);
    REQUIRE_FALSE(report->warnings.empty());
    INFO(report->warnings.front());
    CHECK(report->warnings.front().find(alteration.refusal) != std::string::npos);
    CHECK(report->envelopesPulled == log);
    mustSync(team.a, SmallTeam::options());
    checkAllEqual({&team.a, &d});
  }
}

TEST_CASE("A catch-up that fails at its last step leaves nothing of the snapshots behind",
          "[sync][snapshot][hostile]") {
  SmallTeam team;
  Device& d = team.world.addDevice("d");
  SnapshotTransport evil(*d.transport);
  // A team snapshot re-made by a member, valid in every way until its chain states name a device nobody knows.
  evil.tamper = [&](sync::Snapshot& s) {
    if (s.meta.shard != "team") return;
    Device& author = authorOf(team, s);
    auto& impl = author.store->implForInternalUse();
    std::lock_guard lock(impl.mu);
    auto parsed = sync::parseSnapshot(s.bytes);
    REQUIRE(parsed.ok());
    const crypto::Aead* key = impl.keys->shardCipher(impl.db, "team", parsed->header.keyId).value();
    auto content = sync::decodeSnapshotContent(sync::openSnapshot(*parsed, *key).value());
    REQUIRE(content.ok());
    content->chains.push_back(sync::SnapshotChain{sync::Id{9}, 3, {}});
    s.bytes = sync::sealSnapshot(parsed->header, sync::encodeSnapshotContent(*content), *key, *impl.membership->signer)
                  .value();
    s.meta.size = s.bytes.size();
  };
  evil.pullFails = true;  // and the network goes down right after
  auto report = syncThrough(d, evil, SmallTeam::options());
  REQUIRE_FALSE(report.ok());
  CHECK(recordCount(d, "participant") == 0);
  CHECK(recordCount(d, "employer") == 0);
  CHECK(cursorOf(d) == 0);
  auto& impl = d.store->implForInternalUse();
  auto keys = store::Stmt::prepare(impl.db.get(), "SELECT count(*) FROM shard_key WHERE shard <> 'team'");
  REQUIRE(keys->step().value());
  CHECK(keys->intAt(0) == 0);
  evil.pullFails = false;
  auto again = syncThrough(d, evil, SmallTeam::options());
  REQUIRE(again.ok());
  CHECK(again->warnings.front().find("not in the team's device list") != std::string::npos);
  checkAllEqual({&team.a, &d});
}

namespace {

// Counts the passes of the snapshot commit points and crashes at the `nth` pass of `point` (none: never).
struct CrashPlan {
  std::string point;
  int nth = 0;
  std::vector<std::pair<std::string, int>>* seen = nullptr;
  std::map<std::string, int> passes;
  bool fired = false;

  bool operator()(std::string_view p) {
    const int n = ++passes[std::string(p)];
    if (seen != nullptr && (p == "snapshot-uploaded" || p == "snapshot-applied")) seen->emplace_back(std::string(p), n);
    if (p == point && n == nth) fired = true;
    return p == point && n == nth;
  }
};

// a uploads snapshots twice (the second time crashing as planned), a newcomer catches up (crashing as planned);
// after a restart and one more sync every device holds the same state.
void crashScenario(CrashPlan plan) {
  SmallTeam team;
  for (int i = 0; i < 8; ++i) mustAdd(*team.b.store, "employer", {{"name", "G" + std::to_string(i)}});
  REQUIRE(team.a.store->update(team.records.lastParticipant(), {{"note", "na de eerste snapshot"}}).ok());
  mustSync(team.b, SmallTeam::options(0));  // a makes the next snapshots
  sync::SyncOptions crashing = SmallTeam::options();
  crashing.crashAt = std::ref(plan);
  if (!team.a.sync(crashing).ok()) {
    team.a.reopen();
    mustSync(team.a, SmallTeam::options());
  }
  Device& d = team.world.addDevice("d");
  if (!d.sync(crashing).ok()) {
    d.reopen();
    mustSync(d, SmallTeam::options());
  }
  CHECK((plan.seen != nullptr || plan.fired));
  mustSync(team.b, SmallTeam::options());
  mustSync(team.a, SmallTeam::options());
  checkAllEqual({&team.a, &team.b, &d});
}

}  // namespace

TEST_CASE("A crash at any snapshot commit point leaves a profile that converges at the next sync",
          "[sync][snapshot][crash]") {
  std::vector<std::pair<std::string, int>> points;
  CrashPlan trace;
  trace.seen = &points;
  crashScenario(trace);
  REQUIRE(std::count_if(points.begin(), points.end(), [](const auto& p) { return p.first == "snapshot-uploaded"; }) >=
          4);
  REQUIRE(std::count_if(points.begin(), points.end(), [](const auto& p) { return p.first == "snapshot-applied"; }) ==
          1);
  for (const auto& [point, nth] : points) {
    INFO("crash at " << point << " #" << nth);
    crashScenario(CrashPlan{point, nth, nullptr, {}, false});
  }
}

TEST_CASE("A catch-up's page cache grows with its snapshots, from the normal 16 MiB up to 64 MiB", "[sync][snapshot]") {
  CHECK(store::catchUpCacheKiB(0) == 16 * 1024);
  CHECK(store::catchUpCacheKiB(std::size_t{8} << 20) == 16 * 1024);  // twice 8 MiB: the normal cache
  CHECK(store::catchUpCacheKiB(std::size_t{20} << 20) == 40 * 1024);
  CHECK(store::catchUpCacheKiB(std::size_t{81} << 20) == 64 * 1024);  // the five-year history's 81 MB of snapshots
  CHECK(store::catchUpCacheKiB(~std::size_t{0} / 2) == 64 * 1024);
}

TEST_CASE("The snapshot content codec gives back what it was given and refuses every truncation", "[sync][snapshot]") {
  sync::SnapshotContent c;
  c.schema = 5;
  const sync::Id rec{1, 2, 3}, dev{4}, other{5};
  c.state.push_back(
      {dev, {{rec, "participant", {{"name", 10, {}, std::string("Sanne")}, {"archived", 11, {}, std::int64_t{0}}}}}});
  c.state.push_back({other, {{rec, "future_kind", {{"x", 12, {{9, dev}}, model::FieldValue{}}}}}});
  c.lineage.push_back({rec, "note", {12, other}, {10, dev}});
  c.conflicts.push_back({rec, "note", {9, dev}, std::string("verloren")});
  c.history.push_back({rec, "coach", {8, other}, std::string("marieke")});
  c.chains.push_back({dev, 42, {7}});
  c.keys.push_back({rec, 1, 1, crypto::Bytes(60, 0xab)});
  const crypto::Bytes bytes = sync::encodeSnapshotContent(c);
  auto back = sync::decodeSnapshotContent(bytes);
  REQUIRE(back.ok());
  CHECK(back.value() == c);
  CHECK(sync::newestStamp(c) == 12);
  for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
    INFO("cut at " << cut);
    CHECK_FALSE(sync::decodeSnapshotContent(crypto::ByteView(bytes).first(cut)).ok());
  }
  crypto::Bytes longer = bytes;
  longer.push_back(0);
  CHECK_FALSE(sync::decodeSnapshotContent(longer).ok());
}

TEST_CASE("The snapshot layout table of proto/PROTOCOL.md has the offsets the code writes", "[sync][snapshot][proto]") {
  std::ifstream in(std::filesystem::path(COACH_TEST_DATA) / ".." / ".." / "proto" / "PROTOCOL.md");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto section = text.find("### Snapshot layout");
  REQUIRE(section != std::string::npos);
  const std::string table = text.substr(section, text.find("\n\n", text.find("|---", section)) - section);
  std::map<std::string, std::pair<std::size_t, std::size_t>> rows;  // field -> (offset, size)
  const std::regex row(R"(\n\| ([a-z_]+) \| (\d+) \| (\d+) \|)");
  for (std::sregex_iterator it(table.begin(), table.end(), row), end; it != end; ++it) {
    rows[(*it)[1].str()] = {std::stoul((*it)[2].str()), std::stoul((*it)[3].str())};
  }
  REQUIRE(rows.size() == 10);  // the fixed-size fields, up to the nonce
  CHECK(rows["sealed_length"].first == sync::kSnapshotHeaderSize);
  CHECK(rows["nonce"].first + rows["nonce"].second + 16 + 64 == sync::kSnapshotOverhead);
  // A real snapshot carries each header field where the table says.
  sync::SnapshotHeader h;
  h.team = sync::Id{0xaa};
  h.shard = sync::Id{0xbb};
  h.author = sync::Id{0xcc};
  h.covers = 0x0102030405060708;
  h.keyId = 0x0a0b0c0d;
  h.newestHlc = 0x1112131415161718;
  auto signer = crypto::Ed25519KeyPair::generate();
  auto key = crypto::Aead::create(crypto::randomSecret(32).value().view());
  REQUIRE((signer.ok() && key.ok()));
  const crypto::Bytes bytes = sync::sealSnapshot(h, crypto::Bytes(10, 1), *key, *signer).value();
  CHECK(bytes.size() == sync::kSnapshotOverhead + 512);
  auto at = [&](const char* field) { return bytes[rows.at(field).first]; };
  CHECK(at("magic") == 'C');
  CHECK(at("protocol") == 0);
  CHECK(at("team") == 0xaa);
  CHECK(at("shard") == 0xbb);
  CHECK(at("author") == 0xcc);
  CHECK(at("covers") == 0x01);
  CHECK(at("key_id") == 0x0a);
  CHECK(at("newest_hlc") == 0x11);
  CHECK(at("sealed_length") == 0);
  auto parsed = sync::parseSnapshot(bytes);
  REQUIRE(parsed.ok());
  CHECK(parsed->header == h);
  CHECK(sync::verifySnapshotSignature(*parsed, signer->publicKey()).ok());
  CHECK(sync::openSnapshot(*parsed, *key).value() == crypto::Bytes(10, 1));
}
