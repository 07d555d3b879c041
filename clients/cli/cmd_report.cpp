// cmd_report.cpp: the team lead's figures (docs/cli.md, "Reports"; docs/figures.md): `coach report fidelity`,
// `coach report outcomes`, `coach report weeks`, `coach report export ...` and `coach fidelity score`, with the
// helpers they share (report_args.hpp). Weeks, exports and manual scores run in cmd_report_weeks.cpp.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <sys/stat.h>

#include "commands.hpp"
#include "dates.hpp"
#include "report_args.hpp"
#include "table.hpp"

namespace coach::cli {

Result<Period> reportPeriod(Context& ctx, const ReportArgs& a) {
  if (a.from.empty() || a.to.empty()) return makeError(ErrorCode::InvalidArgument, ctx.msg("report.need_period"));
  COACH_ASSIGN_OR_RETURN(Today today, ctx.today());
  COACH_ASSIGN_OR_RETURN(std::string from, parseDate(a.from, today.day, ctx.msg));
  COACH_ASSIGN_OR_RETURN(std::string to, parseDate(a.to, today.day, ctx.msg));
  if (from > to) {
    return makeError(ErrorCode::InvalidArgument, ctx.msg("report.period_order", displayDate(from, ctx.msg.lang()),
                                                         displayDate(to, ctx.msg.lang())));
  }
  return Period{from, to};
}

Result<Period> reportQuarter(Context& ctx, const std::string& text) {
  std::string q = text;
  if (q.size() == 7 && q[5] == 'q') q[5] = 'Q';
  auto period = quarterPeriod(q);
  if (!period.ok()) return makeError(ErrorCode::InvalidArgument, ctx.msg("report.bad_quarter", text));
  return period;
}

Result<std::map<std::string, double>> reportFte(Context& ctx, const std::vector<std::string>& fte) {
  std::map<std::string, double> out;
  for (const std::string& pair : fte) {
    const auto eq = pair.find('=');
    std::string number = eq == std::string::npos ? "" : pair.substr(eq + 1);
    for (char& ch : number) ch = ch == ',' ? '.' : ch;
    char* end = nullptr;
    const double value = number.empty() ? 0 : std::strtod(number.c_str(), &end);
    if (eq == 0 || eq == std::string::npos || end == nullptr || *end != '\0' || !(value > 0 && value <= 2)) {
      return makeError(ErrorCode::InvalidArgument, ctx.msg("report.bad_fte", pair));
    }
    out[pair.substr(0, eq)] = value;
  }
  return out;
}

Result<std::string> reportWeek(Context& ctx, const std::string& text) {
  std::string w;
  for (char ch : text) w += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  if (w.size() == 7 && w[4] == 'W') w.insert(4, "-");
  if (!isoWeekPeriod(w).ok()) return makeError(ErrorCode::InvalidArgument, ctx.msg("report.bad_week", text));
  return w;
}

Status writeReportFile(Context& ctx, const std::string& path, const std::string& text) {
  {
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file << text;
    if (!file) return ctx.fail(kExitFailure, ErrorCode::StorageError, ctx.msg("report.write_failed", path));
  }
  ::chmod(path.c_str(), 0600);  // figures about the team: the user decides whom to give them
  return {};
}

Result<ReportPageOptions> pageOptions(Context& ctx) {
  COACH_ASSIGN_OR_RETURN(Today today, ctx.today());
  ReportPageOptions options;
  options.language = ctx.msg.lang() == Lang::Nl ? ReportLanguage::Dutch : ReportLanguage::English;
  options.generatedAt = displayDateTime(today.now, ctx.msg.lang());
  return options;
}

std::string periodText(Context& ctx, const Period& p) {
  return displayDate(p.from, ctx.msg.lang()) + " \u2013 " + displayDate(p.to, ctx.msg.lang());
}

void printWarnings(Context& ctx, const std::vector<FigureWarning>& warnings) {
  if (warnings.empty()) return;
  ctx.out() << '\n' << ctx.msg("report.warnings", warnings.size()) << '\n';
  for (const FigureWarning& w : warnings) {
    ctx.out() << "- " << w.figure << ": " << w.message;
    if (!w.recordIds.empty()) ctx.out() << ' ' << ctx.msg("report.warning_records", w.recordIds.size());
    ctx.out() << '\n';
  }
}

namespace reportcmd {
namespace {

std::string upperCode(std::string code) {
  for (char& ch : code) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return code;
}

void printFidelity(Context& ctx, const FidelityReport& r) {
  ctx.out() << ctx.msg("report.fidelity_head", periodText(ctx, r.period)) << '\n';
  ctx.out() << ctx.msg(r.complete() ? "report.total" : "report.total_partial", r.total, r.scoredItems, r.minTotal,
                       r.maxTotal, ctx.msg("band." + r.band))
            << "\n\n";
  Table table({ctx.msg("label.item"), ctx.msg("label.score"), ctx.msg("label.source"), ctx.msg("label.figure"),
               ctx.msg("label.records")});
  for (const FidelityItem& item : r.items) {
    // A manual score names who entered it (the handle given; --json adds the device that signed it).
    const std::string by = item.manualScoreBy.empty() ? std::string() : " (" + item.manualScoreBy + ")";
    const std::string source = !item.score                  ? "-"
                               : item.manualScoreId.empty() ? ctx.msg("report.computed")
                                                            : ctx.msg("report.manual") + by;
    table.add({upperCode(item.code) + " " + item.title, item.score ? std::to_string(*item.score) : "-", source,
               item.rawFigure, std::to_string(item.recordIds.size())});
  }
  table.print(ctx.out());
  printWarnings(ctx, r.warnings);
}

Status runFidelity(Context& ctx, const ReportArgs& a) {
  COACH_ASSIGN_OR_RETURN(Period period, reportPeriod(ctx, a));
  COACH_ASSIGN_OR_RETURN(auto fte, reportFte(ctx, a.fte));
  COACH_ASSIGN_OR_RETURN(Store * store, ctx.store());
  FidelityOptions options;
  options.period = period;
  options.coachFte = fte;
  FidelityReport report;
  if (a.html.empty()) {
    COACH_ASSIGN_OR_RETURN(report, ctx.core(computeFidelity(*store, options)));
  } else {
    COACH_ASSIGN_OR_RETURN(FidelityPageData data, ctx.core(computeFidelityPage(*store, options)));
    COACH_ASSIGN_OR_RETURN(ReportPageOptions page, pageOptions(ctx));
    COACH_TRY(writeReportFile(ctx, a.html, fidelityReportHtml(data.report, data.weeks, page)));
    report = std::move(data.report);
  }
  if (ctx.json) {
    nlohmann::json j = toJson(report);
    if (!a.html.empty()) j["html_file"] = a.html;
    ctx.printJson(j);
  } else if (!a.html.empty()) {
    ctx.out() << ctx.msg("report.page_written", a.html) << '\n';
  } else {
    printFidelity(ctx, report);
  }
  return {};
}

// The report's own period: --quarter, or --from and --to (not both).
Result<Period> outcomePeriod(Context& ctx, const ReportArgs& a) {
  const bool byDates = !a.from.empty() || !a.to.empty();
  if (!a.quarter.empty() && byDates) return makeError(ErrorCode::InvalidArgument, ctx.msg("report.quarter_or_period"));
  if (!a.quarter.empty()) return reportQuarter(ctx, a.quarter);
  if (!byDates) return makeError(ErrorCode::InvalidArgument, ctx.msg("report.quarter_or_period"));
  return reportPeriod(ctx, a);
}

// --quarters FROM..TO, or (for the page's chart) the eight quarters up to the one holding the period's end.
Result<std::pair<std::string, std::string>> quarterRange(Context& ctx, const ReportArgs& a, const Period& period) {
  if (a.quarters.empty()) {
    const std::string last = quarterOf(period.to);
    std::string first = last;
    for (int i = 0; i < 7; ++i) first = quarterOf(addDays(quarterPeriod(first).value().from, -1));
    return std::make_pair(first, last);
  }
  const auto dots = a.quarters.find("..");
  if (dots == std::string::npos)
    return makeError(ErrorCode::InvalidArgument, ctx.msg("report.bad_quarters", a.quarters));
  COACH_ASSIGN_OR_RETURN(Period first, reportQuarter(ctx, a.quarters.substr(0, dots)));
  COACH_ASSIGN_OR_RETURN(Period last, reportQuarter(ctx, a.quarters.substr(dots + 2)));
  if (first.from > last.from) return makeError(ErrorCode::InvalidArgument, ctx.msg("report.bad_quarters", a.quarters));
  return std::make_pair(quarterOf(first.from), quarterOf(last.from));
}

std::string share(Context& ctx, const CountFigure& f) {
  if (f.denominator <= 0) return ctx.msg("report.of_none", f.count);
  char pct[32];
  std::snprintf(pct, sizeof pct, "%.1f", f.percent());
  std::string p = pct;
  if (ctx.msg.lang() == Lang::Nl) std::replace(p.begin(), p.end(), '.', ',');
  return ctx.msg("report.of", f.count, f.denominator, p);
}

// "n=5 mean 24.4 median 25.0 (min 16.0, max 31.0)"; `decimals` 2 for euro.
std::string spread(Context& ctx, const Distribution& d, int decimals = 1) {
  if (d.values.empty()) return ctx.msg("report.none_measured");
  auto num = [&](double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    std::string s = buf;
    if (ctx.msg.lang() == Lang::Nl) std::replace(s.begin(), s.end(), '.', ',');
    return s;
  };
  return ctx.msg("report.spread", d.count(), num(*d.mean()), num(*d.median()), num(d.values.front()),
                 num(d.values.back()));
}

void printOutcomes(Context& ctx, const OutcomeReport& r, const std::vector<OutcomeReport>& quarters) {
  ctx.out() << ctx.msg("report.outcomes_head", periodText(ctx, r.period)) << "\n\n";
  printPairs(ctx.out(), {
                            {ctx.msg("out.running"), std::to_string(r.trajectoriesRunning.count)},
                            {ctx.msg("out.started"), std::to_string(r.trajectoriesStarted.count)},
                            {ctx.msg("out.ended"), std::to_string(r.trajectoriesEnded.count)},
                            {ctx.msg("out.served"), std::to_string(r.participantsServed.count)},
                            {ctx.msg("out.ooew"), std::to_string(r.servedOutOfWorkAtEntry.count)},
                            {ctx.msg("out.paid_job"), share(ctx, r.paidJob)},
                            {ctx.msg("out.paid_job_ooew"), share(ctx, r.paidJobOutOfWorkAtEntry)},
                            {ctx.msg("out.durable_job", r.durableWeeks), share(ctx, r.durableJob)},
                            {ctx.msg("out.durable_job_ooew", r.durableWeeks), share(ctx, r.durableJobOutOfWorkAtEntry)},
                            {ctx.msg("out.job_starts"), std::to_string(r.jobStarts.count)},
                            {ctx.msg("out.first_job_starts"), std::to_string(r.firstJobStarts.count)},
                            {ctx.msg("out.with_benefits"), share(ctx, r.startsWithBenefits)},
                            {ctx.msg("out.days_contact"), spread(ctx, r.daysToFirstEmployerContact)},
                            {ctx.msg("out.days_job"), spread(ctx, r.daysToFirstJob)},
                            {ctx.msg("out.tenure"), spread(ctx, r.jobTenureDays)},
                            {ctx.msg("out.hours"), spread(ctx, r.hoursPerWeek)},
                            {ctx.msg("out.wage"), spread(ctx, r.hourlyWage, 2)},
                        });
  std::string reasons;
  for (const auto& [reason, n] : r.endReasons)
    reasons += (reasons.empty() ? "" : ", ") + reason + " " + std::to_string(n);
  if (!reasons.empty()) printPairs(ctx.out(), {{ctx.msg("out.end_reasons"), reasons}});
  if (!quarters.empty()) {
    ctx.out() << '\n';
    Table table({ctx.msg("label.quarter"), ctx.msg("out.served"), ctx.msg("out.paid_job"), ctx.msg("label.durable"),
                 ctx.msg("out.job_starts")});
    for (const OutcomeReport& q : quarters) {
      table.add({quarterOf(q.period.from), std::to_string(q.participantsServed.count), share(ctx, q.paidJob),
                 share(ctx, q.durableJob), std::to_string(q.jobStarts.count)});
    }
    table.print(ctx.out());
  }
  printWarnings(ctx, r.warnings);
}

Status runOutcomes(Context& ctx, const ReportArgs& a) {
  if (a.durableWeeks < 1 || a.durableWeeks > 520)
    return makeError(ErrorCode::InvalidArgument, ctx.msg("report.bad_durable"));
  COACH_ASSIGN_OR_RETURN(Period period, outcomePeriod(ctx, a));
  COACH_ASSIGN_OR_RETURN(auto range, quarterRange(ctx, a, period));
  COACH_ASSIGN_OR_RETURN(Store * store, ctx.store());
  OutcomeReport report;
  std::vector<OutcomeReport> quarters;
  if (a.quarters.empty() && a.html.empty()) {
    COACH_ASSIGN_OR_RETURN(report, ctx.core(computeOutcomes(*store, OutcomeOptions{period, a.durableWeeks})));
  } else {
    COACH_ASSIGN_OR_RETURN(
        OutcomesPageData data,
        ctx.core(computeOutcomesPage(*store, OutcomeOptions{period, a.durableWeeks}, range.first, range.second)));
    report = std::move(data.period);
    quarters = std::move(data.quarters);
  }
  if (!a.html.empty()) {
    COACH_ASSIGN_OR_RETURN(ReportPageOptions page, pageOptions(ctx));
    COACH_TRY(writeReportFile(ctx, a.html, outcomesReportHtml(report, quarters, page)));
  }
  if (ctx.json) {
    nlohmann::json j = toJson(report);
    if (!a.quarters.empty() || !a.html.empty()) {
      j["quarters"] = nlohmann::json::array();
      for (const OutcomeReport& q : quarters) j["quarters"].push_back(toJson(q));
    }
    if (!a.html.empty()) j["html_file"] = a.html;
    ctx.printJson(j);
  } else if (!a.html.empty()) {
    ctx.out() << ctx.msg("report.page_written", a.html) << '\n';
  } else {
    printOutcomes(ctx, report, a.quarters.empty() ? std::vector<OutcomeReport>{} : quarters);
  }
  return {};
}

void periodOptions(CLI::App* cmd, Context& ctx, ReportArgs& a) {
  cmd->add_option("--from", a.from, ctx.msg("opt.report_from"));
  cmd->add_option("--to", a.to, ctx.msg("opt.report_to"));
}

void exportCommand(CLI::App* cmd, Context& ctx, const std::string& kind) {
  auto e = std::make_shared<ReportArgs>();
  e->kind = kind;
  cmd->add_option("--quarter", e->quarter, ctx.msg("opt.report_quarter"))->required();
  if (kind == "municipality") {
    cmd->add_option("--municipality", e->municipality, ctx.msg("opt.report_municipality"))->required();
  }
  cmd->add_option("--recipient", e->recipient,
                  ctx.msg(kind == "municipality" ? "opt.report_recipient_m" : "opt.report_recipient_w"));
  cmd->add_option("--out", e->out, ctx.msg("opt.report_out"))->required();
  onRun(cmd, ctx, [&ctx, e] { return runReportExport(ctx, *e); });
}

void registerReport(CLI::App& app, Context& ctx) {
  CLI::App* group = addCommand(app, ctx, "report", "report");
  group->require_subcommand(1);

  auto f = std::make_shared<ReportArgs>();
  CLI::App* fidelity = addCommand(*group, ctx, "fidelity", "report_fidelity");
  periodOptions(fidelity, ctx, *f);
  fidelity->add_option("--fte", f->fte, ctx.msg("opt.report_fte"));
  fidelity->add_option("--html", f->html, ctx.msg("opt.report_html"));
  onRun(fidelity, ctx, [&ctx, f] { return runFidelity(ctx, *f); });

  auto o = std::make_shared<ReportArgs>();
  CLI::App* outcomes = addCommand(*group, ctx, "outcomes", "report_outcomes");
  outcomes->add_option("--quarter", o->quarter, ctx.msg("opt.report_quarter"));
  periodOptions(outcomes, ctx, *o);
  outcomes->add_option("--quarters", o->quarters, ctx.msg("opt.report_quarters"));
  outcomes->add_option("--durable-weeks", o->durableWeeks, ctx.msg("opt.report_durable"));
  outcomes->add_option("--html", o->html, ctx.msg("opt.report_html"));
  onRun(outcomes, ctx, [&ctx, o] { return runOutcomes(ctx, *o); });

  auto w = std::make_shared<ReportArgs>();
  CLI::App* weeks = addCommand(*group, ctx, "weeks", "report_weeks");
  periodOptions(weeks, ctx, *w);
  weeks->add_option("--coach", w->coach, ctx.msg("opt.report_coach"));
  weeks->add_option("--review", w->review, ctx.msg("opt.report_review"));
  onRun(weeks, ctx, [&ctx, w] { return runReportWeeks(ctx, *w); });

  CLI::App* exports = addCommand(*group, ctx, "export", "report_export");
  exports->require_subcommand(1);
  exportCommand(addCommand(*exports, ctx, "municipality", "report_export_municipality"), ctx, "municipality");
  exportCommand(addCommand(*exports, ctx, "werkmonitor", "report_export_werkmonitor"), ctx, "werkmonitor");
}

}  // namespace
}  // namespace reportcmd

void registerReportCommands(CLI::App& app, Context& ctx) {
  reportcmd::registerReport(app, ctx);
  CLI::App* group = addCommand(app, ctx, "fidelity", "fidelity");
  group->require_subcommand(1);
  auto s = std::make_shared<ReportArgs>();
  CLI::App* score = addCommand(*group, ctx, "score", "fidelity_score");
  score->add_option("item", s->item, ctx.msg("opt.fidelity_item"))->required();
  score->add_option("score", s->score, ctx.msg("opt.fidelity_value"))->required();
  score->add_option("--from", s->from, ctx.msg("opt.report_from"))->required();
  score->add_option("--to", s->to, ctx.msg("opt.report_to"))->required();
  score->add_option("--rationale", s->rationale, ctx.msg("opt.fidelity_rationale"));
  onRun(score, ctx, [&ctx, s] { return runFidelityScore(ctx, *s); });
}

}  // namespace coach::cli
