// Dates and times as Dutch coaches type them (clients/cli/dates.hpp), and field values from the command line
// (clients/cli/assignments.hpp).
#include <catch2/catch.hpp>

#include "assignments.hpp"
#include "dates.hpp"

using namespace coach::cli;

namespace {
const Messages kNl{Lang::Nl};
const Messages kEn{Lang::En};
const char* const kToday = "2026-01-29";
}  // namespace

TEST_CASE("A date typed the Dutch way, the ISO way or as a word becomes an ISO day", "[cli][dates]") {
  CHECK(parseDate("29-01-2026", kToday, kNl).value() == "2026-01-29");
  CHECK(parseDate("2026-01-29", kToday, kNl).value() == "2026-01-29");
  CHECK(parseDate("1-2-2026", kToday, kNl).value() == "2026-02-01");
  CHECK(parseDate("01/02/2026", kToday, kNl).value() == "2026-02-01");
  CHECK(parseDate(" vandaag ", kToday, kNl).value() == "2026-01-29");
  CHECK(parseDate("Today", kToday, kEn).value() == "2026-01-29");
  CHECK(parseDate("gisteren", kToday, kNl).value() == "2026-01-28");
  CHECK(parseDate("yesterday", kToday, kNl).value() == "2026-01-28");
  CHECK(parseDate("morgen", kToday, kNl).value() == "2026-01-30");
  CHECK(parseDate("tomorrow", kToday, kNl).value() == "2026-01-30");
  CHECK(parseDate("eergisteren", "2026-03-01", kNl).value() == "2026-02-27");
  CHECK(parseDate("morgen", "2024-02-28", kNl).value() == "2024-02-29");
}

TEST_CASE("Anything that is not a real day is refused with the forms that are accepted", "[cli][dates]") {
  for (const char* bad : {"31-02-2026", "2026-13-01", "29-01-26", "29.01.2026", "volgende week", "", "2026-1-29",
                          "29-01-2026x", "00-01-2026", "-1-01-2026", "+2026-01-29", "29-+1-2026"}) {
    INFO(bad);
    auto r = parseDate(bad, kToday, kNl);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == coach::ErrorCode::InvalidArgument);
    CHECK_THAT(r.error().message, Catch::Contains("29-01-2026") && Catch::Contains("vandaag"));
  }
  auto en = parseDate("next week", kToday, kEn);
  REQUIRE_FALSE(en.ok());
  CHECK_THAT(en.error().message, Catch::Contains("is not a date") && Catch::Contains("yesterday"));
}

TEST_CASE("A date with a time becomes local Amsterdam wall time, a day without a time is refused", "[cli][dates]") {
  const char* now = "2026-01-29T09:41";
  CHECK(parseDateTime("29-01-2026 14:30", now, kNl).value() == "2026-01-29T14:30");
  CHECK(parseDateTime("2026-01-29T14:30", now, kNl).value() == "2026-01-29T14:30");
  CHECK(parseDateTime("vandaag 9:05", now, kNl).value() == "2026-01-29T09:05");
  CHECK(parseDateTime("today 14.30", now, kEn).value() == "2026-01-29T14:30");
  CHECK(parseDateTime("gisteren 23:59", now, kNl).value() == "2026-01-28T23:59");
  CHECK(parseDateTime("nu", now, kNl).value() == now);
  auto noTime = parseDateTime("vandaag", now, kNl);
  REQUIRE_FALSE(noTime.ok());
  CHECK_THAT(noTime.error().message, Catch::Contains("heeft geen tijd"));
  for (const char* bad : {"vandaag 24:00", "vandaag 9:5", "morgen om 9", "29-01-2026 14:30:00", "14:30", "gisteren 9:-5",
                          "gisteren -9:05", "vandaag +9:05", "-29-01-2026 14:30"}) {
    INFO(bad);
    CHECK_FALSE(parseDateTime(bad, now, kNl).ok());
  }
}

