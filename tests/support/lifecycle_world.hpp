// lifecycle_world.hpp: a team on an in-process relay (MemoryStorage, loopback transport, JSON on the way)
// whose devices enrol with codes and are approved with fingerprints, as they are against coach-syncd; and the
// small helpers the lifecycle and erasure tests share. Single-threaded, like the tests that use it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "coach/lifecycle.hpp"
#include "sync_world.hpp"

namespace coach::test {

// A team on an in-process relay whose devices enrol with codes, as they do against coach-syncd.
class LifecycleWorld {
 public:
  LifecycleWorld() : relay_(storage_, serverClock_) {
    auto team = relay_.createTeam("Team Utrecht-West");
    REQUIRE(team.ok());
    teamId_ = team->id;
  }

  LifecycleWorld(const LifecycleWorld&) = delete;
  LifecycleWorld& operator=(const LifecycleWorld&) = delete;

  // A new profile enrolled with a fresh code of `role`; pending until approved when role is Coach.
  Device& enrol(const std::string& name, relay::Role role) {
    auto d = std::make_unique<Device>();
    d->name = name;
    d->clock.advance(serverClock_.nowMillis() - test::kDefaultNow);  // a new phone's clock is right
    auto created = Store::createProfile(d->options(), d->keys);
    if (!created.ok()) FAIL(created.error().message);
    d->store = std::move(created).value();
    auto keys = lifecycle::deviceKeys(*d->store);
    REQUIRE(keys.ok());
    auto code = relay_.issueEnrolCode(teamId_, role, 3600 * 1000);
    REQUIRE(code.ok());
    auto enrolled = relay_.enrol({code->code, d->id(), keys->signingKey, keys->agreementKey});
    REQUIRE(enrolled.ok());
    REQUIRE(d->store->rememberDeviceRole(enrolled->role).ok());  // as the clients do with the enrolment answer
    auto caller = relay_.authenticate(enrolled->token);
    REQUIRE(caller.ok());
    d->transport = std::make_unique<relay::LoopbackTransport>(relay_, caller.value());
    devices_.push_back(std::move(d));
    return *devices_.back();
  }

  std::string found(Device& lead) {
    auto recovery = lifecycle::foundTeam(*lead.store, *lead.transport, teamId_);
    if (!recovery.ok()) FAIL(recovery.error().message);
    return recovery.value();
  }

  void approve(Device& lead, Device& device) {
    auto fingerprint = lifecycle::ownFingerprint(*device.store);
    REQUIRE(fingerprint.ok());
    auto approved = lifecycle::approveDevice(*lead.store, *lead.transport, device.id(), fingerprint.value());
    if (!approved.ok()) FAIL(approved.error().message);
    auto joined = lifecycle::joinWhenApproved(*device.store, *device.transport, teamId_);
    if (!joined.ok()) FAIL(joined.error().message);
    REQUIRE(joined.value());
  }

  void sync(Device& d) {
    auto report = d.sync();
    if (!report.ok()) FAIL(d.name << " sync: " << report.error().message);
  }

  // Time passes for everyone alike (the server's and every device's clock).
  void advance(std::int64_t millis) {
    serverClock_.advance(millis);
    for (auto& d : devices_) d->clock.advance(millis);
  }

  relay::MemoryStorage& storage() { return storage_; }
  relay::Relay& relay() { return relay_; }
  const std::string& teamId() const { return teamId_; }

 private:
  ManualClock serverClock_{test::kDefaultNow};
  relay::MemoryStorage storage_;
  relay::Relay relay_;
  std::string teamId_;
  std::vector<std::unique_ptr<Device>> devices_;
};

inline std::string note(Store& store, const std::string& participant, const std::string& text) {
  return mustAdd(store, "support_contact", {{"participant_id", participant}, {"contact_on", "2026-03-01"},
                                            {"mode", "face_to_face"}, {"type", "on_site_coaching"}, {"note", text}});
}

inline bool holdsText(Store& store, const std::string& text) { return stateOf(store).dump().find(text) != std::string::npos; }


}  // namespace coach::test
