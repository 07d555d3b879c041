// The fidelity page (coach/report.hpp): total and band, the 25 items as bars against their anchors, the items'
// figures and drill-down counts, the evidence of the items scored by hand, the weekly employer contacts per
// coach with the norm line, and the warnings.
#include <algorithm>
#include <cmath>

#include "query/report_html.hpp"

namespace coach {
namespace {

using report::px;
using report::svgLine;
using report::svgRect;
using report::svgText;
using report::tr;

constexpr const char* kComputed = "#2b6cb0";
constexpr const char* kManual = "#dd6b20";
constexpr const char* kMet = "#2f855a";
constexpr const char* kBelow = "#6b93c0";
constexpr const char* kNorm = "#c53030";

std::string fidelityWords(ReportLanguage lang, std::string_view key) {
  return std::string(tr(lang, key));
}

// At most `chars` characters of UTF-8 `text`, with "…" when cut.
std::string cut(const std::string& text, std::size_t chars) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && count++ == chars) return text.substr(0, i) + "\u2026";
  }
  return text;
}

std::string upper(std::string code) {
  for (char& ch : code) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return code;
}

std::string cards(const FidelityReport& r, ReportLanguage lang) {
  auto card = [](const std::string& cls, const std::string& k, const std::string& v, const std::string& sub) {
    std::string html = "<div class=\"card " + cls + "\"><div class=\"k\">" + htmlEscape(k) + "</div><div class=\"v\">" +
                       htmlEscape(v) + "</div>";
    if (!sub.empty()) html += "<div class=\"k\">" + htmlEscape(sub) + "</div>";
    return html + "</div>";
  };
  const std::string range =
      r.complete() ? ""
                   : std::to_string(r.minTotal) + "\u2013" + std::to_string(r.maxTotal) + " " + fidelityWords(lang, "range");
  std::string html = "<div class=\"cards\">";
  html += card("", fidelityWords(lang, "total"), std::to_string(r.total), range);
  html += card("band-" + r.band, fidelityWords(lang, "band"), fidelityWords(lang, "band." + r.band), "");
  html += card("", fidelityWords(lang, "scored"), std::to_string(r.scoredItems) + " / 25", "");
  return html + "</div>\n";
}

// One row per item: code and title, the 1-5 scale with its anchors, the bar (computed or manual) or a dashed
// outline when unscored, and the score.
std::string itemChart(const FidelityReport& r, ReportLanguage lang) {
  constexpr double kLeft = 380, kUnit = 90, kTop = 30, kRow = 24;
  const double height = kTop + kRow * static_cast<double>(r.items.size()) + 12;
  std::string svg = "<svg viewBox=\"0 0 900 " + px(height) + "\" width=\"900\" role=\"img\" aria-label=\"" +
                    htmlEscape(fidelityWords(lang, "items")) + "\">";
  for (int s = 1; s <= 5; ++s) {
    const double x = kLeft + kUnit * s;
    svg += svgLine(x, kTop - 6, x, height - 8, "stroke=\"#d8dee6\"");
    svg += svgText(x, kTop - 12, std::to_string(s), "text-anchor=\"middle\" font-size=\"12\" fill=\"#5b6b7c\"");
  }
  svg += svgLine(kLeft, kTop - 6, kLeft, height - 8, "stroke=\"#9aa7b4\"");
  for (std::size_t i = 0; i < r.items.size(); ++i) {
    const FidelityItem& item = r.items[i];
    const double y = kTop + kRow * static_cast<double>(i);
    if (i > 0 && item.code[0] != r.items[i - 1].code[0]) svg += svgLine(8, y, 890, y, "stroke=\"#9aa7b4\"");
    svg += svgText(10, y + 16, upper(item.code), "font-size=\"13\" font-weight=\"600\"");
    svg += svgText(52, y + 16, cut(report::itemTitle(lang, item), 42), "font-size=\"13\"");
    if (!item.score) {
      svg += svgRect(kLeft + kUnit, y + 5, kUnit * 4, 14, "fill=\"none\" stroke=\"#8a96a3\" stroke-dasharray=\"4 3\"");
      svg += svgText(kLeft + kUnit * 5 + 10, y + 16, "\u2013", "font-size=\"13\" fill=\"#5b6b7c\"");
      continue;
    }
    const char* colour = item.computed && item.manualScoreId.empty() ? kComputed : kManual;
    svg += svgRect(kLeft, y + 5, kUnit * *item.score, 14, std::string("fill=\"") + colour + "\" rx=\"2\"");
    svg += svgText(kLeft + kUnit * *item.score + 8, y + 16, std::to_string(*item.score),
                   "font-size=\"13\" font-weight=\"600\"");
  }
  svg += "</svg>\n";
  std::string legend = "<div class=\"legend\"><span><i style=\"background:" + std::string(kComputed) + "\"></i>" +
                       htmlEscape(fidelityWords(lang, "legend_computed")) +
                       "</span><span><i style=\"background:" + std::string(kManual) + "\"></i>" +
                       htmlEscape(fidelityWords(lang, "legend_manual")) +
                       "</span><span><i style=\"border:1px dashed #8a96a3\"></i>" +
                       htmlEscape(fidelityWords(lang, "legend_none")) + "</span></div>\n";
  return "<h2>" + htmlEscape(fidelityWords(lang, "items")) + "</h2>\n<p class=\"note\">" +
         htmlEscape(fidelityWords(lang, "items_note")) + "</p>\n" + legend + "<div class=\"scroll\">" + svg + "</div>\n";
}

