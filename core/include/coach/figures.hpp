// coach/figures.hpp: the team lead's figures, computed on the device from the records (issue 7; docs/figures.md):
//   - computeFidelity: the IPS-25 fidelity scale for a period: the items the records can score (S1, O1, V1,
//     V3, V4, V5, V6, V8, V9, V10, V11, V12, V13), each with its raw figure and the ids of the records it was
//     computed from; the other twelve with an evidence list and the team lead's manual score (the
//     `fidelity_score` kind, which syncs like any record); the total (25-125) and its band.
//   - computeOutcomes / computeOutcomesPerQuarter: trajectories, paid and durable jobs, days to the first
//     employer contact and the first job, tenure, hours and wage, job starts, end reasons, benefits before a
//     start, each figure with its denominator.
//   - buildExport: the municipality's quarterly report and the Werkmonitor data file, as CSV: counts only,
//     no names, birth dates, employer names, free text or dates finer than a quarter, every count under 5
//     suppressed and no suppressed cell recoverable from a total (complementary suppression), and only
//     participants whose consent covers the recipient.
//
// The rules are DOMAIN.md's "Rules the product computes"; where it is silent the rule is stated in
// docs/figures.md. Missing data that would change a figure is reported as a warning naming the records and
// what is missing; nothing is dropped from a count without one. No function here decrypts anything: the
// figures read only structured fields, so no name or note can reach a result.
//
// Errors: InvalidArgument for a malformed period, quarter or option (the message says what to pass); Locked
// when the store is locked; StorageError from the database.
//
// Thread-safety: the functions take the store's mutex while they read (as every Store call does) and compute
// on their own copy afterwards; they may be called from any thread. The result types are plain values.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "coach/result.hpp"

