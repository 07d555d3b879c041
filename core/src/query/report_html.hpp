// query/report_html.hpp: the pieces the report pages (coach/report.hpp) are built from: the page's words in
// Dutch and English, number forms, the page shell with its inline style sheet, tables, SVG primitives and the
// warnings list. report_html.cpp holds the shell and primitives, report_html_text.cpp the words,
// report_html_fidelity.cpp and report_html_outcomes.cpp the two pages.
//
// Every function that takes text escapes it; callers pass raw strings, never markup, except where a
// parameter is named `html` (already-built markup from these functions).
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "coach/report.hpp"

namespace coach::report {

// The page's words (report_html_text.cpp); an unknown key comes back as itself, so a test sees it.
std::string_view tr(ReportLanguage lang, std::string_view key);
// The item's title in the page's language ("s1" -> "Caseload" / "Caseload size").
std::string itemTitle(ReportLanguage lang, const FidelityItem& item);
// An enumeration value as a person reads it ("other_job" -> "andere baan" / "other job").
std::string valueLabel(ReportLanguage lang, std::string_view value);

// 12.5 -> "12,5" (Dutch) or "12.5" (English), with `decimals` decimals.
std::string number(double value, int decimals, ReportLanguage lang);
// part of whole as "42,5%"; "–" when whole is 0.
std::string percent(std::int64_t part, std::int64_t whole, ReportLanguage lang);
// "2026-01-29" as the page's language writes a day: "29-01-2026" in Dutch, unchanged in English.
std::string day(const std::string& isoDay, ReportLanguage lang);
// A coordinate for SVG: at most one decimal, a point as separator.
std::string px(double value);

// <!DOCTYPE html> ... <body><header> with the title, the subtitle and the generation time; ends inside <main>.
std::string pageStart(const std::string& title, const std::string& subtitle, const ReportPageOptions& options);
// Closes <main>, adds the footer (how the figures were made), closes the page.
std::string pageEnd(ReportLanguage lang);

// A table: header cells and rows of cells, all raw text. Columns numericFrom .. numericTo-1 are right-aligned
// numbers; the first column never wraps.
std::string table(const std::vector<std::string>& headers, const std::vector<std::vector<std::string>>& rows,
                  std::size_t numericFrom = 1, std::size_t numericTo = 1000);

// SVG text at (x, y); `attrs` are extra attributes (already safe: written by this code, never user text).
std::string svgText(double x, double y, std::string_view text, std::string_view attrs = "");
std::string svgRect(double x, double y, double w, double h, std::string_view attrs);
std::string svgLine(double x1, double y1, double x2, double y2, std::string_view attrs);

// The warnings as a list (message and how many records, never the ids); "" when there are none.
std::string warningsSection(const std::vector<FigureWarning>& warnings, ReportLanguage lang);

}  // namespace coach::report
