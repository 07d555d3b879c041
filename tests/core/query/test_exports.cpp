// Anonymised exports (coach/figures.hpp): nothing identifying leaves (a store full of marker strings), small
// cells and the cells that would reveal them are suppressed, and only consenting participants are counted.
#include <catch2/catch.hpp>

#include <random>
#include <regex>

#include "coach/figures.hpp"
#include "query/exports_table.hpp"
#include "temp_profile.hpp"

using namespace coach;
using coach::test::mustAdd;
using nlohmann::json;

namespace {

struct ExportTeam {
  coach::test::TempProfile t;
  Store& s = *t.store;
  std::string employer = mustAdd(s, "employer", {{"name", "MARKER-EMPLOYER Bruin"}, {"city", "MARKER-CITY"},
                                                 {"note", "MARKER-EMPLOYER-NOTE"}});

  // A participant of `municipality` in a trajectory running in 2026-Q1, with a consent for `recipient`.
  std::string member(int n, const std::string& municipality = "Utrecht", const std::string& recipient = "municipality",
                     json scope = json::array({"participation", "work_status"}), json consentExtra = json::object()) {
    const std::string tag = "MARKER-" + std::to_string(n);
    const std::string p = mustAdd(s, "participant", {{"name", tag + "-NAME Jansen"}, {"birth_date", "1987-06-15"},
                                                     {"phone", "0612345678"}, {"email", "marker@example.org"},
                                                     {"municipality", municipality}, {"treatment_team", tag + "-TEAM"},
                                                     {"coach", "marieke"}, {"note", tag + "-NOTE"}});
    mustAdd(s, "trajectory", {{"participant_id", p}, {"referral_date", "2025-12-01"}, {"referral_source", "self"},
                              {"programme_entry_date", "2025-12-08"}, {"status", "job_search"},
                              {"work_status_at_referral", "unemployed"}, {"funding_route", "municipal_via_uwv"},
                              {"planned_duration_months", "24"}});
    if (!recipient.empty()) {
      json consent = {{"participant_id", p}, {"recipient", recipient}, {"scope", scope}, {"given_on", "2026-01-02"},
                      {"scope_note", tag + "-CONSENT-NOTE"}};
      consent.update(consentExtra);
      mustAdd(s, "consent", consent);
    }
    return p;
  }
  std::string job(const std::string& p, const std::string& start, json extra = json::object()) {
    json f = {{"participant_id", p}, {"employer_id", employer}, {"title", "MARKER-TITLE"}, {"start_date", start},
              {"hours_per_week", 20}, {"hourly_wage", "15.00"}, {"accommodations", "MARKER-ACCOMMODATIONS"}};
    f.update(extra);
    return mustAdd(s, "job", f);
  }
  ExportFile exportFor(ExportKind kind, const std::string& recipient = "") {
    ExportOptions o;
    o.kind = kind;
    o.quarter = "2026-Q1";
    o.municipality = "Utrecht";
    o.consentRecipient = recipient;
    o.today = "2026-04-10";
    auto file = buildExport(s, o);
    if (!file.ok()) FAIL(file.error().message);
    return std::move(file).value();
  }
};

std::optional<std::int64_t> cell(const ExportFile& f, const std::string& measure, const std::string& category) {
  for (const ExportCell& c : f.cells) {
    if (c.measure == measure && c.category == category) return c.value;
  }
  FAIL("no cell " << measure << "," << category);
  return std::nullopt;
}

}  // namespace

