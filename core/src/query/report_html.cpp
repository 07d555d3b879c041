// The report pages' shell, style sheet, tables, SVG primitives and escaping (query/report_html.hpp).
#include "query/report_html.hpp"

#include <cmath>
#include <cstdio>
#include <map>

namespace coach {

std::string htmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char ch : text) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      case '\t':
      case '\n':
        out += ch;
        break;
      default:
        // Control characters are not allowed in HTML text; everything else (UTF-8 included) passes.
        if (static_cast<unsigned char>(ch) >= 0x20 && ch != 0x7f) out += ch;
    }
  }
  return out;
}

namespace report {
namespace {

// One style sheet for both pages: system fonts only (nothing is fetched), print-friendly, readable tables.
constexpr std::string_view kStyle = R"css(
:root { --ink: #1d2733; --muted: #5b6b7c; --line: #d8dee6; --soft: #f3f6f9; --computed: #2b6cb0;
  --manual: #c05621; --good: #2f855a; --warn: #b7791f; --bad: #c53030; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff; font: 15px/1.45 system-ui, "Segoe UI", Roboto,
  "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
header { background: #1f3a56; color: #fff; padding: 22px 40px 18px; }
header h1 { margin: 0 0 4px; font-size: 24px; font-weight: 600; }
header p { margin: 0; color: #d5e2ef; }
main { padding: 8px 40px 32px; max-width: 1180px; }
h2 { font-size: 19px; margin: 30px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
h3 { font-size: 15px; margin: 16px 0 6px; }
p.note { color: var(--muted); margin: 4px 0 10px; max-width: 900px; }
.cards { display: flex; flex-wrap: wrap; gap: 14px; margin: 18px 0 6px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 12px 18px; min-width: 170px; background: var(--soft); }
.card .k { color: var(--muted); font-size: 13px; }
.card .v { font-size: 26px; font-weight: 650; }
.band-exemplary .v, .band-good .v { color: var(--good); }
.band-fair .v { color: var(--warn); }
.band-not_ips .v { color: var(--bad); }
.band-incomplete .v { color: var(--muted); }
table { border-collapse: collapse; margin: 6px 0 14px; font-size: 14px; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 10px; text-align: left; vertical-align: top; }
th { background: var(--soft); font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
td.n { white-space: nowrap; }
tr:nth-child(even) td { background: #fafbfc; }
td:first-child { white-space: nowrap; }
.scroll { overflow-x: auto; max-width: 100%; }
table.weeks td, table.weeks th { padding: 4px 6px; text-align: center; }
table.weeks td:first-child, table.weeks th:first-child { text-align: left; }
td.met { background: #e3f4ea !important; }
td.reviewed::after { content: " \2713"; color: var(--good); font-weight: 700; }
.tag { display: inline-block; font-size: 12px; padding: 0 6px; border-radius: 9px; color: #fff; }
.tag.computed { background: var(--computed); } .tag.manual { background: var(--manual); }
.tag.none { background: #8a96a3; }
ul.warnings { padding-left: 20px; } ul.warnings li { margin: 3px 0; }
ul.warnings .count { color: var(--muted); }
.legend { display: flex; flex-wrap: wrap; gap: 18px; color: var(--muted); font-size: 13px; margin: 4px 0 8px; }
.legend i { display: inline-block; width: 12px; height: 12px; margin-right: 5px; vertical-align: -1px; border-radius: 2px; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(360px, 1fr)); gap: 10px 22px; }
svg { display: block; max-width: 100%; height: auto; }
svg text { font-family: system-ui, "DejaVu Sans", "Liberation Sans", Arial, sans-serif; fill: var(--ink); }
footer { color: var(--muted); font-size: 12px; padding: 14px 40px 30px; border-top: 1px solid var(--line); }
@media print { header { background: none; color: var(--ink); } header p { color: var(--muted); }
  .scroll { overflow: visible; } }
)css";

}  // namespace

std::string number(double value, int decimals, ReportLanguage lang) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  std::string out = buf;
  if (lang == ReportLanguage::Dutch) {
    for (char& ch : out) {
      if (ch == '.') ch = ',';
    }
  }
  return out;
}

std::string percent(std::int64_t part, std::int64_t whole, ReportLanguage lang) {
  if (whole <= 0) return "\u2013";
  return number(100.0 * static_cast<double>(part) / static_cast<double>(whole), 1, lang) + "%";
}

std::string day(const std::string& isoDay, ReportLanguage lang) {
  if (lang == ReportLanguage::English || isoDay.size() != 10) return isoDay;
  return isoDay.substr(8, 2) + "-" + isoDay.substr(5, 2) + "-" + isoDay.substr(0, 4);
}

std::string px(double value) {
  const double r = std::round(value * 10) / 10;
  char buf[32];
  if (r == std::floor(r))
    std::snprintf(buf, sizeof buf, "%.0f", r);
  else
    std::snprintf(buf, sizeof buf, "%.1f", r);
  return buf;
}

std::string pageStart(const std::string& title, const std::string& subtitle, const ReportPageOptions& options) {
  const ReportLanguage lang = options.language;
  std::string html = "<!DOCTYPE html>\n<html lang=\"";
  html += lang == ReportLanguage::Dutch ? "nl" : "en";
  // The policy makes the promise checkable: nothing may be loaded from anywhere, and no script may run.
  html +=
      "\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
      "img-src data:\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
  html += htmlEscape(title) + "</title>\n<style>" + std::string(kStyle) + "</style>\n</head>\n<body>\n<header><h1>" +
          htmlEscape(title) + "</h1><p>" + htmlEscape(subtitle);
  if (!options.generatedAt.empty()) {
    html += " \u00b7 " + htmlEscape(std::string(tr(lang, "generated"))) + " " + htmlEscape(options.generatedAt);
  }
  return html + "</p></header>\n<main>\n";
}

std::string pageEnd(ReportLanguage lang) {
  return "</main>\n<footer>" + htmlEscape(std::string(tr(lang, "footer"))) + "</footer>\n</body>\n</html>\n";
}

std::string table(const std::vector<std::string>& headers, const std::vector<std::vector<std::string>>& rows,
                  std::size_t numericFrom, std::size_t numericTo) {
  const auto numeric = [&](std::size_t i) { return i >= numericFrom && i < numericTo; };
  std::string html = "<div class=\"scroll\"><table><thead><tr>";
  for (std::size_t i = 0; i < headers.size(); ++i) {
    html += numeric(i) ? "<th class=\"n\">" : "<th>";
    html += htmlEscape(headers[i]) + "</th>";
  }
  html += "</tr></thead><tbody>\n";
  for (const auto& row : rows) {
    html += "<tr>";
    for (std::size_t i = 0; i < row.size(); ++i) {
      html += numeric(i) ? "<td class=\"n\">" : "<td>";
      html += htmlEscape(row[i]) + "</td>";
    }
    html += "</tr>\n";
  }
  return html + "</tbody></table></div>\n";
}

std::string svgText(double x, double y, std::string_view text, std::string_view attrs) {
  std::string out = "<text x=\"" + px(x) + "\" y=\"" + px(y) + "\"";
  if (!attrs.empty()) out += " " + std::string(attrs);
  return out + ">" + htmlEscape(text) + "</text>";
}

std::string svgRect(double x, double y, double w, double h, std::string_view attrs) {
  return "<rect x=\"" + px(x) + "\" y=\"" + px(y) + "\" width=\"" + px(w) + "\" height=\"" + px(h) + "\" " +
         std::string(attrs) + "/>";
}

std::string svgLine(double x1, double y1, double x2, double y2, std::string_view attrs) {
  return "<line x1=\"" + px(x1) + "\" y1=\"" + px(y1) + "\" x2=\"" + px(x2) + "\" y2=\"" + px(y2) + "\" " +
         std::string(attrs) + "/>";
}

std::string warningsSection(const std::vector<FigureWarning>& warnings, ReportLanguage lang) {
  if (warnings.empty()) return {};
  // The same message about many records shows once, with how many (the page holds no record ids).
  std::map<std::pair<std::string, std::string>, std::size_t> grouped;
  std::vector<std::pair<std::string, std::string>> order;
  for (const FigureWarning& w : warnings) {
    auto key = std::make_pair(w.figure, w.message);
    if (grouped.find(key) == grouped.end()) order.push_back(key);
    grouped[key] += w.recordIds.size();
  }
  std::string html = "<h2>" + htmlEscape(std::string(tr(lang, "warnings"))) + "</h2>\n<p class=\"note\">" +
                     htmlEscape(std::string(tr(lang, "warnings_note"))) + "</p>\n<ul class=\"warnings\">\n";
  for (const auto& key : order) {
    html += "<li><strong>" + htmlEscape(key.first) + "</strong>: " + htmlEscape(key.second);
    if (const std::size_t n = grouped[key]; n > 0) {
      html += " <span class=\"count\">(" + std::to_string(n) + " " + htmlEscape(std::string(tr(lang, "records"))) +
              ")</span>";
    }
    html += "</li>\n";
  }
  return html + "</ul>\n";
}

}  // namespace report
}  // namespace coach
