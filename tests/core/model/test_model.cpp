#include <catch2/catch.hpp>

#include <set>

#include "model/registry.hpp"
#include "model/rules.hpp"
#include "model/value.hpp"

using namespace coach;
using namespace coach::model;
using nlohmann::json;

TEST_CASE("The registry holds exactly the kinds DOMAIN.md names", "[model]") {
  std::set<std::string_view> names;
  for (const KindDef& k : Registry::instance().kinds()) names.insert(k.name);
  const std::set<std::string_view> expected{"participant", "trajectory", "vocational_profile", "employer",
                                            "employer_contact", "job", "support_contact", "benefits_session",
                                            "meeting", "consent", "outreach_attempt", "pause", "access_event", "fidelity_score",
                                            "week_review", "retention_rule"};
  CHECK(names == expected);
}

TEST_CASE("Every field name is snake_case and every enumeration is a closed, non-empty set", "[model]") {
  int fields = 0;
  for (const KindDef& k : Registry::instance().kinds()) {
    std::set<std::string_view> seen;
    for (const FieldDef& f : k.fields) {
      ++fields;
      INFO(k.name << "." << f.name);
      CHECK(seen.insert(f.name).second);
      CHECK(f.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz_0123456789") == std::string_view::npos);
      if (f.type == FieldType::Enum || f.type == FieldType::EnumSet) CHECK_FALSE(f.values.empty());
      if (f.type == FieldType::Ref) CHECK(Registry::instance().kind(f.refKind) != nullptr);
      CHECK(f.name != "archived");  // archived is the store's own field on every record
    }
  }
  CHECK(fields > 100);
}

TEST_CASE("Names, contact details, birth dates and free text are marked sensitive", "[model]") {
  const auto& r = Registry::instance();
  CHECK(r.kind("participant")->field("name")->sensitive);
  CHECK(r.kind("participant")->field("birth_date")->sensitive);
  CHECK(r.kind("participant")->field("phone")->sensitive);
  CHECK(r.kind("support_contact")->field("note")->sensitive);
  CHECK(r.kind("vocational_profile")->field("goals")->sensitive);
  CHECK_FALSE(r.kind("job")->field("hours_per_week")->sensitive);
  CHECK_FALSE(r.kind("employer_contact")->field("mode")->sensitive);
  for (const KindDef& k : r.kinds()) {
    for (const FieldDef& f : k.fields) {
      // Every free-text field, however named, is sensitive unless it is a staff handle or an admin code.
      if (f.type == FieldType::Text && !f.sensitive) {
        INFO(k.name << "." << f.name);
        CHECK(f.maxLength <= 100);
      }
    }
  }
  // The access log is PHI-free: nothing in it needs encrypting.
  for (const FieldDef& f : r.kind("access_event")->fields) CHECK_FALSE(f.sensitive);
}

TEST_CASE("Validation errors name the kind, the field and the problem", "[model]") {
  const KindDef& job = *Registry::instance().kind("job");
  auto hours = parseFieldValue(job, *job.field("hours_per_week"), 70);
  REQUIRE_FALSE(hours.ok());
  CHECK(hours.error().code == ErrorCode::ValidationFailed);
  CHECK(hours.error().message == "job.hours_per_week: 70 is above the maximum of 60");

  auto wage = parseFieldValue(job, *job.field("hourly_wage"), "14,25");
  REQUIRE_FALSE(wage.ok());
  CHECK(wage.error().message.find("job.hourly_wage: '14,25' is not a number") == 0);

  auto contract = parseFieldValue(job, *job.field("contract_type"), "zzp");
  REQUIRE_FALSE(contract.ok());
  CHECK(contract.error().message.find("job.contract_type: 'zzp' is not one of: permanent, fixed_term") == 0);

  auto start = parseFieldValue(job, *job.field("start_date"), "2026-02-30");
  REQUIRE_FALSE(start.ok());
  CHECK(start.error().message.find("job.start_date: expected a date as YYYY-MM-DD") == 0);

  auto required = parseFieldValue(job, *job.field("start_date"), nullptr);
  REQUIRE_FALSE(required.ok());
  CHECK(required.error().message == "job.start_date: is required and cannot be cleared");
}

TEST_CASE("Validation messages never repeat free text", "[model]") {
  const KindDef& sc = *Registry::instance().kind("support_contact");
  const std::string secret(30000, 'x');
  auto note = parseFieldValue(sc, *sc.field("note"), secret + "psychosis");
  REQUIRE_FALSE(note.ok());
  CHECK(note.error().message.find("psychosis") == std::string::npos);
  CHECK(note.error().message.find("support_contact.note: the text is 30009 bytes") == 0);
}

TEST_CASE("Decimals are exact: parsed to scaled integers and formatted back", "[model]") {
  const KindDef& job = *Registry::instance().kind("job");
  const FieldDef& wage = *job.field("hourly_wage");
  CHECK(std::get<std::int64_t>(parseFieldValue(job, wage, "14.25").value()) == 1425);
  CHECK(std::get<std::int64_t>(parseFieldValue(job, wage, 14).value()) == 1400);
  CHECK(std::get<std::int64_t>(parseFieldValue(job, wage, "14.5").value()) == 1450);
  CHECK_FALSE(parseFieldValue(job, wage, "14.255").ok());
  CHECK_FALSE(parseFieldValue(job, wage, "-1").ok());
  CHECK_FALSE(parseFieldValue(job, wage, "1e3").ok());
  CHECK(toJson(wage, FieldValue{std::int64_t{1425}}) == "14.25");
  CHECK(toJson(wage, FieldValue{std::int64_t{1400}}) == "14.00");  // money keeps its cents
  const FieldDef& hours = *job.field("hours_per_week");
  CHECK(toJson(hours, FieldValue{std::int64_t{1650}}) == "16.5");
  CHECK(formatDecimal(5, 2) == "0.05");
  CHECK(formatDecimal(-150, 2) == "-1.5");
}

TEST_CASE("Enum sets are sorted, deduplicated and checked value by value", "[model]") {
  const KindDef& sc = *Registry::instance().kind("support_contact");
  const FieldDef& who = *sc.field("with_whom");
  CHECK(std::get<std::string>(parseFieldValue(sc, who, json{"employer", "participant", "employer"}).value()) ==
        "employer,participant");
  CHECK(std::get<std::string>(parseFieldValue(sc, who, "participant,co_worker").value()) == "co_worker,participant");
  CHECK_FALSE(parseFieldValue(sc, who, json{"boss"}).ok());
  CHECK(toJson(who, FieldValue{std::string("co_worker,participant")}) == json{"co_worker", "participant"});
}

TEST_CASE("Dates and local date-times must be real calendar values", "[model]") {
  CHECK(isIsoDate("2028-02-29"));
  CHECK_FALSE(isIsoDate("2026-02-29"));
  CHECK_FALSE(isIsoDate("2026-13-01"));
  CHECK_FALSE(isIsoDate("26-01-01"));
  CHECK(isLocalDateTime("2026-03-29T02:30"));  // a wall time as entered, even inside the DST gap
  CHECK_FALSE(isLocalDateTime("2026-03-29T24:00"));
  CHECK_FALSE(isLocalDateTime("2026-03-29 14:00"));
}

TEST_CASE("Record rules: required fields and rules between fields", "[model]") {
  const KindDef& t = *Registry::instance().kind("trajectory");
  FieldValues v(t.fields.size());
  auto set = [&](std::string_view name, std::string value) { v[*t.fieldIndex(name)] = std::move(value); };
  set("participant_id", std::string(32, 'a'));
  set("referral_date", "2026-01-10");
  set("referral_source", "self");
  set("status", "closed");
  auto missing = checkRecordRules(t, v);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().message.find("trajectory.closure_reason: is required when the trajectory is closed") == 0);
  set("closure_reason", "moved");
  set("closed_on", "2026-01-01");
  auto early = checkRecordRules(t, v);
  REQUIRE_FALSE(early.ok());
  CHECK(early.error().message == "trajectory.closed_on: 2026-01-01 is before referral_date 2026-01-10");
  set("closed_on", "2026-10-01");
  CHECK(checkRecordRules(t, v).ok());
  set("status", "paused");
  auto reason = checkRecordRules(t, v);
  REQUIRE_FALSE(reason.ok());
  CHECK(reason.error().message.find("a relapse is a pause") != std::string::npos);
}
