// query/case_data.hpp: the slice of the store the agenda and caseload rules read, loaded in one pass.
//
// Only structured fields are loaded (dates, enums, ids); the one sensitive value, the participant's name,
// is decrypted for display. Archived records are left out.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "coach/result.hpp"
#include "store/store_impl.hpp"

namespace coach::query {

struct ParticipantInfo {
  std::string id;
  std::string name;
  std::string coach;
  std::string trajectoryId;      // newest trajectory by referral date
  std::string trajectoryStatus;
  std::string programmeEntry;
};

struct JobInfo {
  std::string id;
  std::string participantId;
  std::string start;
  std::string end;
  std::string endHeard;
  std::string termsChanged;
};

struct DatedLink {
  std::string participantId;
  std::string jobId;  // may be empty
  std::string day;
};

struct CaseData {
  std::map<std::string, ParticipantInfo> participants;
  std::vector<JobInfo> jobs;
  std::vector<DatedLink> faceToFaceSupport;    // support contacts, face to face
  std::vector<DatedLink> otherSupport;         // support contacts by other modes
  std::vector<DatedLink> faceToFaceEmployer;   // employer contacts with a participant, face to face
  std::vector<DatedLink> otherEmployer;
  std::vector<DatedLink> benefits;
  std::vector<DatedLink> outreachReached;
};

// Callers hold the store's mutex and have checked it is unlocked.
Result<CaseData> loadCaseData(Store::Impl& impl);

}  // namespace coach::query