TEST_CASE("Dates are shown as dd-mm-yyyy in Dutch and as ISO days in English", "[cli][dates]") {
  CHECK(displayDate("2026-01-29", Lang::Nl) == "29-01-2026");
  CHECK(displayDate("2026-01-29", Lang::En) == "2026-01-29");
  CHECK(displayDateTime("2026-01-29T14:30", Lang::Nl) == "29-01-2026 14:30");
  CHECK(addDays("2026-03-29", 1) == "2026-03-30");
  // 2026-03-29 01:30 UTC is 03:30 in Amsterdam, after the clocks went forward.
  CHECK(amsterdamLocal(1774747800000) == "2026-03-29T03:30");
}

TEST_CASE("Field values are typed per field type and bad ones name the field and what it accepts", "[cli][fields]") {
  const coach::schema::KindInfo* job = coach::schema::kind("job");
  REQUIRE(job != nullptr);
  const Today today{"2026-01-29", "2026-01-29T09:41"};
  auto fields = parseAssignments(*job,
                                 {"title=Magazijnmedewerker", "start_date=gisteren", "hours_per_week=16,5",
                                  "trial_placement=ja", "contract_type=fixed_term", "end_date="},
                                 today, kNl);
  REQUIRE(fields.ok());
  CHECK(fields.value()["start_date"] == "2026-01-28");
  CHECK(fields.value()["hours_per_week"] == "16.5");
  CHECK(fields.value()["trial_placement"] == true);
  CHECK(fields.value()["contract_type"] == "fixed_term");
  CHECK(fields.value()["end_date"].is_null());

  auto badEnum = parseAssignments(*job, {"contract_type=vast"}, today, kNl);
  REQUIRE_FALSE(badEnum.ok());
  CHECK_THAT(badEnum.error().message, Catch::Contains("job.contract_type") && Catch::Contains("permanent, fixed_term"));
  auto unknown = parseAssignments(*job, {"salary=10"}, today, kEn);
  REQUIRE_FALSE(unknown.ok());
  CHECK_THAT(unknown.error().message, Catch::Contains("'salary' is not a field of job") && Catch::Contains("coach fields job"));
  CHECK_FALSE(parseAssignments(*job, {"title"}, today, kNl).ok());
  CHECK_FALSE(parseAssignments(*job, {"title=a", "title=b"}, today, kNl).ok());
  CHECK_FALSE(parseAssignments(*job, {"hours_per_week=16,5,5"}, today, kNl).ok());
  CHECK_FALSE(parseAssignments(*job, {"trial_placement=misschien"}, today, kNl).ok());

  const coach::schema::KindInfo* support = coach::schema::kind("support_contact");
  REQUIRE(support != nullptr);
  auto set = parseAssignments(*support, {"with_whom=participant, employer", "duration_minutes=45"}, today, kNl);
  REQUIRE(set.ok());
  CHECK(set.value()["with_whom"] == nlohmann::json::array({"participant", "employer"}));
  CHECK(set.value()["duration_minutes"] == 45);
  CHECK_FALSE(parseAssignments(*support, {"duration_minutes=drie kwartier"}, today, kNl).ok());
}

TEST_CASE("The public description of the kinds mirrors the registry", "[cli][schema]") {
  REQUIRE(coach::schema::kinds().size() >= 13);  // DOMAIN.md's kinds, and any added later
  const auto* job = coach::schema::kind("job");
  REQUIRE(job != nullptr);
  CHECK(job->dateField == "start_date");
  const auto* wage = job->field("hourly_wage");
  REQUIRE(wage != nullptr);
  CHECK(wage->type == coach::schema::FieldType::Decimal);
  CHECK(wage->money);
  CHECK(wage->maximum == "1000.00");
  CHECK(job->field("participant_id")->required);
  CHECK(job->field("employer_id")->refKind == "employer");
  CHECK(coach::schema::kind("participant")->shard == coach::schema::ShardRule::Self);
  CHECK(coach::schema::toJson(*job)["fields"].size() == job->fields.size());
  CHECK(coach::schema::kind("salary") == nullptr);
}
