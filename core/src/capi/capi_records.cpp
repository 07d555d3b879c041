// capi/capi_records.cpp: the C API's records (add, edit, archive, get, list), the description of the kinds,
// conflicts (list, resolve) and queries (timeline, agenda, caseload) as JSON (coach/coach.h), each a thin edge
// over Store through capi::guarded.
//
// Thread-safety: as coach.h states per function; Store serialises its own calls.
#include <string>
#include <vector>

#include "capi/capi_support.hpp"
#include "coach/agenda.hpp"
#include "coach/schema_info.hpp"
#include "coach/store.hpp"

using coach::ErrorCode;
using coach::makeError;
using coach::Result;
using coach::Status;
using coach::Store;
using coach::capi::emit;
using coach::capi::emitJson;
using coach::capi::guarded;
using coach::capi::JsonShape;
using coach::capi::parseJson;
using coach::capi::required;
using coach::capi::storeOf;
using nlohmann::json;

namespace {

json arrayOf(std::vector<json> items) {
  json array = json::array();
  for (json& item : items) array.push_back(std::move(item));
  return array;
}

// {"today": "YYYY-MM-DD", "coach": handle, "horizon_days": n}, every member optional, nothing else.
Result<coach::AgendaOptions> agendaOptions(const char* text) {
  coach::AgendaOptions options;
  if (text == nullptr) return options;
  COACH_ASSIGN_OR_RETURN(json j, parseJson(text, "options_json", JsonShape::Object));
  for (const auto& [key, value] : j.items()) {
    if (key == "today" && value.is_string()) {
      options.today = value.get<std::string>();
    } else if (key == "coach" && value.is_string()) {
      options.coach = value.get<std::string>();
    } else if (key == "horizon_days" && value.is_number_integer() && value.get<std::int64_t>() >= 0 &&
               value.get<std::int64_t>() <= 366) {
      options.horizonDays = value.get<int>();
    } else {
      return makeError(ErrorCode::InvalidArgument,
                       "options_json: \"" + key +
                           "\" is not an agenda option or has the wrong type; the options are \"today\" "
                           "(\"YYYY-MM-DD\"), \"coach\" (a handle) and \"horizon_days\" (0 to 366)");
    }
  }
  return options;
}

json conflictJson(const coach::Conflict& c) {
  return {{"record_id", c.recordId},       {"kind", c.kind},
          {"field", c.field},              {"losing_value", c.losingValue},
          {"losing_device", c.losingDevice}, {"losing_hlc", c.losingHlc},
          {"current_value", c.currentValue}};
}

// A conflict as coach_conflicts_list gave it.
Result<coach::Conflict> conflictFrom(const char* text) {
  COACH_ASSIGN_OR_RETURN(json j, parseJson(text, "conflict_json", JsonShape::Object));
  const auto str = [&](const char* key) { return j.contains(key) && j[key].is_string(); };
  if (!str("record_id") || !str("kind") || !str("field") || !str("losing_value") || !str("losing_device") ||
      !str("current_value") || !j.contains("losing_hlc") || !j["losing_hlc"].is_number_unsigned()) {
    return makeError(ErrorCode::InvalidArgument,
                     "conflict_json must be one conflict exactly as coach_conflicts_list gave it");
  }
  return coach::Conflict{j["record_id"].get<std::string>(),     j["kind"].get<std::string>(),
                         j["field"].get<std::string>(),         j["losing_value"].get<std::string>(),
                         j["losing_device"].get<std::string>(), j["losing_hlc"].get<std::uint64_t>(),
                         j["current_value"].get<std::string>()};
}

}  // namespace

