// Outcome figures (coach/figures.hpp, query/outcomes_compute.hpp; definitions in docs/figures.md, "Outcomes").
#include <algorithm>
#include <set>

#include "query/calendar.hpp"
#include "query/outcomes_compute.hpp"

namespace coach::figures {
namespace {

using calendar::daysBetween;

constexpr const char* kServed = "participants served in the period (a trajectory running)";
constexpr const char* kOutOfWork = "participants served in the period who were unemployed at referral";

bool closedBefore(const Trajectory& t, const std::string& day) {
  return t.status == "closed" && (t.closedOn.empty() || t.closedOn < day);
}

class OutcomeBuilder {
 public:
  OutcomeBuilder(const FigureData& data, const OutcomeOptions& options) : d_(data), p_(options.period) {
    r_.period = options.period;
    r_.durableWeeks = options.durableWeeks;
  }

  OutcomeReport build() {
    trajectories();
    jobs();
    delays();
    currentTerms();
    return std::move(r_);
  }

 private:
  void warn(const std::string& figure, std::string message, std::vector<std::string> ids) {
    r_.warnings.push_back(FigureWarning{"outcomes." + figure, std::move(message), std::move(ids)});
  }
  static void count(CountFigure& f, const std::string& id) {
    ++f.count;
    f.recordIds.push_back(id);
  }

  void trajectories();
  void jobs();
  void shares(const std::set<std::string>& paid, const std::set<std::string>& durable);
  void delays();
  void currentTerms();