namespace coach {

class Store;

// Days "YYYY-MM-DD" (Europe/Amsterdam business days), both inclusive.
struct Period {
  std::string from;
  std::string to;
};

// "2026-Q1" -> 2026-01-01 .. 2026-03-31. InvalidArgument for anything else.
Result<Period> quarterPeriod(std::string_view quarter);
// The quarter "YYYY-Qn" holding a day "YYYY-MM-DD"; "" when it is not one.
std::string quarterOf(std::string_view isoDate);

// Something missing from the records that would change a figure: what, where, and what to do.
struct FigureWarning {
  std::string figure;                   // "v4", "outcomes.hours_per_week", "export.consent", ...
  std::string message;                  // English; never a name or any other participant data
  std::vector<std::string> recordIds;   // the records concerned (empty in exports)
};

// ---------------------------------------------------------------------------------------------------------
// Fidelity (IPS-25)

// The Dutch statutory minimum hourly wage for adults (21+) from a day on, in euro cents. V10 calls a job
// competitive only at or above the rate in force on its first day.
struct MinimumWage {
  std::string from;          // "YYYY-MM-DD"
  std::int64_t centsPerHour = 0;
};
// The rates from 2024 (when the hourly minimum wage began) as published by the government; check them
// against rijksoverheid.nl and pass newer ones in FidelityOptions as they are announced.
std::vector<MinimumWage> defaultMinimumWage();

struct FidelityOptions {
  Period period;
  // Each coach's FTE for S1 (caseload per FTE). A coach not listed counts as 1.0 FTE, with a warning.
  std::map<std::string, double> coachFte;
  std::vector<MinimumWage> minimumWage = defaultMinimumWage();
};

struct FidelityItem {
  std::string code;                     // "s1" .. "v14", the fidelity_score item values
  std::string title;                    // "Caseload size"
  bool computed = false;                // scored from the records (else: the manual score)
  std::optional<int> score;             // 1-5; nullopt: no data (computed) or not yet scored (manual)
  std::optional<double> rawValue;       // the figure the band is applied to (share in %, days, count)
  std::string rawFigure;                // the figure in words: "17 of 20 job starts (85.0%)"
  std::string rule;                     // how the figure is computed and banded (docs/figures.md)
  std::vector<std::string> recordIds;   // drill-down: the records it was computed from, or the evidence
  std::vector<std::string> evidence;    // manual items: what the records show, one line each
  std::string manualScoreId;            // the fidelity_score record used, "" when none
  // Who entered that score: the handle the scorer gave (its `coach` field, "" when none) and the device that
  // set the score (from its field stamp; the server lists each device's role). docs/figures.md, "Manual scores".
  std::string manualScoreBy;
  std::string manualScoreDevice;
  std::vector<FigureWarning> warnings;
};

struct FidelityReport {
  Period period;
  std::vector<FidelityItem> items;      // all 25, in the order of the scale (S1-S3, O1-O8, V1-V14)
  int scoredItems = 0;
  int total = 0;                        // the sum of the scored items
  int minTotal = 0;                     // total with every unscored item at 1 ...
  int maxTotal = 0;                     // ... and at 5
  // DOMAIN.md: 115+ "exemplary", 100-114 "good", 74-99 "fair", below 74 "not_ips". "incomplete" while
  // unscored items leave minTotal and maxTotal in different bands.
  std::string band;
  bool complete() const { return scoredItems == 25; }
  std::vector<FigureWarning> warnings;  // every item's warnings, and the report's own
};

// The band of a total 25-125 (DOMAIN.md, "Rules the product computes").
std::string fidelityBand(int total);

Result<FidelityReport> computeFidelity(Store& store, const FidelityOptions& options);

// ---------------------------------------------------------------------------------------------------------
// Outcomes

struct OutcomeOptions {
  Period period;
  int durableWeeks = 13;  // a durable job has lasted at least this many weeks (1-520)
};

// A count, or a share when denominator > 0; the denominator is always named.
struct CountFigure {
  std::int64_t count = 0;
  std::int64_t denominator = 0;         // 0: a plain count
  std::string denominatorLabel;         // "participants served in the period", "" for a plain count
  std::vector<std::string> recordIds;   // the records counted
  double percent() const { return denominator > 0 ? 100.0 * static_cast<double>(count) / static_cast<double>(denominator) : 0.0; }
};

// Values of one measure (days, hours, euro) over a stated set of records.
struct Distribution {
  std::string unit;                     // "days", "hours/week", "euro/hour"
  std::string denominatorLabel;         // what was measured: "participants whose first ... fell in the period"
  std::vector<double> values;           // sorted
  std::vector<std::string> recordIds;
  std::size_t count() const { return values.size(); }
  std::optional<double> mean() const;
  std::optional<double> median() const;
};

struct OutcomeReport {
  Period period;
  int durableWeeks = 13;
  CountFigure trajectoriesRunning;      // referred by the end, not closed before the start
  CountFigure trajectoriesStarted;      // programme entry in the period
  CountFigure trajectoriesEnded;        // closed in the period
  CountFigure participantsServed;       // with a running trajectory
  CountFigure servedOutOfWorkAtEntry;   // of those: unemployed at referral
  CountFigure paidJob;                  // served, with a paid job in the period / served
  CountFigure paidJobOutOfWorkAtEntry;  // the same / served and out of work at entry
  CountFigure durableJob;               // served, with a job that had lasted durableWeeks / served
  CountFigure durableJobOutOfWorkAtEntry;
  Distribution daysToFirstEmployerContact;  // entry to first face-to-face employer contact, contact in period
  Distribution daysToFirstJob;              // entry to first job start, start in period
  Distribution jobTenureDays;               // jobs that ended in the period, first to last day
  Distribution hoursPerWeek;                // jobs running on the last day of the period
  Distribution hourlyWage;                  // the same jobs
  CountFigure jobStarts;                    // every start in the period
  CountFigure firstJobStarts;               // a participant's first job in the records
  CountFigure startsWithBenefits;           // starts preceded by a benefits session / job starts
  std::map<std::string, std::int64_t> endReasons;  // jobs ended in the period by end_reason ("unknown")
  std::vector<FigureWarning> warnings;
};

Result<OutcomeReport> computeOutcomes(Store& store, const OutcomeOptions& options);
// One report per quarter from `fromQuarter` to `toQuarter` ("2025-Q3" .. "2026-Q2"), at most 80 quarters.
Result<std::vector<OutcomeReport>> computeOutcomesPerQuarter(Store& store, std::string_view fromQuarter,
                                                             std::string_view toQuarter, int durableWeeks = 13);

// ---------------------------------------------------------------------------------------------------------
// Anonymised exports

enum class ExportKind {
  MunicipalityQuarterly,  // one municipality's residents, for that municipality
  Werkmonitor,            // the team's figures for Phrenos' Werkmonitor
};

struct ExportOptions {
  ExportKind kind = ExportKind::MunicipalityQuarterly;
  std::string quarter;           // "2026-Q1"
  std::string municipality;      // MunicipalityQuarterly: the municipality of residence (as recorded)
  // The consent recipient that must cover a participant: "" means "municipality" for the municipality's
  // report. The consent kind has no recipient for Phrenos yet, so a Werkmonitor export must name the one the
  // organisation's consent form uses for it (docs/figures.md); without one it is refused.
  std::string consentRecipient;
  std::string today;             // consent is checked as of this day; "" = today by the store's clock
  int durableWeeks = 13;
};

// How a cell was hidden.
enum class Suppression { None, SmallCount, Complementary };

struct ExportCell {
  std::string measure;                  // "participants_served", "jobs_ended", ...
  std::string category;                 // "total", or a category of the measure ("health", "unknown", ...)
  std::optional<std::int64_t> value;    // nullopt when suppressed
  Suppression suppression = Suppression::None;
};

struct ExportFile {
  std::string fileName;                 // "werkmonitor-2026-Q1.csv"
  std::string csv;                      // the file, columns in docs/figures.md
  std::vector<ExportCell> cells;        // the same rows
  std::int64_t participantsIncluded = 0;
  std::int64_t participantsWithoutConsent = 0;  // left out: no consent covering the recipient
  std::vector<FigureWarning> warnings;  // for the team lead, never part of the file; no record ids
};

// The smallest count an export shows (DOMAIN.md: "suppress any count under 5").
inline constexpr std::int64_t kSmallestShownCount = 5;

Result<ExportFile> buildExport(Store& store, const ExportOptions& options);

// ---------------------------------------------------------------------------------------------------------
// Job development per week (V6) and the team lead's weekly review (query/weeks.cpp)
//
// DOMAIN.md: face-to-face employer contacts per coach per ISO week (Europe/Amsterdam), 6 or more is the norm,
// only face-to-face counts, repeat visits count, and the team lead marks each week reviewed. The mark is a
// `week_review` record (team shard, so it syncs): week, coach, reviewed_on, reviewer. A week counts as reviewed
// while at least one unarchived mark for that coach and week exists; archiving the marks undoes it.

// "2026-W05" -> 2026-01-26 .. 2026-02-01 (Monday to Sunday). InvalidArgument for anything else, including a
// week 53 in a year that has none.
Result<Period> isoWeekPeriod(std::string_view week);
// The ISO week "YYYY-Www" holding a day "YYYY-MM-DD"; "" when it is not one.
std::string isoWeekOf(std::string_view isoDate);

enum class WeekSpan {
  Touching,    // every ISO week with a day in the period, each counted Monday to Sunday (the review view)
  WholeWeeks,  // only the weeks wholly inside the period (V6's rule, for the fidelity page)
};

struct WeeklyOptions {
  Period period;
  WeekSpan span = WeekSpan::Touching;
  std::string coach;                       // only this coach; "" = every coach in the picture (as V6)
  std::map<std::string, double> coachFte;  // a coach with an FTE is in the picture without any contact
};

struct WeekReviewMark {
  std::string id;                          // the week_review record
  std::string reviewer;
  std::string reviewedOn;
};

struct CoachWeek {
  std::string coach;
  std::string week;                        // "2026-W05"
  std::int64_t faceToFace = 0;             // what V6 counts
  std::int64_t otherModes = 0;             // phone, e-mail, video: shown beside it, never counted
  std::vector<std::string> recordIds;      // the face-to-face contacts
  std::optional<WeekReviewMark> review;    // the newest mark; nullopt: not reviewed
};

struct WeeklyContacts {
  Period period;                           // as asked
  std::vector<std::string> weeks;          // in order
  std::vector<std::string> mondays;        // the first day of each week
  std::vector<std::string> coaches;        // sorted
  std::vector<CoachWeek> cells;            // coach-major: cells[c * weeks.size() + w]
  std::int64_t norm = 6;                   // DOMAIN.md: 6 or more per week
  const CoachWeek& at(std::size_t coach, std::size_t week) const { return cells[coach * weeks.size() + week]; }
  std::vector<FigureWarning> warnings;
};

// Coaches in the picture: V6's (an active caseload on the last day, an employer contact in the weeks shown, an
// FTE given), plus any coach with a review mark in those weeks. At most 530 weeks (ten years).
Result<WeeklyContacts> computeWeeklyContacts(Store& store, const WeeklyOptions& options);

struct WeekReviewRequest {
  std::string week;                        // "2026-W05"
  std::string coach;                       // "" = every coach in the picture that week
  std::string reviewer;                    // staff handle; "" = the store's actor
  std::string reviewedOn;                  // "YYYY-MM-DD"; "" = today by the store's clock
};

struct WeekReviewResult {
  std::vector<std::string> marked;         // coaches whose week was marked now
  std::vector<std::string> ids;            // the new week_review records, in the same order
  std::vector<WeekReviewMark> alreadyReviewed;
  std::vector<std::string> alreadyCoaches; // the coaches of alreadyReviewed, in the same order
};

// Marks the week reviewed for one coach or for every coach in the picture, in one transaction. A coach whose
// week already has a mark keeps it (reported, not duplicated). InvalidArgument for a malformed week or a week
// that begins after the review day; NotFound when no coach is in the picture that week and none was named.
Result<WeekReviewResult> markWeekReviewed(Store& store, const WeekReviewRequest& request);

// ---------------------------------------------------------------------------------------------------------
// JSON forms (for the CLI and the app): names in snake_case, shares as percent, absent values as null.

nlohmann::json toJson(const Period& period);
nlohmann::json toJson(const FigureWarning& warning);
nlohmann::json toJson(const FidelityItem& item);
nlohmann::json toJson(const FidelityReport& report);
nlohmann::json toJson(const CountFigure& figure);
nlohmann::json toJson(const Distribution& distribution);
nlohmann::json toJson(const OutcomeReport& report);
nlohmann::json toJson(const ExportCell& cell);
nlohmann::json toJson(const ExportFile& file);
nlohmann::json toJson(const CoachWeek& week);
nlohmann::json toJson(const WeeklyContacts& weekly);

}  // namespace coach