TEST_CASE("No export carries a name, birth date, employer, free text, exact date or record id", "[figures][exports]") {
  ExportTeam team;
  std::vector<std::string> ids{team.employer};
  for (int i = 0; i < 7; ++i) {
    const std::string p = team.member(i);
    ids.push_back(p);
    ids.push_back(team.job(p, "2026-02-17", i < 6 ? json::object() : json{{"end_date", "2026-03-13"}, {"end_reason", "health"}}));
    ids.push_back(mustAdd(team.s, "support_contact", {{"participant_id", p}, {"contact_on", "2026-02-19"},
                                                      {"mode", "face_to_face"}, {"type", "first_days"},
                                                      {"note", "MARKER-SUPPORT-NOTE"}}));
    ids.push_back(mustAdd(team.s, "benefits_session", {{"participant_id", p}, {"session_on", "2026-02-03"},
                                                       {"counsellor", "MARKER-COUNSELLOR"}, {"note", "MARKER-BENEFITS"}}));
    ids.push_back(mustAdd(team.s, "employer_contact", {{"contact_at", "2026-01-21T10:35"}, {"coach", "marieke"},
                                                       {"employer_id", team.employer}, {"mode", "face_to_face"},
                                                       {"participant_id", p}, {"purpose", "present_candidate"},
                                                       {"note", "MARKER-CONTACT-NOTE"}}));
  }
  const std::string closed = team.member(7);
  REQUIRE(team.s.update(mustAdd(team.s, "trajectory", {{"participant_id", closed}, {"referral_date", "2025-01-06"},
                                                      {"referral_source", "uwv"}, {"status", "closed"},
                                                      {"closed_on", "2026-03-04"}, {"closure_reason", "moved"},
                                                      {"closure_note", "MARKER-CLOSURE"}}),
                        {{"programme_entry_date", "2025-01-13"}}).ok());

  const std::vector<std::string> markers{"MARKER", "Jansen", "Bruin", "1987", "0612345678", "example.org",
                                         "2026-02-17", "2026-01-21", "10:35", "2026-03-13", "2026-03-04", "2026-04-10"};
  const std::regex exactDate(R"(\d{4}-\d{2}-\d{2})");
  for (ExportFile f : {team.exportFor(ExportKind::MunicipalityQuarterly),
                       team.exportFor(ExportKind::Werkmonitor, "municipality")}) {
    INFO(f.fileName);
    CHECK(f.participantsIncluded == 8);
    const std::string all = f.csv + toJson(f).dump();
    for (const std::string& m : markers) {
      INFO(m);
      CHECK(all.find(m) == std::string::npos);
    }
    for (const std::string& id : ids) CHECK(all.find(id) == std::string::npos);
    CHECK_FALSE(std::regex_search(f.csv, exactDate));
    CHECK(f.csv.rfind("period,scope,measure,category,value\r\n", 0) == 0);
  }
  const ExportFile m = team.exportFor(ExportKind::MunicipalityQuarterly);
  CHECK(m.fileName == "municipality-utrecht-2026-Q1.csv");
  CHECK(cell(m, "participants_served", "total") == 8);
  CHECK(cell(m, "job_starts", "total") == 7);
  CHECK(m.csv.find("2026-Q1,utrecht,job_starts,total,7\r\n") != std::string::npos);
  // One job ended, for health reasons: a count under 5, and health information the consent does not cover.
  CHECK(cell(m, "jobs_ended", "total") == std::nullopt);
  CHECK(cell(m, "jobs_ended", "health") == std::nullopt);
}

