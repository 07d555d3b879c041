// The outcomes page (coach/report.hpp): the employment rate per quarter as a chart, the figures per quarter
// and of the period with their denominators, the distributions, the end reasons and the warnings.
#include <algorithm>
#include <cmath>

#include "query/report_html.hpp"

namespace coach {
namespace {

using report::number;
using report::percent;
using report::px;
using report::svgLine;
using report::svgRect;
using report::svgText;
using report::tr;

constexpr const char* kPaid = "#2b6cb0";
constexpr const char* kDurable = "#2f855a";

std::string outcomeWords(ReportLanguage lang, std::string_view key) {
  return std::string(tr(lang, key));
}

double rate(const CountFigure& f) {
  return f.denominator > 0 ? f.percent() : 0;
}

std::string quarterName(const OutcomeReport& r) {
  const std::string q = quarterOf(r.period.from);
  return quarterPeriod(q).ok() && quarterPeriod(q).value().to == r.period.to ? q
                                                                             : r.period.from + "\u2013" + r.period.to;
}

// Bars: paid job / served per quarter; a line with dots: durable job / served. The scale runs to the next 10%
// above the highest rate, at least 50%, so a low rate is still readable.
std::string rateChart(const std::vector<OutcomeReport>& quarters, ReportLanguage lang) {
  constexpr double kX0 = 56, kX1 = 890, kY0 = 24, kY1 = 236;
  double highest = 0;
  for (const OutcomeReport& q : quarters) highest = std::max({highest, rate(q.paidJob), rate(q.durableJob)});
  const double top = std::min(100.0, std::max(50.0, std::ceil(highest / 10) * 10));
  const auto y = [&](double pct) { return kY1 - (kY1 - kY0) * pct / top; };
  const double slot = (kX1 - kX0) / static_cast<double>(quarters.size());
  std::string svg =
      "<svg viewBox=\"0 0 900 290\" width=\"900\" role=\"img\" aria-label=\"" + htmlEscape(outcomeWords(lang, "rate")) + "\">";
  for (double g = 0; g <= top + 0.01; g += 10) {
    svg += svgLine(kX0, y(g), kX1, y(g), g == 0 ? "stroke=\"#9aa7b4\"" : "stroke=\"#e3e8ee\"");
    svg +=
        svgText(kX0 - 8, y(g) + 4, number(g, 0, lang) + "%", "font-size=\"11\" text-anchor=\"end\" fill=\"#5b6b7c\"");
  }
  std::string line, dots;
  const std::size_t every = (quarters.size() + 11) / 12;
  for (std::size_t i = 0; i < quarters.size(); ++i) {
    const OutcomeReport& q = quarters[i];
    const double cx = kX0 + slot * (static_cast<double>(i) + 0.5);
    if (q.paidJob.denominator > 0) {
      const double h = kY1 - y(rate(q.paidJob));
      svg += svgRect(cx - slot * 0.3, kY1 - h, slot * 0.6, h, std::string("fill=\"") + kPaid + "\" rx=\"2\"");
      svg += svgText(cx, kY1 - h - 6, percent(q.paidJob.count, q.paidJob.denominator, lang),
                     "font-size=\"11\" text-anchor=\"middle\" font-weight=\"600\"");
      const double dy = y(rate(q.durableJob));
      line += (line.empty() ? "" : " ") + px(cx) + "," + px(dy);
      dots += "<circle cx=\"" + px(cx) + "\" cy=\"" + px(dy) + "\" r=\"3.5\" fill=\"" + kDurable + "\"/>";
    } else {
      svg += svgText(cx, kY1 - 6, "\u2013", "font-size=\"12\" text-anchor=\"middle\" fill=\"#5b6b7c\"");
    }
    if (i % every == 0) {
      svg += svgText(cx, kY1 + 18, quarterName(q), "font-size=\"11\" text-anchor=\"middle\"");
      svg += svgText(cx, kY1 + 33, "n=" + std::to_string(q.participantsServed.count),
                     "font-size=\"10\" text-anchor=\"middle\" fill=\"#5b6b7c\"");
    }
  }
  if (!line.empty()) {
    svg += "<polyline points=\"" + line + "\" fill=\"none\" stroke=\"" + kDurable + "\" stroke-width=\"2\"/>" + dots;
  }
  svg += "</svg>\n";
  const std::string legend = "<div class=\"legend\"><span><i style=\"background:" + std::string(kPaid) + "\"></i>" +
                             htmlEscape(outcomeWords(lang, "paid_job")) + " / " + htmlEscape(outcomeWords(lang, "served")) +
                             "</span><span><i style=\"background:" + kDurable + ";height:3px\"></i>" +
                             htmlEscape(outcomeWords(lang, "durable_job")) + " / " + htmlEscape(outcomeWords(lang, "served")) +
                             "</span></div>\n";
  return "<h2>" + htmlEscape(outcomeWords(lang, "rate")) + "</h2>\n<p class=\"note\">" + htmlEscape(outcomeWords(lang, "rate_note")) +
         "</p>\n" + legend + "<div class=\"scroll\">" + svg + "</div>\n";
}

// "6 (33.3%)": a count with its share of the figure's denominator.
std::string withShare(const CountFigure& f, ReportLanguage lang) {
  return std::to_string(f.count) + " (" + percent(f.count, f.denominator, lang) + ")";
}

std::string perQuarterTable(const std::vector<OutcomeReport>& quarters, ReportLanguage lang) {
  std::vector<std::vector<std::string>> rows;
  for (const OutcomeReport& q : quarters) {
    rows.push_back({quarterName(q), std::to_string(q.participantsServed.count), withShare(q.paidJob, lang),
                    withShare(q.durableJob, lang), std::to_string(q.servedOutOfWorkAtEntry.count),
                    withShare(q.paidJobOutOfWorkAtEntry, lang), std::to_string(q.jobStarts.count),
                    std::to_string(q.firstJobStarts.count), withShare(q.startsWithBenefits, lang),
                    std::to_string(q.trajectoriesStarted.count), std::to_string(q.trajectoriesEnded.count)});
  }
  return "<h2>" + htmlEscape(outcomeWords(lang, "per_quarter")) + "</h2>\n<p class=\"note\">" +
         htmlEscape(outcomeWords(lang, "per_quarter_note")) + "</p>\n" +
         report::table(
             {outcomeWords(lang, "quarter"), outcomeWords(lang, "served"), outcomeWords(lang, "paid_job"), outcomeWords(lang, "durable_job"),
              outcomeWords(lang, "ooew"), outcomeWords(lang, "paid_job_ooew"), outcomeWords(lang, "starts"), outcomeWords(lang, "first_starts"),
              outcomeWords(lang, "with_benefits"), outcomeWords(lang, "started"), outcomeWords(lang, "ended")},
             rows, 1);
}

std::vector<std::string> shareRow(const std::string& what, const CountFigure& f, const std::string& over,
                                  ReportLanguage lang) {
  return {what, std::to_string(f.count), std::to_string(f.denominator), percent(f.count, f.denominator, lang), over};
}

std::string periodTable(const OutcomeReport& r, ReportLanguage lang) {
  const std::string plain = outcomeWords(lang, "plain_count");
  auto count = [&](const std::string& what, const CountFigure& f) {
    return std::vector<std::string>{what, std::to_string(f.count), "", "", plain};
  };
  std::string durable = outcomeWords(lang, "durable_rule");
  durable.replace(durable.find("{}"), 2, std::to_string(r.durableWeeks));
  const std::string servedLabel = outcomeWords(lang, "d_served"), ooewLabel = outcomeWords(lang, "d_ooew");
  const std::vector<std::vector<std::string>> rows{
      count(outcomeWords(lang, "running"), r.trajectoriesRunning),
      count(outcomeWords(lang, "started"), r.trajectoriesStarted),
      count(outcomeWords(lang, "ended"), r.trajectoriesEnded),
      count(outcomeWords(lang, "served"), r.participantsServed),
      count(outcomeWords(lang, "ooew"), r.servedOutOfWorkAtEntry),
      shareRow(outcomeWords(lang, "paid_job"), r.paidJob, servedLabel, lang),
      shareRow(outcomeWords(lang, "paid_job"), r.paidJobOutOfWorkAtEntry, ooewLabel, lang),
      shareRow(outcomeWords(lang, "durable_job") + " (" + durable + ")", r.durableJob, servedLabel, lang),
      shareRow(outcomeWords(lang, "durable_job") + " (" + durable + ")", r.durableJobOutOfWorkAtEntry, ooewLabel, lang),
      count(outcomeWords(lang, "starts"), r.jobStarts),
      count(outcomeWords(lang, "first_starts"), r.firstJobStarts),
      shareRow(outcomeWords(lang, "with_benefits"), r.startsWithBenefits, outcomeWords(lang, "d_starts"), lang),
  };
  return "<h2>" + htmlEscape(outcomeWords(lang, "this_period")) + "</h2>\n" +
         report::table({outcomeWords(lang, "figure"), outcomeWords(lang, "count"), outcomeWords(lang, "denominator"), outcomeWords(lang, "share"),
                        outcomeWords(lang, "over")},
                       rows, 1, 4);
}

std::vector<std::string> distributionRow(const std::string& what, const Distribution& d, const std::string& over,
                                         int decimals, ReportLanguage lang) {
  auto opt = [&](const std::optional<double>& v) { return v ? number(*v, decimals, lang) : "\u2013"; };
  const std::optional<double> lo = d.values.empty() ? std::nullopt : std::optional<double>(d.values.front());
  const std::optional<double> hi = d.values.empty() ? std::nullopt : std::optional<double>(d.values.back());
  return {what, std::to_string(d.count()), opt(d.mean()), opt(d.median()), opt(lo), opt(hi), over};
}

std::string distributions(const OutcomeReport& r, ReportLanguage lang) {
  const std::vector<std::vector<std::string>> rows{
      distributionRow(outcomeWords(lang, "days_contact"), r.daysToFirstEmployerContact, outcomeWords(lang, "d_contact"), 1, lang),
      distributionRow(outcomeWords(lang, "days_job"), r.daysToFirstJob, outcomeWords(lang, "d_job"), 1, lang),
      distributionRow(outcomeWords(lang, "tenure"), r.jobTenureDays, outcomeWords(lang, "d_tenure"), 1, lang),
      distributionRow(outcomeWords(lang, "hours"), r.hoursPerWeek, outcomeWords(lang, "d_running"), 1, lang),
      distributionRow(outcomeWords(lang, "wage"), r.hourlyWage, outcomeWords(lang, "d_running"), 2, lang),
  };
  return "<h2>" + htmlEscape(outcomeWords(lang, "distributions")) + "</h2>\n" +
         report::table({outcomeWords(lang, "figure"), outcomeWords(lang, "n"), outcomeWords(lang, "mean"), outcomeWords(lang, "median"),
                        outcomeWords(lang, "min"), outcomeWords(lang, "max"), outcomeWords(lang, "measured_over")},
                       rows, 1, 6);
}

std::string endReasons(const OutcomeReport& r, ReportLanguage lang) {
  std::int64_t total = 0;
  for (const auto& [reason, n] : r.endReasons) total += n;
  std::string html = "<h2>" + htmlEscape(outcomeWords(lang, "end_reasons")) + "</h2>\n";
  if (total == 0) return html + "<p>" + htmlEscape(outcomeWords(lang, "no_jobs_ended")) + "</p>\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& [reason, n] : r.endReasons) {
    rows.push_back({report::valueLabel(lang, reason), std::to_string(n), percent(n, total, lang)});
  }
  return html + report::table({outcomeWords(lang, "reason"), outcomeWords(lang, "count"), outcomeWords(lang, "share")}, rows, 1);
}

}  // namespace

std::string outcomesReportHtml(const OutcomeReport& period, const std::vector<OutcomeReport>& quarters,
                               const ReportPageOptions& options) {
  const ReportLanguage lang = options.language;
  const std::string subtitle = outcomeWords(lang, "period") + " " + report::day(period.period.from, lang) + " \u2013 " +
                               report::day(period.period.to, lang);
  std::string html = report::pageStart(outcomeWords(lang, "outcomes_title"), subtitle, options);
  if (!quarters.empty()) html += rateChart(quarters, lang) + perQuarterTable(quarters, lang);
  html += periodTable(period, lang);
  html += distributions(period, lang);
  html += endReasons(period, lang);
  html += report::warningsSection(period.warnings, lang);
  return html + report::pageEnd(lang);
}

}  // namespace coach
