// The team lead's commands with the real `coach` binary on fixed data, figures computed by hand (docs/cli.md,
// "Reports"): the weekly view and its review mark (contacts typed the way a coach types them, one at 23:50 on
// the night the clocks change), outcomes at a quarter's edge, a manual score entered and counted, an export
// file, and every malformed period, quarter, week, FTE and score refused with the form to type. The figures'
// own rules are tested in tests/core/query; these tests cover what the command line adds.
#include <algorithm>
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "cli_run.hpp"
#include "report_world.hpp"

using coach::test::CliDevice;
using coach::test::CliResult;
using coach::test::ReportWorld;
using coach::test::TempDir;
using nlohmann::json;

namespace {

std::map<std::string, std::string> fixedNow() {
  return {{"COACH_TEST_NOW", "2026-04-02T09:15"}};
}

const json& cellOf(const json& weeks, const std::string& coach, const std::string& week) {
  for (const json& c : weeks["cells"]) {
    if (c["coach"] == coach && c["week"] == week) return c;
  }
  FAIL("no cell " << coach << " " << week << " in " << weeks.dump());
  static const json kNone;
  return kNone;
}

CliResult mustFail(const CliDevice& d, const std::vector<std::string>& args, int exit) {
  CliResult r = d.run(args);
  INFO("coach " << CliDevice::joined(args) << "\nstdout: " << r.out << "\nstderr: " << r.err);
  CHECK(r.exit == exit);
  return r;
}

}  // namespace

TEST_CASE("coach report weeks counts face-to-face visits per ISO week and marks weeks reviewed", "[cli][report]") {
  CliDevice lead(fixedNow());
  std::string bruin;
  {
    ReportWorld world(lead.home());
    bruin = coach::test::mustAdd(world.store(), "employer", {{"name", "Koffiebranderij Bruin"}});
  }
  auto contact = [&](const std::string& at, const std::string& mode, const std::string& coach = "") {
    std::vector<std::string> args{"contact",   "--employer",       bruin, "--at", at, "--mode", mode,
                                  "--purpose", "introduce_service"};
    if (!coach.empty()) args.insert(args.end(), {"--coach", coach});
    lead.must(args);
  };
  // 2026-W10 (2 to 8 March): five visits and a phone call by the lead, one visit by youssef.
  for (const char* at :
       {"02-03-2026 09:00", "03-03-2026 9:30", "04-03-2026 14.00", "05-03-2026 10:00", "06-03-2026 11:00"}) {
    contact(at, "face_to_face");
  }
  contact("06-03-2026 15:00", "phone");
  contact("2026-03-04 10:00", "face_to_face", "youssef");
  // The clocks go forward in the night of 28 to 29 March: 23:50 on Sunday the 29th is still 2026-W13.
  contact("29-03-2026 23:50", "face_to_face");
  contact("30-03-2026 00:10", "face_to_face");

  const json weeks = lead.must({"report", "weeks", "--from", "02-03-2026", "--to", "05-04-2026"});
  CHECK(weeks["weeks"] == json({"2026-W10", "2026-W11", "2026-W12", "2026-W13", "2026-W14"}));
  CHECK(weeks["coaches"] == json({"lead", "youssef"}));
  CHECK(cellOf(weeks, "lead", "2026-W10")["face_to_face"] == 5);
  CHECK(cellOf(weeks, "lead", "2026-W10")["other_modes"] == 1);
  CHECK(cellOf(weeks, "youssef", "2026-W10")["face_to_face"] == 1);
  CHECK(cellOf(weeks, "lead", "2026-W13")["face_to_face"] == 1);
  CHECK(cellOf(weeks, "lead", "2026-W14")["face_to_face"] == 1);
  CHECK(cellOf(weeks, "lead", "2026-W10")["reviewed"] == false);

  const json marked = lead.must({"report", "weeks", "--review", "2026-w10"});
  CHECK(marked["week"] == "2026-W10");
  CHECK(marked["marked"] == json({"lead", "youssef"}));
  const json again = lead.must({"report", "weeks", "--review", "2026-W10", "--coach", "youssef"});
  CHECK(again["marked"].empty());
  REQUIRE(again["already_reviewed"].size() == 1);
  CHECK(again["already_reviewed"][0]["reviewer"] == "lead");

  CliResult table = lead.run({"report", "weeks", "--from", "02-03-2026", "--to", "08-03-2026", "--lang", "en"});
  INFO(table.out);
  CHECK(table.exit == 0);
  CHECK_THAT(table.out,
             Catch::Contains("2026-W10") && Catch::Contains("2026-04-02 by lead") && Catch::Contains("face-to-face"));
  CliResult nl = lead.run({"report", "weeks", "--from", "02-03-2026", "--to", "08-03-2026"});
  CHECK_THAT(nl.out, Catch::Contains("02-04-2026 door lead") && Catch::Contains("02-03-2026 \u2013 08-03-2026"));

  CHECK_THAT(mustFail(lead, {"report", "weeks", "--review", "2026-W54", "--lang", "en"}, 2).err,
             Catch::Contains("Write YYYY-Www, e.g. 2026-W05"));
  CHECK_THAT(mustFail(lead, {"report", "weeks", "--review", "week 10"}, 2).err, Catch::Contains("Schrijf JJJJ-Www"));
  CHECK_THAT(mustFail(lead, {"report", "weeks", "--review", "2026-W20", "--lang", "en"}, 2).err,
             Catch::Contains("has not begun"));
  CHECK_THAT(mustFail(lead, {"report", "weeks", "--review", "2026-W02", "--lang", "en"}, 4).err,
             Catch::Contains("name the coach with --coach"));
}

