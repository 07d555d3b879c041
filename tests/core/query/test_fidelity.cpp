// IPS-25 fidelity (coach/figures.hpp): every computed item from hand-built stores with hand-computed scores,
// the band edges of DOMAIN.md, missing-data warnings, manual scores and the total's band.
#include <catch2/catch.hpp>

#include <algorithm>

#include "coach/figures.hpp"
#include "temp_profile.hpp"

using namespace coach;
using coach::test::mustAdd;
using nlohmann::json;

namespace {

struct Team {
  coach::test::TempProfile t;
  Store& s = *t.store;
  std::string bruin = mustAdd(s, "employer", {{"name", "Koffiebranderij Bruin"}});

  std::string employer(const std::string& name) { return mustAdd(s, "employer", {{"name", name}}); }
  std::string participant(const std::string& coach = "marieke", const std::string& team = "FACT Noord") {
    json f = {{"name", "Deelnemer"}, {"coach", coach}};
    if (!team.empty()) f["treatment_team"] = team;
    return mustAdd(s, "participant", f);
  }
  std::string trajectory(const std::string& p, const std::string& entry, json extra = json::object()) {
    json f = {{"participant_id", p}, {"referral_date", "2025-12-01"}, {"referral_source", "self"},
              {"status", "job_search"}};
    if (!entry.empty()) f["programme_entry_date"] = entry;
    f.update(extra);
    return mustAdd(s, "trajectory", f);
  }
  std::string contact(const std::string& at, const std::string& mode = "face_to_face", const std::string& p = "",
                      json extra = json::object()) {
    json f = {{"contact_at", at}, {"coach", "marieke"}, {"employer_id", bruin}, {"mode", mode},
              {"purpose", "present_candidate"}};
    if (!p.empty()) f["participant_id"] = p;
    f.update(extra);
    return mustAdd(s, "employer_contact", f);
  }
  std::string job(const std::string& p, const std::string& start, json extra = json::object()) {
    json f = {{"participant_id", p}, {"employer_id", bruin}, {"title", "barista"}, {"start_date", start},
              {"hours_per_week", 20}, {"hourly_wage", "15.00"}};
    f.update(extra);
    for (const auto& [k, v] : extra.items()) {
      if (v.is_null()) f.erase(k);
    }
    return mustAdd(s, "job", f);
  }
  std::string support(const std::string& p, const std::string& day, json extra = json::object()) {
    json f = {{"participant_id", p}, {"contact_on", day}, {"mode", "face_to_face"}, {"type", "on_site_coaching"}};
    f.update(extra);
    return mustAdd(s, "support_contact", f);
  }
  FidelityReport fidelity(const std::string& from, const std::string& to, std::map<std::string, double> fte = {{"marieke", 1.0}}) {
    FidelityOptions o;
    o.period = {from, to};
    o.coachFte = std::move(fte);
    auto r = computeFidelity(s, o);
    if (!r.ok()) FAIL(r.error().message);
    return std::move(r).value();
  }
};

FidelityItem item(const FidelityReport& r, const std::string& code) {  // a copy: reports are often temporaries
  auto it = std::find_if(r.items.begin(), r.items.end(), [&](const FidelityItem& i) { return i.code == code; });
  if (it == r.items.end()) FAIL("no item " << code);
  return *it;
}

bool mentions(const FidelityItem& i, const std::string& id) {
  return std::find(i.recordIds.begin(), i.recordIds.end(), id) != i.recordIds.end();
}

bool warned(const FidelityItem& i, const std::string& id) {
  return std::any_of(i.warnings.begin(), i.warnings.end(), [&](const FigureWarning& w) {
    return std::find(w.recordIds.begin(), w.recordIds.end(), id) != w.recordIds.end();
  });
}

}  // namespace

