// report_args.hpp: what the team lead's commands share (cmd_report.cpp, cmd_report_weeks.cpp): their options,
// turning typed periods, quarters, weeks and FTEs into the core's forms with errors that say what to type, and
// writing a page or export file.
//
// Thread-safety: main thread only, like every command.
#pragma once

#include <string>
#include <vector>

#include "coach/figures.hpp"
#include "coach/report.hpp"
#include "context.hpp"

namespace coach::cli {

struct ReportArgs {
  std::string from;
  std::string to;
  std::string quarter;
  std::string quarters;          // "2025-Q1..2026-Q4"
  std::vector<std::string> fte;  // coach=0.8
  std::string html;              // --html FILE
  int durableWeeks = 13;
  std::string coach;   // weeks, fidelity score's reviewer is the profile's actor
  std::string review;  // weeks --review WEEK
  std::string kind;    // export: municipality | werkmonitor
  std::string municipality;
  std::string recipient;
  std::string out;   // export --out FILE
  std::string item;  // fidelity score
  int score = 0;
  std::string rationale;
};

// --from and --to as typed (any form `coach` takes for a day); both needed, the first not after the last.
Result<Period> reportPeriod(Context& ctx, const ReportArgs& a);
// "2026-Q1" (also "2026-q1"); anything else is a usage error naming the form.
Result<Period> reportQuarter(Context& ctx, const std::string& text);
// --fte coach=0.8 (a comma works too) into the core's map.
Result<std::map<std::string, double>> reportFte(Context& ctx, const std::vector<std::string>& fte);
// "2026-W05" (also "2026-w05", "2026W05"): the core's form, or a usage error naming it.
Result<std::string> reportWeek(Context& ctx, const std::string& text);
// Writes `text` to `path` (0600, replacing it); a failure names the file.
Status writeReportFile(Context& ctx, const std::string& path, const std::string& text);
// The page options for this run: language and "made on" time.
Result<ReportPageOptions> pageOptions(Context& ctx);
// "01-01-2026 – 31-03-2026" in the chosen language's date form.
std::string periodText(Context& ctx, const Period& p);
// The warnings as "- figure: message (n records)" lines.
void printWarnings(Context& ctx, const std::vector<FigureWarning>& warnings);

// cmd_report_weeks.cpp
Status runReportWeeks(Context& ctx, const ReportArgs& a);
Status runReportExport(Context& ctx, const ReportArgs& a);
Status runFidelityScore(Context& ctx, const ReportArgs& a);

}  // namespace coach::cli
