// The access log across the team (DOMAIN.md story 9; docs/access-log.md): reads made offline on a coach's device
// reach the privacy officer's device at the next sync and appear in the participant's log; an erasure is
// logged by the lead and the log survives it; the retention purge erases a dossier past its term through the
// erasure machinery.
#include <catch2/catch.hpp>

#include "coach/access_log.hpp"
#include "coach/lifecycle.hpp"
#include "lifecycle_world.hpp"

using namespace coach;
using coach::test::Device;
using coach::test::LifecycleWorld;
using coach::test::mustAdd;

namespace {

constexpr std::int64_t kDayMillis = 24LL * 3600 * 1000;

void mustSync(LifecycleWorld& w, std::initializer_list<Device*> devices) {
  for (Device* d : devices) w.sync(*d);
}

std::vector<AccessEvent> logOf(Device& d, const std::string& participant, const std::string& from = {},
                               const std::string& to = {}) {
  auto log = accessLog(*d.store, {participant, from, to});
  if (!log.ok()) FAIL(d.name << " access log: " << log.error().message);
  return log.value();
}

std::size_t count(const std::vector<AccessEvent>& log, const std::string& device, const std::string& action) {
  std::size_t n = 0;
  for (const AccessEvent& e : log) n += e.deviceId == device && e.action == action ? 1u : 0u;
  return n;
}

}  // namespace

TEST_CASE("Sanne's access log on the privacy officer's device holds the reads a coach made offline, after sync",
          "[access-log][sync]") {
  LifecycleWorld w;
  Device& lead = w.enrol("lead", relay::Role::Lead);
  w.found(lead);
  Device& marieke = w.enrol("marieke", relay::Role::Coach);
  w.approve(lead, marieke);
  const std::string sanne = mustAdd(*marieke.store, "participant", {{"name", "Sanne de Vries"}, {"coach", "marieke"}});
  mustSync(w, {&marieke, &lead});

  // Marieke works offline for months: reads on three days, none of it synced yet.
  for (int month = 1; month <= 3; ++month) {
    w.advance(30 * kDayMillis);
    REQUIRE(marieke.store->timeline(sanne).ok());
  }
  CHECK(count(logOf(lead, sanne), marieke.id(), "read") == 0);
  mustSync(w, {&marieke, &lead});

  // 14 months back from today: the write at the start and the three offline reads, each with Marieke's device.
  w.advance(10 * 30 * kDayMillis);
  const std::string today = lead.store->today();
  const std::string from = "2026-01-01";
  auto log = logOf(lead, sanne, from, today);
  CHECK(count(log, marieke.id(), "read") == 3);
  CHECK(count(log, marieke.id(), "write") == 1);
  for (const AccessEvent& e : log) {
    if (e.deviceId == marieke.id()) CHECK(e.actor == "marieke");
  }
  // The same log on Marieke's device once she syncs again.
  mustSync(w, {&marieke});
  CHECK(logOf(marieke, sanne, from, today).size() == logOf(lead, sanne, from, today).size());
}

TEST_CASE("An erasure is logged by the lead who ordered it, and the participant's log outlives the erasure",
          "[access-log][sync][erasure]") {
  LifecycleWorld w;
  Device& lead = w.enrol("lead", relay::Role::Lead);
  w.found(lead);
  Device& anna = w.enrol("anna", relay::Role::Coach);
  w.approve(lead, anna);
  const std::string joost = mustAdd(*anna.store, "participant", {{"name", "Joost Bakker"}, {"coach", "anna"}});
  REQUIRE(anna.store->get(joost).ok());
  mustSync(w, {&anna, &lead});

  w.advance(60 * 1000);
  lead.store->setOnBehalfOf("the participant's request");
  auto audit = lifecycle::eraseParticipant(*lead.store, *lead.transport, joost);
  REQUIRE(audit.ok());
  auto leadLog = logOf(lead, joost);
  REQUIRE(count(leadLog, lead.id(), "erase") == 1);
  CHECK(leadLog.back().onBehalfOf == "the participant's request");
  mustSync(w, {&lead, &anna});
  CHECK_FALSE(anna.store->get(joost).ok());
  auto annaLog = logOf(anna, joost);
  CHECK(count(annaLog, lead.id(), "erase") == 1);   // the lead's, not one of Anna's own
  CHECK(count(annaLog, anna.id(), "erase") == 0);
  CHECK(count(annaLog, anna.id(), "read") == 1);
  CHECK(count(annaLog, anna.id(), "write") == 1);
}

TEST_CASE("The retention purge erases a dossier past its term on every device and the server, and only from a lead",
          "[retention][sync][erasure]") {
  LifecycleWorld w;
  Device& lead = w.enrol("lead", relay::Role::Lead);
  w.found(lead);
  Device& anna = w.enrol("anna", relay::Role::Coach);
  w.approve(lead, anna);
  const std::string old = mustAdd(*anna.store, "participant", {{"name", "Pieter Smit"}, {"coach", "anna"}});
  mustSync(w, {&anna, &lead});
  // 20 years and a day later (leap days included: 7306 days from 2026-03-02 is 2046-03-03).
  w.advance(7306 * kDayMillis);
  const std::string fresh = mustAdd(*anna.store, "participant", {{"name", "Noor Jansen"}, {"coach", "anna"}});
  mustSync(w, {&anna, &lead});
  auto report = retentionReport(*lead.store);
  REQUIRE(report.ok());
  CHECK(report->today == "2046-03-03");
  REQUIRE(report->pastTerm.size() == 1);
  CHECK(report->pastTerm[0].id == old);
  CHECK_FALSE(report->accessEventsPastTerm.empty());

  auto refused = purgeRetention(*anna.store, *anna.transport);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == ErrorCode::Forbidden);
  CHECK(anna.store->get(old).ok());

  auto purged = purgeRetention(*lead.store, *lead.transport);
  REQUIRE(purged.ok());
  CHECK(purged->erased == std::vector<std::string>{old});
  CHECK(purged->accessEventsDeleted > 0);
  CHECK_FALSE(lead.store->get(old).ok());
  auto erases = logOf(lead, old);
  REQUIRE(count(erases, lead.id(), "erase") == 1);
  CHECK(erases.back().onBehalfOf == "retention term");
  mustSync(w, {&lead, &anna});
  CHECK_FALSE(anna.store->get(old).ok());
  CHECK(anna.store->get(fresh).ok());
  auto audits = lifecycle::erasures(*anna.store);
  REQUIRE(audits.ok());
  REQUIRE(audits->size() == 1);
  CHECK(audits->front().shard == old);
}
