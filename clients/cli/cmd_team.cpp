// cmd_team.cpp: team and device commands. `coach team create`: a team lead's first device joins the team the
// sync server made, with the one-time enrolment code the admin gave (coach-syncd's first start or
// `coach-syncd admin enrol-code --lead`), makes the team's keys and keeps the server link in the profile.
//
// Issue 5 adds `coach enrol`, `coach devices`, `coach device approve|revoke`, `coach recover` and
// `coach erase participant` here: each as a function registered from registerTeamCommands(), using
// server_link.hpp for the saved server and for errors in plain words.
#include <memory>
#include <string>

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
  COACH_ASSIGN_OR_RETURN(crypto::Bytes signingKey, ctx.core(store->signingPublicKey()));
  auto enrolled = transport.value()->enrol(sync::EnrolRequest{a.code, store->deviceId(), std::move(signingKey), {}});
  if (!enrolled.ok()) {
    return explainServerError(ctx, enrolled.error(), transport.value()->lastFailure(),
                              transport.value()->serverName(), ServerStep::Enrol);
  }
  const sync::EnrolResponse& answer = enrolled.value();
  COACH_TRY(ctx.core(store->createTeam(answer.team)));
  server.token = answer.token;
  COACH_TRY(saveServer(ctx, *store, server));
  if (ctx.json) {
    ctx.printJson({{"team", answer.team}, {"device", answer.device}, {"role", answer.role}, {"server", a.server}});
  } else {
    ctx.out() << ctx.msg("team.created", answer.team, answer.role) << '\n' << ctx.msg("team.next") << '\n';
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
}

}  // namespace coach::cli
