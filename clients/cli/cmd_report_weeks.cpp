// cmd_report_weeks.cpp: `coach report weeks` (face-to-face employer contacts per coach per ISO week and the
// team lead's review mark, V6), `coach report export municipality|werkmonitor` (the anonymised CSV files) and
// `coach fidelity score` (a manual IPS-25 item score). Registered in cmd_report.cpp.
#include <algorithm>
#include <string>

#include "coach/store.hpp"
#include "dates.hpp"
#include "report_args.hpp"
#include "table.hpp"

namespace coach::cli {
namespace reportweeks {
namespace {

std::string joinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

Status review(Context& ctx, Store& store, const ReportArgs& a) {
  COACH_ASSIGN_OR_RETURN(std::string week, reportWeek(ctx, a.review));
  COACH_ASSIGN_OR_RETURN(Today today, ctx.today());
  auto marked = markWeekReviewed(store, WeekReviewRequest{week, a.coach, store.actor(), today.day});
  if (!marked.ok() && marked.error().code == ErrorCode::NotFound) {
    return ctx.fail(kExitNotFound, ErrorCode::NotFound, ctx.msg("weeks.nobody", week));
  }
  if (!marked.ok() && marked.error().code == ErrorCode::InvalidArgument) {
    return makeError(ErrorCode::InvalidArgument, ctx.msg("weeks.not_begun", week));
  }
  COACH_ASSIGN_OR_RETURN(WeekReviewResult result, ctx.core(std::move(marked)));
  if (ctx.json) {
    nlohmann::json already = nlohmann::json::array();
    for (std::size_t i = 0; i < result.alreadyReviewed.size(); ++i) {
      const WeekReviewMark& m = result.alreadyReviewed[i];
      already.push_back(
          {{"coach", result.alreadyCoaches[i]}, {"id", m.id}, {"reviewer", m.reviewer}, {"reviewed_on", m.reviewedOn}});
    }
    ctx.printJson({{"week", week}, {"marked", result.marked}, {"ids", result.ids}, {"already_reviewed", already}});
    return {};
  }
  if (!result.marked.empty()) ctx.out() << ctx.msg("weeks.marked", week, joinNames(result.marked)) << '\n';
  for (std::size_t i = 0; i < result.alreadyReviewed.size(); ++i) {
    const WeekReviewMark& m = result.alreadyReviewed[i];
    ctx.out() << ctx.msg("weeks.already", week, result.alreadyCoaches[i], displayDate(m.reviewedOn, ctx.msg.lang()),
                         m.reviewer)
              << '\n';
  }
  return {};
}

void printWeeks(Context& ctx, const WeeklyContacts& w) {
  if (w.coaches.empty() || w.weeks.empty()) {
    ctx.out() << ctx.msg("weeks.none", periodText(ctx, w.period)) << '\n';
    return;
  }
  Table table({ctx.msg("label.coach"), ctx.msg("label.week"), ctx.msg("label.days"), ctx.msg("weeks.face_to_face"),
               ctx.msg("weeks.other"), ctx.msg("weeks.norm"), ctx.msg("weeks.reviewed")});
  for (std::size_t c = 0; c < w.coaches.size(); ++c) {
    for (std::size_t k = 0; k < w.weeks.size(); ++k) {
      const CoachWeek& cell = w.at(c, k);
      const std::string days = displayDate(w.mondays[k], ctx.msg.lang()) + " \u2013 " +
                               displayDate(addDays(w.mondays[k], 6), ctx.msg.lang());
      const std::string reviewed =
          cell.review ? ctx.msg("weeks.reviewed_by", displayDate(cell.review->reviewedOn, ctx.msg.lang()),
                                cell.review->reviewer)
                      : ctx.msg("value.no");
      table.add({cell.coach, cell.week, days, std::to_string(cell.faceToFace), std::to_string(cell.otherModes),
                 ctx.msg(cell.faceToFace >= w.norm ? "value.yes" : "value.no"), reviewed});
    }
  }
  table.print(ctx.out());
  printWarnings(ctx, w.warnings);
}

}  // namespace
}  // namespace reportweeks

Status runReportWeeks(Context& ctx, const ReportArgs& a) {
  COACH_ASSIGN_OR_RETURN(Store * store, ctx.store());
  if (!a.review.empty()) {
    if (!a.from.empty() || !a.to.empty()) return makeError(ErrorCode::InvalidArgument, ctx.msg("weeks.review_alone"));
    return reportweeks::review(ctx, *store, a);
  }
  COACH_ASSIGN_OR_RETURN(Period period, reportPeriod(ctx, a));
  WeeklyOptions options{.period = period, .span = WeekSpan::Touching, .coach = a.coach, .coachFte = {}};
  COACH_ASSIGN_OR_RETURN(WeeklyContacts weeks, ctx.core(computeWeeklyContacts(*store, options)));
  if (ctx.json)
    ctx.printJson(toJson(weeks));
  else
    reportweeks::printWeeks(ctx, weeks);
  return {};
}

Status runReportExport(Context& ctx, const ReportArgs& a) {
  COACH_ASSIGN_OR_RETURN(Period quarter, reportQuarter(ctx, a.quarter));
  if (a.kind == "werkmonitor" && a.recipient.empty()) {
    return makeError(ErrorCode::InvalidArgument, ctx.msg("export.need_recipient"));
  }
  COACH_ASSIGN_OR_RETURN(Store * store, ctx.store());
  ExportOptions options;
  options.kind = a.kind == "werkmonitor" ? ExportKind::Werkmonitor : ExportKind::MunicipalityQuarterly;
  options.quarter = quarterOf(quarter.from);
  options.municipality = a.municipality;
  options.consentRecipient = a.recipient;
  COACH_ASSIGN_OR_RETURN(ExportFile file, ctx.core(buildExport(*store, options)));
  COACH_TRY(writeReportFile(ctx, a.out, file.csv));
  if (ctx.json) {
    nlohmann::json j = toJson(file);
    j["file"] = a.out;
    ctx.printJson(j);
    return {};
  }
  ctx.out() << ctx.msg("export.csv_written", a.out, file.participantsIncluded, file.participantsWithoutConsent) << '\n';
  const auto hidden = std::count_if(file.cells.begin(), file.cells.end(), [](const ExportCell& c) { return !c.value; });
  ctx.out() << ctx.msg("export.suppressed", hidden, file.cells.size()) << '\n';
  printWarnings(ctx, file.warnings);
  return {};
}

Status runFidelityScore(Context& ctx, const ReportArgs& a) {
  std::string item = a.item;
  std::transform(item.begin(), item.end(), item.begin(), [](unsigned char ch) { return std::tolower(ch); });
  if (a.score < 1 || a.score > 5) return makeError(ErrorCode::InvalidArgument, ctx.msg("fidelity.bad_score", a.score));
  COACH_ASSIGN_OR_RETURN(Period period, reportPeriod(ctx, a));
  COACH_ASSIGN_OR_RETURN(Store * store, ctx.store());
  COACH_ASSIGN_OR_RETURN(Today today, ctx.today());
  nlohmann::json fields{{"item", item},     {"period_start", period.from}, {"period_end", period.to},
                        {"score", a.score}, {"scored_on", today.day},      {"coach", store->actor()}};
  if (!a.rationale.empty()) fields["rationale"] = a.rationale;
  auto added = store->add("fidelity_score", fields);
  if (!added.ok() && added.error().code == ErrorCode::ValidationFailed &&
      added.error().message.find(".item") != std::string::npos) {
    return ctx.fail(kExitUsage, ErrorCode::InvalidArgument, ctx.msg("fidelity.bad_item", a.item));
  }
  COACH_ASSIGN_OR_RETURN(std::string id, ctx.core(std::move(added)));
  if (ctx.json) {
    ctx.printJson({{"id", id}, {"kind", "fidelity_score"}, {"fields", fields}});
    return {};
  }
  std::string code = item;
  std::transform(code.begin(), code.end(), code.begin(), [](unsigned char ch) { return std::toupper(ch); });
  ctx.out() << ctx.msg("fidelity.scored", code, a.score, periodText(ctx, period), id) << '\n';
  return {};
}

}  // namespace coach::cli
