// IPS-25 items V11, V12 and V13 from the records (query/fidelity_items.hpp; rules in docs/figures.md).
#include <algorithm>

#include "query/calendar.hpp"
#include "query/fidelity_bands.hpp"
#include "query/fidelity_items.hpp"

namespace coach::figures {
namespace {

using calendar::addDays;
using calendar::addMonths;

// A window in which DOMAIN.md's follow-along rule (V12) wants a face-to-face contact, due on its last day.
struct Checkpoint {
  std::string from;
  std::string to;
};

// V12: before the start, the first 3 days, each of the first 4 weeks, then each month until a year.
std::vector<Checkpoint> checkpointsOf(const Job& job) {
  const std::string& s = job.start;
  std::vector<Checkpoint> out{{addDays(s, -7), addDays(s, -1)}, {s, addDays(s, 3)}};
  for (int week = 0; week < 4; ++week) out.push_back({addDays(s, 7 * week), addDays(s, 7 * week + 6)});
  for (int month = 1; month < 12; ++month) out.push_back({addMonths(s, month), addDays(addMonths(s, month + 1), -1)});
  return out;
}

bool pausedThrough(const FigureData& data, const std::string& participantId, const Checkpoint& c) {
  return std::any_of(data.pauses.begin(), data.pauses.end(), [&](const Dated& pause) {
    return pause.participantId == participantId && pause.day <= c.from && (pause.type.empty() || pause.type >= c.to);
  });
}

// The face-to-face support contact for the job (tied to it or to no job) in the window, or nullptr.
const SupportContact* contactIn(const FigureData& data, const Job& job, const Checkpoint& c) {
  for (std::size_t i : data.of(job.participantId).supportContacts) {
    const SupportContact& s = data.supportContacts[i];
    if (s.mode == "face_to_face" && (s.jobId == job.id || s.jobId.empty()) && s.day >= c.from && s.day <= c.to) {
      return &s;
    }
  }
  return nullptr;
}

}  // namespace

FidelityItem scoreV11FollowAlong(const FigureData& data, const FidelityOptions& options) {
  FidelityItem item = makeItem("v11", true);
  item.rule = "jobs held in the period whose participant had follow-along support (a support contact of any mode "
              "tied to the job or to no job) while the job ran in the period; share band 90/75/50/25%; the "
              "evidence lists the kinds of support given";
  const Period& p = options.period;
  std::int64_t part = 0;
  std::int64_t whole = 0;
  std::map<std::string, int> types;
  for (const Job& job : data.jobs) {
    const std::string last = lastDayWithin(job, p);
    if (last.empty()) continue;
    const std::string first = std::max(job.start, p.from);
    ++whole;
    item.recordIds.push_back(job.id);
    bool supported = false;
    for (std::size_t i : data.of(job.participantId).supportContacts) {
      const SupportContact& s = data.supportContacts[i];
      if ((s.jobId == job.id || s.jobId.empty()) && s.day >= first && s.day <= last) {
        supported = true;
        ++types[s.type];
        item.recordIds.push_back(s.id);
      }
    }
    if (supported) ++part;
  }
  for (const auto& [type, n] : types) item.evidence.push_back(type + ": " + std::to_string(n) + " contacts");
  item.rawFigure = ofText(part, whole) + " jobs held with follow-along support";
  if (whole == 0) {
    warn(item, "no job was held in the period; the item needs a manual score");
    return item;
  }
  item.rawValue = 100.0 * static_cast<double>(part) / static_cast<double>(whole);
  item.score = shareScore(part, whole);
  return item;
}

FidelityItem scoreV12TimeUnlimited(const FigureData& data, const FidelityOptions& options) {
  FidelityItem item = makeItem("v12", true);
  item.rule = "DOMAIN.md's follow-along checkpoints falling due in the period, met by a face-to-face contact: "
              "within the week before a job starts, within 3 days after, each of the first 4 weeks, each month "
              "until a year, within 3 days of hearing of a job loss; a checkpoint inside a pause or after the "
              "job ended is excused; share band 90/75/50/25%";
  const Period& p = options.period;
  std::int64_t met = 0;
  std::int64_t due = 0;
  auto check = [&](const Job& job, const Checkpoint& c) {
    if (!within(c.to, p) || pausedThrough(data, job.participantId, c)) return;
    ++due;
    if (const SupportContact* s = contactIn(data, job, c)) {
      ++met;
      item.recordIds.push_back(s->id);
    }
  };
  for (const Job& job : data.jobs) {
    const std::int64_t before = due;
    for (const Checkpoint& c : checkpointsOf(job)) {
      if (job.end.empty() || job.end >= c.to) check(job, c);
    }
    if (!job.end.empty()) {
      const std::string heard = job.endHeard.empty() ? job.end : job.endHeard;
      check(job, Checkpoint{heard, addDays(heard, 3)});
    }
    if (due > before) item.recordIds.push_back(job.id);
  }
  item.rawFigure = ofText(met, due) + " follow-along checkpoints met";
  if (due == 0) {
    warn(item, "no follow-along checkpoint fell due in the period; the item needs a manual score");
    return item;
  }
  item.rawValue = 100.0 * static_cast<double>(met) / static_cast<double>(due);
  item.score = shareScore(met, due);
  return item;
}

FidelityItem scoreV13Community(const FigureData& data, const FidelityOptions& options) {
  FidelityItem item = makeItem("v13", true);
  item.rule = "minutes of the period's employer and support contacts spent in the community: face-to-face "
              "employer contacts and face-to-face support at the workplace, as a share of all contact minutes; "
              "65%+ 5, 50-64% 4, 40-49% 3, 30-39% 2, <30% 1";
  const Period& p = options.period;
  std::int64_t community = 0;
  std::int64_t all = 0;
  std::vector<std::string> noDuration;
  std::vector<std::string> noPlace;
  auto add = [&](const std::string& id, const std::optional<std::int64_t>& minutes, bool inCommunity) {
    item.recordIds.push_back(id);
    if (!minutes) {
      noDuration.push_back(id);
      return;
    }
    all += *minutes;
    if (inCommunity) community += *minutes;
  };
  for (const EmployerContact& c : data.employerContacts) {
    if (within(c.day, p)) add(c.id, c.minutes, c.mode == "face_to_face");
  }
  for (const SupportContact& s : data.supportContacts) {
    if (!within(s.day, p)) continue;
    if (s.mode == "face_to_face" && s.place.empty()) noPlace.push_back(s.id);
    add(s.id, s.minutes, s.mode == "face_to_face" && s.place == "workplace");
  }
  if (!noDuration.empty()) {
    warn(item, std::to_string(noDuration.size()) + " contacts in the period have no duration, so their time is not "
                   "in the figure; record the duration in minutes", noDuration);
  }
  if (!noPlace.empty()) {
    warn(item, std::to_string(noPlace.size()) + " face-to-face support contacts have no place; they count as not in "
                   "the community. Record the place", noPlace);
  }
  item.rawFigure = std::to_string(community) + " of " + std::to_string(all) + " contact minutes in the community";
  if (all == 0) {
    warn(item, "no contact minutes recorded in the period; the item needs a manual score");
    return item;
  }
  item.rawValue = 100.0 * static_cast<double>(community) / static_cast<double>(all);
  item.score = communityScore(community, all);
  return item;
}

}  // namespace coach::figures
