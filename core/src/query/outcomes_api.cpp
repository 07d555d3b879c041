// The public side of the outcome figures (coach/figures.hpp): quarters, computeOutcomes per period and per
// quarter, Distribution's statistics and the JSON forms.
#include <charconv>
#include <cmath>
#include <numeric>

#include "coach/report.hpp"
#include "model/value.hpp"
#include "query/calendar.hpp"
#include "query/outcomes_compute.hpp"

namespace coach {
namespace {

// The quarters from `fromQuarter` to `toQuarter`, at most 80.
Result<std::vector<Period>> quarterList(std::string_view fromQuarter, std::string_view toQuarter) {
  COACH_ASSIGN_OR_RETURN(Period first, quarterPeriod(fromQuarter));
  COACH_ASSIGN_OR_RETURN(Period last, quarterPeriod(toQuarter));
  if (first.from > last.from) {
    return makeError(ErrorCode::InvalidArgument, "outcomes: the first quarter comes after the last; swap them");
  }
  std::vector<Period> quarters;
  for (Period q = first; q.from <= last.from;) {
    quarters.push_back(q);
    if (quarters.size() > 80) {
      return makeError(ErrorCode::InvalidArgument, "outcomes: at most 80 quarters at a time; choose a shorter range");
    }
    q = quarterPeriod(quarterOf(calendar::addDays(q.to, 1))).value();
  }
  return quarters;
}

nlohmann::json rounded(const std::optional<double>& v) {
  return v ? nlohmann::json(std::round(*v * 10) / 10) : nlohmann::json(nullptr);
}

}  // namespace

Result<Period> quarterPeriod(std::string_view quarter) {
  int year = 0;
  const bool shaped = quarter.size() == 7 && quarter[4] == '-' && quarter[5] == 'Q' && quarter[6] >= '1' &&
                      quarter[6] <= '4';
  const auto parsed = std::from_chars(quarter.data(), quarter.data() + 4, year);
  if (!shaped || parsed.ec != std::errc() || parsed.ptr != quarter.data() + 4 || year < 1900) {
    return makeError(ErrorCode::InvalidArgument, "a quarter is written YYYY-Qn, for example 2026-Q1");
  }
  static constexpr const char* kFrom[] = {"-01-01", "-04-01", "-07-01", "-10-01"};
  static constexpr const char* kTo[] = {"-03-31", "-06-30", "-09-30", "-12-31"};
  const auto q = static_cast<std::size_t>(quarter[6] - '1');
  const std::string y = std::to_string(year);
  return Period{y + kFrom[q], y + kTo[q]};
}

std::string quarterOf(std::string_view isoDate) {
  if (!model::isIsoDate(isoDate)) return {};
  const int month = (isoDate[5] - '0') * 10 + (isoDate[6] - '0');
  return std::string(isoDate.substr(0, 4)) + "-Q" + std::to_string((month - 1) / 3 + 1);
}

std::optional<double> Distribution::mean() const {
  if (values.empty()) return std::nullopt;
  return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

std::optional<double> Distribution::median() const {
  if (values.empty()) return std::nullopt;
  const std::size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

Result<OutcomeReport> computeOutcomes(Store& store, const OutcomeOptions& options) {
  COACH_TRY(figures::checkOutcomeOptions(options));
  COACH_ASSIGN_OR_RETURN(figures::FigureData data, figures::loadFigureData(store));
  return figures::outcomesFrom(data, options);
}

Result<std::vector<OutcomeReport>> computeOutcomesPerQuarter(Store& store, std::string_view fromQuarter,
                                                             std::string_view toQuarter, int durableWeeks) {
  COACH_ASSIGN_OR_RETURN(std::vector<Period> quarters, quarterList(fromQuarter, toQuarter));
  COACH_TRY(figures::checkOutcomeOptions(OutcomeOptions{quarters.front(), durableWeeks}));
  COACH_ASSIGN_OR_RETURN(figures::FigureData data, figures::loadFigureData(store));
  std::vector<OutcomeReport> out;
  for (const Period& q : quarters) out.push_back(figures::outcomesFrom(data, OutcomeOptions{q, durableWeeks}));
  return out;
}

Result<OutcomesPageData> computeOutcomesPage(Store& store, const OutcomeOptions& options, std::string_view fromQuarter,
                                             std::string_view toQuarter) {
  COACH_TRY(figures::checkOutcomeOptions(options));
  COACH_ASSIGN_OR_RETURN(std::vector<Period> quarters, quarterList(fromQuarter, toQuarter));
  COACH_ASSIGN_OR_RETURN(figures::FigureData data, figures::loadFigureData(store));
  OutcomesPageData page;
  page.period = figures::outcomesFrom(data, options);
  for (const Period& q : quarters) page.quarters.push_back(figures::outcomesFrom(data, OutcomeOptions{q, options.durableWeeks}));
  return page;
}

nlohmann::json toJson(const CountFigure& figure) {
  nlohmann::json j = {{"count", figure.count}, {"record_ids", figure.recordIds}};
  if (figure.denominator > 0 || !figure.denominatorLabel.empty()) {
    j["denominator"] = figure.denominator;
    j["denominator_label"] = figure.denominatorLabel;
    j["percent"] = figure.denominator > 0 ? nlohmann::json(std::round(figure.percent() * 10) / 10) : nlohmann::json(nullptr);
  }
  return j;
}

nlohmann::json toJson(const Distribution& d) {
  return {{"unit", d.unit},
          {"denominator_label", d.denominatorLabel},
          {"count", d.count()},
          {"mean", rounded(d.mean())},
          {"median", rounded(d.median())},
          {"min", d.values.empty() ? nlohmann::json(nullptr) : nlohmann::json(d.values.front())},
          {"max", d.values.empty() ? nlohmann::json(nullptr) : nlohmann::json(d.values.back())},
          {"record_ids", d.recordIds}};
}

nlohmann::json toJson(const OutcomeReport& r) {
  nlohmann::json warnings = nlohmann::json::array();
  for (const FigureWarning& w : r.warnings) warnings.push_back(toJson(w));
  return {{"period", toJson(r.period)},
          {"durable_weeks", r.durableWeeks},
          {"trajectories_running", toJson(r.trajectoriesRunning)},
          {"trajectories_started", toJson(r.trajectoriesStarted)},
          {"trajectories_ended", toJson(r.trajectoriesEnded)},
          {"participants_served", toJson(r.participantsServed)},
          {"served_out_of_work_at_entry", toJson(r.servedOutOfWorkAtEntry)},
          {"paid_job", toJson(r.paidJob)},
          {"paid_job_out_of_work_at_entry", toJson(r.paidJobOutOfWorkAtEntry)},
          {"durable_job", toJson(r.durableJob)},
          {"durable_job_out_of_work_at_entry", toJson(r.durableJobOutOfWorkAtEntry)},
          {"days_to_first_employer_contact", toJson(r.daysToFirstEmployerContact)},
          {"days_to_first_job", toJson(r.daysToFirstJob)},
          {"job_tenure_days", toJson(r.jobTenureDays)},
          {"hours_per_week", toJson(r.hoursPerWeek)},
          {"hourly_wage", toJson(r.hourlyWage)},
          {"job_starts", toJson(r.jobStarts)},
          {"first_job_starts", toJson(r.firstJobStarts)},
          {"starts_with_benefits", toJson(r.startsWithBenefits)},
          {"end_reasons", r.endReasons},
          {"warnings", warnings}};
}

}  // namespace coach
