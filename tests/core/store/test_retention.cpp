// Retention (docs/access-log.md, "Retention"): a dossier is kept 20 years after its last change, a funded
// trajectory until its subsidy is settled, an access event 5 years; an organisation keeps longer through a
// retention_rule, never shorter. Fixed dates: exactly on the last day of a term, and one day past it.
#include <catch2/catch.hpp>

#include "coach/access_log.hpp"
#include "store/store_impl.hpp"
#include "temp_profile.hpp"

using namespace coach;
using coach::test::mustAdd;
using coach::test::TempProfile;

namespace {

// 2006-03-01 10:00 in Amsterdam (09:00 UTC).
constexpr std::int64_t k2006 = 1141203600000;

std::vector<std::string> idsOf(const std::vector<RetentionParticipant>& list) {
  std::vector<std::string> ids;
  for (const auto& p : list) ids.push_back(p.id);
  return ids;
}

RetentionReport reportOn(Store& store, const std::string& day) {
  auto report = retentionReport(store, day);
  if (!report.ok()) FAIL("retention report: " << report.error().message);
  return report.value();
}

}  // namespace

TEST_CASE("A dossier is kept through the day 20 years after its last change and is past its term the day after",
          "[retention]") {
  TempProfile t;
  t.clock.set(k2006);
  const std::string sanne = mustAdd(*t.store, "participant", {{"name", "Sanne"}, {"coach", "marieke"}});
  mustAdd(*t.store, "trajectory", {{"participant_id", sanne}, {"referral_date", "2006-02-20"},
                                   {"referral_source", "self"}, {"status", "engaged"}});
  t.clock.set(k2006 + 400LL * 24 * 3600 * 1000);  // a later change in 2007 moves the term
  const std::string joost = mustAdd(*t.store, "participant", {{"name", "Joost"}, {"coach", "marieke"}});
  t.clock.set(test::kDefaultNow);

  RetentionReport onTheDay = reportOn(*t.store, "2026-03-01");
  CHECK(onTheDay.terms.careDossierYears == 20);
  CHECK(onTheDay.pastTerm.empty());
  RetentionReport dayAfter = reportOn(*t.store, "2026-03-02");
  REQUIRE(idsOf(dayAfter.pastTerm) == std::vector<std::string>{sanne});
  CHECK(dayAfter.pastTerm[0].lastChange == "2006-03-01");
  CHECK(dayAfter.pastTerm[0].keptUntil == "2026-03-01");
  CHECK(reportOn(*t.store, "2027-04-06").pastTerm.size() == 2);  // Joost's term ends 2027-04-05
  CHECK(idsOf(reportOn(*t.store, "2027-04-05").pastTerm) == std::vector<std::string>{sanne});

  // A change today restarts the term: reading does not, writing does.
  REQUIRE(t.store->get(sanne).ok());
  CHECK(reportOn(*t.store, "2026-03-02").pastTerm.size() == 1);
  REQUIRE(t.store->update(sanne, {{"municipality", "Utrecht"}}).ok());
  CHECK(reportOn(*t.store, "2026-03-02").pastTerm.empty());
}

TEST_CASE("An unsettled subsidy holds a dossier past its care term, a settled one releases it after its years",
          "[retention]") {
  TempProfile t;
  t.clock.set(k2006);
  auto funded = [&](const char* name, bool settled) {
    const std::string p = mustAdd(*t.store, "participant", {{"name", name}, {"coach", "marieke"}});
    nlohmann::json trajectory{{"participant_id", p}, {"referral_date", "2006-02-20"}, {"referral_source", "uwv"},
                              {"status", "engaged"}, {"funding_route", "municipal_via_uwv"}};
    if (settled) trajectory["subsidy_settled_on"] = "2006-03-01";
    mustAdd(*t.store, "trajectory", trajectory);
    return p;
  };
  const std::string open = funded("Noor", false);
  const std::string settled = funded("Pieter", true);
  t.clock.set(test::kDefaultNow);
  RetentionReport r = reportOn(*t.store, "2026-03-02");
  CHECK(idsOf(r.pastTerm) == std::vector<std::string>{settled});
  REQUIRE(idsOf(r.heldBySubsidy) == std::vector<std::string>{open});
  CHECK(r.heldBySubsidy[0].subsidyOpen);

  // The organisation keeps subsidy administration 21 years after settlement: Pieter is held too, to 2027-03-01.
  mustAdd(*t.store, "retention_rule", {{"record_class", "subsidy_administration"}, {"years", 21}, {"set_on", "2026-03-02"}});
  r = reportOn(*t.store, "2026-03-02");
  CHECK(r.terms.subsidyYearsAfterSettlement == 21);
  CHECK(r.pastTerm.empty());
  CHECK(r.heldBySubsidy.size() == 2);
  CHECK(idsOf(reportOn(*t.store, "2027-03-02").pastTerm) == std::vector<std::string>{settled});
}

TEST_CASE("An organisation may keep longer than the legal terms, never shorter, and the newest rule holds",
          "[retention]") {
  TempProfile t;
  t.clock.set(k2006);
  const std::string sanne = mustAdd(*t.store, "participant", {{"name", "Sanne"}, {"coach", "marieke"}});
  t.clock.set(test::kDefaultNow);
  auto tooShort = t.store->add("retention_rule", {{"record_class", "care_dossier"}, {"years", 15}, {"set_on", "2026-03-02"}});
  REQUIRE_FALSE(tooShort.ok());
  CHECK(tooShort.error().message.find("at least 20") != std::string::npos);
  CHECK_FALSE(t.store->add("retention_rule", {{"record_class", "access_log"}, {"years", 4}, {"set_on", "2026-03-02"}}).ok());

  mustAdd(*t.store, "retention_rule", {{"record_class", "care_dossier"}, {"years", 30}, {"set_on", "2025-01-01"}});
  mustAdd(*t.store, "retention_rule", {{"record_class", "care_dossier"}, {"years", 25}, {"set_on", "2026-01-01"}});
  RetentionReport r = reportOn(*t.store, "2031-03-01");
  CHECK(r.terms.careDossierYears == 25);
  CHECK(r.pastTerm.empty());
  CHECK(idsOf(reportOn(*t.store, "2031-03-02").pastTerm) == std::vector<std::string>{sanne});
}

TEST_CASE("Access events are kept through the day 5 years after them and purged on this device the day after",
          "[retention][access-log]") {
  TempProfile t;
  t.clock.set(k2006);
  const std::string sanne = mustAdd(*t.store, "participant", {{"name", "Sanne"}, {"coach", "marieke"}});
  REQUIRE(t.store->get(sanne).ok());  // a read and a write event on 2006-03-01
  t.clock.set(test::kDefaultNow);
  REQUIRE(t.store->get(sanne).ok());  // and a read now, which stays

  CHECK(reportOn(*t.store, "2011-03-01").accessEventsPastTerm.empty());
  CHECK(reportOn(*t.store, "2011-03-02").accessEventsPastTerm.size() == 2);
  auto nothing = purgeAccessEvents(*t.store, "2011-03-01");
  REQUIRE(nothing.ok());
  CHECK(nothing.value() == 0);
  auto purged = purgeAccessEvents(*t.store, "2011-03-02");
  REQUIRE(purged.ok());
  CHECK(purged.value() == 2);
  auto left = accessLog(*t.store, {sanne, {}, {}});
  REQUIRE(left.ok());
  REQUIRE(left.value().size() == 1);
  CHECK(left.value()[0].at == "2026-03-02T10:00");
  CHECK(reportOn(*t.store, "2011-03-02").accessEventsPastTerm.empty());
}