TEST_CASE("Every count under 5 is hidden, and so is a second cell wherever one hidden cell could be recomputed", "[figures][exports]") {
  using figures::ExportTable;
  SECTION("one small part: the smallest other part goes too") {
    ExportTable t;
    t.partition("jobs_ended", {{"quit", 12}, {"health", 3}, {"moved", 9}}, {"quit", "health", "moved"});
    t.suppress();
    const auto cells = t.cells();
    CHECK(cells[0].value == 24);
    CHECK(cells[1].value == 12);
    CHECK(cells[2].suppression == Suppression::SmallCount);
    CHECK(cells[3].suppression == Suppression::Complementary);
    CHECK(t.csv("2026-Q1", "team").find("jobs_ended,moved,x\r\n") != std::string::npos);
  }
  SECTION("hidden zeros beside a visible total would be known to be 0: a visible part is hidden too") {
    ExportTable t;
    t.partition("jobs_ended", {{"quit", 12}, {"health", 0}, {"moved", 0}}, {"quit", "health", "moved"});
    t.suppress();
    const auto cells = t.cells();
    CHECK(cells[0].value == 12);
    CHECK(cells[1].suppression == Suppression::Complementary);
  }
  SECTION("a hidden part of one sum that is the total of another sum") {
    ExportTable t;
    const std::size_t served = t.partition("served", {{"a", 27}, {"b", 3}}, {"a", "b"});
    t.partition("paid", {{"yes", 20}, {"no", 10}}, {"yes", "no"}, served);
    const std::size_t a = 1;
    t.partition("a_split", {{"x", 20}, {"y", 7}}, {"x", "y"}, a);
    t.suppress();
    const auto cells = t.cells();
    CHECK(cells[a].suppression == Suppression::Complementary);  // served,a: 30 - b would give it away
    CHECK(cells[5].value == 20);                                 // a_split,x visible ...
    CHECK(cells[6].suppression == Suppression::Complementary);  // ... so a_split,y must go: a = x + y
    CHECK(cells[3].value == 20);                                 // paid is untouched
  }
}

TEST_CASE("Suppression property: in random nested tables no hidden cell is recoverable from its sums", "[figures][exports]") {
  std::mt19937 rng(20260402);
  std::uniform_int_distribution<std::int64_t> value(0, 14);
  for (int round = 0; round < 300; ++round) {
    figures::ExportTable t;
    std::map<std::string, std::int64_t> top;
    for (const char* c : {"a", "b", "c", "d"}) top[c] = value(rng);
    std::map<std::string, std::int64_t> nested{{"x", value(rng)}, {"y", 0}, {"z", value(rng)}};
    nested["x"] = std::min(nested["x"], top["a"]);
    nested["z"] = std::min(nested["z"], top["a"] - nested["x"]);
    nested["y"] = top["a"] - nested["x"] - nested["z"];
    t.partition("m", top, {"a", "b", "c", "d"});  // cells 0 (total), 1-4
    t.partition("n", nested, {"x", "y", "z"}, 1);  // cells 5-7, summing to cell 1
    t.suppress();
    const auto cells = t.cells();
    for (const ExportCell& c : cells) {
      if (c.value) CHECK(*c.value >= kSmallestShownCount);
    }
    for (const std::vector<std::size_t>& group : {std::vector<std::size_t>{0, 1, 2, 3, 4}, std::vector<std::size_t>{1, 5, 6, 7}}) {
      std::size_t hidden = 0;
      std::int64_t visibleParts = 0;
      for (std::size_t i : group) hidden += cells[i].value ? 0u : 1u;
      for (std::size_t k = 1; k < group.size(); ++k) visibleParts += cells[group[k]].value.value_or(0);
      INFO("round " << round);
      CHECK(hidden != 1);
      if (hidden > 0 && cells[group[0]].value) CHECK(*cells[group[0]].value - visibleParts > 0);
    }
  }
}

TEST_CASE("An export counts only participants whose consent covers the recipient on the day", "[figures][exports]") {
  ExportTeam team;
  for (int i = 0; i < 5; ++i) team.member(i);
  team.member(5, "Utrecht", "municipality", json::array({"participation", "work_status"}), {{"withdrawn_on", "2026-02-01"}});
  const std::string uwvOnly = team.member(6, "Utrecht", "uwv");
  team.member(7, "Utrecht", "municipality", json::array({"participation"}));  // not work status
  team.member(8, "Amersfoort");                                              // another municipality
  team.member(9, "Utrecht", "municipality", json::array({"participation", "work_status"}), {{"given_on", "2026-04-11"}});
  ExportFile f = team.exportFor(ExportKind::MunicipalityQuarterly);
  CHECK(f.participantsIncluded == 5);
  CHECK(f.participantsWithoutConsent == 4);
  CHECK(cell(f, "participants_served", "total") == 5);
  REQUIRE_FALSE(f.warnings.empty());
  CHECK(f.warnings[0].recordIds.empty());

  mustAdd(team.s, "consent", {{"participant_id", uwvOnly}, {"recipient", "municipality"},
                              {"scope", {"participation", "work_status"}}, {"given_on", "2026-03-01"}});
  f = team.exportFor(ExportKind::MunicipalityQuarterly);
  CHECK(cell(f, "participants_served", "total") == 6);
  // The Werkmonitor counts the team across municipalities, on the recipient the organisation names.
  CHECK(cell(team.exportFor(ExportKind::Werkmonitor, "uwv"), "participants_served", "total") == std::nullopt);  // 1
  CHECK(cell(team.exportFor(ExportKind::Werkmonitor, "municipality"), "participants_served", "total") == 7);
}

