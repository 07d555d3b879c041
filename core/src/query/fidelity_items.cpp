// IPS-25 items S1, O1, V1, V3, V4 and V5 from the records (query/fidelity_items.hpp; rules in docs/figures.md).
#include <algorithm>
#include <array>
#include <utility>

#include "query/calendar.hpp"
#include "query/fidelity_bands.hpp"
#include "query/fidelity_items.hpp"

namespace coach::figures {
namespace {

using calendar::addDays;
using calendar::daysBetween;

constexpr std::array<std::pair<const char*, const char*>, 25> kTitles{{
    {"s1", "Caseload size"},
    {"s2", "Employment services staff"},
    {"s3", "Vocational generalists"},
    {"o1", "Integration with mental health treatment through team assignment"},
    {"o2", "Integration with mental health treatment through frequent team member contact"},
    {"o3", "Collaboration with UWV and the municipality"},
    {"o4", "Vocational unit"},
    {"o5", "Role of the employment supervisor"},
    {"o6", "Zero exclusion criteria"},
    {"o7", "Agency focus on competitive employment"},
    {"o8", "Executive team support for IPS"},
    {"v1", "Work incentives (benefits) planning"},
    {"v2", "Disclosure"},
    {"v3", "Ongoing, work-based vocational assessment"},
    {"v4", "Rapid search for competitive jobs"},
    {"v5", "Individualised job search"},
    {"v6", "Job development: frequent employer contact"},
    {"v7", "Job development: quality of employer contact"},
    {"v8", "Diversity of job types"},
    {"v9", "Diversity of employers"},
    {"v10", "Competitive jobs"},
    {"v11", "Individualised follow-along supports"},
    {"v12", "Time-unlimited follow-along supports"},
    {"v13", "Community-based services"},
    {"v14", "Assertive engagement and outreach by the treatment team"},
}};

// Sets score, raw value and figure from a share; no score when nothing was there to count.
void scoreShare(FidelityItem& item, std::int64_t part, std::int64_t whole, int (*band)(std::int64_t, std::int64_t),
                const std::string& what) {
  item.rawFigure = ofText(part, whole) + " " + what;
  if (whole == 0) {
    warn(item, "nothing in the period to compute this item from (" + what + "); the item needs a manual score");
    return;
  }
  item.rawValue = 100.0 * static_cast<double>(part) / static_cast<double>(whole);
  item.score = band(part, whole);
}

bool closedBy(const FigureData& data, const std::string& participantId, const std::string& day) {
  const Trajectory* t = newestTrajectory(data, participantId);
  if (t == nullptr || t->status != "closed") return false;
  return t->closedOn.empty() || t->closedOn <= day;
}

}  // namespace

FidelityItem makeItem(const std::string& code, bool computed) {
  FidelityItem item;
  item.code = code;
  item.computed = computed;
  for (const auto& [c, title] : kTitles) {
    if (code == c) item.title = title;
  }
  return item;
}

void warn(FidelityItem& item, std::string message, std::vector<std::string> ids) {
  item.warnings.push_back(FigureWarning{item.code, std::move(message), std::move(ids)});
}

std::map<std::string, std::vector<std::string>> activeByCoach(const FigureData& data, const Period& p) {
  // S1 (DOMAIN.md): active = a contact in the last 4 weeks: any support contact, employer contact about the
  // participant or outreach attempt that reached them, in the 28 days up to and including the last day.
  const std::string since = addDays(p.to, -27);
  std::set<std::string> contacted;
  auto mark = [&](const std::string& id, const std::string& day) {
    if (!id.empty() && day >= since && day <= p.to) contacted.insert(id);
  };
  for (const SupportContact& c : data.supportContacts) mark(c.participantId, c.day);
  for (const EmployerContact& c : data.employerContacts) mark(c.participantId, c.day);
  for (const Dated& o : data.outreach) {
    if (o.type == "reached") mark(o.participantId, o.day);
  }
  std::map<std::string, std::vector<std::string>> out;
  for (const std::string& id : contacted) {
    auto it = data.participants.find(id);
    if (it == data.participants.end() || closedBy(data, id, p.to)) continue;
    out[it->second.coach].push_back(id);
  }
  return out;
}

std::set<std::string> coachesOf(const FigureData& data, const FidelityOptions& options) {
  std::set<std::string> coaches;
  for (const auto& [coach, ids] : activeByCoach(data, options.period)) coaches.insert(coach);
  for (const EmployerContact& c : data.employerContacts) {
    if (within(c.day, options.period)) coaches.insert(c.coach);
  }
  for (const auto& [coach, fte] : options.coachFte) coaches.insert(coach);
  return coaches;
}

FidelityItem scoreS1Caseload(const FigureData& data, const FidelityOptions& options) {
  FidelityItem item = makeItem("s1", true);
  item.rule = "active participants (a contact in the 4 weeks up to the period's last day) per coach FTE, for the "
              "team; 20 or fewer 5, 21-25 4, 26-30 3, 31-40 2, 41+ 1";
  const auto active = activeByCoach(data, options.period);
  std::size_t total = 0;
  double fte = 0;
  for (const std::string& coach : coachesOf(data, options)) {
    auto f = options.coachFte.find(coach);
    if (f == options.coachFte.end()) {
      warn(item, "the FTE of coach '" + coach + "' was not given; counted as 1.0 FTE. Pass each coach's FTE");
    }
    const double coachFte = f == options.coachFte.end() ? 1.0 : f->second;
    auto a = active.find(coach);
    const std::size_t n = a == active.end() ? 0 : a->second.size();
    if (a != active.end()) item.recordIds.insert(item.recordIds.end(), a->second.begin(), a->second.end());
    item.evidence.push_back(coach + ": " + std::to_string(n) + " active over " + fixed1(coachFte) + " FTE");
    total += n;
    fte += coachFte;
  }
  if (total == 0 || fte <= 0) {
    warn(item, "no active participant on the period's last day; the item needs a manual score");
    return item;
  }
  const double perFte = static_cast<double>(total) / fte;
  item.rawValue = perFte;
  item.rawFigure = std::to_string(total) + " active participants over " + fixed1(fte) + " FTE: " + fixed1(perFte) +
                   " per FTE";
  item.score = caseloadScore(perFte);
  return item;
}

FidelityItem scoreO1TeamAssignment(const FigureData& data, const FidelityOptions& options) {
  FidelityItem item = makeItem("o1", true);
  item.rule = "share of each coach's active caseload from the coach's (at most) two treatment teams, for the "
              "team; 90%+ 5, 80-89% 4, 70-79% 3, 50-69% 2, <50% 1";
  std::int64_t part = 0;
  std::int64_t whole = 0;
  std::vector<std::string> missing;
  for (const auto& [coach, ids] : activeByCoach(data, options.period)) {
    std::map<std::string, std::int64_t> perTeam;
    for (const std::string& id : ids) {
      const std::string& team = data.participants.at(id).treatmentTeam;
      if (team.empty()) missing.push_back(id);
      else ++perTeam[team];
      item.recordIds.push_back(id);
    }
    std::vector<std::int64_t> sizes;
    for (const auto& [team, n] : perTeam) sizes.push_back(n);
    std::sort(sizes.rbegin(), sizes.rend());
    const std::int64_t topTwo = (sizes.empty() ? 0 : sizes[0]) + (sizes.size() > 1 ? sizes[1] : 0);
    item.evidence.push_back(coach + ": " + std::to_string(perTeam.size()) + " treatment teams, " +
                            ofText(topTwo, static_cast<std::int64_t>(ids.size())) + " from the largest two");
    part += topTwo;
    whole += static_cast<std::int64_t>(ids.size());
  }
  if (!missing.empty()) {
    warn(item, std::to_string(missing.size()) + " active participants have no treatment team recorded; they count "
                   "as outside the coach's teams. Record their treatment team", missing);
  }
  scoreShare(item, part, whole, teamAssignmentScore, "active participants from their coach's two teams");
  return item;
}

FidelityItem scoreV1Benefits(const FigureData& data, const FidelityOptions& options) {
  FidelityItem item = makeItem("v1", true);
  item.rule = "job starts in the period with a benefits session before the start (tied to the job, or tied to no "
              "job within 90 days before), and changes of hours or wage in the period with a session within 30 "
              "days of the change; share band 90/75/50/25%";
  const Period& p = options.period;
  std::int64_t part = 0;
  std::int64_t whole = 0;
  for (const Job& job : data.jobs) {
    if (within(job.start, p)) {
      ++whole;
      item.recordIds.push_back(job.id);
      if (const Dated* b = benefitsBeforeStart(data, job)) {
        ++part;
        item.recordIds.push_back(b->id);
      }
    }
    const std::string& changed = job.termsChanged;
    if (within(changed, p) && changed > job.start) {
      ++whole;
      item.recordIds.push_back(job.id);
      const std::string lo = addDays(changed, -30);
      const std::string hi = addDays(changed, 30);
      auto it = std::find_if(data.benefits.begin(), data.benefits.end(), [&](const Dated& b) {
        return b.participantId == job.participantId && (b.jobId == job.id || b.jobId.empty()) && b.day >= lo &&
               b.day <= hi;
      });
      if (it != data.benefits.end()) {
        ++part;
        item.recordIds.push_back(it->id);
      }
    }
  }
  scoreShare(item, part, whole, shareScore, "job starts and changes of terms with a benefits session");
  return item;
}

FidelityItem scoreV3ProfileUpdates(const FigureData& data, const FidelityOptions& options) {
  FidelityItem item = makeItem("v3", true);
  item.rule = "jobs that ended in the period followed by a new vocational profile version (tied to the job, or "
              "tied to no job and completed between the job's start and 60 days after its end); share band "
              "90/75/50/25%";
  std::int64_t part = 0;
  std::int64_t whole = 0;
  for (const Job& job : data.jobs) {
    if (!within(job.end, options.period)) continue;
    ++whole;
    item.recordIds.push_back(job.id);
    const std::string latest = addDays(job.end, 60);
    auto it = std::find_if(data.profiles.begin(), data.profiles.end(), [&](const Dated& v) {
      return v.participantId == job.participantId &&
             (v.jobId == job.id || (v.jobId.empty() && v.day >= job.start && v.day <= latest));
    });
    if (it != data.profiles.end()) {
      ++part;
      item.recordIds.push_back(it->id);
    }
  }
  scoreShare(item, part, whole, shareScore, "ended jobs followed by an updated vocational profile");
  return item;
}

namespace {

// V4's sorting of one trajectory: its days, and whether they are still running (no contact yet).
struct RapidSearchCase {
  enum class Kind { NotCounted, Contacted, Waiting, NoEntry } kind = Kind::NotCounted;
  double days = 0;
  const EmployerContact* contact = nullptr;
};

RapidSearchCase rapidSearchCase(const FigureData& data, const Trajectory& t, const Period& p) {
  using Kind = RapidSearchCase::Kind;
  if (t.entryDate.empty()) {
    const bool contacted = std::any_of(data.employerContacts.begin(), data.employerContacts.end(), [&](const EmployerContact& e) {
      return e.participantId == t.participantId && e.mode == "face_to_face" && within(e.day, p) && e.day >= t.referralDate;
    });
    return {contacted ? Kind::NoEntry : Kind::NotCounted, 0, nullptr};
  }
  const EmployerContact* first = firstFaceToFaceContact(data, t.participantId, t.entryDate);
  if (first != nullptr && within(first->day, p)) {
    return {Kind::Contacted, static_cast<double>(daysBetween(t.entryDate, first->day)), first};
  }
  if ((first == nullptr || first->day > p.to) && within(t.entryDate, p) && daysBetween(t.entryDate, p.to) > 30 &&
      !closedBy(data, t.participantId, p.to)) {
    return {Kind::Waiting, static_cast<double>(daysBetween(t.entryDate, p.to)), nullptr};
  }
  return {};
}

}  // namespace

FidelityItem scoreV4RapidSearch(const FigureData& data, const FidelityOptions& options) {
  using Kind = RapidSearchCase::Kind;
  FidelityItem item = makeItem("v4", true);
  item.rule = "mean days from programme entry to the first face-to-face employer contact, over the participants "
              "whose first contact fell in the period and those who entered in the period and still had none "
              "after 30 days (counted with their days so far); 30 or fewer 5, 31-60 4, 61-150 3, 151-270 2, more 1";
  Distribution d;
  std::vector<std::string> waiting;
  std::vector<std::string> noEntry;
  for (const Trajectory& t : data.trajectories) {
    const RapidSearchCase c = rapidSearchCase(data, t, options.period);
    if (c.kind == Kind::NoEntry) noEntry.push_back(t.id);
    if (c.kind != Kind::Contacted && c.kind != Kind::Waiting) continue;
    d.values.push_back(c.days);
    item.recordIds.push_back(t.id);
    if (c.contact != nullptr) item.recordIds.push_back(c.contact->id);
    if (c.kind == Kind::Waiting) waiting.push_back(t.id);
  }
  if (!waiting.empty()) {
    warn(item, std::to_string(waiting.size()) + " participants entered in the period and had no face-to-face "
                   "employer contact after more than 30 days; counted with their days up to the period's end",
         waiting);
  }
  if (!noEntry.empty()) {
    warn(item, std::to_string(noEntry.size()) + " trajectories have an employer contact in the period but no "
                   "programme entry date, so their days cannot be counted; record the entry date", noEntry);
  }
  if (d.values.empty()) {
    warn(item, "no first face-to-face employer contact in the period; the item needs a manual score");
    return item;
  }
  std::sort(d.values.begin(), d.values.end());
  item.rawValue = *d.mean();
  item.rawFigure = "mean " + fixed1(*d.mean()) + " days (median " + fixed1(*d.median()) + ") over " +
                   std::to_string(d.count()) + " participants";
  item.score = rapidSearchScore(*d.mean());
  return item;
}

FidelityItem scoreV5Individualised(const FigureData& data, const FidelityOptions& options) {
  FidelityItem item = makeItem("v5", true);
  item.rule = "employer contacts about a participant in the period that match the participant's preferences; "
              "share band 90/75/50/25%";
  std::int64_t part = 0;
  std::int64_t whole = 0;
  std::vector<std::string> unknown;
  for (const EmployerContact& c : data.employerContacts) {
    if (c.participantId.empty() || !within(c.day, options.period)) continue;
    ++whole;
    item.recordIds.push_back(c.id);
    if (!c.matchesPreferences) unknown.push_back(c.id);
    if (c.matchesPreferences.value_or(false)) ++part;
  }
  if (!unknown.empty()) {
    warn(item, std::to_string(unknown.size()) + " employer contacts do not say whether they match the participant's "
                   "preferences; they count as not matching. Fill in 'matches preferences'", unknown);
  }
  scoreShare(item, part, whole, shareScore, "employer contacts matching the participant's preferences");
  return item;
}

}  // namespace coach::figures
