// The figures' slice of the store (query/fidelity_data.hpp) and the rules fidelity, outcomes and exports share.
#include "query/fidelity_data.hpp"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <mutex>

#include "model/value.hpp"
#include "query/calendar.hpp"

namespace coach::figures {
namespace {

using RowFn = std::function<void(store::Stmt&)>;

Status eachRow(Store::Impl& impl, const std::string& sql, const RowFn& fn) {
  COACH_ASSIGN_OR_RETURN(store::Stmt* s, impl.stmt(sql));
  store::StmtGuard guard(*s);
  while (true) {
    COACH_ASSIGN_OR_RETURN(bool row, s->step());
    if (!row) return {};
    fn(*s);
  }
}

std::string text(store::Stmt& s, int col) { return s.isNull(col) ? std::string() : s.textAt(col); }
std::optional<std::int64_t> number(store::Stmt& s, int col) {
  return s.isNull(col) ? std::nullopt : std::optional<std::int64_t>(s.intAt(col));
}
std::set<std::string> enumSet(const std::string& stored) {
  std::set<std::string> out;
  std::size_t pos = 0;
  while (pos < stored.size()) {
    const std::size_t comma = std::min(stored.find(',', pos), stored.size());
    if (comma > pos) out.insert(stored.substr(pos, comma - pos));
    pos = comma + 1;
  }
  return out;
}

// Room for every row of `table` in `out` up front: the big vectors (support and employer contacts run to
// 100,000 rows over a team's five years) would otherwise be copied over and over as they grow.
template <class T>
Status reserveRows(Store::Impl& impl, const char* table, std::vector<T>& out) {
  COACH_ASSIGN_OR_RETURN(store::Stmt * s, impl.stmt(std::string("SELECT count(*) FROM ") + table));
  store::StmtGuard guard(*s);
  COACH_ASSIGN_OR_RETURN(bool row, s->step());
  if (row) out.reserve(static_cast<std::size_t>(s->intAt(0)));
  return {};
}

// Joined with `record` for the text id; archived rows are left out everywhere.
std::string from(const char* table) {
  return std::string(" FROM ") + table + " k JOIN record r ON r.rid = k.rid WHERE k.archived = 0";
}

Status loadPeople(Store::Impl& impl, FigureData& d) {
  COACH_TRY(eachRow(impl, "SELECT r.id, k.coach, k.municipality, k.treatment_team" + from("k_participant"),
                    [&](store::Stmt& s) {
                      Participant p{text(s, 0), text(s, 1), text(s, 2), text(s, 3)};
                      d.participants.emplace(p.id, std::move(p));
                    }));
  return eachRow(impl,
                 "SELECT r.id, k.participant_id, k.referral_date, k.referral_source, k.programme_entry_date, k.funding_route,"
                 " k.planned_duration_months, k.work_status_at_referral, k.status, k.closed_on, k.closure_reason" +
                     from("k_trajectory") + " ORDER BY k.referral_date, k.created_hlc",
                 [&](store::Stmt& s) {
                   d.trajectories.push_back({text(s, 0), text(s, 1), text(s, 2), text(s, 3), text(s, 4), text(s, 5),
                                             text(s, 6), text(s, 7), text(s, 8), text(s, 9), text(s, 10)});
                 });
}

Status loadJobs(Store::Impl& impl, FigureData& d) {
  COACH_TRY(reserveRows(impl, "k_job", d.jobs));
  return eachRow(impl,
                 "SELECT r.id, k.participant_id, k.employer_id, k.occupation_code, k.start_date, k.end_date,"
                 " k.end_heard_on, k.terms_changed_on, k.hours_per_week, k.hourly_wage, k.contract_type,"
                 " k.reserved_for_target_group, k.time_limited_by_agency, k.trial_placement, k.end_reason, k.disclosure" +
                     from("k_job") + " ORDER BY k.start_date, r.id",
                 [&](store::Stmt& s) {
                   Job j{text(s, 0), text(s, 1), text(s, 2), text(s, 3), text(s, 4), text(s, 5), text(s, 6),
                         text(s, 7), number(s, 8), number(s, 9), text(s, 10), number(s, 11).value_or(0) == 1,
                         number(s, 12).value_or(0) == 1, number(s, 13).value_or(0) == 1, text(s, 14), text(s, 15)};
                   d.jobs.push_back(std::move(j));
                 });
}

Status loadContacts(Store::Impl& impl, FigureData& d) {
  COACH_TRY(reserveRows(impl, "k_employer_contact", d.employerContacts));
  COACH_TRY(reserveRows(impl, "k_support_contact", d.supportContacts));
  COACH_TRY(eachRow(impl,
                    "SELECT r.id, k.participant_id, k.coach, k.employer_id, k.contact_at, k.mode,"
                    " k.matches_preferences, k.duration_minutes, k.purpose" +
                        from("k_employer_contact") + " ORDER BY k.contact_at, r.id",
                    [&](store::Stmt& s) {
                      const auto matches = number(s, 6);
                      d.employerContacts.push_back(
                          {text(s, 0), text(s, 1), text(s, 2), text(s, 3), text(s, 4).substr(0, 10), text(s, 5),
                           matches ? std::optional<bool>(*matches == 1) : std::nullopt, number(s, 7), text(s, 8)});
                    }));
  return eachRow(impl,
                 "SELECT r.id, k.participant_id, k.job_id, k.contact_on, k.mode, k.place, k.type, k.duration_minutes" +
                     from("k_support_contact") + " ORDER BY k.contact_on, r.id",
                 [&](store::Stmt& s) {
                   d.supportContacts.push_back({text(s, 0), text(s, 1), text(s, 2), text(s, 3), text(s, 4),
                                                text(s, 5), text(s, 6), number(s, 7)});
                 });
}

Status loadDated(Store::Impl& impl, FigureData& d) {
  auto into = [](std::vector<Dated>& out) {
    return [&out](store::Stmt& s) { out.push_back({text(s, 0), text(s, 1), text(s, 2), text(s, 3), text(s, 4)}); };
  };
  COACH_TRY(eachRow(impl, "SELECT r.id, k.participant_id, k.job_id, k.session_on, ''" + from("k_benefits_session") +
                              " ORDER BY k.session_on", into(d.benefits)));
  COACH_TRY(eachRow(impl, "SELECT r.id, k.participant_id, k.after_job_id, k.profiled_on, ''" +
                              from("k_vocational_profile") + " ORDER BY k.profiled_on", into(d.profiles)));
  COACH_TRY(eachRow(impl, "SELECT r.id, k.participant_id, '', k.meeting_on, k.type" + from("k_meeting") +
                              " ORDER BY k.meeting_on", into(d.meetings)));
  COACH_TRY(eachRow(impl,
                    "SELECT r.id, k.participant_id, '', k.attempt_on,"
                    " CASE WHEN k.reached = 1 THEN 'reached' ELSE 'not_reached' END" +
                        from("k_outreach_attempt") + " ORDER BY k.attempt_on", into(d.outreach)));
  return eachRow(impl, "SELECT r.id, k.participant_id, '', k.start_on, k.end_on" + from("k_pause") +
                           " ORDER BY k.start_on", into(d.pauses));
}

Status loadConsentAndScores(Store::Impl& impl, FigureData& d) {
  COACH_TRY(eachRow(impl,
                    "SELECT r.id, k.participant_id, k.recipient, k.scope, k.given_on, k.withdrawn_on" +
                        from("k_consent"),
                    [&](store::Stmt& s) {
                      d.consents.push_back(
                          {text(s, 0), text(s, 1), text(s, 2), enumSet(text(s, 3)), text(s, 4), text(s, 5)});
                    }));
  std::vector<std::optional<std::uint32_t>> devices;  // the device number of each score's stamp
  COACH_TRY(eachRow(impl,
                    "SELECT r.id, k.item, k.period_start, k.period_end, k.score, k.scored_on, k.coach, k.clocks" +
                        from("k_fidelity_score") + " ORDER BY k.scored_on, k.created_hlc",
                    [&](store::Stmt& s) {
                      d.scores.push_back({text(s, 0), text(s, 1), text(s, 2), text(s, 3),
                                          static_cast<int>(number(s, 4).value_or(0)), text(s, 5), text(s, 6), {}});
                      const auto clocks = store::FieldClocks::decode(s.blobAt(7));
                      const auto stamp = clocks ? clocks->get("score") : std::nullopt;
                      devices.push_back(stamp ? std::optional<std::uint32_t>(stamp->device) : std::nullopt);
                    }));
  // Who entered a score is the device that signed it, not the handle typed into it: the fidelity view shows
  // both, so a score from a device that should not give one stands out (docs/figures.md, "Manual scores").
  for (std::size_t i = 0; i < d.scores.size(); ++i) {
    if (!devices[i]) continue;
    COACH_ASSIGN_OR_RETURN(d.scores[i].device, impl.deviceIdOf(*devices[i]));
  }
  return {};
}

}  // namespace

Result<FigureData> loadFigureData(Store::Impl& impl) {
  FigureData d;
  COACH_TRY(loadPeople(impl, d));
  COACH_TRY(loadJobs(impl, d));
  COACH_TRY(loadContacts(impl, d));
  COACH_TRY(loadDated(impl, d));
  COACH_TRY(loadConsentAndScores(impl, d));
  d.indexByParticipant();
  return d;
}

void FigureData::indexByParticipant() {
  links.clear();
  auto fill = [this](const auto& records, std::vector<std::size_t> Links::*member) {
    for (std::size_t i = 0; i < records.size(); ++i) {
      if (!records[i].participantId.empty()) (links[records[i].participantId].*member).push_back(i);
    }
  };
  fill(trajectories, &Links::trajectories);
  fill(jobs, &Links::jobs);
  fill(employerContacts, &Links::employerContacts);
  fill(supportContacts, &Links::supportContacts);
  fill(benefits, &Links::benefits);
}

const FigureData::Links& FigureData::of(const std::string& participantId) const {
  static const Links kNone;
  auto it = links.find(participantId);
  return it == links.end() ? kNone : it->second;
}

Result<FigureData> loadFigureData(Store& store) {
  Store::Impl& impl = store.implForInternalUse();
  std::lock_guard lock(impl.mu);
  COACH_TRY(impl.requireUnlocked());
  return loadFigureData(impl);
}

Status checkPeriod(const Period& period, std::string_view what) {
  if (!model::isIsoDate(period.from) || !model::isIsoDate(period.to) || period.from > period.to) {
    return makeError(ErrorCode::InvalidArgument,
                     std::string(what) + ": the period must be two days YYYY-MM-DD, the first not after the last, "
                                         "for example 2026-01-01 to 2026-03-31");
  }
  return {};
}

const Trajectory* newestTrajectory(const FigureData& data, const std::string& participantId) {
  const auto& mine = data.of(participantId).trajectories;  // ordered by referral date
  return mine.empty() ? nullptr : &data.trajectories[mine.back()];
}

const Trajectory* trajectoryAt(const FigureData& data, const std::string& participantId, const std::string& day) {
  const Trajectory* found = nullptr;
  for (std::size_t i : data.of(participantId).trajectories) {
    const Trajectory& t = data.trajectories[i];
    if (!t.entryDate.empty() && t.entryDate <= day && (found == nullptr || t.entryDate >= found->entryDate)) found = &t;
  }
  return found;
}

const EmployerContact* firstFaceToFaceContact(const FigureData& data, const std::string& participantId,
                                              const std::string& entry) {
  for (std::size_t i : data.of(participantId).employerContacts) {  // ordered by day
    const EmployerContact& c = data.employerContacts[i];
    if (c.mode == "face_to_face" && c.day >= entry) return &c;
  }
  return nullptr;
}

const Dated* benefitsBeforeStart(const FigureData& data, const Job& job) {
  const std::string earliest = calendar::addDays(job.start, -90);
  for (std::size_t i : data.of(job.participantId).benefits) {
    const Dated& b = data.benefits[i];
    if (b.day > job.start) continue;
    if (b.jobId == job.id || (b.jobId.empty() && b.day >= earliest)) return &b;
  }
  return nullptr;
}

std::string lastDayWithin(const Job& job, const Period& p) {
  if (job.start > p.to || (!job.end.empty() && job.end < p.from)) return {};
  return job.end.empty() || job.end > p.to ? p.to : job.end;
}

bool durableWithin(const Job& job, const Period& p, int weeks) {
  const std::string last = lastDayWithin(job, p);
  return !last.empty() && calendar::daysBetween(job.start, last) + 1 >= 7 * static_cast<std::int64_t>(weeks);
}

std::string fixed1(double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", value);
  return buf;
}

std::string ofText(std::int64_t part, std::int64_t whole) {
  if (whole == 0) return std::to_string(part) + " of 0";
  return std::to_string(part) + " of " + std::to_string(whole) + " (" +
         fixed1(100.0 * static_cast<double>(part) / static_cast<double>(whole)) + "%)";
}

}  // namespace coach::figures
