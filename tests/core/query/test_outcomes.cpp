// Outcome figures (coach/figures.hpp): a hand-built team with a hand-computed answer for every figure of a
// quarter, the durable-job edge, quarters, denominators and missing-data warnings.
#include <catch2/catch.hpp>

#include <algorithm>

#include "coach/figures.hpp"
#include "temp_profile.hpp"

using namespace coach;
using coach::test::mustAdd;
using nlohmann::json;

namespace {

struct Caseload {
  coach::test::TempProfile t;
  Store& s = *t.store;
  std::string bruin = mustAdd(s, "employer", {{"name", "Koffiebranderij Bruin"}});

  std::string participant() { return mustAdd(s, "participant", {{"name", "Deelnemer"}, {"coach", "marieke"}}); }
  std::string trajectory(const std::string& p, json fields) {
    fields["participant_id"] = p;
    if (!fields.contains("referral_source")) fields["referral_source"] = "treatment_team";
    return mustAdd(s, "trajectory", fields);
  }
  std::string job(const std::string& p, const std::string& start, json extra = json::object()) {
    json f = {{"participant_id", p}, {"employer_id", bruin}, {"title", "medewerker"}, {"start_date", start}};
    f.update(extra);
    return mustAdd(s, "job", f);
  }
  OutcomeReport outcomes(const std::string& from, const std::string& to, int weeks = 13) {
    auto r = computeOutcomes(s, OutcomeOptions{{from, to}, weeks});
    if (!r.ok()) FAIL(r.error().message);
    return std::move(r).value();
  }
};

// The team of docs/figures.md's worked example (Q1 2026).
struct Example : Caseload {
  std::string p1 = participant(), p2 = participant(), p3 = participant(), p4 = participant(), p5 = participant(),
              p6 = participant();
  std::string t2, t4, j2, j3a, j3b;

  Example() {
    trajectory(p1, {{"referral_date", "2025-11-01"}, {"programme_entry_date", "2025-11-10"},
                    {"work_status_at_referral", "unemployed"}, {"status", "working"}});
    mustAdd(s, "employer_contact", {{"contact_at", "2025-11-20T10:00"}, {"coach", "marieke"}, {"employer_id", bruin},
                                    {"mode", "face_to_face"}, {"participant_id", p1}, {"purpose", "present_candidate"}});
    job(p1, "2025-12-01", {{"hours_per_week", 20}, {"hourly_wage", "15.00"}});

    t2 = trajectory(p2, {{"referral_date", "2025-12-15"}, {"programme_entry_date", "2026-01-05"},
                         {"work_status_at_referral", "unemployed"}, {"status", "working"}});
    mustAdd(s, "employer_contact", {{"contact_at", "2026-01-25T10:00"}, {"coach", "marieke"}, {"employer_id", bruin},
                                    {"mode", "face_to_face"}, {"participant_id", p2}, {"purpose", "learn_needs"}});
    mustAdd(s, "benefits_session", {{"participant_id", p2}, {"session_on", "2026-02-10"}});
    j2 = job(p2, "2026-02-16", {{"hours_per_week", 12}, {"hourly_wage", "14.80"}});

    trajectory(p3, {{"referral_date", "2025-06-01"}, {"programme_entry_date", "2025-06-10"},
                    {"work_status_at_referral", "employed_at_risk"}, {"status", "working"}});
    j3a = job(p3, "2025-07-01", {{"end_date", "2026-01-31"}, {"end_reason", "contract_not_renewed"}, {"hours_per_week", 24}});
    j3b = job(p3, "2026-03-01", {{"hours_per_week", 32}, {"hourly_wage", "16.00"}});  // the same job again

    t4 = trajectory(p4, {{"referral_date", "2025-09-01"}, {"programme_entry_date", "2025-09-15"},
                         {"work_status_at_referral", "unemployed"}, {"status", "closed"}, {"closed_on", "2026-02-20"},
                         {"closure_reason", "moved"}, {"planned_duration_months", "24"}});
    trajectory(p5, {{"referral_date", "2026-03-20"}, {"work_status_at_referral", "unemployed"}, {"status", "referred"}});
    trajectory(p6, {{"referral_date", "2025-01-01"}, {"programme_entry_date", "2025-01-10"},
                    {"work_status_at_referral", "unemployed"}, {"status", "closed"}, {"closed_on", "2025-12-01"},
                    {"closure_reason", "stable_work"}});
  }
};

}  // namespace

