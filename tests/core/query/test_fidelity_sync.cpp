// Story 6 across devices: the team lead's manual IPS-25 score (the fidelity_score kind) syncs like any record
// and counts in the fidelity view on every device of the team.
#include <catch2/catch.hpp>

#include <algorithm>

#include "coach/figures.hpp"
#include "sync_world.hpp"

using namespace coach;
using coach::test::mustAdd;

TEST_CASE("Story 6: a manual score entered on the team lead's device counts on a coach's device after sync", "[figures][fidelity][sync]") {
  coach::test::SyncWorld world;
  coach::test::Device& lead = world.addDevice("lead", coach::relay::Role::Lead);
  coach::test::Device& coach = world.addDevice("marieke");
  const std::string id = mustAdd(*lead.store, "fidelity_score",
                                 {{"item", "v7"}, {"period_start", "2026-01-01"}, {"period_end", "2026-06-30"},
                                  {"score", 4}, {"scored_on", "2026-07-03"}, {"coach", "lead"},
                                  {"rationale", "repeat visits with a plan"}});
  auto pushed = lead.sync();
  REQUIRE(pushed.ok());
  auto pulled = coach.sync();
  REQUIRE(pulled.ok());

  FidelityOptions options;
  options.period = {"2026-01-01", "2026-06-30"};
  auto report = computeFidelity(*coach.store, options);
  REQUIRE(report.ok());
  auto v7 = std::find_if(report->items.begin(), report->items.end(), [](const FidelityItem& i) { return i.code == "v7"; });
  REQUIRE(v7 != report->items.end());
  CHECK(v7->score == 4);
  CHECK(v7->manualScoreId == id);
  auto record = coach.store->get(id);
  REQUIRE(record.ok());
  CHECK(record.value()["fields"]["rationale"] == "repeat visits with a plan");
}

TEST_CASE("The team lead's weekly review mark syncs: a coach's device sees the week reviewed, and unmarked", "[figures][weeks][sync]") {
  coach::test::SyncWorld world;
  coach::test::Device& lead = world.addDevice("lead", coach::relay::Role::Lead);
  coach::test::Device& coach = world.addDevice("marieke");
  const std::string employer = mustAdd(*coach.store, "employer", {{"name", "Bruin"}});
  mustAdd(*coach.store, "employer_contact", {{"contact_at", "2026-03-02T09:00"}, {"coach", "marieke"},
                                             {"employer_id", employer}, {"mode", "face_to_face"},
                                             {"purpose", "introduce_service"}});
  REQUIRE(coach.sync().ok());
  REQUIRE(lead.sync().ok());
  auto marked = markWeekReviewed(*lead.store, WeekReviewRequest{"2026-W10", "", "", "2026-03-09"});
  REQUIRE(marked.ok());
  REQUIRE(marked->marked == std::vector<std::string>{"marieke"});
  REQUIRE(lead.sync().ok());
  REQUIRE(coach.sync().ok());
  const WeeklyOptions week{.period = {"2026-03-02", "2026-03-08"}, .span = WeekSpan::Touching, .coach = "", .coachFte = {}};
  auto seen = computeWeeklyContacts(*coach.store, week);
  REQUIRE(seen.ok());
  REQUIRE(seen->coaches == std::vector<std::string>{"marieke"});
  REQUIRE(seen->at(0, 0).review.has_value());
  CHECK(seen->at(0, 0).review->reviewer == "lead");
  CHECK(seen->at(0, 0).faceToFace == 1);
  REQUIRE(lead.store->setArchived(marked->ids[0], true).ok());  // unmarking is archiving the mark
  REQUIRE(lead.sync().ok());
  REQUIRE(coach.sync().ok());
  CHECK_FALSE(computeWeeklyContacts(*coach.store, week).value().at(0, 0).review.has_value());
}
