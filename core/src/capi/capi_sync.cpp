// capi/capi_sync.cpp: the C API's talk with the sync server (coach/coach.h): the helpers of capi_server.hpp
// (where the server is, the transport, enrolment), the team setup of a team lead's first device, and one sync
// round with progress.
//
// Thread-safety: coach_sync and coach_team_create hold the profile's syncMu, so one runs at a time per profile;
// the Store they use stays open to other calls meanwhile (it locks per step, never across the network).
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "capi/capi_server.hpp"
#include "capi/capi_support.hpp"
#include "capi/host_exchange.hpp"
#include "coach/lifecycle.hpp"
#include "coach/http_transport.hpp"
#include "coach/store.hpp"
#include "coach/sync.hpp"

using coach::ErrorCode;
using coach::HttpOptions;
using coach::HttpTransport;
using coach::makeError;
using coach::Result;
using coach::Status;
using coach::Store;
using coach::capi::guarded;
using coach::capi::serverOptions;
using coach::capi::TokenUse;
using coach::capi::transportFor;
using coach::capi::required;
using nlohmann::json;

namespace {

json reportJson(const coach::sync::SyncReport& r) {
  return {{"pushed_changes", r.totals.changesPushed},
          {"pushed_bytes", r.totals.bytesPushed},
          {"pulled_changes", r.totals.changesPulled},
          {"pulled_bytes", r.totals.bytesPulled},
          {"pushed_envelopes", r.envelopesPushed},
          {"pulled_envelopes", r.envelopesPulled},
          {"conflicts", r.conflicts},
          {"snapshots_applied", r.snapshotsApplied},
          {"snapshots_uploaded", r.snapshotsUploaded},
          {"warnings", r.warnings}};
}

Status createTeam(Store& store, const coach_server* server, const char* code, char** out) {
  COACH_TRY(required(code, "the enrolment code"));
  COACH_TRY(required(out, "json_out"));
  if (auto team = store.teamId(); team.ok()) {
    return makeError(ErrorCode::AlreadyExists, "this device already belongs to team " + *team +
                                                   ": a team is created once, on the team lead's first device");
  }
  if (store.locked()) return makeError(ErrorCode::Locked, "the profile is locked: unlock it first");
  COACH_ASSIGN_OR_RETURN(HttpOptions options, serverOptions(store, server, TokenUse::NotSent));
  COACH_ASSIGN_OR_RETURN(coach::sync::EnrolResponse enrolled, coach::capi::enrolDevice(store, options, server, code));
  if (enrolled.role != "lead") {
    return makeError(ErrorCode::InvalidArgument,
                     "the code enrolled this device as a " + enrolled.role +
                         ", not as a team lead, so it cannot create the team: the device is registered with the "
                         "server and waits for a team lead to approve it (coach_device_join)");
  }
  HttpOptions authed = options;
  authed.token = enrolled.token;
  COACH_ASSIGN_OR_RETURN(std::unique_ptr<HttpTransport> teamTransport, transportFor(authed, server));
  // The team's keys (docs/keys.md): the recovery key is in the answer once and never stored.
  COACH_ASSIGN_OR_RETURN(std::string recovery, coach::lifecycle::foundTeam(store, *teamTransport, enrolled.team));
  COACH_TRY(store.removeSetting(coach::capi::kPendingTeamSetting));
  return coach::capi::emitJson(out, {{"team", enrolled.team}, {"device", store.deviceId()}, {"role", enrolled.role},
                                     {"server", options.baseUrl}, {"recovery_key", recovery}});
}

}  // namespace

