// The agenda (coach/agenda.hpp): DOMAIN.md's V12, V4 and V1 rules over the records on the device.
#include <algorithm>

#include "coach/agenda.hpp"
#include "model/value.hpp"
#include "query/calendar.hpp"
#include "query/case_data.hpp"
#include "store/read_scope.hpp"

namespace coach {
namespace {

using calendar::addDays;
using calendar::addMonths;
using calendar::daysBetween;
using query::CaseData;
using query::DatedLink;
using query::JobInfo;
using query::ParticipantInfo;

class AgendaBuilder {
 public:
  AgendaBuilder(const CaseData& data, const AgendaOptions& options) : data_(data), options_(options) {}

  std::vector<AgendaItem> build() {
    for (const JobInfo& job : data_.jobs) {
      const ParticipantInfo* p = participant(job.participantId);
      if (p == nullptr) continue;
      followAlong(*p, job);
      benefits(*p, job);
    }
    for (const auto& [id, p] : data_.participants) {
      if (include(p)) rapidSearch(p);
    }
    std::sort(items_.begin(), items_.end(), [](const AgendaItem& a, const AgendaItem& b) {
      return std::tie(a.dueDate, a.participantName, a.rule) < std::tie(b.dueDate, b.participantName, b.rule);
    });
    return std::move(items_);
  }

 private:
  bool include(const ParticipantInfo& p) const {
    if (!options_.coach.empty() && p.coach != options_.coach) return false;
    return p.trajectoryStatus != "closed";
  }
  const ParticipantInfo* participant(const std::string& id) const {
    auto it = data_.participants.find(id);
    return it != data_.participants.end() && include(it->second) ? &it->second : nullptr;
  }

  // Face-to-face support contact days for a job (contacts tied to the job, or to no job of this participant).
  std::vector<std::string> contactDays(const JobInfo& job) const {
    std::vector<std::string> days;
    for (const DatedLink& c : data_.faceToFaceSupport) {
      if (c.participantId == job.participantId && (c.jobId == job.id || c.jobId.empty())) days.push_back(c.day);
    }
    std::sort(days.begin(), days.end());
    return days;
  }
  static bool anyIn(const std::vector<std::string>& days, const std::string& from, const std::string& to) {
    auto it = std::lower_bound(days.begin(), days.end(), from);
    return it != days.end() && *it <= to;
  }

  void add(const ParticipantInfo& p, std::string rule, const std::string& recordId, const std::string& due,
           std::string detail, std::int64_t horizon = -1) {
    const std::int64_t left = daysBetween(options_.today, due);
    if (left > (horizon >= 0 ? horizon : options_.horizonDays)) return;
    items_.push_back(AgendaItem{std::move(rule), p.id, p.name, p.coach, recordId, due, left, std::move(detail)});
  }

  void followAlong(const ParticipantInfo& p, const JobInfo& job);
  void jobLoss(const ParticipantInfo& p, const JobInfo& job, const std::vector<std::string>& days);
  void benefits(const ParticipantInfo& p, const JobInfo& job);
  void rapidSearch(const ParticipantInfo& p);