TEST_CASE("Malformed periods, quarters, FTEs, items and scores are refused with the form to type", "[cli][report]") {
  CliDevice lead(fixedNow());
  { ReportWorld world(lead.home()); }
  const std::vector<std::string> fid{"report", "fidelity", "--lang", "en"};
  auto with = [](std::vector<std::string> base, std::initializer_list<std::string> more) {
    base.insert(base.end(), more);
    return base;
  };
  CHECK_THAT(mustFail(lead, fid, 2).err, Catch::Contains("--from DATE --to DATE"));
  CHECK_THAT(mustFail(lead, with(fid, {"--from", "31-02-2026", "--to", "31-03-2026"}), 2).err,
             Catch::Contains("'31-02-2026' is not a date") && Catch::Contains("2026-01-29"));
  CHECK_THAT(mustFail(lead, with(fid, {"--from", "01-04-2026", "--to", "01-01-2026"}), 2).err, Catch::Contains("swap"));
  CHECK_THAT(mustFail(lead, with(fid, {"--from", "01-01-2026", "--to", "31-03-2026", "--fte", "marieke"}), 2).err,
             Catch::Contains("coach=0.8"));
  CHECK_THAT(mustFail(lead, with(fid, {"--from", "01-01-2026", "--to", "31-03-2026", "--fte", "marieke=3"}), 2).err,
             Catch::Contains("at most 2"));
  CHECK_THAT(mustFail(lead, {"report", "outcomes", "--quarter", "2026-Q5", "--lang", "en"}, 2).err,
             Catch::Contains("'2026-Q5' is not a quarter. Write YYYY-Qn"));
  CHECK_THAT(mustFail(lead, {"report", "outcomes", "--quarter", "2026/1"}, 2).err, Catch::Contains("Schrijf JJJJ-Qn"));
  CHECK_THAT(
      mustFail(lead, {"report", "outcomes", "--quarter", "2026-Q1", "--from", "01-01-2026", "--lang", "en"}, 2).err,
      Catch::Contains("not both"));
  CHECK_THAT(
      mustFail(lead, {"report", "outcomes", "--quarter", "2026-Q1", "--quarters", "2026-Q2..2025-Q1", "--lang", "en"},
               2)
          .err,
      Catch::Contains("oldest first"));
  CHECK_THAT(
      mustFail(lead, {"report", "export", "werkmonitor", "--quarter", "2026-Q1", "--out", "w.csv", "--lang", "en"}, 2)
          .err,
      Catch::Contains("--recipient"));
  CHECK_THAT(
      mustFail(lead, {"fidelity", "score", "v99", "3", "--from", "01-01-2026", "--to", "31-03-2026", "--lang", "en"}, 2)
          .err,
      Catch::Contains("s1-s3, o1-o8, v1-v14"));
  CHECK_THAT(
      mustFail(lead, {"fidelity", "score", "v7", "6", "--from", "01-01-2026", "--to", "31-03-2026", "--lang", "en"}, 2)
          .err,
      Catch::Contains("1, 2, 3, 4 or 5"));
  // --json failures come as JSON on stdout, with the exit code.
  CliResult j = mustFail(lead, {"report", "outcomes", "--quarter", "Q1", "--json"}, 2);
  CHECK(j.json()["error"]["exit"] == 2);
}

