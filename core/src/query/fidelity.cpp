// computeFidelity (coach/figures.hpp): the 25 IPS-25 items for a period, the manual scores, the total and its
// band; and the fidelity results' JSON forms.
#include <array>
#include <cmath>

#include "model/value.hpp"
#include "query/fidelity_items.hpp"

namespace coach {
namespace {

using figures::FigureData;

using Scorer = FidelityItem (*)(const FigureData&, const FidelityOptions&);

struct ItemPlan {
  const char* code;
  Scorer scorer;  // nullptr: needs a reviewer's judgement
};

// The order of the scale (docs/figures.md lists the rule of each computed item).
constexpr std::array<ItemPlan, 25> kPlan{{
    {"s1", figures::scoreS1Caseload},        {"s2", nullptr},
    {"s3", nullptr},                         {"o1", figures::scoreO1TeamAssignment},
    {"o2", nullptr},                         {"o3", nullptr},
    {"o4", nullptr},                         {"o5", nullptr},
    {"o6", nullptr},                         {"o7", nullptr},
    {"o8", nullptr},                         {"v1", figures::scoreV1Benefits},
    {"v2", nullptr},                         {"v3", figures::scoreV3ProfileUpdates},
    {"v4", figures::scoreV4RapidSearch},     {"v5", figures::scoreV5Individualised},
    {"v6", figures::scoreV6EmployerContacts}, {"v7", nullptr},
    {"v8", figures::scoreV8JobTypes},        {"v9", figures::scoreV9Employers},
    {"v10", figures::scoreV10Competitive},   {"v11", figures::scoreV11FollowAlong},
    {"v12", figures::scoreV12TimeUnlimited}, {"v13", figures::scoreV13Community},
    {"v14", nullptr},
}};

}  // namespace

Status figures::checkFidelityOptions(const FidelityOptions& options) {
  COACH_TRY(figures::checkPeriod(options.period, "fidelity"));
  for (const auto& [coach, fte] : options.coachFte) {
    if (!(fte > 0 && fte <= 2)) {
      return makeError(ErrorCode::InvalidArgument, "fidelity: the FTE of coach '" + coach +
                                                       "' must be above 0 and at most 2 (1.0 is full time)");
    }
  }
  for (const MinimumWage& m : options.minimumWage) {
    if (!model::isIsoDate(m.from) || m.centsPerHour <= 0) {
      return makeError(ErrorCode::InvalidArgument,
                       "fidelity: each minimum wage needs a day YYYY-MM-DD and a rate in cents above 0");
    }
  }
  return {};
}

namespace {

// The newest manual score of the item whose review period overlaps `p` (the scores are ordered by scored_on).
const figures::ManualScore* manualScore(const FigureData& data, const std::string& code, const Period& p) {
  const figures::ManualScore* found = nullptr;
  for (const figures::ManualScore& s : data.scores) {
    if (s.item == code && s.periodStart <= p.to && s.periodEnd >= p.from) found = &s;
  }
  return found;
}

void applyManual(FidelityItem& item, const FigureData& data, const Period& p) {
  const figures::ManualScore* s = manualScore(data, item.code, p);
  if (s == nullptr) {
    if (!item.score) {
      figures::warn(item, "no manual score for this period yet; the team lead enters one (fidelity_score, item '" +
                              item.code + "')");
    }
    return;
  }
  const std::string by = s->scoredBy.empty() ? std::string() : " by " + s->scoredBy;
  const std::string device = s->device.empty() ? std::string() : " on device " + s->device.substr(0, 8);
  const std::string scored = "manual score " + std::to_string(s->score) + " for " + s->periodStart + " to " +
                             s->periodEnd + ", given " + s->scoredOn + by + device;
  if (item.score) {  // the records decide a computed item; the reviewer's view is shown beside it
    item.evidence.push_back(scored + " (the computed score stands)");
    return;
  }
  item.score = s->score;
  item.manualScoreId = s->id;
  item.manualScoreBy = s->scoredBy;
  item.manualScoreDevice = s->device;
  item.evidence.push_back(scored);
}

void total(FidelityReport& report) {
  for (const FidelityItem& item : report.items) {
    report.warnings.insert(report.warnings.end(), item.warnings.begin(), item.warnings.end());
    if (item.score) {
      ++report.scoredItems;
      report.total += *item.score;
    }
  }
  const int missing = 25 - report.scoredItems;
  report.minTotal = report.total + missing;
  report.maxTotal = report.total + 5 * missing;
  const std::string low = fidelityBand(report.minTotal);
  report.band = low == fidelityBand(report.maxTotal) ? low : "incomplete";
}

nlohmann::json optionalJson(const std::optional<double>& v) {
  return v ? nlohmann::json(std::round(*v * 10) / 10) : nlohmann::json(nullptr);
}

}  // namespace

std::string fidelityBand(int totalScore) {
  // DOMAIN.md, "Rules the product computes": 74-99 fair, 100-114 good, 115+ exemplary.
  if (totalScore >= 115) return "exemplary";
  if (totalScore >= 100) return "good";
  if (totalScore >= 74) return "fair";
  return "not_ips";
}

std::vector<MinimumWage> defaultMinimumWage() {
  return {{"2024-01-01", 1327}, {"2024-07-01", 1368}, {"2025-01-01", 1406}, {"2025-07-01", 1440},
          {"2026-01-01", 1471}};
}

Result<FidelityReport> computeFidelity(Store& store, const FidelityOptions& options) {
  COACH_TRY(figures::checkFidelityOptions(options));
  COACH_ASSIGN_OR_RETURN(FigureData data, figures::loadFigureData(store));
  return figures::fidelityFrom(data, options);
}

FidelityReport figures::fidelityFrom(const FigureData& data, const FidelityOptions& options) {
  FidelityReport report;
  report.period = options.period;
  for (const ItemPlan& plan : kPlan) {
    FidelityItem item = plan.scorer != nullptr ? plan.scorer(data, options) : figures::evidenceFor(plan.code, data, options);
    applyManual(item, data, options.period);
    report.items.push_back(std::move(item));
  }
  total(report);
  return report;
}

nlohmann::json toJson(const Period& period) { return {{"from", period.from}, {"to", period.to}}; }

nlohmann::json toJson(const FigureWarning& warning) {
  return {{"figure", warning.figure}, {"message", warning.message}, {"record_ids", warning.recordIds}};
}

nlohmann::json toJson(const FidelityItem& item) {
  nlohmann::json warnings = nlohmann::json::array();
  for (const FigureWarning& w : item.warnings) warnings.push_back(toJson(w));
  return {{"code", item.code},
          {"title", item.title},
          {"computed", item.computed},
          {"score", item.score ? nlohmann::json(*item.score) : nlohmann::json(nullptr)},
          {"raw_value", optionalJson(item.rawValue)},
          {"raw_figure", item.rawFigure},
          {"rule", item.rule},
          {"record_ids", item.recordIds},
          {"evidence", item.evidence},
          {"manual_score_id", item.manualScoreId.empty() ? nlohmann::json(nullptr) : nlohmann::json(item.manualScoreId)},
          {"manual_score_by",
           item.manualScoreId.empty() ? nlohmann::json(nullptr) : nlohmann::json(item.manualScoreBy)},
          {"manual_score_device",
           item.manualScoreId.empty() ? nlohmann::json(nullptr) : nlohmann::json(item.manualScoreDevice)},
          {"warnings", warnings}};
}

nlohmann::json toJson(const FidelityReport& report) {
  nlohmann::json items = nlohmann::json::array();
  for (const FidelityItem& item : report.items) items.push_back(toJson(item));
  nlohmann::json warnings = nlohmann::json::array();
  for (const FigureWarning& w : report.warnings) warnings.push_back(toJson(w));
  return {{"period", toJson(report.period)},  {"items", items},
          {"scored_items", report.scoredItems}, {"complete", report.complete()},
          {"total", report.total},            {"min_total", report.minTotal},
          {"max_total", report.maxTotal},     {"band", report.band},
          {"warnings", warnings}};
}

}  // namespace coach
