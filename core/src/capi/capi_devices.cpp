// capi/capi_devices.cpp: the device lifecycle through the C API (coach/coach.h, "devices"; docs/keys.md):
// enrolment with a code, joining once approved (one non-blocking look per call, for an app's timer or push),
// the team's devices as JSON, approval after the fingerprint check, revocation, the privacy officer's
// exposure answer, recovery from the recovery key, and this device's own fingerprint.
//
// Thread-safety: every function here that talks to the server holds the profile's syncMu (one at a time per
// profile, like coach_sync); the Store serialises its own local steps and is never locked across the network.
#include <memory>
#include <mutex>
#include <string>

#include "capi/capi_server.hpp"
#include "capi/capi_support.hpp"
#include "coach/lifecycle.hpp"
#include "sync/team_keys.hpp"

using coach::Error;
using coach::ErrorCode;
using coach::HttpOptions;
using coach::HttpTransport;
using coach::makeError;
using coach::Result;
using coach::Status;
using coach::Store;
using coach::capi::emitJson;
using coach::capi::guarded;
using coach::capi::required;
using nlohmann::json;
namespace lifecycle = coach::lifecycle;

namespace {

// The authenticated transport of an enrolled device (joined or waiting).
Result<std::unique_ptr<HttpTransport>> teamTransport(Store& store, const coach_server* server) {
  COACH_ASSIGN_OR_RETURN(HttpOptions options,
                         coach::capi::serverOptions(store, server, coach::capi::TokenUse::Required));
  return coach::capi::transportFor(options, server);
}

// The team this device belongs to, else the one it enrolled with and waits to join.
Result<std::string> enrolledTeam(Store& store) {
  if (auto team = store.teamId(); team.ok()) return team;
  COACH_ASSIGN_OR_RETURN(auto pending, store.setting(coach::capi::kPendingTeamSetting));
  if (!pending) {
    return makeError(ErrorCode::NotFound,
                     "this device is not enrolled with a team: call coach_device_enrol with the "
                     "code from the admin first");
  }
  return *pending;
}

Status notInTeam(Store& store) {
  if (auto team = store.teamId(); team.ok()) {
    return makeError(ErrorCode::AlreadyExists, "this device already belongs to team " + *team);
  }
  if (store.locked()) return makeError(ErrorCode::Locked, "the profile is locked: unlock it first");
  return {};
}

std::string stateName(const std::string& state) {
  return state == "active" ? "approved" : state;
}

json deviceJson(const lifecycle::DeviceEntry& d) {
  return {{"id", d.id},
          {"role", d.role},
          {"state", stateName(d.state)},
          {"fingerprint", d.fingerprint},
          {"epoch", d.epoch},
          {"enrolled_at", d.enrolledAt},
          {"last_seen_at", d.lastSeenAt},
          {"revoked_at", d.revokedAt},
          {"approved_by", d.approvedBy},
          {"self", d.self}};
}

Status enrol(Store& store, const coach_server* server, const char* code, char** out) {
  COACH_TRY(required(out, "json_out"));
  COACH_TRY(notInTeam(store));
  COACH_ASSIGN_OR_RETURN(HttpOptions options,
                         coach::capi::serverOptions(store, server, coach::capi::TokenUse::NotSent));
  COACH_ASSIGN_OR_RETURN(coach::sync::EnrolResponse enrolled, coach::capi::enrolDevice(store, options, server, code));
  COACH_ASSIGN_OR_RETURN(std::string fingerprint, lifecycle::ownFingerprint(store));
  return emitJson(out, {{"team", enrolled.team},
                        {"device", store.deviceId()},
                        {"role", enrolled.role},
                        {"state", enrolled.role == "lead" ? "approved" : "pending"},
                        {"fingerprint", fingerprint}});
}

Status join(Store& store, const coach_server* server, int* joinedOut) {
  COACH_TRY(required(joinedOut, "joined_out"));
  if (store.teamId().ok()) {
    *joinedOut = 1;  // joined already: asking again is harmless
    return {};
  }
  COACH_ASSIGN_OR_RETURN(std::string team, enrolledTeam(store));
  COACH_ASSIGN_OR_RETURN(auto transport, teamTransport(store, server));
  COACH_ASSIGN_OR_RETURN(bool joined, lifecycle::joinWhenApproved(store, *transport, team));
  if (joined) COACH_TRY(store.removeSetting(coach::capi::kPendingTeamSetting));
  *joinedOut = joined ? 1 : 0;
  return {};
}

Status listDevices(Store& store, const coach_server* server, char** out) {
  COACH_TRY(required(out, "json_out"));
  COACH_ASSIGN_OR_RETURN(auto transport, teamTransport(store, server));
  COACH_ASSIGN_OR_RETURN(auto devices, lifecycle::listDevices(store, *transport));
  json list = json::array();
  for (const auto& d : devices) list.push_back(deviceJson(d));
  return emitJson(out, list);
}

Status exposure(Store& store, const coach_server* server, const char* device, char** out) {
  COACH_TRY(required(device, "the device id"));
  COACH_TRY(required(out, "json_out"));
  COACH_ASSIGN_OR_RETURN(auto transport, teamTransport(store, server));
  COACH_ASSIGN_OR_RETURN(lifecycle::Exposure e, lifecycle::exposure(store, *transport, device));
  json people = json::array();
  for (const auto& id : e.participants) {
    auto record = store.get(id);
    json name = record.ok() ? record.value()["fields"].value("name", json()) : json();
    people.push_back({{"id", id}, {"name", name}});
  }
  return emitJson(
      out,
      {{"device", e.device}, {"last_seen_at", e.lastSeenAt}, {"revoked_at", e.revokedAt}, {"participants", people}});
}

Error typo() {
  return Error{ErrorCode::InvalidArgument,
               "the recovery key has a typo (it is not 14 groups of four characters whose "
               "check characters match): check each group against the paper and try again"};
}

Status recover(Store& store, const coach_server* server, const char* code, const char* key, char** out) {
  COACH_TRY(required(key, "the recovery key"));
  COACH_TRY(required(out, "json_out"));
  COACH_TRY(notInTeam(store));
  // A typo is caught before the code is used up. The core's words may quote a character of the key, which is
  // a secret, so they stay out.
  if (!coach::sync::parseRecoveryKey(key).ok()) return typo();
  if (code != nullptr) {
    COACH_ASSIGN_OR_RETURN(HttpOptions options,
                           coach::capi::serverOptions(store, server, coach::capi::TokenUse::NotSent));
    COACH_ASSIGN_OR_RETURN(coach::sync::EnrolResponse enrolled, coach::capi::enrolDevice(store, options, server, code));
    if (enrolled.role != "lead") {
      return makeError(ErrorCode::Forbidden,
                       "the code enrolled this device as a " + enrolled.role +
                           "; recovery needs a team lead's code (coach-syncd admin enrol-code --lead)");
    }
  }
  COACH_ASSIGN_OR_RETURN(std::string team, enrolledTeam(store));
  COACH_ASSIGN_OR_RETURN(auto transport, teamTransport(store, server));
  COACH_TRY(lifecycle::recoverTeam(store, *transport, team, key));
  COACH_TRY(store.removeSetting(coach::capi::kPendingTeamSetting));
  return emitJson(out, {{"team", team}, {"device", store.deviceId()}, {"role", "lead"}, {"state", "approved"}});
}

// Runs `body(store)` for a C function that talks to the server: one at a time per profile.
template <class Body>
coach_status serverCall(coach_profile* profile, coach_error** error, Body&& body) noexcept {
  return guarded(error, [&]() -> Status {
    COACH_ASSIGN_OR_RETURN(Store * store, coach::capi::storeOf(profile));
    std::lock_guard lock(profile->syncMu);
    return body(*store);
  });
}

}  // namespace