TEST_CASE("V4: exactly 30 days to the first face-to-face employer contact scores 5, 31 days scores 4", "[figures][fidelity]") {
  Team team;
  const std::string sanne = team.participant();
  const std::string traj = team.trajectory(sanne, "2026-02-09");
  team.contact("2026-02-19T10:00", "phone", sanne);  // a phone call does not stop the clock
  SECTION("30 days") {
    const std::string c = team.contact("2026-03-11T09:00", "face_to_face", sanne);
    const FidelityItem& v4 = item(team.fidelity("2026-03-01", "2026-03-31"), "v4");
    CHECK(v4.rawValue == Approx(30));
    CHECK(v4.score == 5);
    CHECK(mentions(v4, c));
    CHECK(mentions(v4, traj));
  }
  SECTION("31 days") {
    team.contact("2026-03-12T09:00", "face_to_face", sanne);
    const FidelityItem& v4 = item(team.fidelity("2026-03-01", "2026-03-31"), "v4");
    CHECK(v4.rawValue == Approx(31));
    CHECK(v4.score == 4);
  }
  SECTION("no contact yet after 40 days: counted with its days so far, and a warning") {
    const FidelityItem& v4 = item(team.fidelity("2026-02-01", "2026-03-21"), "v4");
    CHECK(v4.rawValue == Approx(40));
    CHECK(v4.score == 4);
    CHECK(warned(v4, traj));
  }
}

TEST_CASE("V6: a week with 6 contacts of which one by phone averages 5, the sixth visit makes the norm", "[figures][fidelity]") {
  Team team;
  for (const char* at : {"2026-03-02T09:00", "2026-03-03T09:00", "2026-03-04T09:00", "2026-03-05T09:00",
                         "2026-03-06T09:00"}) {
    team.contact(at);
  }
  team.contact("2026-03-06T14:00", "phone");
  const FidelityItem five = item(team.fidelity("2026-03-02", "2026-03-08"), "v6");
  CHECK(five.rawValue == Approx(5));
  CHECK(five.score == 4);
  CHECK(five.recordIds.size() == 5);
  team.contact("2026-03-06T15:00");  // a repeat visit to the same employer counts
  const FidelityItem six = item(team.fidelity("2026-03-02", "2026-03-08"), "v6");
  CHECK(six.rawValue == Approx(6));
  CHECK(six.score == 5);
}

TEST_CASE("V6: a contact at 23:50 on the nights the clocks change counts in its own ISO week", "[figures][fidelity]") {
  Team team;
  // Spring: Sunday 29 March 2026 is the last day of 2026-W13.
  for (const char* at : {"2026-03-23T09:00", "2026-03-24T09:00", "2026-03-25T09:00", "2026-03-26T09:00",
                         "2026-03-27T09:00", "2026-03-29T23:50"}) {
    team.contact(at);
  }
  CHECK(item(team.fidelity("2026-03-23", "2026-03-29"), "v6").rawValue == Approx(6));
  CHECK(item(team.fidelity("2026-03-30", "2026-04-05"), "v6").rawValue == Approx(0));
  // Autumn: Sunday 25 October 2026 (the clocks go back that night) is the last day of 2026-W43.
  team.contact("2026-10-25T23:50");
  CHECK(item(team.fidelity("2026-10-19", "2026-10-25"), "v6").rawValue == Approx(1));
  CHECK(item(team.fidelity("2026-10-26", "2026-11-01"), "v6").rawValue == Approx(0));
  // Only whole weeks count: two weeks from Wednesday to Wednesday hold one whole week.
  const FidelityItem partial = item(team.fidelity("2026-03-25", "2026-04-08"), "v6");
  CHECK(partial.rawFigure.find("in 1 whole ISO weeks") != std::string::npos);
  CHECK(partial.rawValue == Approx(0));
}

TEST_CASE("S1: a caseload of exactly 20 active participants scores 5, 21 scores 4", "[figures][fidelity]") {
  Team team;
  std::vector<std::string> ids;
  for (int i = 0; i < 21; ++i) {
    ids.push_back(team.participant());
    team.support(ids.back(), i < 20 ? "2026-03-10" : "2026-02-01");  // the 21st: no contact in the last 4 weeks
  }
  const FidelityItem twenty = item(team.fidelity("2026-01-01", "2026-03-31"), "s1");
  CHECK(twenty.rawValue == Approx(20));
  CHECK(twenty.score == 5);
  CHECK_FALSE(mentions(twenty, ids.back()));
  team.support(ids.back(), "2026-03-04");  // day 28 back from 31 March counts
  const FidelityItem twentyOne = item(team.fidelity("2026-01-01", "2026-03-31"), "s1");
  CHECK(twentyOne.rawValue == Approx(21));
  CHECK(twentyOne.score == 4);
  // Half-time, the same 21 are 42 per FTE.
  CHECK(item(team.fidelity("2026-01-01", "2026-03-31", {{"marieke", 0.5}}), "s1").score == 1);
  // A coach without an FTE counts as 1.0, with a warning.
  const FidelityItem unknownFte = item(team.fidelity("2026-01-01", "2026-03-31", {}), "s1");
  CHECK(unknownFte.score == 4);
  REQUIRE(unknownFte.warnings.size() == 1);
  CHECK(unknownFte.warnings[0].message.find("'marieke'") != std::string::npos);
}

