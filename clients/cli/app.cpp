// app.cpp: the `coach` command line as a whole (app.hpp).
#include "app.hpp"

#include <exception>
#include <optional>
#include <ostream>
#include <string>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "context.hpp"

namespace coach::cli {
namespace {

// --lang must be known before the help texts are made, so it is read ahead of CLI11.
std::optional<std::string> langArgument(int argc, const char* const* argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--") break;
    if (arg == "--lang" && i + 1 < argc) return std::string(argv[i + 1]);
    if (arg.rfind("--lang=", 0) == 0) return arg.substr(7);
  }
  return std::nullopt;
}

void translateLabels(CLI::App& app, const Messages& msg) {
  auto f = app.get_formatter();
  for (const char* label : {"Usage", "OPTIONS", "SUBCOMMAND", "SUBCOMMANDS", "Positionals", "REQUIRED", "Env",
                            "Needs", "Excludes", "TEXT", "INT", "UINT", "FLOAT"}) {
    f->label(label, msg(std::string("cli.label.") + label));
  }
  f->column_width(32);
}

void declareGlobals(CLI::App& app, Context& ctx, std::string& langOption) {
  app.option_defaults()->group(ctx.msg("cli.options"));
  app.set_help_flag("-h,--help", ctx.msg("opt.help"));
  app.group(ctx.msg("cli.commands"));  // inherited by every subcommand made afterwards
  app.fallthrough();                   // global options may come after the command too
  app.require_subcommand(1);
  app.add_option("--home", ctx.homeOption, ctx.msg("opt.home"))->envname("COACH_HOME");
  app.add_option("--lang", langOption, ctx.msg("opt.lang"));
  app.add_flag("--json", ctx.json, ctx.msg("opt.json"));
}

int parseAndRun(CLI::App& app, Context& ctx, int argc, const char* const* argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e, ctx.out(), ctx.err());
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e, ctx.out(), ctx.err());
  } catch (const CLI::ParseError& e) {
    ctx.json = false;
    return ctx.report(ctx.fail(kExitUsage, ErrorCode::InvalidArgument, ctx.msg("cli.parse_error", e.what())));
  }
  if (!ctx.action) return ctx.report(ctx.fail(kExitUsage, ErrorCode::InvalidArgument, ctx.msg("cli.no_command")));
  Status status = ctx.action();
  ctx.out().flush();
  if (!status.ok()) return ctx.report(status.error());
  return kExitOk;
}

}  // namespace

CLI::App* addCommand(CLI::App& parent, Context& ctx, const std::string& name, const std::string& key) {
  CLI::App* cmd = parent.add_subcommand(name, ctx.msg("cmd." + key));
  // A subcommand makes its help flag before it copies the option defaults: name its group here.
  if (CLI::Option* help = cmd->get_help_ptr()) help->group(ctx.msg("cli.options"));
  cmd->footer(ctx.msg("cli.example") + "\n  " + ctx.msg("example." + key));
  return cmd;
}

void onRun(CLI::App* command, Context& ctx, std::function<Status()> run) {
  // Subcommands' callbacks run before their parent's: the most specific command chosen wins.
  command->callback([&ctx, run = std::move(run)] {
    if (!ctx.action) ctx.action = run;
  });
}

int runCoach(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  Lang lang = langFromEnvironment();
  if (auto text = langArgument(argc, argv)) {
    auto parsed = parseLang(*text);
    if (!parsed.ok()) {
      err << "coach: " << Messages(Lang::Nl)("lang.invalid", *text) << "\ncoach: "
          << Messages(Lang::En)("lang.invalid", *text) << '\n';
      return kExitUsage;
    }
    lang = parsed.value();
  }
  Context ctx(out, err);
  ctx.msg = Messages(lang);
  try {
    CLI::App app(ctx.msg("app.description"), "coach");
    translateLabels(app, ctx.msg);
    std::string langOption;
    declareGlobals(app, ctx, langOption);
    registerProfileCommands(app, ctx);
    registerRecordCommands(app, ctx);
    registerTaskCommands(app, ctx);
    registerJobCommands(app, ctx);
    registerViewCommands(app, ctx);
    registerSyncCommands(app, ctx);
    registerExportCommands(app, ctx);
    registerTeamCommands(app, ctx);
    registerReportCommands(app, ctx);
    registerAccessCommands(app, ctx);
    app.footer(ctx.msg("cli.example") + "\n  " + ctx.msg("example.coach"));
    return parseAndRun(app, ctx, argc, argv);
  } catch (const std::exception& e) {
    // A broken invariant (Result::value() on an error, a library throwing): say so without any data.
    err << "coach: " << ctx.msg("internal.error") << '\n';
    return kExitFailure;
  }
}

}  // namespace coach::cli
