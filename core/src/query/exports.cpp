// buildExport (coach/figures.hpp): the municipality's quarterly report and the Werkmonitor data file. Who is in
// it (consent, municipality) is decided here; the counts come from the outcome figures over those participants
// only; exports_table.cpp suppresses and writes the CSV. Columns and measures: docs/figures.md, "Exports".
#include <algorithm>
#include <cctype>
#include <set>

#include "model/value.hpp"
#include "query/calendar.hpp"
#include "query/exports_table.hpp"
#include "query/outcomes_compute.hpp"

namespace coach {
namespace {

using figures::ExportTable;
using figures::FigureData;
using Counts = std::map<std::string, std::int64_t>;

// The consent scopes an export draws on: taking part, and work status (jobs, their starts and ends).
const std::set<std::string> kNeededScope{"participation", "work_status"};

std::string normalised(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (!std::isspace(static_cast<unsigned char>(c)) || (!out.empty() && out.back() != ' ')) {
      out += std::isspace(static_cast<unsigned char>(c)) ? ' ' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// The consent of `participantId` that covers `recipient` on `day`, or nullptr.
const figures::Consent* coveringConsent(const FigureData& d, const std::string& participantId,
                                        const std::string& recipient, const std::string& day) {
  for (const figures::Consent& c : d.consents) {
    if (c.participantId != participantId || c.recipient != recipient || c.givenOn > day) continue;
    if (!c.withdrawnOn.empty() && c.withdrawnOn <= day) continue;
    if (std::includes(c.scope.begin(), c.scope.end(), kNeededScope.begin(), kNeededScope.end())) return &c;
  }
  return nullptr;
}

template <class T>
void keepOnly(std::vector<T>& records, const std::set<std::string>& ids) {
  std::erase_if(records, [&](const T& r) { return ids.count(r.participantId) == 0; });
}

FigureData restrictTo(const FigureData& all, const std::set<std::string>& ids) {
  FigureData d = all;
  std::erase_if(d.participants, [&](const auto& p) { return ids.count(p.first) == 0; });
  keepOnly(d.trajectories, ids);
  keepOnly(d.jobs, ids);
  keepOnly(d.employerContacts, ids);
  keepOnly(d.supportContacts, ids);
  keepOnly(d.benefits, ids);
  keepOnly(d.profiles, ids);
  keepOnly(d.meetings, ids);
  keepOnly(d.outreach, ids);
  keepOnly(d.pauses, ids);
  keepOnly(d.consents, ids);
  d.scores.clear();
  d.indexByParticipant();
  return d;
}

struct Selection {
  std::set<std::string> included;
  std::set<std::string> healthShared;  // consent also covers health information
  std::int64_t withoutConsent = 0;
  std::int64_t withoutMunicipality = 0;
};

Selection select(const FigureData& d, const ExportOptions& o, const std::string& recipient, const std::string& day) {
  Selection s;
  const std::string wanted = normalised(o.municipality);
  for (const auto& [id, p] : d.participants) {
    if (figures::newestTrajectory(d, id) == nullptr) continue;  // never in a trajectory: in no figure
    if (o.kind == ExportKind::MunicipalityQuarterly) {
      if (p.municipality.empty()) ++s.withoutMunicipality;
      if (normalised(p.municipality) != wanted) continue;
    }
    const figures::Consent* c = coveringConsent(d, id, recipient, day);
    if (c == nullptr) {
      ++s.withoutConsent;
      continue;
    }
    s.included.insert(id);
    if (c->scope.count("health_information") != 0) s.healthShared.insert(id);
  }
  return s;
}

Counts bands(const Distribution& d, const std::vector<std::pair<double, std::string>>& upper, const std::string& last) {
  Counts out;
  for (double v : d.values) {
    auto it = std::find_if(upper.begin(), upper.end(), [&](const auto& b) { return v <= b.first; });
    ++out[it == upper.end() ? last : it->second];
  }
  return out;
}

// The trajectory of a served participant that ran in the period: the newest referred by its end.
const figures::Trajectory* runningTrajectory(const FigureData& d, const std::string& id, const Period& p) {
  const figures::Trajectory* found = nullptr;
  for (std::size_t i : d.of(id).trajectories) {
    if (d.trajectories[i].referralDate <= p.to) found = &d.trajectories[i];
  }
  return found;
}

std::string orUnknown(const std::string& v) { return v.empty() ? "unknown" : v; }

void servedMeasures(ExportTable& t, const FigureData& d, const OutcomeReport& r, ExportKind kind) {
  Counts byRoute;
  Counts byStatus;
  for (const std::string& id : r.participantsServed.recordIds) {
    const figures::Trajectory* tr = runningTrajectory(d, id, r.period);
    ++byRoute[orUnknown(tr != nullptr ? tr->fundingRoute : "")];
    ++byStatus[orUnknown(tr != nullptr ? tr->workStatus : "")];
  }
  const std::size_t served = kind == ExportKind::MunicipalityQuarterly
      ? t.partition("participants_served", byRoute, {"municipal_via_uwv", "uwv_client", "own_budget", "unknown"})
      : t.partition("participants_served", byStatus,
                    {"unemployed", "employed_at_risk", "employed_wanting_other_work", "unknown"});
  const std::int64_t all = r.participantsServed.count;
  t.partition("paid_job", {{"yes", r.paidJob.count}, {"no", all - r.paidJob.count}}, {"yes", "no"}, served);
  t.partition("durable_job", {{"yes", r.durableJob.count}, {"no", all - r.durableJob.count}}, {"yes", "no"}, served);
  if (kind == ExportKind::Werkmonitor) {
    // Unemployed at referral is a part of participants_served above; its paid-job split sums to that cell.
    const std::int64_t out = r.servedOutOfWorkAtEntry.count;
    t.partition("out_of_work_at_entry_paid_job",
                {{"yes", r.paidJobOutOfWorkAtEntry.count}, {"no", out - r.paidJobOutOfWorkAtEntry.count}},
                {"yes", "no"}, t.find("participants_served", "unemployed"));
  }
}

void trajectoryMeasures(ExportTable& t, const FigureData& d, const OutcomeReport& r) {
  t.add("trajectories_started", "total", r.trajectoriesStarted.count);
  Counts byReason;
  Counts early;
  for (const std::string& id : r.trajectoriesEnded.recordIds) {
    auto tr = std::find_if(d.trajectories.begin(), d.trajectories.end(),
                           [&](const figures::Trajectory& x) { return x.id == id; });
    ++byReason[orUnknown(tr->closureReason)];
    if (tr->entryDate.empty() || tr->plannedMonths.empty()) {
      ++early["unknown"];
    } else {
      const std::string plannedEnd = calendar::addMonths(tr->entryDate, std::stoi(tr->plannedMonths));
      ++early[tr->closedOn < plannedEnd ? "before_planned_end" : "at_or_after_planned_end"];
    }
  }
  const std::size_t ended = t.partition("trajectories_ended", byReason,
                                        {"stable_work", "no_longer_wants_work", "moved", "deceased", "transferred",
                                         "other", "unknown"});
  t.partition("trajectories_ended_timing", early, {"before_planned_end", "at_or_after_planned_end", "unknown"}, ended);
}

void jobMeasures(ExportTable& t, const FigureData& d, const OutcomeReport& r, const std::set<std::string>& health) {
  const std::int64_t starts = r.jobStarts.count;
  const std::size_t total = t.partition(
      "job_starts", {{"first_job", r.firstJobStarts.count}, {"later_job", starts - r.firstJobStarts.count}},
      {"first_job", "later_job"});
  t.partition("job_starts_benefits_session",
              {{"yes", r.startsWithBenefits.count}, {"no", starts - r.startsWithBenefits.count}}, {"yes", "no"}, total);
  Counts reasons;
  for (const std::string& id : r.jobTenureDays.recordIds) {
    auto j = std::find_if(d.jobs.begin(), d.jobs.end(), [&](const figures::Job& x) { return x.id == id; });
    std::string reason = orUnknown(j->endReason);
    // A job lost for health reasons is health information: shown only where consent covers it.
    if (reason == "health" && health.count(j->participantId) == 0) reason = "other";
    ++reasons[reason];
  }
  t.partition("jobs_ended", reasons,
              {"other_job", "quit", "dismissed", "contract_not_renewed", "temporary_job_ended", "health", "moved",
               "other", "unknown"});
}

void werkmonitorMeasures(ExportTable& t, const FigureData& d, const OutcomeReport& r) {
  t.partition("days_to_first_employer_contact",
              bands(r.daysToFirstEmployerContact, {{30, "0_30"}, {60, "31_60"}, {150, "61_150"}, {270, "151_270"}},
                    "271_plus"),
              {"0_30", "31_60", "61_150", "151_270", "271_plus"});
  t.partition("days_to_first_job", bands(r.daysToFirstJob, {{90, "0_90"}, {180, "91_180"}, {365, "181_365"}}, "366_plus"),
              {"0_90", "91_180", "181_365", "366_plus"});
  Counts hours;
  for (const figures::Job& j : d.jobs) {
    if (!figures::isPaid(j) || j.start > r.period.to || (!j.end.empty() && j.end < r.period.to)) continue;
    const std::int64_t h = j.hoursCenti.value_or(-1);
    ++hours[h < 0 ? "unknown" : h < 1200 ? "under_12" : h < 2000 ? "12_19" : h < 3200 ? "20_31" : "32_plus"];
  }
  t.partition("hours_per_week_at_quarter_end", hours, {"under_12", "12_19", "20_31", "32_plus", "unknown"});
}

std::string slug(const std::string& text) {
  std::string out;
  for (char c : normalised(text)) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '-';
  return out.empty() ? "unknown" : out;
}

Status checkExport(const ExportOptions& o, const std::string& recipient, const std::string& day) {
  COACH_TRY(quarterPeriod(o.quarter));
  if (o.kind == ExportKind::MunicipalityQuarterly && normalised(o.municipality).empty()) {
    return makeError(ErrorCode::InvalidArgument, "export: name the municipality whose quarterly report to build");
  }
  if (recipient.empty()) {
    return makeError(ErrorCode::InvalidArgument,
                     "export: the Werkmonitor export needs the consent recipient that covers Phrenos' Werkmonitor in "
                     "your organisation's consent form (consentRecipient); no participant is exported without it");
  }
  static constexpr std::string_view kRecipients[] = {"employer", "uwv", "municipality", "family",
                                                     "former_employer", "other_care_provider"};
  if (std::find(std::begin(kRecipients), std::end(kRecipients), recipient) == std::end(kRecipients)) {
    return makeError(ErrorCode::InvalidArgument, "export: '" + recipient + "' is not a consent recipient; use one of "
                     "employer, uwv, municipality, family, former_employer, other_care_provider");
  }
  if (!model::isIsoDate(day)) {
    return makeError(ErrorCode::InvalidArgument, "export: the day consent is checked on must be YYYY-MM-DD");
  }
  if (o.durableWeeks < 1 || o.durableWeeks > 520) {
    return makeError(ErrorCode::InvalidArgument, "export: the durable-job rule must be 1 to 520 weeks (default 13)");
  }
  return {};
}

}  // namespace

Result<ExportFile> buildExport(Store& store, const ExportOptions& o) {
  const bool municipal = o.kind == ExportKind::MunicipalityQuarterly;
  const std::string recipient = !o.consentRecipient.empty() ? o.consentRecipient : municipal ? "municipality" : "";
  const std::string day = o.today.empty() ? store.today() : o.today;
  COACH_TRY(checkExport(o, recipient, day));
  const Period quarter = quarterPeriod(o.quarter).value();
  COACH_ASSIGN_OR_RETURN(FigureData all, figures::loadFigureData(store));
  const Selection s = select(all, o, recipient, day);
  const FigureData d = restrictTo(all, s.included);
  const OutcomeReport r = figures::outcomesFrom(d, OutcomeOptions{quarter, o.durableWeeks});

  ExportTable table;
  servedMeasures(table, d, r, o.kind);
  trajectoryMeasures(table, d, r);
  jobMeasures(table, d, r, s.healthShared);
  if (!municipal) werkmonitorMeasures(table, d, r);
  table.suppress();

  ExportFile file;
  const std::string scope = municipal ? normalised(o.municipality) : "team";
  file.fileName = (municipal ? "municipality-" + slug(o.municipality) : std::string("werkmonitor")) + "-" + o.quarter + ".csv";
  file.csv = table.csv(o.quarter, scope);
  file.cells = table.cells();
  file.participantsIncluded = static_cast<std::int64_t>(s.included.size());
  file.participantsWithoutConsent = s.withoutConsent;
  if (s.withoutConsent > 0) {
    file.warnings.push_back({"export.consent", std::to_string(s.withoutConsent) + " participants are left out: no "
                             "consent for '" + recipient + "' covering participation and work status on the export day", {}});
  }
  if (municipal && s.withoutMunicipality > 0) {
    file.warnings.push_back({"export.municipality", std::to_string(s.withoutMunicipality) + " participants have no "
                             "municipality of residence and are in no municipality's report; record it", {}});
  }
  for (const FigureWarning& w : r.warnings) file.warnings.push_back({w.figure, w.message, {}});
  return file;
}

nlohmann::json toJson(const ExportCell& cell) {
  static constexpr const char* kWhy[] = {"none", "small_count", "complementary"};
  return {{"measure", cell.measure},
          {"category", cell.category},
          {"value", cell.value ? nlohmann::json(*cell.value) : nlohmann::json(nullptr)},
          {"suppression", kWhy[static_cast<std::size_t>(cell.suppression)]}};
}

nlohmann::json toJson(const ExportFile& file) {
  nlohmann::json cells = nlohmann::json::array();
  for (const ExportCell& c : file.cells) cells.push_back(toJson(c));
  nlohmann::json warnings = nlohmann::json::array();
  for (const FigureWarning& w : file.warnings) warnings.push_back(toJson(w));
  return {{"file_name", file.fileName},
          {"csv", file.csv},
          {"cells", cells},
          {"participants_included", file.participantsIncluded},
          {"participants_without_consent", file.participantsWithoutConsent},
          {"warnings", warnings}};
}

}  // namespace coach