TEST_CASE("A health end reason is shown only where consent covers health information", "[figures][exports]") {
  ExportTeam team;
  const json withHealth = json::array({"participation", "work_status", "health_information"});
  for (int i = 0; i < 16; ++i) {
    const std::string p = i < 5 ? team.member(i, "Utrecht", "municipality", withHealth) : team.member(i);
    team.job(p, "2025-11-03", {{"end_date", "2026-02-27"}, {"end_reason", i < 11 ? "health" : "quit"}});
  }
  const ExportFile f = team.exportFor(ExportKind::MunicipalityQuarterly);
  CHECK(cell(f, "jobs_ended", "total") == 16);
  CHECK(cell(f, "jobs_ended", "health") == 5);
  CHECK(cell(f, "jobs_ended", "other") == 6);  // health reasons without consent for health information
  // The zero cells are hidden, and with them the smallest count, so none of them is known to be 0.
  CHECK(cell(f, "jobs_ended", "quit") == std::nullopt);
  CHECK(cell(f, "jobs_ended", "moved") == std::nullopt);
}

TEST_CASE("Story 8: trajectories that ended before their planned duration are counted for the municipality", "[figures][exports]") {
  ExportTeam team;
  for (int i = 0; i < 11; ++i) {
    const std::string p = team.member(i);
    const auto t = team.s.list("trajectory", {{"participant_id", p}});
    REQUIRE(t.ok());
    json close = {{"status", "closed"}, {"closed_on", "2026-03-02"}, {"closure_reason", i < 6 ? "moved" : "stable_work"}};
    if (i >= 6) {  // 24 months ran out in June 2025
      close["referral_date"] = "2023-05-01";
      close["programme_entry_date"] = "2023-06-01";
    }
    REQUIRE(team.s.update(t->front()["id"].get<std::string>(), close).ok());
  }
  const ExportFile f = team.exportFor(ExportKind::MunicipalityQuarterly);
  CHECK(cell(f, "trajectories_ended", "total") == 11);
  CHECK(cell(f, "trajectories_ended", "moved") == 6);
  CHECK(cell(f, "trajectories_ended_timing", "before_planned_end") == 6);
  CHECK(cell(f, "trajectories_ended_timing", "at_or_after_planned_end") == std::nullopt);  // beside a hidden 0
}

TEST_CASE("A malformed export request is refused with what to pass", "[figures][exports]") {
  ExportTeam team;
  ExportOptions o;
  o.kind = ExportKind::Werkmonitor;
  o.quarter = "2026-Q1";
  auto noRecipient = buildExport(team.s, o);
  REQUIRE_FALSE(noRecipient.ok());
  CHECK(noRecipient.error().message.find("consent recipient") != std::string::npos);
  o.consentRecipient = "phrenos";
  CHECK(buildExport(team.s, o).error().code == ErrorCode::InvalidArgument);
  o.kind = ExportKind::MunicipalityQuarterly;
  o.consentRecipient.clear();
  CHECK(buildExport(team.s, o).error().message.find("municipality") != std::string::npos);
  o.municipality = "Utrecht";
  o.quarter = "Q1 2026";
  CHECK(buildExport(team.s, o).error().message.find("YYYY-Qn") != std::string::npos);
}
