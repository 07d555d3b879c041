// coach/agenda.hpp: what is due (Store::agenda) and who is on whose caseload (Store::caseload).
//
// The agenda applies DOMAIN.md's rules to the records on the device:
//   V12 follow-along: a face-to-face contact within a week before a job starts, within 3 days after, weekly
//       in the first month, then at least monthly for a year; within 3 days of hearing of a job loss.
//   V4 rapid search: the first face-to-face employer contact within 30 days of programme entry.
//   V1 benefits planning: a benefits session before each job start and after a change of hours or wage.
// Dates are business days in Europe/Amsterdam; "today" comes from the store's clock unless given.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace coach {

struct AgendaOptions {
  std::string today;      // "YYYY-MM-DD"; empty: today in Europe/Amsterdam by the store's clock
  std::string coach;      // only this coach's participants; empty: everyone's
  int horizonDays = 7;    // also list what falls due within this many days
};

struct AgendaItem {
  // "v12_before_start", "v12_first_days", "v12_weekly", "v12_monthly", "v12_job_loss",
  // "v4_first_employer_contact", "v1_benefits_before_start", "v1_benefits_after_change"
  std::string rule;
  std::string participantId;
  std::string participantName;  // decrypted on the device
  std::string coach;
  std::string recordId;         // the job or trajectory the item is about
  std::string dueDate;          // "YYYY-MM-DD"
  std::int64_t daysLeft = 0;    // negative: overdue by that many days
  bool overdue() const { return daysLeft < 0; }
  std::string detail;           // one line in English; clients translate by `rule`
};

struct CaseloadEntry {
  std::string coach;
  std::string participantId;
  std::string participantName;
  std::string trajectoryStatus;  // of the newest trajectory, "" when none
  std::string lastContact;       // newest face-to-face or other contact day, "" when none
  bool active = false;           // a contact in the last 4 weeks (S1)
};

nlohmann::json toJson(const AgendaItem& item);
nlohmann::json toJson(const CaseloadEntry& entry);

}  // namespace coach
