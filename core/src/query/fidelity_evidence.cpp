// The evidence lists of the IPS-25 items that need a reviewer's judgement (query/fidelity_items.hpp): what the
// records of the period show, with the ids behind each line. The score itself is the team lead's.
#include <map>
#include <set>

#include "query/fidelity_items.hpp"

namespace coach::figures {
namespace {

void meetingsOf(FidelityItem& item, const FigureData& data, const Period& p, const std::set<std::string>& types) {
  std::map<std::string, int> perType;
  for (const Dated& m : data.meetings) {
    if (within(m.day, p) && types.count(m.type) != 0) {
      ++perType[m.type];
      item.recordIds.push_back(m.id);
    }
  }
  for (const std::string& type : types) {
    auto it = perType.find(type);
    item.evidence.push_back(type + " meetings in the period: " + std::to_string(it == perType.end() ? 0 : it->second));
  }
}

void referrals(FidelityItem& item, const FigureData& data, const Period& p) {
  std::map<std::string, int> bySource;
  int entered = 0;
  for (const Trajectory& t : data.trajectories) {
    if (!within(t.referralDate, p)) continue;
    ++bySource[t.referralSource];
    if (!t.entryDate.empty()) ++entered;
    item.recordIds.push_back(t.id);
  }
  int total = 0;
  for (const auto& [source, n] : bySource) {
    item.evidence.push_back("referred by " + source + ": " + std::to_string(n));
    total += n;
  }
  item.evidence.push_back(std::to_string(entered) + " of " + std::to_string(total) +
                          " referrals in the period entered the programme");
  std::map<std::string, int> closures;
  for (const Trajectory& t : data.trajectories) {
    if (within(t.closedOn, p)) ++closures[t.closureReason.empty() ? "unknown" : t.closureReason];
  }
  for (const auto& [reason, n] : closures) item.evidence.push_back("closed, " + reason + ": " + std::to_string(n));
}

void disclosure(FidelityItem& item, const FigureData& data, const Period& p) {
  std::map<std::string, int> byChoice;
  int starts = 0;
  for (const Job& j : data.jobs) {
    if (!within(j.start, p)) continue;
    ++starts;
    ++byChoice[j.disclosure.empty() ? "not recorded" : j.disclosure];
    item.recordIds.push_back(j.id);
  }
  item.evidence.push_back(std::to_string(starts) + " job starts in the period");
  for (const auto& [choice, n] : byChoice) item.evidence.push_back("disclosure " + choice + ": " + std::to_string(n));
}

void employerContactQuality(FidelityItem& item, const FigureData& data, const Period& p) {
  std::map<std::string, int> byPurpose;
  std::map<std::string, int> perEmployer;
  for (const EmployerContact& c : data.employerContacts) {
    if (!within(c.day, p)) continue;
    ++byPurpose[c.purpose];
    ++perEmployer[c.employerId];
    item.recordIds.push_back(c.id);
  }
  int repeat = 0;
  for (const auto& [employer, n] : perEmployer) repeat += n > 1 ? 1 : 0;
  item.evidence.push_back(std::to_string(perEmployer.size()) + " employers contacted, " + std::to_string(repeat) +
                          " of them more than once");
  for (const auto& [purpose, n] : byPurpose) item.evidence.push_back("purpose " + purpose + ": " + std::to_string(n));
}

void outreach(FidelityItem& item, const FigureData& data, const Period& p) {
  int attempts = 0;
  int reached = 0;
  for (const Dated& o : data.outreach) {
    if (!within(o.day, p)) continue;
    ++attempts;
    reached += o.type == "reached" ? 1 : 0;
    item.recordIds.push_back(o.id);
  }
  int pauses = 0;
  for (const Dated& pause : data.pauses) {
    if (within(pause.day, p)) {
      ++pauses;
      item.recordIds.push_back(pause.id);
    }
  }
  item.evidence.push_back(std::to_string(attempts) + " outreach attempts in the period, " + std::to_string(reached) +
                          " reached the participant");
  item.evidence.push_back(std::to_string(pauses) + " pauses started in the period");
}

void generalists(FidelityItem& item, const FigureData& data, const Period& p) {
  std::map<std::string, int> contacts;
  for (const EmployerContact& c : data.employerContacts) {
    if (within(c.day, p)) ++contacts[c.coach];
  }
  for (const auto& [coach, n] : contacts) {
    item.evidence.push_back(coach + ": " + std::to_string(n) + " employer contacts (job development)");
  }
  int support = 0;
  int benefits = 0;
  for (const SupportContact& s : data.supportContacts) support += within(s.day, p) ? 1 : 0;
  for (const Dated& b : data.benefits) benefits += within(b.day, p) ? 1 : 0;
  item.evidence.push_back(std::to_string(support) + " follow-along support contacts, " + std::to_string(benefits) +
                          " benefits sessions in the period");
}

}  // namespace

FidelityItem evidenceFor(const std::string& code, const FigureData& data, const FidelityOptions& options) {
  FidelityItem item = makeItem(code, false);
  const Period& p = options.period;
  item.rule = "needs a reviewer's judgement: the team lead enters the score (a fidelity_score record)";
  if (code == "s3") generalists(item, data, p);
  else if (code == "o2") meetingsOf(item, data, p, {"treatment_team"});
  else if (code == "o3") meetingsOf(item, data, p, {"agency_consultation"});
  else if (code == "o4") meetingsOf(item, data, p, {"vocational_unit"});
  else if (code == "o5") meetingsOf(item, data, p, {"supervision", "field_mentoring"});
  else if (code == "o6") referrals(item, data, p);
  else if (code == "v2") disclosure(item, data, p);
  else if (code == "v7") employerContactQuality(item, data, p);
  else if (code == "v14") outreach(item, data, p);
  else item.evidence.push_back("no record kind describes this item; score it from the team's own documents");
  return item;
}

}  // namespace coach::figures
