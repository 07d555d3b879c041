// query/fidelity_data.hpp: the structured slice of the store that the figures (coach/figures.hpp) read, loaded
// in one pass, and the rules shared by fidelity, outcomes and exports (first employer contact, benefits before
// a start, job overlap, durable jobs).
//
// Only structured fields are loaded: dates, enumerations, numbers, ids and the two non-sensitive text fields
// (municipality, treatment team). Nothing is decrypted, so no name, contact detail or note can reach a figure.
// Archived records are left out. Dates are the business days the coach entered ("YYYY-MM-DD"); a contact's
// day is the date part of its local "YYYY-MM-DDTHH:MM", never a UTC conversion.
//
// Thread-safety: FigureData is a plain value; loadFigureData needs the caller to hold the store's mutex.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "coach/figures.hpp"
#include "coach/result.hpp"
#include "store/store_impl.hpp"

namespace coach::figures {

struct Participant {
  std::string id;
  std::string coach;
  std::string municipality;
  std::string treatmentTeam;
};

struct Trajectory {
  std::string id;
  std::string participantId;
  std::string referralDate;
  std::string referralSource;
  std::string entryDate;       // programme entry, "" when not recorded
  std::string fundingRoute;
  std::string plannedMonths;   // "24", "36", ""
  std::string workStatus;      // at referral
  std::string status;
  std::string closedOn;
  std::string closureReason;
};

struct Job {
  std::string id;
  std::string participantId;
  std::string employerId;
  std::string occupationCode;
  std::string start;
  std::string end;
  std::string endHeard;
  std::string termsChanged;
  std::optional<std::int64_t> hoursCenti;  // hours/week x 100
  std::optional<std::int64_t> wageCents;   // euro cents per hour
  std::string contractType;
  bool reserved = false;
  bool timeLimited = false;
  bool trial = false;
  std::string endReason;
  std::string disclosure;
};

struct EmployerContact {
  std::string id;
  std::string participantId;  // "" for a generic contact
  std::string coach;
  std::string employerId;
  std::string day;
  std::string mode;
  std::optional<bool> matchesPreferences;
  std::optional<std::int64_t> minutes;
  std::string purpose;
};

struct SupportContact {
  std::string id;
  std::string participantId;
  std::string jobId;
  std::string day;
  std::string mode;
  std::string place;
  std::string type;
  std::optional<std::int64_t> minutes;
};

// A benefits session, a profile version (jobId: after_job_id), a meeting, an outreach attempt, a pause.
struct Dated {
  std::string id;
  std::string participantId;
  std::string jobId;
  std::string day;
  std::string type;     // meeting type, outreach "reached"/"not_reached", pause end day
};

struct Consent {
  std::string id;
  std::string participantId;
  std::string recipient;
  std::set<std::string> scope;
  std::string givenOn;
  std::string withdrawnOn;
};

struct ManualScore {
  std::string id;
  std::string item;
  std::string periodStart;
  std::string periodEnd;
  int score = 0;
  std::string scoredOn;
  std::string scoredBy;  // the `coach` field: the staff handle the scorer gave ("" when none)
  std::string device;    // the device that set the score (its field stamp): who really entered it
};

struct FigureData {
  std::map<std::string, Participant> participants;
  std::vector<Trajectory> trajectories;
  std::vector<Job> jobs;
  std::vector<EmployerContact> employerContacts;
  std::vector<SupportContact> supportContacts;
  std::vector<Dated> benefits;
  std::vector<Dated> profiles;
  std::vector<Dated> meetings;
  std::vector<Dated> outreach;
  std::vector<Dated> pauses;
  std::vector<Consent> consents;
  std::vector<ManualScore> scores;

  // Positions in the vectors above of each participant's records, in the vectors' order (by day), so rules
  // that look up one participant's records stay linear in the store's size. Rebuilt by indexByParticipant()
  // after the vectors change (the loader and the exports' filter call it).
  struct Links {
    std::vector<std::size_t> trajectories, jobs, employerContacts, supportContacts, benefits;
  };
  std::unordered_map<std::string, Links> links;
  void indexByParticipant();
  const Links& of(const std::string& participantId) const;
};

// Callers hold the store's mutex and have checked it is unlocked.
Result<FigureData> loadFigureData(Store::Impl& impl);
// Locks `store`, checks it is unlocked, loads.
Result<FigureData> loadFigureData(Store& store);

// InvalidArgument unless both days are valid and from <= to; `what` names the caller in the message.
Status checkPeriod(const Period& period, std::string_view what);

inline bool within(const std::string& day, const Period& p) { return !day.empty() && day >= p.from && day <= p.to; }

// The participant's newest trajectory by referral date (nullptr when none).
const Trajectory* newestTrajectory(const FigureData& data, const std::string& participantId);
// The trajectory whose programme entry is the latest on or before `day` (nullptr when none).
const Trajectory* trajectoryAt(const FigureData& data, const std::string& participantId, const std::string& day);

// The first face-to-face employer contact about the participant on or after `entry` (nullptr when none).
const EmployerContact* firstFaceToFaceContact(const FigureData& data, const std::string& participantId,
                                              const std::string& entry);

// V1: a benefits session before the job's first day: one tied to the job on or before its start, or one tied
// to no job within the 90 days before it (the agenda's rule, query/agenda.cpp). nullptr when none.
const Dated* benefitsBeforeStart(const FigureData& data, const Job& job);

// The job's last day within `p` (its end, or p.to while it runs); "" when the job and `p` do not overlap.
std::string lastDayWithin(const Job& job, const Period& p);
// The job had lasted at least `weeks` whole weeks on some day within `p`.
bool durableWithin(const Job& job, const Period& p, int weeks);

// "17 of 20 (85.0%)".
std::string ofText(std::int64_t part, std::int64_t whole);
std::string fixed1(double value);

}  // namespace coach::figures
