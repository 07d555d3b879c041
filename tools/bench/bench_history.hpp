// bench_history.hpp: five years of a ten-coach IPS team, about 150,000 records, written through a device's real
// write path (encrypted names and notes, the outbox, the clocks), deterministically (a fixed seed), with the shape
// of a real team: about 20 participants per coach at a time, 5 to 8 face-to-face employer contacts per coach per
// week beside phone and e-mail, weekly support for those in work, team meetings, benefits sessions, outreach,
// pauses, consents, and the team lead's weekly review marks. `coach-bench figures` reports over it; `coach-bench
// join` syncs it up and has a new device join it. HistoryShape makes it smaller (--quick).
// Thread-safety: a History is used by one thread, as is its Store meanwhile.
#pragma once

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "coach/store.hpp"
#include "query/calendar.hpp"

namespace coach::bench {

inline const std::string kFirstDay = "2021-04-01";  // five years: 2021-Q2 .. 2026-Q1
inline const std::string kLastDay = "2026-03-31";

// The defaults are the full history; fewer coaches, a later first day and fewer employers make a smaller one.
struct HistoryShape {
  int coaches = 10;
  std::string firstDay = kFirstDay;
  int employers = 2000;  // at most 2,000: they are written as one batch
};

class History {
 public:
  explicit History(Store& store, HistoryShape shape = {}) : store_(store), shape_(std::move(shape)) {}

  // Called after every batch the store applied (about 2,000 records), with the records written so far: a
  // caller may sync there, as a team's devices do along the way, instead of pushing five years at once.
  std::function<void(std::size_t records)> afterBatch;

  void generate() {
    const std::int64_t first = calendar::toDays(shape_.firstDay), last = calendar::toDays(kLastDay);
    for (int e = 0; e < shape_.employers; ++e)
      add("employer", {{"name", "Werkgever " + std::to_string(e)}, {"sector", "retail"}});
    flush();
    employers_ = ids_;
    // Participants: each coach takes one on about every 30 days and keeps them for up to 700 days, so a
    // caseload of about 20-25 (DOMAIN.md's S1 band), about 700 in all.
    for (int c = 0; c < shape_.coaches; ++c) {
      for (std::int64_t d = first - 400; d < last - 30; d += 28 + static_cast<std::int64_t>(rng_() % 5))
        participant(c, d);
    }
    flushPeople();
    byCoach_.resize(static_cast<std::size_t>(shape_.coaches));
    for (std::size_t i = 0; i < people_.size(); ++i) byCoach_[static_cast<std::size_t>(people_[i].coach)].push_back(i);
    for (std::size_t i = 0; i < people_.size(); ++i) personHistory(i, last);
    for (int c = 0; c < shape_.coaches; ++c) coachHistory(c, first, last);
    flush();
  }
  std::size_t records() const { return total_; }
  // The ids generate() wrote: every participant, and the employers.
  std::vector<std::string> participants() const {
    std::vector<std::string> ids;
    for (const Person& p : people_) ids.push_back(p.id);
    return ids;
  }
  const std::vector<std::string>& employers() const { return employers_; }

 private:
  struct Person {
    int coach;
    std::int64_t entry;
    std::string id;
  };

  std::string day(std::int64_t d) const { return calendar::fromDays(d); }
  std::string coachName(int c) const { return "coach" + std::to_string(c); }
  int pick(int n) { return static_cast<int>(rng_() % static_cast<unsigned>(n)); }

  void add(const char* kind, nlohmann::json fields) {
    batch_.push_back(Mutation{Mutation::Op::Create, kind, {}, std::move(fields)});
    if (batch_.size() >= 2000) flush();
  }
  void flush() {
    if (batch_.empty()) return;
    auto ids = store_.apply(batch_);
    if (!ids.ok()) {
      std::fprintf(stderr, "coach-bench figures: %s\n", ids.error().message.c_str());
      std::abort();
    }
    total_ += batch_.size();
    ids_ = std::move(ids).value();
    batch_.clear();
    if (afterBatch) afterBatch(total_);
  }

  void participant(int c, std::int64_t entry) {
    people_.push_back({c, entry, ""});
    add("participant", {{"name", "Deelnemer " + std::to_string(people_.size())},
                        {"coach", coachName(c)},
                        {"municipality", pick(3) == 0 ? "Zeist" : "Utrecht"},
                        {"treatment_team", "FACT " + std::to_string(c % 4)}});
  }
  void flushPeople() {
    std::size_t done = 0;
    std::vector<Mutation> all = std::move(batch_);
    batch_.clear();
    for (std::size_t i = 0; i < all.size(); i += 2000) {
      batch_.assign(all.begin() + static_cast<std::ptrdiff_t>(i),
                    all.begin() + static_cast<std::ptrdiff_t>(std::min(all.size(), i + 2000)));
      flush();
      for (const std::string& id : ids_) people_[done++].id = id;
    }
  }