TEST_CASE("O1: the share of the caseload from the coach's two treatment teams, a missing team warned", "[figures][fidelity]") {
  Team team;
  std::string noTeam;
  for (int i = 0; i < 10; ++i) {
    const std::string unit = i < 6 ? "FACT Noord" : i < 8 ? "FACT Zuid" : i < 9 ? "BW Oost" : "";
    const std::string p = team.participant("marieke", unit);
    if (unit.empty()) noTeam = p;
    team.support(p, "2026-03-20");
  }
  const FidelityItem o1 = item(team.fidelity("2026-01-01", "2026-03-31"), "o1");
  CHECK(o1.rawValue == Approx(80));  // 8 of 10 from Noord and Zuid
  CHECK(o1.score == 4);
  CHECK(warned(o1, noTeam));
}

TEST_CASE("V1: job starts and changes of terms with a benefits session", "[figures][fidelity]") {
  Team team;
  const std::string a = team.participant();
  const std::string b = team.participant();
  const std::string ja = team.job(a, "2026-02-01", {{"terms_changed_on", "2026-03-01"}});
  team.job(b, "2026-02-15");
  mustAdd(team.s, "benefits_session", {{"participant_id", a}, {"session_on", "2026-01-20"}, {"job_id", ja}});
  mustAdd(team.s, "benefits_session", {{"participant_id", b}, {"session_on", "2026-02-16"}});  // after the start
  mustAdd(team.s, "benefits_session", {{"participant_id", a}, {"session_on", "2026-03-10"}});  // after the change
  const FidelityItem v1 = item(team.fidelity("2026-01-01", "2026-03-31"), "v1");
  CHECK(v1.rawFigure.rfind("2 of 3", 0) == 0);
  CHECK(v1.score == 3);
}

TEST_CASE("V3: ended jobs followed by a new vocational profile version", "[figures][fidelity]") {
  Team team;
  const std::string a = team.participant();
  const std::string b = team.participant();
  const std::string ja = team.job(a, "2025-10-01", {{"end_date", "2026-02-01"}});
  team.job(b, "2025-10-01", {{"end_date", "2026-02-10"}});
  mustAdd(team.s, "vocational_profile", {{"participant_id", a}, {"version", 2}, {"profiled_on", "2026-02-20"},
                                         {"after_job_id", ja}});
  const FidelityItem v3 = item(team.fidelity("2026-01-01", "2026-03-31"), "v3");
  CHECK(v3.rawValue == Approx(50));
  CHECK(v3.score == 3);
}

TEST_CASE("V5: contacts matching preferences, an unanswered one counts as not matching and is warned", "[figures][fidelity]") {
  Team team;
  const std::string p = team.participant();
  for (int i = 0; i < 3; ++i) team.contact("2026-03-0" + std::to_string(i + 2) + "T10:00", "phone", p, {{"matches_preferences", true}});
  team.contact("2026-03-06T10:00", "face_to_face", p, {{"matches_preferences", false}});
  const std::string unknown = team.contact("2026-03-09T10:00", "face_to_face", p);
  team.contact("2026-03-09T11:00");  // generic: not about a participant, not counted
  const FidelityItem v5 = item(team.fidelity("2026-03-01", "2026-03-31"), "v5");
  CHECK(v5.rawValue == Approx(60));
  CHECK(v5.score == 3);
  CHECK(warned(v5, unknown));
}

