// report_world.hpp: a fixed team for the tests of the team lead's reports (test_cli_report*.cpp): a real
// encrypted profile written through the core's write path into a CliDevice's home, which the real `coach`
// binary then opens with the device's passphrase file (the profile's scrypt cost is the tests' low one, so
// each `coach` run stays quick).
//
// The team: three coaches (one with a handle full of HTML's special characters), eighteen participants over
// two municipalities, a year of trajectories, jobs and support, the first quarter of 2026 with face-to-face
// and phone employer contacts every week, some weeks reviewed, twelve manual fidelity scores. Every name,
// note and employer name carries "MARKER", so a test can prove none reaches a report page.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "coach/key_provider.hpp"
#include "coach/store.hpp"
#include "temp_profile.hpp"

namespace coach::test {

inline const std::vector<std::string> kReportCoaches{"marieke", "youssef", "d'Souza & <Co>"};

inline std::string isoDay(int year, int month, int day) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

// `days` after 2025-01-01 as "YYYY-MM-DD" (enough for the fixed data: no library needed).
inline std::string dayAfter2025(int days) {
  static constexpr int kMonth[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int year = 2025, month = 0;
  while (true) {
    const int len = kMonth[month] + (month == 1 && year % 4 == 0 ? 1 : 0);
    if (days < len) return isoDay(year, month + 1, days + 1);
    days -= len;
    if (++month == 12) month = 0, ++year;
  }
}

class ReportWorld {
 public:
  // Creates the profile in `home` (the CliDevice's) with the passphrase the CliDevice's file holds.
  explicit ReportWorld(const std::filesystem::path& home) {
    std::filesystem::create_directories(home);
    PassphraseKeyProvider keys("correct horse battery staple", kTestCost);
    StoreOptions options;
    options.path = (home / "profile.db").string();
    options.actor = "lead";
    options.clock = &clock_;
    auto created = Store::createProfile(options, keys);
    if (!created.ok()) FAIL("creating the report profile: " << created.error().message);
    store_ = std::move(created).value();
  }
  Store& store() { return *store_; }

  // The whole fixed team (about 600 records, written in a few transactions).
  void seedTeam() {
    std::vector<Mutation> first;
    for (int e = 0; e < 6; ++e) {
      first.push_back(create("employer", {{"name", "MARKER-EMPLOYER " + std::to_string(e)}, {"sector", "retail"}}));
    }
    for (int i = 0; i < 18; ++i) {
      first.push_back(create("participant", {{"name", "<script>MARKER-NAME " + std::to_string(i) + "</script>"},
                                             {"coach", kReportCoaches[static_cast<std::size_t>(i % 3)]},
                                             {"municipality", i % 2 == 0 ? "Utrecht" : "Zeist"},
                                             {"treatment_team", i % 4 == 0 ? "FACT Zuid" : "FACT Noord"}}));
    }
    auto ids = store_->apply(first);
    if (!ids.ok()) FAIL(ids.error().message);
    employers_.assign(ids->begin(), ids->begin() + 6);
    participants_.assign(ids->begin() + 6, ids->end());
    std::vector<Mutation> rest;
    for (int i = 0; i < 18; ++i) person(rest, i);
    for (std::size_t c = 0; c < kReportCoaches.size(); ++c) weeks(rest, c);
    for (const char* item : {"s2", "s3", "o2", "o3", "o4", "o5", "o6", "o7", "o8", "v2", "v7", "v14"}) {
      rest.push_back(create("fidelity_score", {{"item", item},
                                               {"period_start", "2026-01-01"},
                                               {"period_end", "2026-03-31"},
                                               {"score", 3 + (item[1] % 3)},
                                               {"scored_on", "2026-04-01"},
                                               {"rationale", "MARKER-RATIONALE"}}));
    }
    auto more = store_->apply(rest);
    if (!more.ok()) FAIL(more.error().message);
  }

  const std::vector<std::string>& participants() const { return participants_; }
  const std::vector<std::string>& employers() const { return employers_; }

 private:
  static Mutation create(std::string kind, nlohmann::json fields) {
    return Mutation{Mutation::Op::Create, std::move(kind), {}, std::move(fields)};
  }

  // A trajectory from 2025, a job for every third participant (one of them ended), support while it runs.
  void person(std::vector<Mutation>& out, int i) {
    const std::string& p = participants_[static_cast<std::size_t>(i)];
    const std::string referral = dayAfter2025(60 + i * 17);
    out.push_back(create("trajectory", {{"participant_id", p},
                                        {"referral_date", referral},
                                        {"referral_source", "self"},
                                        {"programme_entry_date", dayAfter2025(67 + i * 17)},
                                        {"status", "job_search"},
                                        {"work_status_at_referral", "unemployed"},
                                        {"funding_route", "municipal_via_uwv"}}));
    out.push_back(create("consent", {{"participant_id", p},
                                     {"recipient", "municipality"},
                                     {"scope", {"participation", "work_status"}},
                                     {"given_on", referral}}));
    if (i % 3 != 0) return;
    const std::string start = dayAfter2025(120 + i * 20);
    nlohmann::json job{{"participant_id", p},           {"employer_id", employers_[static_cast<std::size_t>(i % 6)]},
                       {"title", "MARKER-TITLE"},       {"start_date", start},
                       {"hours_per_week", 16 + i},      {"hourly_wage", "15.50"},
                       {"contract_type", "fixed_term"}, {"occupation_code", "51" + std::to_string(i)}};
    if (i == 3) job.update({{"end_date", "2026-02-13"}, {"end_reason", "contract_not_renewed"}});
    out.push_back(create("job", job));
    out.push_back(create("benefits_session",
                         {{"participant_id", p}, {"session_on", dayAfter2025(110 + i * 20)}, {"note", "MARKER-NOTE"}}));
    for (int w = 0; w < 12; ++w) {
      out.push_back(create("support_contact", {{"participant_id", p},
                                               {"contact_on", dayAfter2025(365 + w * 7 + i % 5)},
                                               {"mode", "face_to_face"},
                                               {"place", "workplace"},
                                               {"type", "on_site_coaching"},
                                               {"duration_minutes", 45},
                                               {"note", "MARKER-NOTE"}}));
    }
  }

  // 2026-W01 .. W13: 3 to 8 face-to-face employer contacts a week per coach and one phone call; W01-W08 of the
  // first two coaches reviewed.
  void weeks(std::vector<Mutation>& out, std::size_t c) {
    const std::string& coach = kReportCoaches[c];
    for (int w = 0; w < 13; ++w) {
      const int monday = 362 + w * 7;  // 2025-12-29, the Monday of 2026-W01
      const int visits = static_cast<int>((static_cast<std::size_t>(w) * 3 + c * 2) % 6) + 3;
      for (int v = 0; v < visits; ++v) {
        const std::string& p = participants_[(c + 3 * static_cast<std::size_t>(v)) % participants_.size()];
        out.push_back(create("employer_contact", {{"contact_at", dayAfter2025(monday + v % 5) + "T10:00"},
                                                  {"coach", coach},
                                                  {"employer_id", employers_[static_cast<std::size_t>(v) % 6]},
                                                  {"participant_id", p},
                                                  {"mode", "face_to_face"},
                                                  {"purpose", "present_candidate"},
                                                  {"matches_preferences", true},
                                                  {"duration_minutes", 60},
                                                  {"note", "MARKER-NOTE"}}));
      }
      out.push_back(create("employer_contact", {{"contact_at", dayAfter2025(monday + 2) + "T15:00"},
                                                {"coach", coach},
                                                {"employer_id", employers_[0]},
                                                {"mode", "phone"},
                                                {"purpose", "learn_needs"},
                                                {"duration_minutes", 10}}));
      if (c < 2 && w < 8) {
        const std::string week = (w + 1 < 10 ? "2026-W0" : "2026-W") + std::to_string(w + 1);
        out.push_back(create(
            "week_review",
            {{"week", week}, {"coach", coach}, {"reviewed_on", dayAfter2025(monday + 8)}, {"reviewer", "lead"}}));
      }
    }
  }

  ManualClock clock_{kDefaultNow};
  std::unique_ptr<Store> store_;
  std::vector<std::string> employers_;
  std::vector<std::string> participants_;
};

}  // namespace coach::test