namespace coach::capi {

namespace {

// The argument when given, else the setting; nullopt when neither exists.
Result<std::optional<std::string>> argumentOrSetting(Store& store, const char* argument, const char* setting) {
  if (argument != nullptr) return std::optional<std::string>(argument);
  return store.setting(setting);
}

}  // namespace

Result<HttpOptions> serverOptions(Store& store, const coach_server* server, TokenUse use) {
  HttpOptions o;
  COACH_ASSIGN_OR_RETURN(std::optional<std::string> url,
                         argumentOrSetting(store, server != nullptr ? server->url : nullptr, kUrlSetting));
  if (!url || url->empty()) {
    return makeError(ErrorCode::InvalidArgument,
                     "no sync server is known for this profile: pass coach_server.url, or set the setting "
                     "\"server.url\" (coach_team_create keeps it)");
  }
  o.baseUrl = *url;
  if (use == TokenUse::Required) {
    COACH_ASSIGN_OR_RETURN(std::optional<std::string> token,
                           argumentOrSetting(store, server != nullptr ? server->token : nullptr, kTokenSetting));
    if (!token || token->empty()) {
      return makeError(ErrorCode::InvalidArgument,
                       "this device has no device token: enrol it first (coach_team_create for a team lead's "
                       "first device), or pass coach_server.token");
    }
    o.token = *token;
  }
  COACH_ASSIGN_OR_RETURN(std::optional<std::string> ca,
                         argumentOrSetting(store, server != nullptr ? server->ca_file : nullptr, kCaSetting));
  if (ca) o.caFile = *ca;
  if (server != nullptr && server->connect_timeout_ms != 0)
    o.connectTimeout = std::chrono::milliseconds(server->connect_timeout_ms);
  if (server != nullptr && server->read_timeout_ms != 0)
    o.readTimeout = std::chrono::milliseconds(server->read_timeout_ms);
  return o;
}

Result<std::unique_ptr<HttpTransport>> transportFor(const HttpOptions& options, const coach_server* server) {
  if (server == nullptr || server->host == nullptr) return HttpTransport::create(options);
  if (server->host->exchange == nullptr) {
    return makeError(ErrorCode::InvalidArgument,
                     "coach_server.host is set but its exchange callback is NULL: give the function that carries a "
                     "request, or set host to NULL for the built-in transport");
  }
  // The address is checked by HttpTransport::create, as for the built-in transport.
  auto exchange = std::make_unique<coach::capi::HostExchange>(*server->host, options.maxResponseBytes);
  return HttpTransport::create(options, std::move(exchange));
}

// Keeps what later syncs need; the token sealed by the master key.
Status keepServer(Store& store, const HttpOptions& options, const coach::sync::EnrolResponse& enrolled) {
  COACH_TRY(store.putSetting(kUrlSetting, options.baseUrl));
  COACH_TRY(store.putSetting(kTokenSetting, enrolled.token, coach::SettingKind::Secret));
  COACH_TRY(store.putSetting(kRoleSetting, enrolled.role));
  COACH_TRY(store.rememberDeviceRole(enrolled.role));  // what the write path checks (docs/store.md, "Roles")
  if (options.caFile.empty()) return store.removeSetting(kCaSetting);
  // Absolute, as the CLI keeps it: a later sync may run from another working directory.
  std::error_code ec;
  const std::filesystem::path absolute = std::filesystem::absolute(options.caFile, ec);
  return store.putSetting(kCaSetting, ec ? options.caFile : absolute.string());
}

Result<coach::sync::EnrolResponse> enrolDevice(Store& store, const HttpOptions& options, const coach_server* server,
                                               const char* code) {
  COACH_TRY(required(code, "the enrolment code"));
  if (store.locked()) return makeError(ErrorCode::Locked, "the profile is locked: unlock it first");
  COACH_ASSIGN_OR_RETURN(std::unique_ptr<HttpTransport> transport, transportFor(options, server));
  COACH_ASSIGN_OR_RETURN(coach::lifecycle::DeviceKeys keys, coach::lifecycle::deviceKeys(store));
  const coach::sync::EnrolRequest request{code, store.deviceId(), keys.signingKey, keys.agreementKey};
  COACH_ASSIGN_OR_RETURN(coach::sync::EnrolResponse enrolled, transport->enrol(request));
  COACH_TRY(keepServer(store, options, enrolled));  // before anything else can fail: the code is used up now
  COACH_TRY(store.putSetting(kPendingTeamSetting, enrolled.team));
  return enrolled;
}

}  // namespace coach::capi

extern "C" {

coach_status coach_team_create(coach_profile* profile, const coach_server* server, const char* enrol_code,
                               char** json_out, coach_error** error) {
  return guarded(error, [&]() -> Status {
    COACH_ASSIGN_OR_RETURN(Store * store, coach::capi::storeOf(profile));
    std::lock_guard lock(profile->syncMu);
    return createTeam(*store, server, enrol_code, json_out);
  });
}

coach_status coach_sync(coach_profile* profile, const coach_server* server, coach_progress_fn progress,
                        void* progress_user_data, char** report_json_out, coach_error** error) {
  return guarded(error, [&]() -> Status {
    COACH_ASSIGN_OR_RETURN(Store * store, coach::capi::storeOf(profile));
    std::lock_guard lock(profile->syncMu);
    COACH_ASSIGN_OR_RETURN(HttpOptions options, serverOptions(*store, server, TokenUse::Required));
    COACH_ASSIGN_OR_RETURN(std::unique_ptr<HttpTransport> transport, transportFor(options, server));
    coach::sync::SyncOptions syncOptions;
    if (progress != nullptr) {
      syncOptions.onProgress = [&](const coach::sync::SyncProgress& p) {
        const coach_sync_progress c{p.changesPushed, p.bytesPushed, p.changesPulled, p.bytesPulled};
        progress(progress_user_data, &c);
      };
    }
    COACH_ASSIGN_OR_RETURN(coach::sync::SyncReport report,
                           coach::sync::SyncClient(*store, *transport, std::move(syncOptions)).sync());
    if (report_json_out == nullptr) return {};
    return coach::capi::emitJson(report_json_out, reportJson(report));
  });
}

}  // extern "C"
