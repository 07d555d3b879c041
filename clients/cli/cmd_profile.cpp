// cmd_profile.cpp: `coach init`, making this device's profile (docs/cli.md, "Profile").
#include <memory>
#include <string>

#include "commands.hpp"

namespace coach::cli {
namespace {

struct InitArgs {
  std::string actor;
  bool keyring = false;
};

Status runInit(Context& ctx, InitArgs a) {
  if (a.actor.empty() && ctx.interactive()) {
    if (auto answer = ctx.ask(ctx.msg("init.ask_actor"))) a.actor = *answer;
  }
  if (a.actor.empty()) return makeError(ErrorCode::InvalidArgument, ctx.msg("init.no_actor"));
  COACH_ASSIGN_OR_RETURN(Store * store, ctx.createStore(a.actor, a.keyring));
  if (ctx.json) {
    ctx.printJson({{"home", ctx.home()},
                   {"device", store->deviceId()},
                   {"actor", store->actor()},
                   {"key", a.keyring ? "keyring" : "passphrase"}});
  } else {
    ctx.out() << ctx.msg("init.done", ctx.home(), store->actor(), store->deviceId()) << '\n';
    if (a.keyring) ctx.out() << ctx.msg("init.keyring") << '\n';
  }
  return {};
}

}  // namespace

void registerProfileCommands(CLI::App& app, Context& ctx) {
  auto a = std::make_shared<InitArgs>();
  CLI::App* init = addCommand(app, ctx, "init", "init");
  init->add_option("--actor", a->actor, ctx.msg("opt.actor"));
  init->add_flag("--keyring", a->keyring, ctx.msg("opt.keyring"));
  onRun(init, ctx, [&ctx, a] { return runInit(ctx, *a); });
}

}  // namespace coach::cli
