// cmd_team.cpp: team and device commands. `coach team create`: a team lead's first device joins the team the
// sync server made, with the one-time enrolment code the admin gave (coach-syncd's first start or
// `coach-syncd admin enrol-code --lead`), makes the team's keys and keeps the server link in the profile.
//
// The rest of the device lifecycle is registered from registerTeamCommands() too: `coach enrol` and
// `coach recover` (cmd_enrol.cpp), `coach devices` and `coach device approve|revoke|exposure` (cmd_devices.cpp).
#include <memory>
#include <string>

#include "coach/lifecycle.hpp"
#include "coach/http_transport.hpp"
#include "commands.hpp"
#include "server_link.hpp"

namespace coach::cli {
namespace {

struct TeamCreateArgs {
  std::string server;
  std::string code;
  std::string caFile;
};

Status runTeamCreate(Context& ctx, const TeamCreateArgs& a) {
  COACH_ASSIGN_OR_RETURN(Store * store, ctx.store());
  if (auto team = store->teamId(); team.ok()) {
    return ctx.fail(kExitProfile, ErrorCode::AlreadyExists, ctx.msg("team.already", team.value()));
  }
  HttpOptions server;
  server.baseUrl = a.server;
  server.caFile = a.caFile;
  auto transport = HttpTransport::create(server);
  if (!transport.ok()) {
    return ctx.fail(kExitUsage, ErrorCode::InvalidArgument, ctx.msg("server.bad_settings", transport.error().message));
  }
  COACH_ASSIGN_OR_RETURN(lifecycle::DeviceKeys keys, ctx.core(lifecycle::deviceKeys(*store)));
  auto enrolled = transport.value()->enrol(sync::EnrolRequest{a.code, store->deviceId(), keys.signingKey, keys.agreementKey});
  if (!enrolled.ok()) {
    return explainServerError(ctx, enrolled.error(), transport.value()->lastFailure(),
                              transport.value()->serverName(), ServerStep::Enrol);
  }
  const sync::EnrolResponse& answer = enrolled.value();
  server.token = answer.token;
  COACH_TRY(saveServer(ctx, *store, server));  // the code is used up now: keep the token whatever happens next
  COACH_TRY(ctx.core(store->rememberDeviceRole(answer.role)));
  auto authed = HttpTransport::create(server);
  if (!authed.ok()) return ctx.fail(kExitUsage, ErrorCode::InvalidArgument, ctx.msg("server.bad_settings", authed.error().message));
  // The team's keys (docs/keys.md): epoch 1, wrapped to this device and to the recovery key shown once below.
  auto recovery = lifecycle::foundTeam(*store, *authed.value(), answer.team);
  if (!recovery.ok()) {
    return explainServerError(ctx, recovery.error(), authed.value()->lastFailure(), authed.value()->serverName(),
                              ServerStep::Enrol);
  }
  if (ctx.json) {
    ctx.printJson({{"team", answer.team}, {"device", answer.device}, {"role", answer.role}, {"server", a.server},
                   {"recovery_key", recovery.value()}});
  } else {
    ctx.out() << ctx.msg("team.created", answer.team, answer.role) << '\n'
              << ctx.msg("team.recovery", recovery.value()) << '\n'
              << ctx.msg("team.next") << '\n';
  }
  return {};
}

void teamCreateCommand(CLI::App& team, Context& ctx) {
  auto a = std::make_shared<TeamCreateArgs>();
  CLI::App* create = addCommand(team, ctx, "create", "team_create");
  create->add_option("--server", a->server, ctx.msg("opt.server"))->required();
  create->add_option("--code", a->code, ctx.msg("opt.code"))->required();
  create->add_option("--ca-file", a->caFile, ctx.msg("opt.ca_file"));
  onRun(create, ctx, [&ctx, a] { return runTeamCreate(ctx, *a); });
}

}  // namespace

void registerTeamCommands(CLI::App& app, Context& ctx) {
  CLI::App* team = addCommand(app, ctx, "team", "team");
  team->require_subcommand(1);
  teamCreateCommand(*team, ctx);
  registerEnrolCommands(app, ctx);
  registerDeviceCommands(app, ctx);
  registerEraseCommands(app, ctx);
}

}  // namespace coach::cli