TEST_CASE("Outcomes of a quarter: every figure of the worked example, with its denominator", "[figures][outcomes]") {
  Example e;
  const OutcomeReport r = e.outcomes("2026-01-01", "2026-03-31");
  CHECK(r.trajectoriesRunning.count == 5);
  CHECK(r.trajectoriesStarted.count == 1);
  CHECK(r.trajectoriesStarted.recordIds == std::vector<std::string>{e.t2});
  CHECK(r.trajectoriesEnded.count == 1);
  CHECK(r.trajectoriesEnded.recordIds == std::vector<std::string>{e.t4});
  CHECK(r.participantsServed.count == 5);
  CHECK(r.servedOutOfWorkAtEntry.count == 4);
  CHECK(r.paidJob.count == 3);
  CHECK(r.paidJob.denominator == 5);
  CHECK(r.paidJob.percent() == Approx(60));
  CHECK(r.paidJob.denominatorLabel.find("served") != std::string::npos);
  CHECK(r.paidJobOutOfWorkAtEntry.count == 2);
  CHECK(r.paidJobOutOfWorkAtEntry.denominator == 4);
  CHECK(r.paidJobOutOfWorkAtEntry.denominatorLabel.find("unemployed at referral") != std::string::npos);
  CHECK(r.durableJob.count == 2);
  CHECK(r.durableJob.denominator == 5);
  CHECK(r.durableJobOutOfWorkAtEntry.count == 1);
  CHECK(r.daysToFirstEmployerContact.values == std::vector<double>{20});
  CHECK(r.daysToFirstJob.values == std::vector<double>{42});
  CHECK(r.daysToFirstJob.recordIds == std::vector<std::string>{e.j2});
  CHECK(r.jobTenureDays.values == std::vector<double>{215});
  CHECK(r.hoursPerWeek.values == std::vector<double>{12, 20, 32});
  CHECK(*r.hoursPerWeek.mean() == Approx(64.0 / 3));
  CHECK(*r.hoursPerWeek.median() == Approx(20));
  CHECK(*r.hourlyWage.median() == Approx(15));
  CHECK(r.jobStarts.count == 2);
  CHECK(r.firstJobStarts.count == 1);
  CHECK(r.firstJobStarts.recordIds == std::vector<std::string>{e.j2});
  CHECK(r.startsWithBenefits.count == 1);
  CHECK(r.startsWithBenefits.denominator == 2);
  CHECK(r.endReasons == std::map<std::string, std::int64_t>{{"contract_not_renewed", 1}});
  for (const Distribution* d : {&r.daysToFirstEmployerContact, &r.daysToFirstJob, &r.jobTenureDays, &r.hoursPerWeek,
                                &r.hourlyWage}) {
    CHECK_FALSE(d->denominatorLabel.empty());
  }
  CHECK(r.warnings.empty());
  const json j = toJson(r);
  CHECK(j["paid_job"]["percent"] == 60.0);
  CHECK(j["paid_job"]["denominator"] == 5);
  CHECK(j["hours_per_week"]["median"] == 20.0);
}

