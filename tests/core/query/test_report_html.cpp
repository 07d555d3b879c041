// The team lead's report pages as HTML (coach/report.hpp): self-contained (no script, nothing loaded from
// elsewhere), every string escaped, no participant data or record id, and the figures in their places.
// tests/cli/test_cli_report_render.cpp renders the pages in headless Chromium.
#include <regex>

#include <catch2/catch.hpp>

#include "coach/report.hpp"
#include "temp_profile.hpp"

using namespace coach;
using coach::test::mustAdd;

namespace {

struct PageTeam {
  coach::test::TempProfile t{"lead"};
  Store& s = *t.store;
  std::vector<std::string> ids;

  PageTeam() {
    const std::string bruin = add("employer", {{"name", "MARKER-EMPLOYER"}, {"note", "MARKER-NOTE"}});
    for (int i = 0; i < 4; ++i) {
      const std::string p =
          add("participant", {{"name", "<b>MARKER-NAME</b>"}, {"coach", "o'neil <&>"}, {"municipality", "Utrecht"}});
      add("trajectory", {{"participant_id", p},
                         {"referral_date", "2025-11-03"},
                         {"referral_source", "self"},
                         {"programme_entry_date", "2025-11-10"},
                         {"status", "job_search"},
                         {"work_status_at_referral", "unemployed"}});
      add("employer_contact", {{"contact_at", "2026-01-0" + std::to_string(5 + i) + "T10:00"},
                               {"coach", "o'neil <&>"},
                               {"employer_id", bruin},
                               {"participant_id", p},
                               {"mode", "face_to_face"},
                               {"purpose", "present_candidate"},
                               {"note", "MARKER-NOTE"}});
      if (i < 2) {  // two of four served have a paid job in 2026-Q1: 50%
        add("job", {{"participant_id", p},
                    {"employer_id", bruin},
                    {"title", "MARKER-TITLE"},
                    {"start_date", "2026-02-0" + std::to_string(2 + i)},
                    {"hours_per_week", 20},
                    {"hourly_wage", "15.00"}});
      }
    }
    add("fidelity_score", {{"item", "v7"},
                           {"period_start", "2026-01-01"},
                           {"period_end", "2026-03-31"},
                           {"score", 4},
                           {"scored_on", "2026-04-01"},
                           {"rationale", "MARKER-RATIONALE"}});
  }
  std::string add(const std::string& kind, const nlohmann::json& fields) {
    ids.push_back(mustAdd(s, kind, fields));
    return ids.back();
  }
  std::string fidelityPage(ReportLanguage lang) {
    FidelityOptions o;
    o.period = {"2026-01-01", "2026-03-31"};
    auto report = computeFidelity(s, o);
    REQUIRE(report.ok());
    auto weeks =
        computeWeeklyContacts(s, {.period = o.period, .span = WeekSpan::WholeWeeks, .coach = "", .coachFte = {}});
    REQUIRE(weeks.ok());
    return fidelityReportHtml(*report, *weeks, {lang, "2026-04-02 09:15"});
  }
  std::string outcomesPage(ReportLanguage lang) {
    auto period = computeOutcomes(s, {{"2026-01-01", "2026-03-31"}, 13});
    auto quarters = computeOutcomesPerQuarter(s, "2025-Q3", "2026-Q1");
    REQUIRE(period.ok());
    REQUIRE(quarters.ok());
    return outcomesReportHtml(*period, *quarters, {lang, ""});
  }
};

// `showsCoaches`: the page names the coaches (the fidelity page's weekly charts do; the outcomes page has none).
void checkSelfContainedAndClean(const std::string& html, const std::vector<std::string>& ids, bool showsCoaches) {
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK_THAT(html, Catch::Contains("Content-Security-Policy") && Catch::Contains("default-src 'none'"));
  for (const char* forbidden :
       {"<script", "http://", "https://", "@import", "url(", "<link", "<img", "MARKER", "<b>"}) {
    INFO(forbidden);
    CHECK(html.find(forbidden) == std::string::npos);
  }
  for (const std::string& id : ids) CHECK(html.find(id) == std::string::npos);
  CHECK(html.find("o'neil <&>") == std::string::npos);                              // the handle only escaped ...
  if (showsCoaches) CHECK_THAT(html, Catch::Contains("o&#39;neil &lt;&amp;&gt;"));  // ... and it is there
}

}  // namespace

