// sync_world.hpp: a team of devices and an in-process relay for sync tests: every device is a real store in
// its own temporary directory with its own clock; the relay runs the server's rules over MemoryStorage and
// each device talks to it through the loopback transport (JSON on the way, as on the wire).
#pragma once

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "coach/store.hpp"
#include "coach/sync.hpp"
#include "relay/loopback_transport.hpp"
#include "relay/memory_storage.hpp"
#include "relay/relay.hpp"
#include "temp_profile.hpp"

namespace coach::test {

struct Device {
  std::string name;
  TempDir dir;
  ManualClock clock{kDefaultNow};
  PassphraseKeyProvider keys{"correct horse battery", kTestCost};
  std::unique_ptr<Store> store;
  std::unique_ptr<relay::LoopbackTransport> transport;
  bool accessLog = true;  // off where a test counts envelopes exactly (each logged read or write adds a team change)
  std::int64_t driftBound = 5 * 60 * 1000;

  StoreOptions options() const {
    StoreOptions o;
    o.path = (dir.path() / "profile.db").string();
    o.actor = name;
    o.clock = &clock;
    o.driftBoundMillis = driftBound;
    o.durability = StoreOptions::Durability::Normal;  // tests: crash safety has its own test
    if (!accessLog) o.accessLog = StoreOptions::AccessLog::OffForSimulation;
    return o;
  }
  // Closes and reopens the profile, as after a crash or a restart.
  void reopen() {
    store.reset();
    auto opened = Store::openProfile(options(), keys);
    if (!opened.ok()) FAIL("reopening " << name << ": " << opened.error().message);
    store = std::move(opened).value();
  }
  Result<sync::SyncReport> sync(sync::SyncOptions options = {}) {
    options.backoffBaseMillis = 0;
    sync::SyncClient client(*store, *transport, std::move(options));
    return client.sync();
  }
  std::string id() const { return store->deviceId(); }
};

class SyncWorld {
 public:
  explicit SyncWorld(std::int64_t driftBound = 5 * 60 * 1000)
      : driftBound_(driftBound), relay_(storage_, serverClock_, limits(driftBound)) {}

  // Devices added from now on log no access events (tests that count envelopes exactly).
  bool accessLog = true;
  // `role`: what the relay lists for the device (a device learns it at its first sync; docs/store.md, "Roles").
  Device& addDevice(const std::string& name, relay::Role role = relay::Role::Coach) {
    auto d = std::make_unique<Device>();
    d->name = name;
    d->driftBound = driftBound_;
    d->accessLog = accessLog;
    auto created = Store::createProfile(d->options(), d->keys);
    if (!created.ok()) FAIL("creating " << name << ": " << created.error().message);
    d->store = std::move(created).value();
    if (devices_.empty()) {
      auto team = d->store->createTeam();
      if (!team.ok()) FAIL(team.error().message);
      team_ = std::move(team).value();
    } else {
      TeamCredentials copy{team_.teamId, team_.epoch, team_.teamKey.clone()};
      auto joined = d->store->joinTeam(copy);
      if (!joined.ok()) FAIL(joined.error().message);
    }
    auto key = d->store->signingPublicKey();
    REQUIRE(key.ok());
    if (devices_.empty()) REQUIRE(storage_.createTeam(relay::TeamRecord{team_.teamId, "test team", kDefaultNow}).ok());
    relay::DeviceRecord record;
    record.id = d->id();
    record.signingKey = key.value();
    record.role = role;
    REQUIRE(storage_.addDevice(team_.teamId, record, {}, {}).ok());
    d->transport = std::make_unique<relay::LoopbackTransport>(relay_, relay::Caller{team_.teamId, d->id()});
    devices_.push_back(std::move(d));
    return *devices_.back();
  }

  relay::MemoryStorage& storage() { return storage_; }
  relay::Relay& relay() { return relay_; }
  ManualClock& serverClock() { return serverClock_; }
  const std::string& teamId() const { return team_.teamId; }
  std::vector<std::unique_ptr<Device>>& devices() { return devices_; }

 private:
  static relay::RelayLimits limits(std::int64_t driftBound) {
    relay::RelayLimits l;
    l.driftBoundMillis = driftBound;
    return l;
  }
  std::int64_t driftBound_;
  ManualClock serverClock_{kDefaultNow};
  relay::MemoryStorage storage_;
  relay::Relay relay_;
  TeamCredentials team_;
  std::vector<std::unique_ptr<Device>> devices_;
};

// A device's records and conflicts, decrypted, as one comparable JSON value (the state digest). The access log
// is left out: taking the digest reads every participant, and each device logs its own reads (they reach the
// others at the next sync); tests/core/sync/test_access_log_sync.cpp checks that the log converges.
inline nlohmann::json stateOf(Store& store) {
  nlohmann::json state = nlohmann::json::object();
  for (const auto& kind : {"participant", "trajectory", "vocational_profile", "employer", "employer_contact", "job",
                           "support_contact", "benefits_session", "meeting", "consent", "outreach_attempt", "pause",
                           "fidelity_score", "week_review", "retention_rule"}) {
    auto records = store.list(kind, {}, true);
    if (!records.ok()) FAIL(records.error().message);
    for (auto& r : records.value()) state["records"][r["id"].get<std::string>()] = r;
  }
  auto conflicts = store.conflicts();
  if (!conflicts.ok()) FAIL(conflicts.error().message);
  nlohmann::json list = nlohmann::json::array();
  for (const Conflict& c : conflicts.value()) {
    list.push_back({c.recordId, c.field, c.losingHlc, c.losingDevice, c.losingValue});
  }
  std::sort(list.begin(), list.end());
  state["conflicts"] = list;
  return state;
}

}  // namespace coach::test
