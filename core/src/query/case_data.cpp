#include "query/case_data.hpp"

#include <functional>

namespace coach::query {
namespace {

using RowFn = std::function<Status(store::Stmt&)>;

Status eachRow(Store::Impl& impl, const std::string& sql, const RowFn& fn) {
  COACH_ASSIGN_OR_RETURN(store::Stmt* s, impl.stmt(sql));
  store::StmtGuard guard(*s);
  while (true) {
    COACH_ASSIGN_OR_RETURN(bool row, s->step());
    if (!row) return {};
    COACH_TRY(fn(*s));
  }
}

Status loadParticipants(Store::Impl& impl, CaseData& data) {
  COACH_TRY(eachRow(impl, "SELECT r.id, k.coach, k.name FROM k_participant k JOIN record r ON r.rid = k.rid WHERE k.archived = 0", [&](store::Stmt& s) -> Status {
    ParticipantInfo p{s.textAt(0), {}, s.textAt(1), {}, {}, {}};
    if (!s.isNull(2)) {
      auto blob = s.blobAt(2);
      COACH_TRY(impl.noteRead(p.id));  // a name handed out is a read of that participant's dossier
      COACH_ASSIGN_OR_RETURN(p.name, impl.keys->decryptField(impl.db, p.id, p.id, "name", blob));
    }
    data.participants.emplace(p.id, std::move(p));
    return {};
  }));
  // Newest trajectory per participant (by referral date; ties by creation order).
  return eachRow(impl,
                 "SELECT k.participant_id, r.id, k.status, k.programme_entry_date FROM k_trajectory k"
                 " JOIN record r ON r.rid = k.rid WHERE k.archived = 0 ORDER BY k.referral_date, k.created_hlc",
                 [&](store::Stmt& s) -> Status {
                   auto it = data.participants.find(s.textAt(0));
                   if (it == data.participants.end()) return {};
                   it->second.trajectoryId = s.textAt(1);
                   it->second.trajectoryStatus = s.textAt(2);
                   it->second.programmeEntry = s.textAt(3);
                   return {};
                 });
}

RowFn linkInto(std::vector<DatedLink>& faceToFace, std::vector<DatedLink>* other) {
  return [&faceToFace, other](store::Stmt& s) -> Status {
    DatedLink link{s.textAt(0), s.textAt(1), s.textAt(2).substr(0, 10)};
    if (s.textAt(3) == "face_to_face") {
      faceToFace.push_back(std::move(link));
    } else if (other != nullptr) {
      other->push_back(std::move(link));
    }
    return {};
  };
}

}  // namespace

Result<CaseData> loadCaseData(Store::Impl& impl) {
  CaseData data;
  COACH_TRY(loadParticipants(impl, data));
  COACH_TRY(eachRow(impl,
                    "SELECT r.id, k.participant_id, k.start_date, k.end_date, k.end_heard_on, k.terms_changed_on"
                    " FROM k_job k JOIN record r ON r.rid = k.rid WHERE k.archived = 0",
                    [&](store::Stmt& s) -> Status {
                      data.jobs.push_back({s.textAt(0), s.textAt(1), s.textAt(2), s.textAt(3), s.textAt(4), s.textAt(5)});
                      return {};
                    }));
  COACH_TRY(eachRow(impl, "SELECT participant_id, job_id, contact_on, mode FROM k_support_contact WHERE archived = 0",
                    linkInto(data.faceToFaceSupport, &data.otherSupport)));
  COACH_TRY(eachRow(impl,
                    "SELECT participant_id, '', contact_at, mode FROM k_employer_contact"
                    " WHERE archived = 0 AND participant_id IS NOT NULL",
                    linkInto(data.faceToFaceEmployer, &data.otherEmployer)));
  COACH_TRY(eachRow(impl, "SELECT participant_id, job_id, session_on, 'face_to_face' FROM k_benefits_session WHERE archived = 0",
                    linkInto(data.benefits, nullptr)));
  COACH_TRY(eachRow(impl,
                    "SELECT participant_id, '', attempt_on, 'face_to_face' FROM k_outreach_attempt"
                    " WHERE archived = 0 AND reached = 1",
                    linkInto(data.outreachReached, nullptr)));
  return data;
}

}  // namespace coach::query
