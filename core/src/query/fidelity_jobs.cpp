// IPS-25 items V6, V8, V9 and V10 from the records (query/fidelity_items.hpp; rules in docs/figures.md).
#include <algorithm>
#include <map>
#include <set>

#include "query/calendar.hpp"
#include "query/fidelity_bands.hpp"
#include "query/fidelity_items.hpp"

namespace coach::figures {
namespace {

using calendar::addDays;
using calendar::fromDays;
using calendar::toDays;

// The first Monday on or after `day` (1970-01-01 was a Thursday).
std::string mondayOnOrAfter(const std::string& day) {
  const std::int64_t d = toDays(day);
  const std::int64_t weekday = ((d + 3) % 7 + 7) % 7;  // Monday 0
  return fromDays(weekday == 0 ? d : d + 7 - weekday);
}

std::vector<const Job*> startedIn(const FigureData& data, const Period& p) {
  std::vector<const Job*> out;
  for (const Job& j : data.jobs) {
    if (within(j.start, p)) out.push_back(&j);
  }
  return out;
}

std::int64_t minimumWageAt(const std::vector<MinimumWage>& table, const std::string& day) {
  std::int64_t cents = table.empty() ? 0 : table.front().centsPerHour;
  for (const MinimumWage& m : table) {
    if (m.from <= day) cents = m.centsPerHour;
  }
  return cents;
}

}  // namespace

FidelityItem scoreV6EmployerContacts(const FigureData& data, const FidelityOptions& options) {
  FidelityItem item = makeItem("v6", true);
  item.rule = "face-to-face employer contacts (repeat visits count, other modes do not) per coach per whole ISO "
              "week (Europe/Amsterdam) in the period, on average; 6+ 5, 5 4, 4 3, 2-3 2, fewer 1";
  const Period& p = options.period;
  std::vector<std::string> mondays;
  for (std::string m = mondayOnOrAfter(p.from); addDays(m, 6) <= p.to; m = addDays(m, 7)) mondays.push_back(m);
  if (mondays.empty()) {
    warn(item, "the period holds no whole ISO week (Monday to Sunday); choose a longer period");
    return item;
  }
  const std::string first = mondays.front();
  const std::string last = addDays(mondays.back(), 6);
  const std::set<std::string> coaches = coachesOf(data, options);
  std::map<std::pair<std::string, std::string>, int> perCoachWeek;
  std::int64_t total = 0;
  for (const EmployerContact& c : data.employerContacts) {
    if (c.mode != "face_to_face" || c.day < first || c.day > last) continue;
    ++perCoachWeek[{c.coach, calendar::isoWeek(c.day).toString()}];
    ++total;
    item.recordIds.push_back(c.id);
  }
  for (const std::string& coach : coaches) {
    std::string line = coach + ":";
    for (const std::string& m : mondays) {
      const std::string week = calendar::isoWeek(m).toString();
      auto it = perCoachWeek.find({coach, week});
      line += " " + week + " " + std::to_string(it == perCoachWeek.end() ? 0 : it->second);
    }
    item.evidence.push_back(line);
  }
  if (coaches.empty()) {
    warn(item, "no coach in the period (no caseload, no employer contact, no FTE given); the item needs a manual "
               "score");
    return item;
  }
  const double coachWeeks = static_cast<double>(coaches.size() * mondays.size());
  const double mean = static_cast<double>(total) / coachWeeks;
  item.rawValue = mean;
  item.rawFigure = std::to_string(total) + " face-to-face employer contacts by " + std::to_string(coaches.size()) +
                   " coaches in " + std::to_string(mondays.size()) + " whole ISO weeks: " + fixed1(mean) +
                   " per coach per week";
  item.score = employerContactScore(mean);
  return item;
}

FidelityItem scoreV8JobTypes(const FigureData& data, const FidelityOptions& options) {
  FidelityItem item = makeItem("v8", true);
  item.rule = "distinct job types (occupation codes) among the jobs started in the period, as a share of those "
              "jobs; 85%+ 5, 70-84% 4, 60-69% 3, 50-59% 2, <50% 1";
  std::set<std::string> types;
  std::vector<std::string> missing;
  const auto jobs = startedIn(data, options.period);
  for (const Job* j : jobs) {
    item.recordIds.push_back(j->id);
    if (j->occupationCode.empty()) missing.push_back(j->id);
    else types.insert(j->occupationCode);
  }
  if (!missing.empty()) {
    warn(item, std::to_string(missing.size()) + " jobs started in the period have no occupation code; they count as "
                   "no new job type. Record the occupation code (ISCO-08)", missing);
  }
  const auto part = static_cast<std::int64_t>(types.size());
  const auto whole = static_cast<std::int64_t>(jobs.size());
  item.rawFigure = std::to_string(part) + " distinct job types among " + std::to_string(whole) + " job starts";
  if (whole == 0) {
    warn(item, "no job started in the period; the item needs a manual score");
    return item;
  }
  item.rawValue = 100.0 * static_cast<double>(part) / static_cast<double>(whole);
  item.score = diversityScore(part, whole);
  return item;
}

FidelityItem scoreV9Employers(const FigureData& data, const FidelityOptions& options) {
  FidelityItem item = makeItem("v9", true);
  item.rule = "distinct employers among the jobs started in the period, as a share of those jobs; 85%+ 5, "
              "70-84% 4, 60-69% 3, 50-59% 2, <50% 1";
  std::set<std::string> employers;
  const auto jobs = startedIn(data, options.period);
  for (const Job* j : jobs) {
    item.recordIds.push_back(j->id);
    employers.insert(j->employerId);
  }
  const auto part = static_cast<std::int64_t>(employers.size());
  const auto whole = static_cast<std::int64_t>(jobs.size());
  item.rawFigure = std::to_string(part) + " distinct employers among " + std::to_string(whole) + " job starts";
  if (whole == 0) {
    warn(item, "no job started in the period; the item needs a manual score");
    return item;
  }
  item.rawValue = 100.0 * static_cast<double>(part) / static_cast<double>(whole);
  item.score = diversityScore(part, whole);
  return item;
}

FidelityItem scoreV10Competitive(const FigureData& data, const FidelityOptions& options) {
  FidelityItem item = makeItem("v10", true);
  item.rule = "jobs started in the period that are competitive: at least the adult minimum wage on the first "
              "day, not reserved for the target group, not time-limited by the agency, not a trial placement; "
              "95%+ 5, 85-94% 4, 75-84% 3, 65-74% 2, <65% 1";
  std::int64_t part = 0;
  std::vector<std::string> noWage;
  const auto jobs = startedIn(data, options.period);
  for (const Job* j : jobs) {
    item.recordIds.push_back(j->id);
    if (!j->wageCents) noWage.push_back(j->id);
    const bool paid = j->wageCents && *j->wageCents >= minimumWageAt(options.minimumWage, j->start);
    if (paid && !j->reserved && !j->timeLimited && !j->trial) ++part;
  }
  if (!noWage.empty()) {
    warn(item, std::to_string(noWage.size()) + " jobs started in the period have no hourly wage; they count as not "
                   "competitive. Record the gross hourly wage", noWage);
  }
  const auto whole = static_cast<std::int64_t>(jobs.size());
  item.rawFigure = ofText(part, whole) + " job starts competitive";
  if (whole == 0) {
    warn(item, "no job started in the period; the item needs a manual score");
    return item;
  }
  item.rawValue = 100.0 * static_cast<double>(part) / static_cast<double>(whole);
  item.score = competitiveScore(part, whole);
  return item;
}

}  // namespace coach::figures