std::string itemTable(const FidelityReport& r, ReportLanguage lang) {
  std::vector<std::vector<std::string>> rows;
  for (const FidelityItem& item : r.items) {
    const std::string source = !item.score                  ? "\u2013"
                               : item.manualScoreId.empty() ? fidelityWords(lang, "legend_computed")
                                                            : fidelityWords(lang, "legend_manual");
    rows.push_back({upper(item.code), report::itemTitle(lang, item), source, item.rawFigure,
                    item.score ? std::to_string(*item.score) : "\u2013", std::to_string(item.recordIds.size())});
  }
  return "<h2>" + htmlEscape(fidelityWords(lang, "item_table")) + "</h2>\n" +
         report::table({fidelityWords(lang, "item"), fidelityWords(lang, "title"), fidelityWords(lang, "source"), fidelityWords(lang, "figure"),
                        fidelityWords(lang, "score"), fidelityWords(lang, "drill")},
                       rows, 4);
}

std::string evidence(const FidelityReport& r, ReportLanguage lang) {
  std::string html;
  for (const FidelityItem& item : r.items) {
    if (item.computed || item.evidence.empty()) continue;
    html += "<h3>" + htmlEscape(upper(item.code) + " " + report::itemTitle(lang, item)) + "</h3><ul>";
    for (const std::string& line : item.evidence) html += "<li>" + htmlEscape(line) + "</li>";
    html += "</ul>\n";
  }
  return html.empty() ? html : "<h2>" + htmlEscape(fidelityWords(lang, "evidence")) + "</h2>\n" + html;
}

std::string weekLabel(const std::string& week) {
  return week.size() == 8 ? week.substr(5) : week;
}

double meanOf(const WeeklyContacts& w, std::size_t c) {
  double sum = 0;
  for (std::size_t k = 0; k < w.weeks.size(); ++k) sum += static_cast<double>(w.at(c, k).faceToFace);
  return w.weeks.empty() ? 0 : sum / static_cast<double>(w.weeks.size());
}

