// The weekly job-development view and the team lead's review mark (coach/figures.hpp, query/weeks.cpp): the
// week_review kind's rule, ISO weeks at the year's edges, the counts V6 uses, and marking weeks reviewed.
#include <catch2/catch.hpp>

#include "coach/figures.hpp"
#include "temp_profile.hpp"

using namespace coach;
using coach::test::mustAdd;
using nlohmann::json;

namespace {

struct WeekTeam {
  coach::test::TempProfile t{"lead"};
  Store& s = *t.store;
  std::string bruin = mustAdd(s, "employer", {{"name", "Koffiebranderij Bruin"}});

  std::string contact(const std::string& at, const std::string& coach, const std::string& mode = "face_to_face") {
    return mustAdd(s, "employer_contact",
                   {{"contact_at", at},
                    {"coach", coach},
                    {"employer_id", bruin},
                    {"mode", mode},
                    {"purpose", "introduce_service"}});
  }
  WeeklyContacts weeks(const std::string& from, const std::string& to, WeekSpan span = WeekSpan::Touching) {
    auto w = computeWeeklyContacts(s, WeeklyOptions{.period = {from, to}, .span = span, .coach = "", .coachFte = {}});
    if (!w.ok()) FAIL(w.error().message);
    return std::move(w).value();
  }
};

std::size_t coachIndex(const WeeklyContacts& w, const std::string& coach) {
  auto it = std::find(w.coaches.begin(), w.coaches.end(), coach);
  if (it == w.coaches.end()) FAIL("no coach " << coach);
  return static_cast<std::size_t>(it - w.coaches.begin());
}

}  // namespace

TEST_CASE("A week review names an ISO week that exists", "[figures][weeks]") {
  coach::test::TempProfile t;
  auto mark = [&](const std::string& week) {
    return t.store->add("week_review",
                        {{"week", week}, {"coach", "marieke"}, {"reviewed_on", "2026-03-09"}, {"reviewer", "lead"}});
  };
  CHECK(mark("2026-W10").ok());
  CHECK(mark("2026-W53").ok());  // 2026 starts on a Thursday: it has 53 weeks
  CHECK(mark("2020-W53").ok());  // a leap year starting on a Wednesday
  for (const char* bad : {"2025-W53", "2026-W54", "2026-W00", "2026-10", "2026W10", "26-W10", "2026-w10"}) {
    INFO(bad);
    auto r = mark(bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::ValidationFailed);
    CHECK_THAT(r.error().message, Catch::Contains("YYYY-Www"));
  }
  CHECK_FALSE(
      t.store->add("week_review", {{"week", "2026-W10"}, {"reviewed_on", "2026-03-09"}, {"reviewer", "lead"}}).ok());
}

TEST_CASE("ISO weeks at the turn of the year run Monday to Sunday", "[figures][weeks]") {
  CHECK(isoWeekPeriod("2026-W01").value().from == "2025-12-29");
  CHECK(isoWeekPeriod("2026-W53").value().from == "2026-12-28");
  CHECK(isoWeekPeriod("2026-W53").value().to == "2027-01-03");
  CHECK(isoWeekOf("2027-01-03") == "2026-W53");
  CHECK(isoWeekOf("2025-12-29") == "2026-W01");
  CHECK_FALSE(isoWeekPeriod("2025-W53").ok());
  CHECK_FALSE(isoWeekPeriod("2026-W1").ok());
  CHECK(isoWeekOf("2026-02-30").empty());
}