extern "C" {

coach_status coach_kinds_describe(const char* kind, char** json_out, coach_error** error) {
  return guarded(error, [&]() -> Status {
    COACH_TRY(required(json_out, "json_out"));
    if (kind == nullptr) {
      json all = json::array();
      for (const coach::schema::KindInfo& k : coach::schema::kinds()) all.push_back(coach::schema::toJson(k));
      return emitJson(json_out, all);
    }
    const coach::schema::KindInfo* info = coach::schema::kind(kind);
    if (info == nullptr) {
      return makeError(ErrorCode::InvalidArgument,
                       "'" + std::string(kind) + "' is not a record kind (coach_kinds_describe(NULL) lists them)");
    }
    return emitJson(json_out, coach::schema::toJson(*info));
  });
}

coach_status coach_conflicts_list(coach_profile* profile, char** json_out, coach_error** error) {
  return guarded(error, [&]() -> Status {
    COACH_ASSIGN_OR_RETURN(Store * store, storeOf(profile));
    COACH_TRY(required(json_out, "json_out"));
    COACH_ASSIGN_OR_RETURN(std::vector<coach::Conflict> conflicts, store->conflicts());
    json array = json::array();
    for (const coach::Conflict& c : conflicts) array.push_back(conflictJson(c));
    return emitJson(json_out, array);
  });
}

coach_status coach_conflict_resolve(coach_profile* profile, const char* conflict_json, int resolution,
                                    coach_error** error) {
  return guarded(error, [&]() -> Status {
    COACH_ASSIGN_OR_RETURN(Store * store, storeOf(profile));
    if (resolution != COACH_KEEP_CURRENT && resolution != COACH_KEEP_LOSING && resolution != COACH_KEEP_BOTH) {
      return makeError(ErrorCode::InvalidArgument,
                       "resolution must be COACH_KEEP_CURRENT, COACH_KEEP_LOSING or COACH_KEEP_BOTH");
    }
    COACH_ASSIGN_OR_RETURN(coach::Conflict conflict, conflictFrom(conflict_json));
    const coach::Resolution r = resolution == COACH_KEEP_CURRENT  ? coach::Resolution::KeepCurrent
                                : resolution == COACH_KEEP_LOSING ? coach::Resolution::KeepLosing
                                                                  : coach::Resolution::KeepBoth;
    return store->resolveConflict(conflict, r);
  });
}

coach_status coach_record_add(coach_profile* profile, const char* kind, const char* fields_json, char** id_out,
                              coach_error** error) {
  return guarded(error, [&]() -> Status {
    COACH_ASSIGN_OR_RETURN(Store * store, storeOf(profile));
    COACH_TRY(required(kind, "the record kind"));
    COACH_TRY(required(id_out, "id_out"));
    COACH_ASSIGN_OR_RETURN(json fields, parseJson(fields_json, "fields_json", JsonShape::Object));
    COACH_ASSIGN_OR_RETURN(std::string id, store->add(kind, fields));
    return emit(id_out, id);
  });
}

coach_status coach_record_edit(coach_profile* profile, const char* id, const char* fields_json, coach_error** error) {
  return guarded(error, [&]() -> Status {
    COACH_ASSIGN_OR_RETURN(Store * store, storeOf(profile));
    COACH_TRY(required(id, "the record id"));
    COACH_ASSIGN_OR_RETURN(json fields, parseJson(fields_json, "fields_json", JsonShape::Object));
    return store->update(id, fields);
  });
}

coach_status coach_record_archive(coach_profile* profile, const char* id, int archive, coach_error** error) {
  return guarded(error, [&]() -> Status {
    COACH_ASSIGN_OR_RETURN(Store * store, storeOf(profile));
    COACH_TRY(required(id, "the record id"));
    if (archive != COACH_ARCHIVE && archive != COACH_RESTORE) {
      return makeError(ErrorCode::InvalidArgument, "archive must be COACH_ARCHIVE or COACH_RESTORE");
    }
    return store->setArchived(id, archive == COACH_ARCHIVE);
  });
}

coach_status coach_record_get(coach_profile* profile, const char* id, char** json_out, coach_error** error) {
  return guarded(error, [&]() -> Status {
    COACH_ASSIGN_OR_RETURN(Store * store, storeOf(profile));
    COACH_TRY(required(id, "the record id"));
    COACH_TRY(required(json_out, "json_out"));
    COACH_ASSIGN_OR_RETURN(json record, store->get(id));
    return emitJson(json_out, record);
  });
}

coach_status coach_record_list(coach_profile* profile, const char* kind, const char* where_json, int flags,
                               char** json_out, coach_error** error) {
  return guarded(error, [&]() -> Status {
    COACH_ASSIGN_OR_RETURN(Store * store, storeOf(profile));
    COACH_TRY(required(kind, "the record kind"));
    COACH_TRY(required(json_out, "json_out"));
    if ((flags & ~COACH_LIST_INCLUDE_ARCHIVED) != 0) {
      return makeError(ErrorCode::InvalidArgument, "flags must be 0 or COACH_LIST_INCLUDE_ARCHIVED");
    }
    json where = json::object();
    if (where_json != nullptr) {
      COACH_ASSIGN_OR_RETURN(where, parseJson(where_json, "where_json", JsonShape::Object));
    }
    COACH_ASSIGN_OR_RETURN(std::vector<json> records,
                           store->list(kind, where, (flags & COACH_LIST_INCLUDE_ARCHIVED) != 0));
    return emitJson(json_out, arrayOf(std::move(records)));
  });
}

coach_status coach_timeline_get(coach_profile* profile, const char* participant_id, char** json_out,
                                coach_error** error) {
  return guarded(error, [&]() -> Status {
    COACH_ASSIGN_OR_RETURN(Store * store, storeOf(profile));
    COACH_TRY(required(participant_id, "the participant id"));
    COACH_TRY(required(json_out, "json_out"));
    COACH_ASSIGN_OR_RETURN(std::vector<json> records, store->timeline(participant_id));
    return emitJson(json_out, arrayOf(std::move(records)));
  });
}

coach_status coach_agenda_get(coach_profile* profile, const char* options_json, char** json_out,
                              coach_error** error) {
  return guarded(error, [&]() -> Status {
    COACH_ASSIGN_OR_RETURN(Store * store, storeOf(profile));
    COACH_TRY(required(json_out, "json_out"));
    COACH_ASSIGN_OR_RETURN(coach::AgendaOptions options, agendaOptions(options_json));
    COACH_ASSIGN_OR_RETURN(std::vector<coach::AgendaItem> items, store->agenda(options));
    json array = json::array();
    for (const coach::AgendaItem& item : items) array.push_back(coach::toJson(item));
    return emitJson(json_out, array);
  });
}

coach_status coach_caseload_get(coach_profile* profile, const char* today, char** json_out, coach_error** error) {
  return guarded(error, [&]() -> Status {
    COACH_ASSIGN_OR_RETURN(Store * store, storeOf(profile));
    COACH_TRY(required(json_out, "json_out"));
    COACH_ASSIGN_OR_RETURN(std::vector<coach::CaseloadEntry> entries,
                           store->caseload(today == nullptr ? std::string{} : std::string{today}));
    json array = json::array();
    for (const coach::CaseloadEntry& entry : entries) array.push_back(coach::toJson(entry));
    return emitJson(json_out, array);
  });
}

}  // extern "C"