// One small chart per coach: a bar per week (green at or above the norm), the norm line, a dot per week
// (filled: reviewed).
std::string coachPanel(const WeeklyContacts& w, std::size_t c, ReportLanguage lang) {
  constexpr double kX0 = 30, kX1 = 350, kY0 = 30, kY1 = 118;
  std::int64_t top = w.norm + 2;
  for (std::size_t k = 0; k < w.weeks.size(); ++k) top = std::max(top, w.at(c, k).faceToFace + 1);
  top += top % 2;
  const auto y = [&](double v) { return kY1 - (kY1 - kY0) * v / static_cast<double>(top); };
  const double slot = (kX1 - kX0) / static_cast<double>(w.weeks.size());
  std::string svg =
      "<svg viewBox=\"0 0 360 150\" width=\"360\" role=\"img\" aria-label=\"" + htmlEscape(w.coaches[c]) + "\">";
  svg += svgText(0, 16, cut(w.coaches[c], 28), "font-size=\"14\" font-weight=\"600\"");
  svg += svgText(360, 16, fidelityWords(lang, "mean") + " " + report::number(meanOf(w, c), 1, lang),
                 "font-size=\"12\" text-anchor=\"end\" fill=\"#5b6b7c\"");
  for (std::int64_t v : {std::int64_t{0}, top}) {
    svg += svgText(kX0 - 6, y(static_cast<double>(v)) + 4, std::to_string(v),
                   "font-size=\"10\" text-anchor=\"end\" fill=\"#5b6b7c\"");
  }
  svg += svgLine(kX0, kY1, kX1, kY1, "stroke=\"#9aa7b4\"");
  const std::size_t every = (w.weeks.size() + 7) / 8;
  for (std::size_t k = 0; k < w.weeks.size(); ++k) {
    const CoachWeek& cell = w.at(c, k);
    const double x = kX0 + slot * static_cast<double>(k);
    const double h = kY1 - y(static_cast<double>(cell.faceToFace));
    if (h > 0) {
      svg += svgRect(x + slot * 0.15, kY1 - h, slot * 0.7, h,
                     std::string("fill=\"") + (cell.faceToFace >= w.norm ? kMet : kBelow) + "\"");
    }
    const double cx = x + slot / 2;
    svg += "<circle cx=\"" + px(cx) + "\" cy=\"128\" r=\"3\" " +
           (cell.review ? std::string("fill=\"") + kMet + "\"/>" : "fill=\"none\" stroke=\"#8a96a3\"/>");
    if (k % every == 0)
      svg += svgText(cx, 145, weekLabel(w.weeks[k]), "font-size=\"10\" text-anchor=\"middle\" fill=\"#5b6b7c\"");
  }
  svg += svgLine(kX0, y(static_cast<double>(w.norm)), kX1, y(static_cast<double>(w.norm)),
                 std::string("stroke=\"") + kNorm + "\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"");
  svg += svgText(kX0 - 6, y(static_cast<double>(w.norm)) + 4, std::to_string(w.norm),
                 std::string("font-size=\"10\" text-anchor=\"end\" fill=\"") + kNorm + "\"");
  return svg + "</svg>";
}

std::string weekTable(const WeeklyContacts& w, ReportLanguage lang) {
  std::string html =
      "<div class=\"scroll\"><table class=\"weeks\"><thead><tr><th>" + htmlEscape(fidelityWords(lang, "coach")) + "</th>";
  for (const std::string& week : w.weeks) html += "<th>" + htmlEscape(weekLabel(week)) + "</th>";
  html += "<th>" + htmlEscape(fidelityWords(lang, "mean")) + "</th></tr></thead><tbody>\n";
  for (std::size_t c = 0; c < w.coaches.size(); ++c) {
    html += "<tr><td>" + htmlEscape(w.coaches[c]) + "</td>";
    for (std::size_t k = 0; k < w.weeks.size(); ++k) {
      const CoachWeek& cell = w.at(c, k);
      std::string cls = cell.faceToFace >= w.norm ? "met" : "";
      if (cell.review) cls += cls.empty() ? "reviewed" : " reviewed";
      html += (cls.empty() ? "<td>" : "<td class=\"" + cls + "\">") + std::to_string(cell.faceToFace) + "</td>";
    }
    html += "<td>" + htmlEscape(report::number(meanOf(w, c), 1, lang)) + "</td></tr>\n";
  }
  return html + "</tbody></table></div>\n<p class=\"note\">" + htmlEscape(fidelityWords(lang, "week_table_note")) + "</p>\n";
}

std::string weekly(const WeeklyContacts& w, ReportLanguage lang) {
  std::string html = "<h2>" + htmlEscape(fidelityWords(lang, "weekly")) + "</h2>\n<p class=\"note\">" +
                     htmlEscape(fidelityWords(lang, "weekly_note")) + "</p>\n";
  if (w.weeks.empty() || w.coaches.empty()) return html + "<p>" + htmlEscape(fidelityWords(lang, "weekly_none")) + "</p>\n";
  html += "<div class=\"legend\"><span><i style=\"background:" + std::string(kMet) +
          "\"></i>\u2265 6</span><span><i "
          "style=\"background:" +
          std::string(kBelow) + "\"></i>&lt; 6</span><span><i style=\"background:" + std::string(kNorm) +
          ";height:3px\"></i>" + htmlEscape(fidelityWords(lang, "norm")) + "</span><span>\u25cf " +
          htmlEscape(fidelityWords(lang, "reviewed")) + "</span><span>\u25cb " + htmlEscape(fidelityWords(lang, "not_reviewed")) +
          "</span></div>\n<div class=\"grid\">";
  for (std::size_t c = 0; c < w.coaches.size(); ++c) html += "<div>" + coachPanel(w, c, lang) + "</div>";
  return html + "</div>\n" + weekTable(w, lang);
}

}  // namespace

std::string fidelityReportHtml(const FidelityReport& report, const WeeklyContacts& weeklyContacts,
                               const ReportPageOptions& options) {
  const ReportLanguage lang = options.language;
  const std::string subtitle = fidelityWords(lang, "period") + " " + report::day(report.period.from, lang) + " \u2013 " +
                               report::day(report.period.to, lang);
  std::string html = report::pageStart(fidelityWords(lang, "fidelity_title"), subtitle, options);
  html += cards(report, lang);
  html += itemChart(report, lang);
  html += itemTable(report, lang);
  html += weekly(weeklyContacts, lang);
  html += evidence(report, lang);
  std::vector<FigureWarning> warnings = report.warnings;
  warnings.insert(warnings.end(), weeklyContacts.warnings.begin(), weeklyContacts.warnings.end());
  html += report::warningsSection(warnings, lang);
  return html + report::pageEnd(lang);
}

}  // namespace coach
