// cmd_enrol.cpp: how a device gets the team's keys other than by founding the team (docs/keys.md; docs/cli.md,
// "Devices"). `coach enrol`: a coach's device registers its keys with the admin's one-time code, shows its
// fingerprint for the team lead to compare, and waits (polling lifecycle::joinWhenApproved) until a team lead
// approved it; `--no-wait` returns at once and `coach enrol --finish` joins later. `coach recover`: a team
// lead's new device (a lead code) restores the team keys from the recovery key `coach team create` printed.
//
// Thread-safety: runs on the main thread (commands.hpp).
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "coach/http_transport.hpp"
#include "coach/lifecycle.hpp"
#include "commands.hpp"
#include "passphrase.hpp"
#include "server_link.hpp"

namespace coach::cli {
namespace {

constexpr auto kPollInterval = std::chrono::seconds(2);

struct EnrolArgs {
  std::string server;
  std::string code;
  std::string caFile;
  bool finish = false;
  bool noWait = false;
  int waitSeconds = 900;
};

// Registers this device with `code` and keeps the link and the team it waits for; the code is used up after.
Result<sync::EnrolResponse> enrolWithCode(Context& ctx, Store& store, const std::string& url, const std::string& code,
                                          const std::string& caFile) {
  HttpOptions server;
  server.baseUrl = url;
  server.caFile = caFile;
  COACH_ASSIGN_OR_RETURN(auto transport, connectTo(ctx, server));
  COACH_ASSIGN_OR_RETURN(lifecycle::DeviceKeys keys, ctx.core(lifecycle::deviceKeys(store)));
  auto enrolled = transport->enrol(sync::EnrolRequest{code, store.deviceId(), keys.signingKey, keys.agreementKey});
  if (!enrolled.ok()) {
    return explainServerError(ctx, enrolled.error(), transport->lastFailure(), transport->serverName(),
                              ServerStep::Enrol);
  }
  server.token = enrolled->token;
  COACH_TRY(saveServer(ctx, store, server));
  COACH_TRY(ctx.core(store.putSetting(kSettingPendingTeam, enrolled->team)));
  // The server's word on this device's role: a coach's device may not write a team lead's records (docs/store.md).
  COACH_TRY(ctx.core(store.rememberDeviceRole(enrolled->role)));
  return std::move(enrolled).value();
}

// One look at the server: joins when a team lead approved this device (true), else false.
Result<bool> tryJoin(Context& ctx, Store& store, HttpTransport& transport, const std::string& team) {
  auto joined = lifecycle::joinWhenApproved(store, transport, team);
  if (!joined.ok() && joined.error().code == ErrorCode::DecryptFailed) {
    return ctx.fail(kExitRefused, ErrorCode::DecryptFailed, ctx.msg("enrol.grant_broken"));
  }
  if (!joined.ok()) {
    return explainServerError(ctx, joined.error(), transport.lastFailure(), transport.serverName(),
                              ServerStep::Devices);
  }
  if (joined.value()) COACH_TRY(ctx.core(store.removeSetting(kSettingPendingTeam)));
  return joined.value();
}

// Polls until approved or `waitSeconds` passed (no wait with noWait). The coach may stop it with Ctrl-C:
// nothing is half-done, `coach enrol --finish` picks it up.
Result<bool> waitForApproval(Context& ctx, Store& store, const ServerLink& link, const EnrolArgs& a) {
  COACH_ASSIGN_OR_RETURN(auto transport, connectTo(ctx, link.options));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(a.waitSeconds);
  bool told = false;
  while (true) {
    COACH_ASSIGN_OR_RETURN(bool joined, tryJoin(ctx, store, *transport, link.team));
    if (joined || a.noWait || std::chrono::steady_clock::now() >= deadline) return joined;
    if (!told && !ctx.json) ctx.err() << ctx.msg("enrol.waiting") << std::endl;
    told = true;
    std::this_thread::sleep_for(kPollInterval);
  }
}

// state: "approved" (joined, or a lead device that gets its keys with `coach recover`) or "pending".
Status reportJoin(Context& ctx, Store& store, const ServerLink& link, const std::string& role, bool joined) {
  COACH_ASSIGN_OR_RETURN(std::string fingerprint, ctx.core(lifecycle::ownFingerprint(store)));
  const bool lead = role == "lead";
  if (ctx.json) {
    nlohmann::json out{{"team", link.team},
                       {"device", store.deviceId()},
                       {"role", role},
                       {"state", joined || lead ? "approved" : "pending"},
                       {"fingerprint", fingerprint}};
    if (lead && !joined) out["next"] = "recover";  // a lead code: the keys come from the recovery key
    ctx.printJson(out);
  } else if (lead && !joined) {
    ctx.out() << ctx.msg("enrol.lead", link.team) << '\n';
  } else {
    ctx.out() << ctx.msg(joined ? "enrol.joined" : "enrol.later", link.team) << '\n';
  }
  return {};
}

Status runEnrolFinish(Context& ctx, Store& store, const EnrolArgs& a) {
  COACH_ASSIGN_OR_RETURN(ServerLink link, savedLink(ctx, store));
  if (link.joined) return ctx.fail(kExitProfile, ErrorCode::AlreadyExists, ctx.msg("team.already", link.team));
  if (link.team.empty()) return ctx.fail(kExitProfile, ErrorCode::NotFound, ctx.msg("enrol.nothing_pending"));
  COACH_ASSIGN_OR_RETURN(bool joined, waitForApproval(ctx, store, link, a));
  if (!joined) return ctx.fail(kExitRefused, ErrorCode::DevicePending, ctx.msg("enrol.still_pending"));
  return reportJoin(ctx, store, link, "coach", true);
}

Status runEnrol(Context& ctx, const EnrolArgs& a) {
  COACH_ASSIGN_OR_RETURN(Store * store, ctx.store());
  if (auto team = store->teamId(); team.ok()) {
    return ctx.fail(kExitProfile, ErrorCode::AlreadyExists, ctx.msg("team.already", team.value()));
  }
  if (a.finish) return runEnrolFinish(ctx, *store, a);
  if (a.server.empty() || a.code.empty())
    return ctx.fail(kExitUsage, ErrorCode::InvalidArgument, ctx.msg("enrol.need_server"));
  COACH_ASSIGN_OR_RETURN(sync::EnrolResponse answer, enrolWithCode(ctx, *store, a.server, a.code, a.caFile));
  COACH_ASSIGN_OR_RETURN(ServerLink link, savedLink(ctx, *store));
  // A lead code: approved at once, but only the recovery key (or founding the team) gives it keys.
  if (answer.role == "lead") return reportJoin(ctx, *store, link, answer.role, false);
  COACH_ASSIGN_OR_RETURN(std::string fingerprint, ctx.core(lifecycle::ownFingerprint(*store)));
  if (!ctx.json) {
    ctx.out() << ctx.msg("enrol.pending", answer.team, ctx.msg("role.coach")) << '\n'
              << ctx.msg("enrol.fingerprint", fingerprint) << std::endl;
  }
  COACH_ASSIGN_OR_RETURN(bool joined, waitForApproval(ctx, *store, link, a));
  return reportJoin(ctx, *store, link, answer.role, joined);
}

void enrolCommand(CLI::App& app, Context& ctx) {
  auto a = std::make_shared<EnrolArgs>();
  CLI::App* enrol = addCommand(app, ctx, "enrol", "enrol");
  CLI::Option* server = enrol->add_option("--server", a->server, ctx.msg("opt.server"));
  CLI::Option* code = enrol->add_option("--code", a->code, ctx.msg("opt.code"));
  enrol->add_option("--ca-file", a->caFile, ctx.msg("opt.ca_file"));
  CLI::Option* finish = enrol->add_flag("--finish", a->finish, ctx.msg("opt.finish"));
  finish->excludes(server)->excludes(code);
  enrol->add_flag("--no-wait", a->noWait, ctx.msg("opt.no_wait"));
  enrol->add_option("--wait-seconds", a->waitSeconds, ctx.msg("opt.wait_seconds"))->check(CLI::Range(0, 86400));
  onRun(enrol, ctx, [&ctx, a] { return runEnrol(ctx, *a); });
}

struct RecoverArgs {
  std::string key;
  std::string server;
  std::string code;
  std::string caFile;
};

Error recoveryFailed(Context& ctx, const Error& error, HttpTransport& transport) {
  switch (error.code) {
    case ErrorCode::InvalidArgument:
      return ctx.fail(kExitUsage, error.code, ctx.msg("recover.typo"));
    case ErrorCode::DecryptFailed:
      return ctx.fail(kExitProfile, error.code, ctx.msg("recover.wrong_key"));
    case ErrorCode::NotFound:
      return ctx.fail(kExitNotFound, error.code, ctx.msg("recover.no_grants"));
    default:
      return explainServerError(ctx, error, transport.lastFailure(), transport.serverName(), ServerStep::Devices);
  }
}

// The link to recover through: a fresh enrolment with a lead code, or the one an earlier attempt kept.
Result<ServerLink> recoveryLink(Context& ctx, Store& store, const RecoverArgs& a) {
  if (!a.server.empty()) {
    COACH_ASSIGN_OR_RETURN(sync::EnrolResponse answer, enrolWithCode(ctx, store, a.server, a.code, a.caFile));
    if (answer.role != "lead") {
      return ctx.fail(kExitRefused, ErrorCode::Forbidden, ctx.msg("recover.needs_lead_code", answer.role));
    }
  }
  auto link = savedLink(ctx, store);
  if (!link.ok() || link->team.empty())
    return ctx.fail(kExitProfile, ErrorCode::NotFound, ctx.msg("recover.not_enrolled"));
  return link;
}

Status runRecover(Context& ctx, RecoverArgs a) {
  COACH_ASSIGN_OR_RETURN(Store * store, ctx.store());
  if (auto team = store->teamId(); team.ok()) {
    return ctx.fail(kExitProfile, ErrorCode::AlreadyExists, ctx.msg("team.already", team.value()));
  }
  if (a.key.empty() && ctx.interactive()) {
    // Without echo, like a passphrase: the key opens every participant's data and must not stay on screen.
    auto typed = readHidden(ctx.msg("recover.ask_key"), ctx.msg);
    a.key = typed.ok() ? typed.value() : ctx.ask(ctx.msg("recover.ask_key")).value_or("");
  }
  if (a.key.empty()) return ctx.fail(kExitUsage, ErrorCode::InvalidArgument, ctx.msg("recover.need_key"));
  COACH_ASSIGN_OR_RETURN(ServerLink link, recoveryLink(ctx, *store, a));
  COACH_ASSIGN_OR_RETURN(auto transport, connectTo(ctx, link.options));
  Status recovered = lifecycle::recoverTeam(*store, *transport, link.team, a.key);
  if (!recovered.ok()) return recoveryFailed(ctx, recovered.error(), *transport);
  COACH_TRY(ctx.core(store->removeSetting(kSettingPendingTeam)));
  if (ctx.json)
    ctx.printJson({{"team", link.team}, {"device", store->deviceId()}, {"role", "lead"}, {"state", "approved"}});
  else
    ctx.out() << ctx.msg("recover.done", link.team) << '\n';
  return {};
}

void recoverCommand(CLI::App& app, Context& ctx) {
  auto a = std::make_shared<RecoverArgs>();
  CLI::App* recover = addCommand(app, ctx, "recover", "recover");
  recover->add_option("--key", a->key, ctx.msg("opt.recovery_key"));
  CLI::Option* server = recover->add_option("--server", a->server, ctx.msg("opt.server"));
  CLI::Option* code = recover->add_option("--code", a->code, ctx.msg("opt.lead_code"));
  server->needs(code);
  code->needs(server);
  recover->add_option("--ca-file", a->caFile, ctx.msg("opt.ca_file"));
  onRun(recover, ctx, [&ctx, a] { return runRecover(ctx, *a); });
}

}  // namespace

void registerEnrolCommands(CLI::App& app, Context& ctx) {
  enrolCommand(app, ctx);
  recoverCommand(app, ctx);
}

}  // namespace coach::cli