  const FigureData& d_;
  const Period& p_;
  OutcomeReport r_;
  std::set<std::string> served_;
  std::set<std::string> outOfWork_;
};

void OutcomeBuilder::trajectories() {
  std::vector<std::string> undated;
  std::vector<std::string> noStatus;
  for (const Trajectory& t : d_.trajectories) {
    if (t.status == "closed" && t.closedOn.empty()) undated.push_back(t.id);
    if (within(t.entryDate, p_)) count(r_.trajectoriesStarted, t.id);
    if (t.status == "closed" && within(t.closedOn, p_)) count(r_.trajectoriesEnded, t.id);
    if (t.referralDate > p_.to || closedBefore(t, p_.from)) continue;
    count(r_.trajectoriesRunning, t.id);
    served_.insert(t.participantId);
    if (t.workStatus == "unemployed") outOfWork_.insert(t.participantId);
    if (t.workStatus.empty()) noStatus.push_back(t.id);
  }
  if (!undated.empty()) {
    warn("trajectories_ended", std::to_string(undated.size()) + " closed trajectories have no closing day; they count "
         "as closed before the period. Record the day they closed", undated);
  }
  if (!noStatus.empty()) {
    warn("served_out_of_work_at_entry", std::to_string(noStatus.size()) + " running trajectories have no work status "
         "at referral; they are not counted as out of work. Record the work status", noStatus);
  }
  for (const std::string& id : served_) count(r_.participantsServed, id);
  for (const std::string& id : outOfWork_) count(r_.servedOutOfWorkAtEntry, id);
}

void OutcomeBuilder::jobs() {
  std::set<std::string> paid;
  std::set<std::string> durable;
  std::set<std::string> seen;  // participants with an earlier paid job (jobs are ordered by start)
  std::vector<std::string> noReason;
  for (const Job& j : d_.jobs) {
    if (!isPaid(j)) continue;
    const bool first = seen.insert(j.participantId).second;
    if (served_.count(j.participantId) != 0 && !lastDayWithin(j, p_).empty()) paid.insert(j.participantId);
    if (served_.count(j.participantId) != 0 && durableWithin(j, p_, r_.durableWeeks)) durable.insert(j.participantId);
    if (within(j.start, p_)) {
      count(r_.jobStarts, j.id);
      if (first) count(r_.firstJobStarts, j.id);
      if (benefitsBeforeStart(d_, j) != nullptr) count(r_.startsWithBenefits, j.id);
    }
    if (within(j.end, p_)) {
      r_.jobTenureDays.values.push_back(static_cast<double>(daysBetween(j.start, j.end) + 1));
      r_.jobTenureDays.recordIds.push_back(j.id);
      ++r_.endReasons[j.endReason.empty() ? "unknown" : j.endReason];
      if (j.endReason.empty()) noReason.push_back(j.id);
    }
  }
  if (!noReason.empty()) {
    warn("end_reasons", std::to_string(noReason.size()) + " jobs ended in the period without an end reason; they are "
         "counted as 'unknown'. Record why the job ended", noReason);
  }
  shares(paid, durable);
}

void OutcomeBuilder::shares(const std::set<std::string>& paid, const std::set<std::string>& durable) {
  for (const std::string& id : paid) {
    count(r_.paidJob, id);
    if (outOfWork_.count(id) != 0) count(r_.paidJobOutOfWorkAtEntry, id);
  }
  for (const std::string& id : durable) {
    count(r_.durableJob, id);
    if (outOfWork_.count(id) != 0) count(r_.durableJobOutOfWorkAtEntry, id);
  }
  const auto served = static_cast<std::int64_t>(served_.size());
  const auto outOfWork = static_cast<std::int64_t>(outOfWork_.size());
  for (CountFigure* f : {&r_.paidJob, &r_.durableJob}) f->denominator = served, f->denominatorLabel = kServed;
  for (CountFigure* f : {&r_.paidJobOutOfWorkAtEntry, &r_.durableJobOutOfWorkAtEntry}) {
    f->denominator = outOfWork;
    f->denominatorLabel = kOutOfWork;
  }
  r_.startsWithBenefits.denominator = r_.jobStarts.count;
  r_.startsWithBenefits.denominatorLabel = "paid job starts in the period";
  r_.jobTenureDays.unit = "days";
  r_.jobTenureDays.denominatorLabel = "paid jobs that ended in the period (first to last working day)";
}

void OutcomeBuilder::delays() {
  std::vector<std::string> noEntry;
  for (const Trajectory& t : d_.trajectories) {
    if (t.entryDate.empty()) {
      if (t.status != "referred" && served_.count(t.participantId) != 0) noEntry.push_back(t.id);
      continue;
    }
    if (const EmployerContact* c = firstFaceToFaceContact(d_, t.participantId, t.entryDate); c && within(c->day, p_)) {
      r_.daysToFirstEmployerContact.values.push_back(static_cast<double>(daysBetween(t.entryDate, c->day)));
      r_.daysToFirstEmployerContact.recordIds.push_back(t.id);
    }
    const auto& mine = d_.of(t.participantId).jobs;  // ordered by start
    auto pos = std::find_if(mine.begin(), mine.end(), [&](std::size_t i) {
      return isPaid(d_.jobs[i]) && d_.jobs[i].start >= t.entryDate;
    });
    const Job* job = pos == mine.end() ? nullptr : &d_.jobs[*pos];
    if (job != nullptr && within(job->start, p_)) {
      r_.daysToFirstJob.values.push_back(static_cast<double>(daysBetween(t.entryDate, job->start)));
      r_.daysToFirstJob.recordIds.push_back(job->id);
    }
  }
  if (!noEntry.empty()) {
    warn("days_to_first_employer_contact", std::to_string(noEntry.size()) + " running trajectories past referral have "
         "no programme entry date, so their days to the first contact and job are not counted; record the entry date",
         noEntry);
  }
  r_.daysToFirstEmployerContact.unit = "days";
  r_.daysToFirstEmployerContact.denominatorLabel =
      "trajectories whose first face-to-face employer contact after programme entry fell in the period";
  r_.daysToFirstJob.unit = "days";
  r_.daysToFirstJob.denominatorLabel = "trajectories whose first paid job after programme entry started in the period";
}

void OutcomeBuilder::currentTerms() {
  std::vector<std::string> noHours;
  std::vector<std::string> noWage;
  for (const Job& j : d_.jobs) {
    if (!isPaid(j) || j.start > p_.to || (!j.end.empty() && j.end < p_.to)) continue;
    if (j.hoursCenti) {
      r_.hoursPerWeek.values.push_back(static_cast<double>(*j.hoursCenti) / 100.0);
      r_.hoursPerWeek.recordIds.push_back(j.id);
    } else {
      noHours.push_back(j.id);
    }
    if (j.wageCents) {
      r_.hourlyWage.values.push_back(static_cast<double>(*j.wageCents) / 100.0);
      r_.hourlyWage.recordIds.push_back(j.id);
    } else {
      noWage.push_back(j.id);
    }
  }
  if (!noHours.empty()) {
    warn("hours_per_week", std::to_string(noHours.size()) + " jobs running at the period's end have no hours per "
         "week and are not in the figure; record the contracted hours", noHours);
  }
  if (!noWage.empty()) {
    warn("hourly_wage", std::to_string(noWage.size()) + " jobs running at the period's end have no hourly wage and "
         "are not in the figure; record the gross hourly wage", noWage);
  }
  r_.hoursPerWeek.unit = "hours/week";
  r_.hoursPerWeek.denominatorLabel = "paid jobs running on the period's last day with hours recorded";
  r_.hourlyWage.unit = "euro/hour";
  r_.hourlyWage.denominatorLabel = "paid jobs running on the period's last day with a wage recorded";
  for (Distribution* d : {&r_.hoursPerWeek, &r_.hourlyWage, &r_.jobTenureDays, &r_.daysToFirstEmployerContact,
                          &r_.daysToFirstJob}) {
    std::sort(d->values.begin(), d->values.end());
  }
}

}  // namespace

Status checkOutcomeOptions(const OutcomeOptions& options) {
  COACH_TRY(checkPeriod(options.period, "outcomes"));
  if (options.durableWeeks < 1 || options.durableWeeks > 520) {
    return makeError(ErrorCode::InvalidArgument,
                     "outcomes: the durable-job rule must be 1 to 520 weeks (the default is 13)");
  }
  return {};
}

OutcomeReport outcomesFrom(const FigureData& data, const OutcomeOptions& options) {
  return OutcomeBuilder(data, options).build();
}

}  // namespace coach::figures