TEST_CASE("htmlEscape replaces markup characters and drops control characters", "[report][html]") {
  CHECK(htmlEscape("<a href=\"x\">O'Brien & Zn</a>") == "&lt;a href=&quot;x&quot;&gt;O&#39;Brien &amp; Zn&lt;/a&gt;");
  CHECK(htmlEscape(std::string("a\x01\x1b"
                               "b\tc\nd\x7f",
                               9)) == "ab\tc\nd");
  CHECK(htmlEscape("Zoë – ✓") == "Zoë – ✓");
}

TEST_CASE("The fidelity page: 25 bars on the 1-5 scale, manual told apart, no participant data", "[report][html]") {
  PageTeam team;
  for (ReportLanguage lang : {ReportLanguage::Dutch, ReportLanguage::English}) {
    const std::string html = team.fidelityPage(lang);
    checkSelfContainedAndClean(html, team.ids, true);
    // One item label per row of the chart, S1 to V14, and the manual score's colour on V7's bar.
    for (const char* code : {">S1<", ">O8<", ">V7<", ">V14<"}) CHECK_THAT(html, Catch::Contains(code));
    CHECK_THAT(html, Catch::Contains("fill=\"#dd6b20\""));
    CHECK_THAT(html, Catch::Contains("stroke-dasharray=\"4 3\""));  // unscored items
    CHECK_THAT(html, Catch::Contains("stroke-dasharray=\"5 3\""));  // V6's norm line
    CHECK_THAT(html, Catch::Contains(lang == ReportLanguage::Dutch ? "Jobhunting: frequent werkgeverscontact"
                                                                   : "Job development: frequent employer contact"));
  }
  CHECK_THAT(team.fidelityPage(ReportLanguage::Dutch),
             Catch::Contains("lang=\"nl\"") && Catch::Contains("gemaakt op 2026-04-02 09:15"));
}

TEST_CASE("The outcomes page: the employment rate per quarter with its denominator", "[report][html]") {
  PageTeam team;
  const std::string nl = team.outcomesPage(ReportLanguage::Dutch);
  checkSelfContainedAndClean(nl, team.ids, false);
  // 2026-Q1: 2 of 4 served had a paid job; 2025-Q4: none of 4.
  CHECK_THAT(nl, Catch::Contains(">50,0%<") && Catch::Contains(">0,0%<"));
  CHECK_THAT(nl, Catch::Contains(">n=4<"));
  const std::string en = team.outcomesPage(ReportLanguage::English);
  CHECK_THAT(en, Catch::Contains(">50.0%<") && Catch::Contains("participants served"));
  // One bar per quarter with participants served (Q3 2025 had none: a dash instead of a bar).
  const std::regex bar("<rect [^>]*fill=\"#2b6cb0\" rx=\"2\"/>");
  CHECK(std::distance(std::sregex_iterator(en.begin(), en.end(), bar), std::sregex_iterator()) == 2);
}

TEST_CASE("A page's data from one read of the store equals the figures computed one by one", "[report][html]") {
  PageTeam team;
  FidelityOptions o;
  o.period = {"2026-01-01", "2026-03-31"};
  auto page = computeFidelityPage(team.s, o);
  REQUIRE(page.ok());
  CHECK(toJson(page->report) == toJson(computeFidelity(team.s, o).value()));
  const WeeklyOptions whole{.period = o.period, .span = WeekSpan::WholeWeeks, .coach = "", .coachFte = {}};
  CHECK(toJson(page->weeks) == toJson(computeWeeklyContacts(team.s, whole).value()));
  auto outcomes = computeOutcomesPage(team.s, {o.period, 13}, "2025-Q3", "2026-Q1");
  REQUIRE(outcomes.ok());
  CHECK(toJson(outcomes->period) == toJson(computeOutcomes(team.s, {o.period, 13}).value()));
  const auto quarters = computeOutcomesPerQuarter(team.s, "2025-Q3", "2026-Q1").value();
  REQUIRE(outcomes->quarters.size() == 3);
  for (std::size_t i = 0; i < quarters.size(); ++i) CHECK(toJson(outcomes->quarters[i]) == toJson(quarters[i]));
  CHECK_FALSE(computeOutcomesPage(team.s, {o.period, 13}, "2026-Q1", "2025-Q3").ok());
  o.period = {"2026-03-31", "2026-01-01"};
  CHECK_FALSE(computeFidelityPage(team.s, o).ok());
}