TEST_CASE("V8, V9, V10: a job that ends and restarts, a reserved job next to a regular one", "[figures][fidelity]") {
  Team team;
  const std::string fietsen = team.employer("Fietsenmakerij");
  const std::string gemeente = team.employer("Groenvoorziening");
  const std::string a = team.participant();
  const std::string b = team.participant();
  team.job(a, "2026-01-05", {{"end_date", "2026-02-10"}, {"occupation_code", "5120"}});
  team.job(a, "2026-03-01", {{"occupation_code", "5120"}});  // the same job again
  const std::string reserved = team.job(b, "2026-01-12", {{"employer_id", gemeente}, {"occupation_code", "9214"},
                                                          {"reserved_for_target_group", true}});
  team.job(b, "2026-02-02", {{"employer_id", fietsen}, {"occupation_code", "7231"}});
  const FidelityReport r = team.fidelity("2026-01-01", "2026-03-31");
  CHECK(item(r, "v8").rawValue == Approx(75));  // 3 types in 4 starts
  CHECK(item(r, "v8").score == 4);
  CHECK(item(r, "v9").rawValue == Approx(75));  // 3 employers in 4 starts
  CHECK(item(r, "v9").score == 4);
  CHECK(item(r, "v10").rawValue == Approx(75));  // the reserved job is not competitive
  CHECK(item(r, "v10").score == 3);
  CHECK(mentions(item(r, "v10"), reserved));
}

TEST_CASE("V10: below the minimum wage of the start day is not competitive, a missing wage is warned", "[figures][fidelity]") {
  Team team;
  const std::string p = team.participant();
  team.job(p, "2025-12-15", {{"hourly_wage", "14.40"}});  // the 2025 second-half minimum: competitive
  team.job(p, "2026-01-15", {{"hourly_wage", "14.40"}});  // below 2026's 14.71
  const std::string noWage = team.job(p, "2026-01-20", {{"hourly_wage", nullptr}});
  const FidelityItem v10 = item(team.fidelity("2025-12-01", "2026-01-31"), "v10");
  CHECK(v10.rawFigure.rfind("1 of 3", 0) == 0);
  CHECK(v10.score == 1);
  CHECK(warned(v10, noWage));
}

TEST_CASE("V11 and V12: follow-along checkpoints met by face-to-face contacts", "[figures][fidelity]") {
  Team team;
  const std::string p = team.participant();
  const std::string j = team.job(p, "2026-01-12");
  for (const char* day : {"2026-01-08", "2026-01-13", "2026-01-20", "2026-01-27", "2026-02-03"}) team.support(p, day);
  SECTION("all seven checkpoints due by 11 March met") {
    team.support(p, "2026-02-20", {{"job_id", j}});
    const FidelityReport r = team.fidelity("2026-01-01", "2026-03-11");
    CHECK(item(r, "v12").rawFigure.rfind("7 of 7", 0) == 0);
    CHECK(item(r, "v12").score == 5);
    CHECK(item(r, "v11").score == 5);
  }
  SECTION("the second month's contact by phone does not count") {
    team.support(p, "2026-02-20", {{"mode", "phone"}});
    const FidelityItem v12 = item(team.fidelity("2026-01-01", "2026-03-11"), "v12");
    CHECK(v12.rawFigure.rfind("6 of 7", 0) == 0);
    CHECK(v12.score == 4);
  }
  SECTION("a month in hospital excuses the checkpoint inside the pause") {
    mustAdd(team.s, "pause", {{"participant_id", p}, {"start_on", "2026-02-10"}, {"end_on", "2026-03-20"},
                              {"reason", "hospital_admission"}});
    CHECK(item(team.fidelity("2026-01-01", "2026-03-11"), "v12").rawFigure.rfind("6 of 6", 0) == 0);
  }
}

TEST_CASE("V13: the share of contact minutes in the community, a contact without duration is warned", "[figures][fidelity]") {
  Team team;
  const std::string p = team.participant();
  team.contact("2026-03-02T10:00", "face_to_face", p, {{"duration_minutes", 60}});
  team.support(p, "2026-03-03", {{"place", "workplace"}, {"duration_minutes", 30}});
  team.support(p, "2026-03-04", {{"mode", "phone"}, {"duration_minutes", 30}});
  team.support(p, "2026-03-05", {{"place", "elsewhere"}, {"duration_minutes", 30}});
  const std::string noDuration = team.support(p, "2026-03-06", {{"place", "workplace"}});
  const FidelityItem v13 = item(team.fidelity("2026-03-01", "2026-03-31"), "v13");
  CHECK(v13.rawValue == Approx(60));  // 90 of 150 minutes
  CHECK(v13.score == 4);
  CHECK(warned(v13, noDuration));
}

