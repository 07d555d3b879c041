// Job development per coach per ISO week (V6) and the team lead's weekly review mark (coach/figures.hpp,
// docs/figures.md "Weekly review"). The counting rule is V6's (query/fidelity_jobs.cpp): face-to-face
// employer contacts, by the day the coach entered, in Amsterdam ISO weeks; who is in the picture is V6's too
// (figures::coachesOf), so this table and the V6 score never disagree about a coach.
#include <algorithm>
#include <map>
#include <mutex>
#include <set>

#include <date/date.h>
#include <date/iso_week.h>

#include "coach/report.hpp"
#include "model/value.hpp"
#include "query/calendar.hpp"
#include "query/fidelity_items.hpp"

namespace coach {
namespace {

using figures::FigureData;

constexpr std::size_t kMaxWeeks = 530;

struct Mark {
  WeekReviewMark mark;
  std::string week;
  std::string coach;
};

// Unarchived marks, oldest first (so the last one seen for a coach and week is the newest).
Result<std::vector<Mark>> loadMarks(Store::Impl& impl) {
  COACH_ASSIGN_OR_RETURN(store::Stmt * s, impl.stmt("SELECT r.id, k.week, k.coach, k.reviewed_on, k.reviewer FROM "
                                                    "k_week_review k JOIN record r ON r.rid = k.rid WHERE "
                                                    "k.archived = 0 ORDER BY k.reviewed_on, k.created_hlc"));
  store::StmtGuard guard(*s);
  std::vector<Mark> out;
  while (true) {
    COACH_ASSIGN_OR_RETURN(bool row, s->step());
    if (!row) return out;
    out.push_back({{s->textAt(0), s->textAt(4), s->textAt(3)}, s->textAt(1), s->textAt(2)});
  }
}

struct Loaded {
  FigureData data;
  std::vector<Mark> marks;
};

Result<Loaded> load(Store& store) {
  Store::Impl& impl = store.implForInternalUse();
  std::lock_guard lock(impl.mu);
  COACH_TRY(impl.requireUnlocked());
  Loaded out;
  COACH_ASSIGN_OR_RETURN(out.data, figures::loadFigureData(impl));
  COACH_ASSIGN_OR_RETURN(out.marks, loadMarks(impl));
  return out;
}

// The Monday of the ISO week holding `day` (1970-01-01 was a Thursday).
std::string mondayOf(const std::string& day) {
  const std::int64_t d = calendar::toDays(day);
  return calendar::fromDays(d - ((d + 3) % 7 + 7) % 7);
}

Result<std::vector<std::string>> mondaysOf(const WeeklyOptions& options) {
  const Period& p = options.period;
  std::string first = mondayOf(p.from);
  if (options.span == WeekSpan::WholeWeeks && first < p.from) first = calendar::addDays(first, 7);
  std::vector<std::string> out;
  for (std::string m = first; m <= p.to; m = calendar::addDays(m, 7)) {
    if (options.span == WeekSpan::WholeWeeks && calendar::addDays(m, 6) > p.to) break;
    out.push_back(m);
    if (out.size() > kMaxWeeks) {
      return makeError(ErrorCode::InvalidArgument,
                       "weeks: at most 530 weeks (ten years) at a time; choose a "
                       "shorter period");
    }
  }
  return out;
}

std::vector<std::string> coachesShown(const Loaded& l, const WeeklyOptions& options, const Period& span) {
  if (!options.coach.empty()) return {options.coach};
  FidelityOptions v6;
  v6.period = span;
  v6.coachFte = options.coachFte;
  std::set<std::string> coaches = figures::coachesOf(l.data, v6);
  const std::string first = isoWeekOf(span.from), last = isoWeekOf(span.to);
  for (const Mark& m : l.marks) {
    if (m.week >= first && m.week <= last) coaches.insert(m.coach);
  }
  coaches.erase("");  // a contact without a coach is warned, not a coach of its own
  return {coaches.begin(), coaches.end()};
}

WeeklyContacts tally(const Loaded& l, const WeeklyOptions& options, std::vector<std::string> mondays) {
  WeeklyContacts out;
  out.period = options.period;
  out.mondays = std::move(mondays);
  for (const std::string& m : out.mondays) out.weeks.push_back(isoWeekOf(m));
  if (out.mondays.empty()) return out;
  const Period span{out.mondays.front(), calendar::addDays(out.mondays.back(), 6)};
  out.coaches = coachesShown(l, options, span);
  std::map<std::string, std::size_t> coachIndex, weekIndex;
  for (std::size_t i = 0; i < out.coaches.size(); ++i) coachIndex[out.coaches[i]] = i;
  for (std::size_t i = 0; i < out.weeks.size(); ++i) weekIndex[out.weeks[i]] = i;
  for (const std::string& coach : out.coaches) {
    for (const std::string& week : out.weeks) {
      CoachWeek cell;
      cell.coach = coach;
      cell.week = week;
      out.cells.push_back(std::move(cell));
    }
  }
  auto cell = [&](const std::string& coach, const std::string& week) -> CoachWeek* {
    auto c = coachIndex.find(coach);
    auto w = weekIndex.find(week);
    if (c == coachIndex.end() || w == weekIndex.end()) return nullptr;
    return &out.cells[c->second * out.weeks.size() + w->second];
  };
  std::vector<std::string> noCoach;
  for (const figures::EmployerContact& c : l.data.employerContacts) {
    if (!figures::within(c.day, span)) continue;
    if (c.coach.empty() && c.mode == "face_to_face") noCoach.push_back(c.id);
    CoachWeek* w = cell(c.coach, calendar::isoWeek(c.day).toString());
    if (w == nullptr) continue;
    if (c.mode == "face_to_face") {
      ++w->faceToFace;
      w->recordIds.push_back(c.id);
    } else {
      ++w->otherModes;
    }
  }
  for (const Mark& m : l.marks) {
    if (CoachWeek* w = cell(m.coach, m.week)) w->review = m.mark;
  }
  if (!noCoach.empty() && options.coach.empty()) {
    out.warnings.push_back({"weeks",
                            "face-to-face employer contacts without a coach are not counted for anyone; "
                            "fill in their coach",
                            noCoach});
  }
  return out;
}

}  // namespace

Result<Period> isoWeekPeriod(std::string_view week) {
  const auto digits = [&](std::size_t from, std::size_t n) {
    return std::all_of(week.begin() + static_cast<std::ptrdiff_t>(from),
                       week.begin() + static_cast<std::ptrdiff_t>(from + n),
                       [](char ch) { return ch >= '0' && ch <= '9'; });
  };
  const bool shaped = week.size() == 8 && week[4] == '-' && week[5] == 'W' && digits(0, 4) && digits(6, 2);
  if (shaped) {
    const int year = std::stoi(std::string(week.substr(0, 4)));
    const unsigned number = static_cast<unsigned>(std::stoi(std::string(week.substr(6, 2))));
    const iso_week::year_weeknum_weekday monday{iso_week::year{year}, iso_week::weeknum{number}, iso_week::mon};
    const iso_week::year_lastweek last{iso_week::year{year}};
    if (year >= 1900 && number >= 1 && number <= static_cast<unsigned>(last.weeknum()) && monday.ok()) {
      const std::string from = calendar::fromDays(date::sys_days{monday}.time_since_epoch().count());
      return Period{from, calendar::addDays(from, 6)};
    }
  }
  return makeError(ErrorCode::InvalidArgument,
                   "an ISO week is written YYYY-Www, for example 2026-W05 (week 53 "
                   "only in a year that has one)");
}

std::string isoWeekOf(std::string_view isoDate) {
  if (!model::isIsoDate(isoDate)) return {};
  return calendar::isoWeek(isoDate).toString();
}

Result<WeeklyContacts> computeWeeklyContacts(Store& store, const WeeklyOptions& options) {
  COACH_TRY(figures::checkPeriod(options.period, "weeks"));
  COACH_ASSIGN_OR_RETURN(std::vector<std::string> mondays, mondaysOf(options));
  COACH_ASSIGN_OR_RETURN(Loaded loaded, load(store));
  return tally(loaded, options, std::move(mondays));
}

Result<FidelityPageData> computeFidelityPage(Store& store, const FidelityOptions& options) {
  COACH_TRY(figures::checkFidelityOptions(options));
  const WeeklyOptions weekly{
      .period = options.period, .span = WeekSpan::WholeWeeks, .coach = "", .coachFte = options.coachFte};
  COACH_ASSIGN_OR_RETURN(std::vector<std::string> mondays, mondaysOf(weekly));
  COACH_ASSIGN_OR_RETURN(Loaded loaded, load(store));
  FidelityPageData page;
  page.report = figures::fidelityFrom(loaded.data, options);
  page.weeks = tally(loaded, weekly, std::move(mondays));
  return page;
}

Result<WeekReviewResult> markWeekReviewed(Store& store, const WeekReviewRequest& request) {
  COACH_ASSIGN_OR_RETURN(Period week, isoWeekPeriod(request.week));
  const std::string day = request.reviewedOn.empty() ? store.today() : request.reviewedOn;
  if (!model::isIsoDate(day)) {
    return makeError(ErrorCode::InvalidArgument, "weeks: the review day must be YYYY-MM-DD");
  }
  if (week.from > day) {
    return makeError(ErrorCode::InvalidArgument, "weeks: week " + request.week + " begins on " + week.from +
                                                     ", after the review day " + day +
                                                     "; review a week that has begun");
  }
  COACH_ASSIGN_OR_RETURN(
      WeeklyContacts shown,
      computeWeeklyContacts(
          store, WeeklyOptions{.period = week, .span = WeekSpan::Touching, .coach = request.coach, .coachFte = {}}));
  if (shown.coaches.empty()) {
    return makeError(ErrorCode::NotFound, "weeks: no coach had a caseload or an employer contact in " + request.week +
                                              "; name the coach to mark");
  }
  WeekReviewResult result;
  std::vector<Mutation> marks;
  const std::string reviewer = request.reviewer.empty() ? store.actor() : request.reviewer;
  for (std::size_t c = 0; c < shown.coaches.size(); ++c) {
    const CoachWeek& cell = shown.at(c, 0);
    if (cell.review) {
      result.alreadyReviewed.push_back(*cell.review);
      result.alreadyCoaches.push_back(cell.coach);
      continue;
    }
    result.marked.push_back(cell.coach);
    marks.push_back({Mutation::Op::Create,
                     "week_review",
                     {},
                     {{"week", request.week}, {"coach", cell.coach}, {"reviewed_on", day}, {"reviewer", reviewer}}});
  }
  if (!marks.empty()) {
    COACH_ASSIGN_OR_RETURN(result.ids, store.apply(marks));
  }
  return result;
}

nlohmann::json toJson(const CoachWeek& w) {
  nlohmann::json review = nullptr;
  if (w.review)
    review = {{"id", w.review->id}, {"reviewer", w.review->reviewer}, {"reviewed_on", w.review->reviewedOn}};
  return {{"coach", w.coach},
          {"week", w.week},
          {"face_to_face", w.faceToFace},
          {"other_modes", w.otherModes},
          {"record_ids", w.recordIds},
          {"reviewed", w.review.has_value()},
          {"review", review}};
}

nlohmann::json toJson(const WeeklyContacts& weekly) {
  nlohmann::json cells = nlohmann::json::array();
  for (const CoachWeek& w : weekly.cells) cells.push_back(toJson(w));
  nlohmann::json warnings = nlohmann::json::array();
  for (const FigureWarning& w : weekly.warnings) warnings.push_back(toJson(w));
  return {{"period", toJson(weekly.period)},
          {"weeks", weekly.weeks},
          {"coaches", weekly.coaches},
          {"norm", weekly.norm},
          {"cells", cells},
          {"warnings", warnings}};
}

}  // namespace coach
