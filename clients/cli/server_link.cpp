// server_link.cpp: the saved server link and server errors in plain words (server_link.hpp).
#include "server_link.hpp"

#include <algorithm>
#include <filesystem>

namespace coach::cli {

Result<HttpOptions> savedServer(Context& ctx, Store& store) {
  COACH_ASSIGN_OR_RETURN(auto url, ctx.core(store.setting(kSettingUrl)));
  COACH_ASSIGN_OR_RETURN(auto token, ctx.core(store.setting(kSettingToken)));
  COACH_ASSIGN_OR_RETURN(auto caFile, ctx.core(store.setting(kSettingCaFile)));
  COACH_ASSIGN_OR_RETURN(auto pending, ctx.core(store.setting(kSettingPendingTeam)));
  const bool joined = store.teamId().ok();
  if (url && token && pending && !joined) {
    return ctx.fail(kExitProfile, ErrorCode::NotFound, ctx.msg("server.not_approved"));
  }
  if (!url || !token || !joined) return ctx.fail(kExitProfile, ErrorCode::NotFound, ctx.msg("server.not_joined"));
  HttpOptions options;
  options.baseUrl = *url;
  options.token = *token;
  options.caFile = caFile.value_or("");
  return options;
}

Result<ServerLink> savedLink(Context& ctx, Store& store) {
  COACH_ASSIGN_OR_RETURN(auto url, ctx.core(store.setting(kSettingUrl)));
  COACH_ASSIGN_OR_RETURN(auto token, ctx.core(store.setting(kSettingToken)));
  COACH_ASSIGN_OR_RETURN(auto caFile, ctx.core(store.setting(kSettingCaFile)));
  COACH_ASSIGN_OR_RETURN(auto pending, ctx.core(store.setting(kSettingPendingTeam)));
  if (!url || !token) return ctx.fail(kExitProfile, ErrorCode::NotFound, ctx.msg("server.not_joined"));
  ServerLink link;
  link.options.baseUrl = *url;
  link.options.token = *token;
  link.options.caFile = caFile.value_or("");
  auto team = store.teamId();
  link.joined = team.ok();
  link.team = team.ok() ? team.value() : pending.value_or("");
  return link;
}

Result<std::unique_ptr<HttpTransport>> connectTo(Context& ctx, const HttpOptions& options) {
  auto transport = HttpTransport::create(options);
  if (!transport.ok()) {
    return ctx.fail(kExitUsage, ErrorCode::InvalidArgument, ctx.msg("server.bad_settings", transport.error().message));
  }
  return std::move(transport).value();
}

Status saveServer(Context& ctx, Store& store, const HttpOptions& server) {
  COACH_TRY(ctx.core(store.putSetting(kSettingUrl, server.baseUrl, SettingKind::Plain)));
  COACH_TRY(ctx.core(store.putSetting(kSettingToken, server.token, SettingKind::Secret)));
  if (server.caFile.empty()) return ctx.core(store.removeSetting(kSettingCaFile));
  std::error_code ec;
  const auto absolute = std::filesystem::absolute(server.caFile, ec);
  return ctx.core(store.putSetting(kSettingCaFile, ec ? server.caFile : absolute.string(), SettingKind::Plain));
}

namespace {

Error unavailable(Context& ctx, HttpFailure failure, const std::string& server, ServerStep step) {
  if (failure == HttpFailure::Certificate) {
    return ctx.fail(kExitRefused, ErrorCode::Unavailable, ctx.msg("server.certificate", server));
  }
  std::string text = ctx.msg(failure == HttpFailure::Timeout ? "server.timeout" : "server.unreachable", server);
  text += " " + ctx.msg(step == ServerStep::Sync ? "server.changes_safe" : "server.enrol_later");
  return ctx.fail(kExitUnreachable, ErrorCode::Unavailable, text);
}

}  // namespace

Error explainServerError(Context& ctx, const Error& error, HttpFailure failure, const std::string& server,
                         ServerStep step) {
  const bool sync = step == ServerStep::Sync;
  switch (error.code) {
    case ErrorCode::Unavailable: return unavailable(ctx, failure, server, step);
    case ErrorCode::RateLimited:
      return ctx.fail(kExitUnreachable, error.code,
                      ctx.msg("server.rate_limited", server, std::max<std::uint32_t>(error.retryAfterSeconds, 1)) +
                          (sync ? " " + ctx.msg("server.changes_safe") : ""));
    case ErrorCode::ClockDrift: return ctx.fail(kExitRefused, error.code, ctx.msg("server.clock"));
    case ErrorCode::DeviceRevoked: return ctx.fail(kExitRefused, error.code, ctx.msg("server.revoked"));
    case ErrorCode::DevicePending: return ctx.fail(kExitRefused, error.code, ctx.msg("server.pending"));
    case ErrorCode::Forbidden: return ctx.fail(kExitRefused, error.code, ctx.msg("server.forbidden"));
    case ErrorCode::Unauthorized:
      return ctx.fail(kExitRefused, error.code,
                      ctx.msg(step == ServerStep::Enrol ? "server.bad_code" : "server.unauthorized"));
    case ErrorCode::WrongTeam: return ctx.fail(kExitRefused, error.code, ctx.msg("server.wrong_team"));
    case ErrorCode::ProtocolUnsupported: return ctx.fail(kExitRefused, error.code, ctx.msg("server.protocol"));
    default: break;
  }
  // Anything else (a proxy's page, a broken answer, a check that failed on this device) in the core's words.
  return ctx.fail(kExitFailure, error.code,
                  ctx.msg("server.other", server, error.message) + (sync ? " " + ctx.msg("server.changes_safe") : ""));
}

}  // namespace coach::cli