extern "C" {

coach_status coach_device_enrol(coach_profile* profile, const coach_server* server, const char* enrol_code,
                                char** json_out, coach_error** error) {
  return serverCall(profile, error, [&](Store& store) { return enrol(store, server, enrol_code, json_out); });
}

coach_status coach_device_join(coach_profile* profile, const coach_server* server, int* joined_out,
                               coach_error** error) {
  return serverCall(profile, error, [&](Store& store) { return join(store, server, joined_out); });
}

coach_status coach_devices_list(coach_profile* profile, const coach_server* server, char** json_out,
                                coach_error** error) {
  return serverCall(profile, error, [&](Store& store) { return listDevices(store, server, json_out); });
}

coach_status coach_device_approve(coach_profile* profile, const coach_server* server, const char* device_id,
                                  const char* fingerprint, coach_error** error) {
  return serverCall(profile, error, [&](Store& store) -> Status {
    COACH_TRY(required(device_id, "the device id"));
    COACH_TRY(required(fingerprint, "the fingerprint read off the device's screen"));
    COACH_ASSIGN_OR_RETURN(auto transport, teamTransport(store, server));
    return lifecycle::approveDevice(store, *transport, device_id, fingerprint);
  });
}

coach_status coach_device_revoke(coach_profile* profile, const coach_server* server, const char* device_id,
                                 coach_error** error) {
  return serverCall(profile, error, [&](Store& store) -> Status {
    COACH_TRY(required(device_id, "the device id"));
    COACH_ASSIGN_OR_RETURN(auto transport, teamTransport(store, server));
    return lifecycle::revokeDevice(store, *transport, device_id);
  });
}

coach_status coach_device_exposure(coach_profile* profile, const coach_server* server, const char* device_id,
                                   char** json_out, coach_error** error) {
  return serverCall(profile, error, [&](Store& store) { return exposure(store, server, device_id, json_out); });
}

coach_status coach_team_recover(coach_profile* profile, const coach_server* server, const char* enrol_code,
                                const char* recovery_key, char** json_out, coach_error** error) {
  return serverCall(profile, error,
                    [&](Store& store) { return recover(store, server, enrol_code, recovery_key, json_out); });
}

coach_status coach_device_fingerprint(coach_profile* profile, char** fingerprint_out, coach_error** error) {
  return guarded(error, [&]() -> Status {
    COACH_ASSIGN_OR_RETURN(Store * store, coach::capi::storeOf(profile));
    COACH_TRY(required(fingerprint_out, "fingerprint_out"));
    COACH_ASSIGN_OR_RETURN(std::string fingerprint, lifecycle::ownFingerprint(*store));
    return coach::capi::emit(fingerprint_out, fingerprint);
  });
}

coach_status coach_participant_erase(coach_profile* profile, const coach_server* server, const char* participant_id,
                                     char** json_out, coach_error** error) {
  return serverCall(profile, error, [&](Store& store) -> Status {
    COACH_TRY(required(participant_id, "the participant id"));
    COACH_ASSIGN_OR_RETURN(auto transport, teamTransport(store, server));
    COACH_ASSIGN_OR_RETURN(coach::ErasureAudit audit, lifecycle::eraseParticipant(store, *transport, participant_id));
    if (json_out == nullptr) return {};
    json out{{"erased", audit.shard}, {"index", audit.orderIndex}, {"erased_at", audit.erasedAt},
             {"keys_renewed", !audit.newRecoveryKey.empty()}};
    // The team's new recovery key after the key renewal that follows an erasure: show it once, never store it.
    if (!audit.newRecoveryKey.empty()) out["new_recovery_key"] = audit.newRecoveryKey;
    return emitJson(json_out, out);
  });
}

coach_status coach_erasures(coach_profile* profile, char** json_out, coach_error** error) {
  return guarded(error, [&]() -> Status {
    COACH_ASSIGN_OR_RETURN(Store * store, coach::capi::storeOf(profile));
    COACH_TRY(required(json_out, "json_out"));
    COACH_ASSIGN_OR_RETURN(std::vector<coach::ErasureAudit> entries, lifecycle::erasures(*store));
    json list = json::array();
    for (const coach::ErasureAudit& e : entries) {
      list.push_back({{"participant", e.shard}, {"erased_at", e.erasedAt}, {"by_device", e.author},
                      {"index", e.orderIndex}, {"carried_out_at", e.appliedAt}});
    }
    return emitJson(json_out, {{"erasures", list}});
  });
}

}  // extern "C"