TEST_CASE("Outcomes at a quarter's edge: a job from 31 March counts in Q1, one from 1 April in Q2", "[cli][report]") {
  CliDevice lead(fixedNow());
  {
    ReportWorld world(lead.home());
    coach::Store& s = world.store();
    const std::string employer = coach::test::mustAdd(s, "employer", {{"name", "Bruin"}});
    std::vector<std::string> people;
    for (int i = 0; i < 4; ++i) {
      people.push_back(coach::test::mustAdd(s, "participant", {{"name", "P"}, {"coach", "lead"}}));
      coach::test::mustAdd(s, "trajectory",
                           {{"participant_id", people.back()},
                            {"referral_date", "2025-10-01"},
                            {"referral_source", "self"},
                            {"programme_entry_date", "2025-10-06"},
                            {"status", "job_search"},
                            {"work_status_at_referral", "unemployed"}});
    }
    auto job = [&](const std::string& p, const std::string& start, nlohmann::json extra = json::object()) {
      json f{{"participant_id", p}, {"employer_id", employer}, {"title", "t"},
             {"start_date", start}, {"hours_per_week", 24},    {"hourly_wage", "15.00"}};
      f.update(extra);
      coach::test::mustAdd(s, "job", f);
    };
    job(people[0], "2026-03-31");
    job(people[1], "2026-04-01");
    job(people[2], "2026-02-02", {{"trial_placement", true}});  // unpaid: no paid job
  }
  const json r = lead.must({"report", "outcomes", "--quarter", "2026-q1", "--quarters", "2026-Q1..2026-Q2"});
  CHECK(r["period"]["from"] == "2026-01-01");
  CHECK(r["period"]["to"] == "2026-03-31");
  CHECK(r["participants_served"]["count"] == 4);
  CHECK(r["paid_job"]["count"] == 1);
  CHECK(r["paid_job"]["denominator"] == 4);
  CHECK(r["paid_job"]["percent"] == 25.0);
  REQUIRE(r["quarters"].size() == 2);
  CHECK(r["quarters"][1]["paid_job"]["count"] == 2);  // the 31 March job still runs, and the 1 April one
  CHECK(r["quarters"][1]["job_starts"]["count"] == 1);
  CHECK(r["quarters"][1]["first_job_starts"]["count"] == 1);

  CliResult en = lead.run({"report", "outcomes", "--from", "2026-01-01", "--to", "2026-06-30", "--lang", "en"});
  INFO(en.out << en.err);
  CHECK(en.exit == 0);
  CHECK_THAT(en.out, Catch::Contains("paid job / served") && Catch::Contains("2 of 4 (50.0%)"));
  CliResult nl = lead.run({"report", "outcomes", "--quarter", "2026-Q1", "--quarters", "2026-Q1..2026-Q2"});
  CHECK_THAT(nl.out, Catch::Contains("1 van 4 (25,0%)") && Catch::Contains("2026-Q2"));
}

TEST_CASE("A score entered with coach fidelity score counts in coach report fidelity, and an export is written",
          "[cli][report]") {
  CliDevice lead(fixedNow());
  {
    ReportWorld world(lead.home());
    world.seedTeam();
  }
  const json scored = lead.must({"fidelity", "score", "V7", "2", "--from", "01-01-2026", "--to", "31-03-2026",
                                 "--rationale", "Weinig terugkerende werkgevers"});
  CHECK(scored["fields"]["item"] == "v7");
  CHECK(scored["fields"]["scored_on"] == "2026-04-02");
  CHECK(scored["fields"]["coach"] == "lead");
  const json r =
      lead.must({"report", "fidelity", "--from", "01-01-2026", "--to", "31-03-2026", "--fte", "marieke=0,8"});
  auto item = [&](const std::string& code) {
    for (const json& i : r["items"]) {
      if (i["code"] == code) return i;
    }
    FAIL("no item " << code);
    return json();
  };
  // The newest score of the item wins: today's 2 over the fixed team's score of 1 April.
  CHECK(item("v7")["score"] == 2);
  CHECK(item("v7")["manual_score_id"] == scored["id"]);
  CHECK(item("v14")["manual_score_id"].is_string());  // the fixed team's own manual scores
  CHECK(r["scored_items"].get<int>() >= 20);
  CliResult human = lead.run({"report", "fidelity", "--from", "01-01-2026", "--to", "31-03-2026", "--lang", "en"});
  CHECK(human.exit == 0);
  CHECK_THAT(human.out,
             Catch::Contains("V7 Job development: quality of employer contact") && Catch::Contains("manual"));

  TempDir out;
  const std::string file = (out.path() / "utrecht.csv").string();
  const json e = lead.must(
      {"report", "export", "municipality", "--quarter", "2026-Q1", "--municipality", "utrecht", "--out", file});
  CHECK(e["participants_included"] == 9);  // the nine Utrecht residents, all with consent
  const std::string csv = coach::test::readFile(file);
  CHECK(csv.rfind("period,scope,measure,category,value\r\n", 0) == 0);
  CHECK_THAT(csv, Catch::Contains("2026-Q1,utrecht,participants_served,"));
  CHECK(csv.find("MARKER") == std::string::npos);
  struct stat st {};
  REQUIRE(::stat(file.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
}