TEST_CASE("Outcomes per quarter: each quarter counts its own starts, entries and closures", "[figures][outcomes]") {
  Example e;
  auto quarters = computeOutcomesPerQuarter(e.s, "2025-Q4", "2026-Q1");
  REQUIRE(quarters.ok());
  REQUIRE(quarters->size() == 2);
  const OutcomeReport& q4 = (*quarters)[0];
  CHECK(q4.period.from == "2025-10-01");
  CHECK(q4.period.to == "2025-12-31");
  CHECK(q4.jobStarts.count == 1);       // p1's first job
  CHECK(q4.firstJobStarts.count == 1);
  CHECK(q4.trajectoriesStarted.count == 1);  // p1 entered in November
  CHECK(q4.trajectoriesEnded.count == 1);    // p6 closed in December
  CHECK((*quarters)[1].jobStarts.count == 2);
  CHECK_FALSE(computeOutcomesPerQuarter(e.s, "2026-Q1", "2025-Q4").ok());
}

TEST_CASE("A durable job: 13 weeks is 91 days, counted to the period's last day, the rule is a setting", "[figures][outcomes]") {
  Caseload c;
  const std::string a = c.participant();
  const std::string b = c.participant();
  c.trajectory(a, {{"referral_date", "2025-10-01"}, {"status", "working"}});
  c.trajectory(b, {{"referral_date", "2025-10-01"}, {"status", "working"}});
  c.job(a, "2026-01-01");  // 90 days to 31 March
  c.job(b, "2025-12-31");  // 91 days
  const OutcomeReport r = c.outcomes("2026-01-01", "2026-03-31");
  CHECK(r.paidJob.count == 2);
  CHECK(r.durableJob.count == 1);
  CHECK(r.durableJob.recordIds == std::vector<std::string>{b});
  CHECK(c.outcomes("2026-01-01", "2026-03-31", 12).durableJob.count == 2);
  CHECK_FALSE(computeOutcomes(c.s, OutcomeOptions{{"2026-01-01", "2026-03-31"}, 0}).ok());
}

TEST_CASE("Outcomes warn about what is missing instead of dropping it", "[figures][outcomes]") {
  Caseload c;
  const std::string p = c.participant();
  const std::string t = c.trajectory(p, {{"referral_date", "2025-10-01"}, {"status", "working"}});
  const std::string j = c.job(p, "2025-11-01", {{"end_date", "2026-02-01"}});
  const std::string running = c.job(p, "2026-02-10");
  c.job(p, "2026-03-01", {{"trial_placement", true}});
  const OutcomeReport r = c.outcomes("2026-01-01", "2026-03-31");
  CHECK(r.endReasons == std::map<std::string, std::int64_t>{{"unknown", 1}});
  CHECK(r.jobStarts.count == 1);  // an unpaid trial placement is no job start
  CHECK(r.hoursPerWeek.count() == 0);
  auto warnedAbout = [&](const std::string& figure, const std::string& id) {
    return std::any_of(r.warnings.begin(), r.warnings.end(), [&](const FigureWarning& w) {
      return w.figure == figure && std::find(w.recordIds.begin(), w.recordIds.end(), id) != w.recordIds.end();
    });
  };
  CHECK(warnedAbout("outcomes.end_reasons", j));
  CHECK(warnedAbout("outcomes.served_out_of_work_at_entry", t));  // no work status at referral
  CHECK(warnedAbout("outcomes.hours_per_week", running));
  CHECK(warnedAbout("outcomes.hourly_wage", running));
}

TEST_CASE("Quarters are written YYYY-Qn", "[figures][outcomes]") {
  CHECK(quarterPeriod("2026-Q1").value().to == "2026-03-31");
  CHECK(quarterPeriod("2026-Q4").value().from == "2026-10-01");
  for (const char* bad : {"2026-Q5", "2026-Q0", "26-Q1", "2026Q1", "2026-q1", "abcd-Q1", ""}) {
    INFO(bad);
    auto q = quarterPeriod(bad);
    REQUIRE_FALSE(q.ok());
    CHECK(q.error().message.find("YYYY-Qn") != std::string::npos);
  }
  CHECK(quarterOf("2026-05-01") == "2026-Q2");
  CHECK(quarterOf("2026-12-31") == "2026-Q4");
  CHECK(quarterOf("2026").empty());
}
