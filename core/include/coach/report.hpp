// coach/report.hpp: the team lead's report pages (issue 7): the fidelity page and the outcomes page, each one
// self-contained HTML file that a browser shows without a network: inline CSS, charts as inline SVG drawn
// here, no scripts, no fonts or images from elsewhere (a Content-Security-Policy in the page forbids them).
//
//   - fidelityReportHtml: the total and its band, the 25 IPS-25 items as bars on the 1-5 scale against their
//     anchors (computed and manual scores told apart, unscored items shown as such), each item's raw figure
//     and how many records it was computed from, the warnings, and the face-to-face employer contacts per
//     coach per ISO week (a chart per coach with the norm line at 6, and the weeks the team lead reviewed).
//   - outcomesReportHtml: the employment rate (participants with a paid job over participants served) per
//     quarter as a chart, and every figure of the period and of each quarter with its denominator in tables.
//
// What the pages hold: counts, shares, days, staff handles and the core's English rule texts. Never a
// participant's name, a note or any other free text, and no record ids: it is a management page that may be
// printed or mailed. Every string is HTML-escaped on the way in. The page's own words are Dutch or English.
//
// The result is deterministic for its inputs (tests compare it and render it in headless Chromium).
// Thread-safety: pure functions over their arguments.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "coach/figures.hpp"

namespace coach {

enum class ReportLanguage { Dutch, English };

struct ReportPageOptions {
  ReportLanguage language = ReportLanguage::Dutch;
  std::string generatedAt;  // shown in the header, e.g. "2026-04-02 09:15"; "" leaves it out
};

// What each page shows, computed from one read of the store (each compute* function of figures.hpp reads the
// store again). Errors as those functions'.
struct FidelityPageData {
  FidelityReport report;
  WeeklyContacts weeks;  // V6's whole ISO weeks of the period, every coach in the picture
};
Result<FidelityPageData> computeFidelityPage(Store& store, const FidelityOptions& options);

struct OutcomesPageData {
  OutcomeReport period;
  std::vector<OutcomeReport> quarters;  // fromQuarter .. toQuarter
};
Result<OutcomesPageData> computeOutcomesPage(Store& store, const OutcomeOptions& options, std::string_view fromQuarter,
                                             std::string_view toQuarter);

// `weekly` should cover the report's period with WeekSpan::WholeWeeks (the weeks V6 counts).
std::string fidelityReportHtml(const FidelityReport& report, const WeeklyContacts& weekly,
                               const ReportPageOptions& options);

// `period` is the report's own period (a quarter or any period); `quarters` the series for the chart and the
// per-quarter table, oldest first (may be empty: then the chart is left out).
std::string outcomesReportHtml(const OutcomeReport& period, const std::vector<OutcomeReport>& quarters,
                               const ReportPageOptions& options);

// `text` with & < > " ' replaced by their character references, and control characters other than tab and
// newline dropped, so it is safe inside an element or a quoted attribute.
std::string htmlEscape(std::string_view text);

}  // namespace coach
