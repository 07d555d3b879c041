#include <catch2/catch.hpp>

#include <algorithm>
#include <optional>

#include "coach/agenda.hpp"
#include "temp_profile.hpp"

using namespace coach;
using coach::test::mustAdd;
using nlohmann::json;

namespace {

struct Team {
  coach::test::TempProfile t;
  std::string employer = mustAdd(*t.store, "employer", {{"name", "Koffiebranderij Bruin"}});

  std::string participant(const std::string& name, const std::string& coach = "marieke") {
    return mustAdd(*t.store, "participant", {{"name", name}, {"coach", coach}});
  }
  std::string trajectory(const std::string& p, const std::string& entry, const std::string& status = "job_search") {
    return mustAdd(*t.store, "trajectory", {{"participant_id", p}, {"referral_date", "2026-01-05"},
                                            {"referral_source", "self"}, {"programme_entry_date", entry},
                                            {"status", status}});
  }
  std::string job(const std::string& p, const std::string& start) {
    return mustAdd(*t.store, "job", {{"participant_id", p}, {"employer_id", employer}, {"title", "barista"},
                                     {"start_date", start}, {"hours_per_week", 20}});
  }
  void support(const std::string& p, const std::string& day, const std::string& mode = "face_to_face") {
    mustAdd(*t.store, "support_contact", {{"participant_id", p}, {"contact_on", day}, {"mode", mode},
                                          {"type", "on_site_coaching"}});
  }
  std::vector<AgendaItem> agenda(const std::string& today, const std::string& coach = "") {
    auto items = t.store->agenda(AgendaOptions{today, coach, 7});
    if (!items.ok()) FAIL(items.error().message);
    return items.value();
  }
  // A copy: the agenda vector is usually a temporary.
  static std::optional<AgendaItem> find(const std::vector<AgendaItem>& items, const std::string& rule) {
    auto it = std::find_if(items.begin(), items.end(), [&](const AgendaItem& i) { return i.rule == rule; });
    return it == items.end() ? std::nullopt : std::optional<AgendaItem>(*it);
  }
};

}  // namespace

TEST_CASE("Story 1: the 30-day first employer contact clock, and a contact that stops it", "[query][agenda]") {
  Team team;
  const std::string sanne = team.participant("Sanne");
  team.trajectory(sanne, "2026-02-09");
  auto items = team.agenda("2026-03-02");  // day 21
  const auto clock = Team::find(items, "v4_first_employer_contact");
  REQUIRE(clock != std::nullopt);
  CHECK(clock->participantName == "Sanne");
  CHECK(clock->dueDate == "2026-03-11");
  CHECK(clock->daysLeft == 9);
  CHECK_FALSE(clock->overdue());
  CHECK(clock->detail.find("(day 21)") != std::string::npos);

  CHECK(Team::find(team.agenda("2026-03-12"), "v4_first_employer_contact")->daysLeft == -1);

  // A phone call does not count; a face-to-face visit does.
  mustAdd(*team.t.store, "employer_contact", {{"contact_at", "2026-03-02T10:15"}, {"coach", "marieke"},
                                              {"employer_id", team.employer}, {"mode", "phone"},
                                              {"participant_id", sanne}, {"purpose", "present_candidate"}});
  CHECK(Team::find(team.agenda("2026-03-02"), "v4_first_employer_contact") != std::nullopt);
  mustAdd(*team.t.store, "employer_contact", {{"contact_at", "2026-03-02T11:00"}, {"coach", "marieke"},
                                              {"employer_id", team.employer}, {"mode", "face_to_face"},
                                              {"participant_id", sanne}, {"purpose", "present_candidate"}});
  CHECK(Team::find(team.agenda("2026-03-02"), "v4_first_employer_contact") == std::nullopt);
}

TEST_CASE("V12 follow-along across the spring DST change: before, first days, weekly, monthly, done", "[query][agenda]") {
  Team team;
  const std::string p = team.participant("Mohammed");
  team.trajectory(p, "2026-01-12", "working");
  team.job(p, "2026-03-30");  // the Monday after the clocks go forward

  CHECK(Team::find(team.agenda("2026-03-20"), "v12_before_start") == std::nullopt);  // beyond the 7-day horizon
  const auto before = Team::find(team.agenda("2026-03-24"), "v12_before_start");
  REQUIRE(before != std::nullopt);
  CHECK(before->dueDate == "2026-03-29");
  CHECK(before->daysLeft == 5);
  team.support(p, "2026-03-25");
  CHECK(Team::find(team.agenda("2026-03-24"), "v12_before_start") == std::nullopt);

  const auto first = Team::find(team.agenda("2026-04-02"), "v12_first_days");
  REQUIRE(first != std::nullopt);
  CHECK(first->dueDate == "2026-04-02");
  CHECK(first->daysLeft == 0);
  CHECK(Team::find(team.agenda("2026-04-03"), "v12_first_days")->daysLeft == -1);

  team.support(p, "2026-03-31");
  const auto weekly = Team::find(team.agenda("2026-04-09"), "v12_weekly");
  REQUIRE(weekly != std::nullopt);
  CHECK(weekly->dueDate == "2026-04-07");
  CHECK(weekly->overdue());

  team.support(p, "2026-04-27", "phone");  // not face to face: does not count
  CHECK(Team::find(team.agenda("2026-04-28"), "v12_weekly") != std::nullopt);
  team.support(p, "2026-04-27");
  const auto monthly = Team::find(team.agenda("2026-05-25"), "v12_monthly");
  REQUIRE(monthly != std::nullopt);
  CHECK(monthly->dueDate == "2026-05-27");

  // After the first year the monthly rule is met: nothing is due any more.
  team.support(p, "2027-03-10");
  CHECK(Team::find(team.agenda("2027-04-09"), "v12_monthly") == std::nullopt);
}

