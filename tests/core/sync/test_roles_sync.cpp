// Roles across devices (docs/store.md, "Roles"): a team lead's fidelity score and week review reach a coach's
// device and are applied there (a device never drops a synced change), while the coach's own edits of them are
// refused; the fidelity view names the device that entered a score; a profile enrolled before roles were kept
// learns its role from the server's device list at its next sync.
#include <catch2/catch.hpp>

#include <algorithm>

#include "coach/figures.hpp"
#include "lifecycle_world.hpp"

using namespace coach;
using coach::test::Device;
using coach::test::LifecycleWorld;
using coach::test::mustAdd;

TEST_CASE("A lead's fidelity score and week review are applied on a coach's device, which may not change them",
          "[sync][roles]") {
  LifecycleWorld w;
  Device& lead = w.enrol("lead", relay::Role::Lead);
  w.found(lead);
  Device& anna = w.enrol("anna", relay::Role::Coach);
  w.approve(lead, anna);
  CHECK(lead.store->deviceRole().value() == std::optional<std::string>("lead"));
  CHECK(anna.store->deviceRole().value() == std::optional<std::string>("coach"));

  const std::string score = mustAdd(*lead.store, "fidelity_score",
                                    {{"item", "v7"}, {"period_start", "2026-01-01"}, {"period_end", "2026-03-31"},
                                     {"score", 4}, {"scored_on", "2026-04-01"}, {"coach", "lead"}});
  const std::string review = mustAdd(*lead.store, "week_review", {{"week", "2026-W10"}, {"coach", "anna"},
                                                                  {"reviewed_on", "2026-03-09"}, {"reviewer", "lead"}});
  w.sync(lead);
  w.sync(anna);
  REQUIRE(anna.store->get(score).ok());
  CHECK(anna.store->get(score).value()["fields"]["score"] == 4);
  CHECK(anna.store->get(review).value()["archived"] == false);

  // The fidelity view on the coach's device names who entered the score: the handle given and the lead's device.
  FidelityOptions options;
  options.period = {"2026-01-01", "2026-03-31"};
  auto report = computeFidelity(*anna.store, options);
  REQUIRE(report.ok());
  auto v7 = std::find_if(report->items.begin(), report->items.end(),
                         [](const FidelityItem& i) { return i.code == "v7"; });
  REQUIRE(v7 != report->items.end());
  CHECK(v7->manualScoreId == score);
  CHECK(v7->manualScoreBy == "lead");
  CHECK(v7->manualScoreDevice == lead.id());
  CHECK(std::any_of(v7->evidence.begin(), v7->evidence.end(), [&](const std::string& line) {
    return line.find("by lead on device " + lead.id().substr(0, 8)) != std::string::npos;
  }));

  // The coach's device may not change them; nothing waits to be sent afterwards.
  const std::uint64_t pending = anna.store->pendingChanges().value();
  for (const Status& refused : {anna.store->update(score, {{"score", 1}}), anna.store->setArchived(review, true)}) {
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == ErrorCode::Forbidden);
  }
  CHECK(anna.store->pendingChanges().value() == pending);

  // The lead's later edit and archive arrive and are applied as well.
  REQUIRE(lead.store->update(score, {{"score", 5}}).ok());
  REQUIRE(lead.store->setArchived(review, true).ok());
  w.sync(lead);
  w.sync(anna);
  CHECK(anna.store->get(score).value()["fields"]["score"] == 5);
  CHECK(anna.store->get(review).value()["archived"] == true);
}

TEST_CASE("A profile enrolled before roles were kept learns its role from the device list at its next sync",
          "[sync][roles]") {
  coach::test::SyncWorld world;
  Device& lead = world.addDevice("lead", relay::Role::Lead);
  Device& marieke = world.addDevice("marieke");
  CHECK_FALSE(marieke.store->deviceRole().value().has_value());
  // Until it knows, it writes as a standalone profile would (the server's list names its role at the next sync).
  CHECK(marieke.store->add("fidelity_score", {{"item", "v2"}, {"period_start", "2026-01-01"},
                                              {"period_end", "2026-03-31"}, {"score", 3},
                                              {"scored_on", "2026-04-01"}}).ok());
  REQUIRE(marieke.sync().ok());
  REQUIRE(lead.sync().ok());
  CHECK(marieke.store->deviceRole().value() == std::optional<std::string>("coach"));
  CHECK(lead.store->deviceRole().value() == std::optional<std::string>("lead"));
  auto refused = marieke.store->add("week_review", {{"week", "2026-W10"}, {"coach", "marieke"},
                                                    {"reviewed_on", "2026-03-09"}, {"reviewer", "marieke"}});
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == ErrorCode::Forbidden);
  CHECK(lead.store->add("week_review", {{"week", "2026-W10"}, {"coach", "marieke"}, {"reviewed_on", "2026-03-09"},
                                        {"reviewer", "lead"}}).ok());
}