TEST_CASE("Weekly counts: face-to-face per coach per week, other modes beside it, V6's coaches", "[figures][weeks]") {
  WeekTeam team;
  for (const char* at :
       {"2026-03-02T09:00", "2026-03-03T09:00", "2026-03-04T09:00", "2026-03-05T09:00", "2026-03-06T09:00"}) {
    team.contact(at, "marieke");
  }
  team.contact("2026-03-06T14:00", "marieke", "phone");
  team.contact("2026-03-08T23:50", "youssef");                      // Sunday night: still 2026-W10
  team.contact("2026-03-09T00:10", "youssef");                      // Monday: 2026-W11
  const WeeklyContacts w = team.weeks("2026-03-04", "2026-03-10");  // touches W10 and W11
  REQUIRE(w.weeks == std::vector<std::string>{"2026-W10", "2026-W11"});
  REQUIRE(w.coaches == std::vector<std::string>{"marieke", "youssef"});
  const std::size_t m = coachIndex(w, "marieke"), y = coachIndex(w, "youssef");
  CHECK(w.at(m, 0).faceToFace == 5);  // the Monday and Tuesday before the period count: the week is whole
  CHECK(w.at(m, 0).otherModes == 1);
  CHECK(w.at(m, 0).recordIds.size() == 5);
  CHECK(w.at(y, 0).faceToFace == 1);
  CHECK(w.at(y, 1).faceToFace == 1);
  CHECK_FALSE(w.at(m, 0).review.has_value());
  // V6's span holds whole weeks only: none lies inside 4 to 10 March.
  CHECK(team.weeks("2026-03-04", "2026-03-10", WeekSpan::WholeWeeks).weeks.empty());
  // The same counts as V6: its mean over coaches and weeks is the mean of the cells.
  FidelityOptions o;
  o.period = {"2026-03-02", "2026-03-15"};
  auto v6 = computeFidelity(team.s, o).value().items[16];
  REQUIRE(v6.code == "v6");
  const WeeklyContacts whole = team.weeks("2026-03-02", "2026-03-15", WeekSpan::WholeWeeks);
  double sum = 0;
  for (const CoachWeek& c : whole.cells) sum += static_cast<double>(c.faceToFace);
  CHECK(*v6.rawValue == Approx(sum / static_cast<double>(whole.cells.size())));
  CHECK(whole.cells.size() == 4);
}

TEST_CASE("Marking a week reviewed: every coach in the picture once, an archived mark undoes it", "[figures][weeks]") {
  WeekTeam team;
  team.contact("2026-03-02T09:00", "marieke");
  team.contact("2026-03-03T09:00", "youssef", "video");  // only another mode: youssef is in the picture
  auto first = markWeekReviewed(team.s, WeekReviewRequest{"2026-W10", "", "", "2026-03-09"});
  REQUIRE(first.ok());
  CHECK(first->marked == std::vector<std::string>{"marieke", "youssef"});
  CHECK(first->ids.size() == 2);
  auto again = markWeekReviewed(team.s, WeekReviewRequest{"2026-W10", "marieke", "anna", "2026-03-10"});
  REQUIRE(again.ok());
  CHECK(again->marked.empty());
  REQUIRE(again->alreadyReviewed.size() == 1);
  CHECK(again->alreadyReviewed[0].reviewer == "lead");  // the store's actor, when no reviewer is named
  CHECK(again->alreadyReviewed[0].reviewedOn == "2026-03-09");

  WeeklyContacts w = team.weeks("2026-03-02", "2026-03-08");
  REQUIRE(w.at(coachIndex(w, "marieke"), 0).review.has_value());
  CHECK(w.at(coachIndex(w, "marieke"), 0).review->id == first->ids[0]);
  REQUIRE(team.s.setArchived(first->ids[0], true).ok());
  w = team.weeks("2026-03-02", "2026-03-08");
  CHECK_FALSE(w.at(coachIndex(w, "marieke"), 0).review.has_value());
  CHECK(w.at(coachIndex(w, "youssef"), 0).review.has_value());

  auto future = markWeekReviewed(team.s, WeekReviewRequest{"2026-W12", "", "", "2026-03-09"});
  REQUIRE_FALSE(future.ok());
  CHECK(future.error().code == ErrorCode::InvalidArgument);
  auto empty = markWeekReviewed(team.s, WeekReviewRequest{"2026-W02", "", "", "2026-03-09"});
  REQUIRE_FALSE(empty.ok());
  CHECK(empty.error().code == ErrorCode::NotFound);
  // A named coach can be marked in a quiet week.
  CHECK(markWeekReviewed(team.s, WeekReviewRequest{"2026-W02", "anna", "", "2026-03-09"}).value().marked.size() == 1);
}
