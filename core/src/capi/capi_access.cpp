// capi/capi_access.cpp: the access log, the participant export and the retention report of the C API
// (coach/coach_access.h), each a thin edge over coach/access_log.hpp through capi::guarded.
//
// Thread-safety: as coach_access.h states; Store serialises its own calls.
#include <string>
#include <vector>

#include "capi/capi_support.hpp"
#include "coach/access_log.hpp"

using coach::Result;
using coach::Status;
using coach::Store;
using coach::capi::emitJson;
using coach::capi::guarded;
using coach::capi::required;
using coach::capi::storeOf;
using coach::capi::text;
using nlohmann::json;

namespace {

json participantsJson(const std::vector<coach::RetentionParticipant>& list) {
  json out = json::array();
  for (const coach::RetentionParticipant& p : list) {
    out.push_back({{"participant", p.id}, {"last_change", p.lastChange}, {"kept_until", p.keptUntil},
                   {"subsidy_open", p.subsidyOpen}});
  }
  return out;
}

}  // namespace

coach_status coach_access_log(coach_profile* profile, const char* participant_id, const char* from, const char* to,
                              char** json_out, coach_error** error) {
  return guarded(error, [&]() -> Status {
    COACH_ASSIGN_OR_RETURN(Store * store, storeOf(profile));
    COACH_TRY(required(participant_id, "the participant id"));
    COACH_TRY(required(json_out, "json_out"));
    const coach::AccessLogQuery query{std::string(text(participant_id)), std::string(text(from)), std::string(text(to))};
    COACH_ASSIGN_OR_RETURN(std::vector<coach::AccessEvent> events, coach::accessLog(*store, query));
    json out = json::array();
    for (const coach::AccessEvent& e : events) out.push_back(coach::toJson(e));
    return emitJson(json_out, out);
  });
}

coach_status coach_participant_export(coach_profile* profile, const char* participant_id, const char* on_behalf_of,
                                      char** json_out, coach_error** error) {
  return guarded(error, [&]() -> Status {
    COACH_ASSIGN_OR_RETURN(Store * store, storeOf(profile));
    COACH_TRY(required(participant_id, "the participant id"));
    COACH_TRY(required(json_out, "json_out"));
    COACH_ASSIGN_OR_RETURN(json doc, coach::exportParticipant(*store, participant_id, std::string(text(on_behalf_of))));
    return emitJson(json_out, doc);
  });
}

coach_status coach_retention_report(coach_profile* profile, const char* today, char** json_out, coach_error** error) {
  return guarded(error, [&]() -> Status {
    COACH_ASSIGN_OR_RETURN(Store * store, storeOf(profile));
    COACH_TRY(required(json_out, "json_out"));
    COACH_ASSIGN_OR_RETURN(coach::RetentionReport r, coach::retentionReport(*store, std::string(text(today))));
    return emitJson(json_out, json{{"today", r.today},
                                   {"terms", {{"care_dossier_years", r.terms.careDossierYears},
                                              {"subsidy_years_after_settlement", r.terms.subsidyYearsAfterSettlement},
                                              {"access_log_years", r.terms.accessLogYears}}},
                                   {"participants_past_term", participantsJson(r.pastTerm)},
                                   {"participants_held_by_subsidy", participantsJson(r.heldBySubsidy)},
                                   {"access_events_past_term", r.accessEventsPastTerm}});
  });
}