TEST_CASE("V12: contact within 3 days of hearing of a job loss", "[query][agenda]") {
  Team team;
  const std::string p = team.participant("Lisa");
  team.trajectory(p, "2026-01-12", "working");
  const std::string j = team.job(p, "2026-01-20");
  REQUIRE(team.t.store->update(j, {{"end_date", "2026-03-10"}, {"end_heard_on", "2026-03-11"},
                                   {"end_reason", "contract_not_renewed"}}).ok());
  const auto loss = Team::find(team.agenda("2026-03-16"), "v12_job_loss");
  REQUIRE(loss != std::nullopt);
  CHECK(loss->dueDate == "2026-03-14");
  CHECK(loss->daysLeft == -2);
  CHECK(loss->recordId == j);
  team.support(p, "2026-03-16");
  CHECK(Team::find(team.agenda("2026-03-16"), "v12_job_loss") == std::nullopt);
}

TEST_CASE("V1: a job start without a benefits session is flagged until one is held", "[query][agenda]") {
  Team team;
  const std::string p = team.participant("Ahmed");
  team.trajectory(p, "2026-02-01");
  const std::string j = team.job(p, "2026-03-30");
  const auto missing = Team::find(team.agenda("2026-03-24"), "v1_benefits_before_start");
  REQUIRE(missing != std::nullopt);
  CHECK(missing->dueDate == "2026-03-30");
  CHECK(missing->daysLeft == 6);
  mustAdd(*team.t.store, "benefits_session", {{"participant_id", p}, {"session_on", "2026-03-26"}, {"job_id", j},
                                              {"before_start", true}});
  CHECK(Team::find(team.agenda("2026-03-24"), "v1_benefits_before_start") == std::nullopt);

  REQUIRE(team.t.store->update(j, {{"hours_per_week", 28}, {"terms_changed_on", "2026-06-01"}}).ok());
  const auto change = Team::find(team.agenda("2026-06-10"), "v1_benefits_after_change");
  REQUIRE(change != std::nullopt);
  CHECK(change->dueDate == "2026-06-15");
}

TEST_CASE("The agenda leaves out closed trajectories and can be narrowed to one coach", "[query][agenda]") {
  Team team;
  const std::string a = team.participant("Noor", "marieke");
  const std::string b = team.participant("Pieter", "youssef");
  team.trajectory(a, "2026-02-20");
  const std::string tb = team.trajectory(b, "2026-02-20");
  CHECK(team.agenda("2026-03-02").size() == 2);
  CHECK(team.agenda("2026-03-02", "youssef").size() == 1);
  REQUIRE(team.t.store->update(tb, {{"status", "closed"}, {"closed_on", "2026-03-01"}, {"closure_reason", "moved"}}).ok());
  auto items = team.agenda("2026-03-02");
  REQUIRE(items.size() == 1);
  CHECK(items[0].participantName == "Noor");
  CHECK(toJson(items[0])["rule"] == "v4_first_employer_contact");
}

TEST_CASE("Caseload: active means a contact in the last 4 weeks", "[query][caseload]") {
  Team team;
  const std::string a = team.participant("Anna", "marieke");
  const std::string b = team.participant("Bram", "marieke");
  const std::string c = team.participant("Cor", "youssef");
  team.trajectory(a, "2026-01-10");
  team.trajectory(b, "2026-01-10", "working");
  team.support(a, "2026-02-03");  // 27 days before 2026-03-02
  team.support(b, "2026-02-02");  // 28 days before
  auto caseload = team.t.store->caseload("2026-03-02");
  REQUIRE(caseload.ok());
  REQUIRE(caseload->size() == 3);
  CHECK((*caseload)[0].participantName == "Anna");
  CHECK((*caseload)[0].active);
  CHECK((*caseload)[0].lastContact == "2026-02-03");
  CHECK((*caseload)[1].participantName == "Bram");
  CHECK_FALSE((*caseload)[1].active);
  CHECK((*caseload)[1].trajectoryStatus == "working");
  CHECK((*caseload)[2].coach == "youssef");
  CHECK((*caseload)[2].lastContact.empty());
  CHECK_FALSE(team.t.store->caseload("2026-3-2").ok());
}

TEST_CASE("The 30-day clock stops while paused and once the participant has a job", "[query][agenda]") {
  Team team;
  const std::string p = team.participant("Pieter");
  const std::string t = team.trajectory(p, "2026-02-09");
  REQUIRE(Team::find(team.agenda("2026-03-02"), "v4_first_employer_contact").has_value());
  REQUIRE(team.t.store->update(t, {{"status", "paused"}}).ok());
  CHECK_FALSE(Team::find(team.agenda("2026-03-02"), "v4_first_employer_contact").has_value());
  REQUIRE(team.t.store->update(t, {{"status", "job_search"}}).ok());
  team.job(p, "2026-03-01");  // found work through his own network, without an employer contact by the coach
  CHECK_FALSE(Team::find(team.agenda("2026-03-02"), "v4_first_employer_contact").has_value());
}