  // Trajectory, consent, profile, a job for half of them with weekly support and benefits, outreach, pauses.
  void personHistory(std::size_t i, std::int64_t last) {
    const Person& p = people_[i];
    const std::string& id = p.id;
    const bool closed = p.entry + 700 < last;
    nlohmann::json t{{"participant_id", id},
                     {"referral_date", day(p.entry - 7)},
                     {"referral_source", "treatment_team"},
                     {"programme_entry_date", day(p.entry)},
                     {"status", closed ? "closed" : "job_search"},
                     {"work_status_at_referral", "unemployed"},
                     {"funding_route", "municipal_via_uwv"},
                     {"planned_duration_months", "24"}};
    if (closed) t.update({{"closed_on", day(p.entry + 700)}, {"closure_reason", "stable_work"}});
    add("trajectory", t);
    add("consent", {{"participant_id", id},
                    {"recipient", "municipality"},
                    {"scope", {"participation", "work_status"}},
                    {"given_on", day(p.entry)}});
    add("vocational_profile",
        {{"participant_id", id}, {"profiled_on", day(p.entry + 10)}, {"goals", "Werken in de zorg"}});
    for (std::int64_t d = p.entry + 3; d < std::min(last, p.entry + 700); d += 60) {
      add("outreach_attempt",
          {{"participant_id", id}, {"attempt_on", day(d)}, {"mode", "phone"}, {"reached", pick(4) != 0}});
    }
    if (pick(10) == 0)
      add("pause", {{"participant_id", id},
                    {"start_on", day(p.entry + 90)},
                    {"reason", "health"},
                    {"end_on", day(p.entry + 130)}});
    for (std::int64_t d = p.entry; d < std::min(last, p.entry + 700); d += 7) {  // job-search support, weekly
      add("support_contact", {{"participant_id", id},
                              {"contact_on", day(d + pick(5))},
                              {"mode", pick(3) == 0 ? "phone" : "face_to_face"},
                              {"place", "elsewhere"},
                              {"type", "career_development"},
                              {"duration_minutes", 30}});
    }
    if (pick(2) == 0) return;
    const std::int64_t start = p.entry + 40 + pick(120);
    if (start >= last) return;
    add("benefits_session", {{"participant_id", id}, {"session_on", day(start - 5)}, {"topics", {"benefit_effects"}}});
    nlohmann::json job{{"participant_id", id},
                       {"employer_id", employers_[static_cast<std::size_t>(pick(shape_.employers))]},
                       {"title", "Medewerker"},
                       {"start_date", day(start)},
                       {"hours_per_week", 12 + pick(20)},
                       {"hourly_wage", "15.50"},
                       {"contract_type", "fixed_term"},
                       {"occupation_code", std::to_string(4000 + pick(900))}};
    const std::int64_t end = start + 60 + pick(500);
    if (end < last) job.update({{"end_date", day(end)}, {"end_reason", "contract_not_renewed"}});
    add("job", job);
    for (std::int64_t d = start; d < std::min(last, end); d += 7) {  // follow-along: at the workplace, weekly
      add("support_contact", {{"participant_id", id},
                              {"contact_on", day(d + pick(3))},
                              {"mode", "face_to_face"},
                              {"place", "workplace"},
                              {"type", "on_site_coaching"},
                              {"duration_minutes", 45}});
    }
  }

  // Per week: employer contacts (6-7 face to face, some phone and e-mail), a team meeting, access-log
  // entries, and the team lead's review mark of the week.
  void coachHistory(int c, std::int64_t first, std::int64_t last) {
    const std::int64_t monday = first - ((first + 3) % 7) + 7;
    for (std::int64_t w = monday; w + 6 <= last; w += 7) {
      const int visits = 5 + pick(4);
      for (int v = 0; v < visits + 6; ++v) {
        const char* mode = v < visits ? "face_to_face" : (v % 2 == 0 ? "phone" : "email");
        nlohmann::json contact{{"contact_at", day(w + pick(5)) + "T10:00"},
                               {"coach", coachName(c)},
                               {"employer_id", employers_[static_cast<std::size_t>(pick(shape_.employers))]},
                               {"mode", mode},
                               {"purpose", "present_candidate"},
                               {"duration_minutes", 60}};
        const auto& mine = byCoach_[static_cast<std::size_t>(c)];
        if (v % 2 == 0 && !mine.empty()) {  // half are about one of the coach's participants
          contact["participant_id"] = people_[mine[static_cast<std::size_t>(pick(static_cast<int>(mine.size())))]].id;
          contact["matches_preferences"] = pick(5) != 0;
        }
        add("employer_contact", contact);
      }
      add("meeting", {{"meeting_on", day(w + 1)}, {"type", "treatment_team"}, {"coach", coachName(c)}});
      add("meeting", {{"meeting_on", day(w + 3)}, {"type", "vocational_unit"}, {"coach", coachName(c)}});
      // No access events here: the store writes them itself (a write event per participant, coalesced within
      // 15 minutes of the machine's clock) and refuses them from a caller (docs/access-log.md).
      add("week_review", {{"week", calendar::isoWeek(day(w)).toString()},
                          {"coach", coachName(c)},
                          {"reviewed_on", day(w + 8)},
                          {"reviewer", "lead"}});
    }
  }

  Store& store_;
  HistoryShape shape_;
  std::mt19937 rng_{20260402};
  std::vector<Mutation> batch_;
  std::vector<std::string> ids_;
  std::vector<std::string> employers_;
  std::vector<Person> people_;
  std::vector<std::vector<std::size_t>> byCoach_;
  std::size_t total_ = 0;
};

}  // namespace coach::bench