  const CaseData& data_;
  const AgendaOptions& options_;
  std::vector<AgendaItem> items_;
};

void AgendaBuilder::followAlong(const ParticipantInfo& p, const JobInfo& job) {
  const std::string& today = options_.today;
  const std::string& start = job.start;
  const std::vector<std::string> days = contactDays(job);
  if (!job.end.empty() && job.end < today) return jobLoss(p, job, days);
  if (today < start) {
    if (!anyIn(days, addDays(start, -7), addDays(start, -1))) {
      add(p, "v12_before_start", job.id, addDays(start, -1), "face-to-face contact in the week before the job starts");
    }
    return;
  }
  auto after = std::lower_bound(days.begin(), days.end(), start);
  if (after == days.end()) {
    add(p, "v12_first_days", job.id, addDays(start, 3), "face-to-face contact within 3 days after the start");
    return;
  }
  const std::string& last = days.back();
  const std::string monthEnd = addMonths(start, 1);
  if (addDays(last, 7) <= monthEnd) {
    add(p, "v12_weekly", job.id, addDays(last, 7), "weekly face-to-face contact in the first month");
    return;
  }
  const std::string due = addMonths(last, 1);
  if (due <= addMonths(start, 12)) {
    add(p, "v12_monthly", job.id, due, "monthly face-to-face contact in the first year");
  }
}

void AgendaBuilder::jobLoss(const ParticipantInfo& p, const JobInfo& job, const std::vector<std::string>& days) {
  const std::string heard = job.endHeard.empty() ? job.end : job.endHeard;
  // Old job losses are a fidelity finding, not a to-do: keep them on the agenda for 90 days.
  if (daysBetween(heard, options_.today) > 90) return;
  if (std::lower_bound(days.begin(), days.end(), heard) == days.end()) {
    add(p, "v12_job_loss", job.id, addDays(heard, 3), "contact within 3 days of hearing of the job loss");
  }
}

void AgendaBuilder::benefits(const ParticipantInfo& p, const JobInfo& job) {
  auto hasSession = [&](const std::string& from, const std::string& to) {
    return std::any_of(data_.benefits.begin(), data_.benefits.end(), [&](const DatedLink& b) {
      return b.participantId == job.participantId &&
             (b.jobId == job.id || (b.jobId.empty() && b.day >= from && b.day <= to));
    });
  };
  const std::string& today = options_.today;
  if (!job.end.empty() && job.end < today) return;
  if (daysBetween(job.start, today) <= 28 && !hasSession(addDays(job.start, -90), job.start)) {
    add(p, "v1_benefits_before_start", job.id, job.start, "benefits session before the job starts");
  }
  const std::string& changed = job.termsChanged;
  if (!changed.empty() && changed > job.start && daysBetween(changed, today) <= 60) {
    const bool covered = std::any_of(data_.benefits.begin(), data_.benefits.end(), [&](const DatedLink& b) {
      return b.participantId == job.participantId && b.day >= addDays(changed, -30) &&
             (b.jobId == job.id || b.jobId.empty());
    });
    if (!covered) {
      add(p, "v1_benefits_after_change", job.id, addDays(changed, 14),
          "benefits session after the change of hours or wage");
    }
  }
}

void AgendaBuilder::rapidSearch(const ParticipantInfo& p) {
  // The clock runs while the participant searches: not during a pause, not once they work.
  if (p.programmeEntry.empty() || p.trajectoryStatus == "paused" || p.trajectoryStatus == "working") return;
  const bool hasJob = std::any_of(data_.jobs.begin(), data_.jobs.end(), [&](const JobInfo& j) {
    return j.participantId == p.id && j.start >= p.programmeEntry;
  });
  if (hasJob) return;
  const bool contacted = std::any_of(data_.faceToFaceEmployer.begin(), data_.faceToFaceEmployer.end(),
                                     [&](const DatedLink& c) { return c.participantId == p.id && c.day >= p.programmeEntry; });
  if (contacted) return;
  const std::int64_t day = daysBetween(p.programmeEntry, options_.today);
  add(p, "v4_first_employer_contact", p.trajectoryId, addDays(p.programmeEntry, 30),
      "first face-to-face employer contact within 30 days of programme entry (day " + std::to_string(day) + ")",
      /*horizon=*/30);  // the 30-day clock shows from the first day
}

}  // namespace

nlohmann::json toJson(const AgendaItem& item) {
  return {{"rule", item.rule},         {"participant_id", item.participantId}, {"participant", item.participantName},
          {"coach", item.coach},       {"record_id", item.recordId},           {"due", item.dueDate},
          {"days_left", item.daysLeft}, {"overdue", item.overdue()},           {"detail", item.detail}};
}

nlohmann::json toJson(const CaseloadEntry& e) {
  return {{"coach", e.coach},
          {"participant_id", e.participantId},
          {"participant", e.participantName},
          {"trajectory_status", e.trajectoryStatus},
          {"last_contact", e.lastContact},
          {"active", e.active}};
}

Result<std::vector<AgendaItem>> Store::agenda(const AgendaOptions& options) {
  AgendaOptions resolved = options;
  if (resolved.today.empty()) resolved.today = today();
  if (!model::isIsoDate(resolved.today)) {
    return makeError(ErrorCode::InvalidArgument, "agenda: the day must be YYYY-MM-DD, for example 2026-03-29");
  }
  std::lock_guard lock(impl_->mu);
  COACH_TRY(impl_->requireUnlocked());
  ReadScope scope(*impl_);  // the agenda names participants: each one shown is a read (docs/access-log.md)
  COACH_ASSIGN_OR_RETURN(CaseData data, query::loadCaseData(*impl_));
  COACH_TRY(scope.finish());
  return AgendaBuilder(data, resolved).build();
}

Result<std::vector<CaseloadEntry>> Store::caseload(const std::string& todayArg) {
  const std::string day = todayArg.empty() ? today() : todayArg;
  if (!model::isIsoDate(day)) {
    return makeError(ErrorCode::InvalidArgument, "caseload: the day must be YYYY-MM-DD, for example 2026-03-29");
  }
  std::lock_guard lock(impl_->mu);
  COACH_TRY(impl_->requireUnlocked());
  ReadScope scope(*impl_);  // the caseload names participants: each one is a read (docs/access-log.md)
  COACH_ASSIGN_OR_RETURN(CaseData data, query::loadCaseData(*impl_));
  COACH_TRY(scope.finish());
  std::map<std::string, std::string> last;
  for (const auto* list : {&data.faceToFaceSupport, &data.otherSupport, &data.faceToFaceEmployer,
                           &data.otherEmployer, &data.outreachReached}) {
    for (const DatedLink& c : *list) {
      if (c.day <= day && c.day > last[c.participantId]) last[c.participantId] = c.day;
    }
  }
  std::vector<CaseloadEntry> out;
  for (const auto& [id, p] : data.participants) {
    if (p.trajectoryStatus == "closed") continue;
    const std::string& lastDay = last[id];
    const bool active = !lastDay.empty() && daysBetween(lastDay, day) < 28;
    out.push_back(CaseloadEntry{p.coach, id, p.name, p.trajectoryStatus, lastDay, active});
  }
  std::sort(out.begin(), out.end(), [](const CaseloadEntry& a, const CaseloadEntry& b) {
    return std::tie(a.coach, a.participantName, a.participantId) < std::tie(b.coach, b.participantName, b.participantId);
  });
  return out;
}

}  // namespace coach