TEST_CASE("Story 6: manual scores fill the judgement items and the total falls in its band", "[figures][fidelity]") {
  Team team;
  auto score = [&](const std::string& code, int value, const std::string& from = "2026-01-01") {
    return mustAdd(team.s, "fidelity_score", {{"item", code}, {"period_start", from}, {"period_end", "2026-12-31"},
                                              {"score", value}, {"scored_on", "2027-01-10"}, {"coach", "lead"},
                                              {"rationale", "besproken in het team"}});
  };
  const std::vector<std::string> codes{"s1", "s2", "s3", "o1", "o2", "o3", "o4", "o5", "o6", "o7", "o8", "v1", "v2",
                                       "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10", "v11", "v12", "v13", "v14"};
  // An empty store: no computed item has data, so each needs the team lead's score.
  const FidelityReport none = team.fidelity("2026-01-01", "2026-12-31", {});
  CHECK(none.items.size() == 25);
  CHECK(none.scoredItems == 0);
  CHECK(none.minTotal == 25);
  CHECK(none.maxTotal == 125);
  CHECK(none.band == "incomplete");
  for (std::size_t i = 0; i < 20; ++i) score(codes[i], 4);
  const FidelityReport twenty = team.fidelity("2026-01-01", "2026-12-31", {});
  CHECK(twenty.total == 80);
  CHECK(twenty.band == "incomplete");  // 85 (fair) to 105 (good)
  for (std::size_t i = 20; i < 25; ++i) score(codes[i], 4);
  const FidelityReport all = team.fidelity("2026-01-01", "2026-12-31", {});
  CHECK(all.complete());
  CHECK(all.total == 100);
  CHECK(all.band == "good");
  const std::string o7 = score("o7", 3);  // a newer score replaces the older one
  const FidelityReport lower = team.fidelity("2026-01-01", "2026-12-31", {});
  CHECK(lower.total == 99);
  CHECK(lower.band == "fair");
  CHECK(item(lower, "o7").manualScoreId == o7);
  // A score for another review period does not count.
  CHECK(team.fidelity("2025-01-01", "2025-12-31", {}).scoredItems == 0);
}

TEST_CASE("A computed score stands beside a manual one, and the evidence lists the records", "[figures][fidelity]") {
  Team team;
  const std::string p = team.participant();
  team.trajectory(p, "2026-02-09");
  team.contact("2026-03-11T09:00", "face_to_face", p);
  mustAdd(team.s, "fidelity_score", {{"item", "v4"}, {"period_start", "2026-03-01"}, {"period_end", "2026-03-31"},
                                     {"score", 2}, {"scored_on", "2026-04-02"}});
  const std::string meeting = mustAdd(team.s, "meeting", {{"meeting_on", "2026-03-04"}, {"type", "agency_consultation"}});
  const FidelityReport r = team.fidelity("2026-03-01", "2026-03-31");
  CHECK(item(r, "v4").score == 5);
  CHECK(item(r, "v4").manualScoreId.empty());
  CHECK(mentions(item(r, "o3"), meeting));
  CHECK_FALSE(item(r, "o3").score.has_value());
  const json j = toJson(r);
  CHECK(j["items"].size() == 25);
  CHECK(j["items"][14]["code"] == "v4");
  CHECK(j["items"][14]["score"] == 5);
}

TEST_CASE("A malformed period or FTE is refused with what to pass", "[figures][fidelity]") {
  Team team;
  FidelityOptions o;
  o.period = {"2026-03-31", "2026-03-01"};
  auto r = computeFidelity(team.s, o);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == ErrorCode::InvalidArgument);
  CHECK(r.error().message.find("YYYY-MM-DD") != std::string::npos);
  o.period = {"2026-03-01", "2026-03-31"};
  o.coachFte = {{"marieke", 0}};
  CHECK(computeFidelity(team.s, o).error().code == ErrorCode::InvalidArgument);
  team.s.lock();
  o.coachFte.clear();
  CHECK(computeFidelity(team.s, o).error().code == ErrorCode::Locked);
}
