// cmd_export.cpp: `coach export participant ID`: everything this device holds about one participant as one
// JSON document, for a participant's access request (AVG art. 15), built by the core (coach/access_log.hpp),
// which records the export as an access_event (NEN 7513: who, when, which participant, action "export").
#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <string>

#include "coach/access_log.hpp"
#include "commands.hpp"
#include "render.hpp"

namespace coach::cli {
namespace {

struct ExportArgs {
  std::string id;
  std::string output;
  std::string onBehalfOf;
};

Status writePrivateFile(Context& ctx, const std::string& path, const std::string& text) {
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) return ctx.fail(kExitFailure, ErrorCode::StorageError, ctx.msg("export.write_failed", path));
  }
  ::chmod(path.c_str(), 0600);  // it holds health data: the user's alone
  return {};
}

Status runExport(Context& ctx, const ExportArgs& a) {
  COACH_ASSIGN_OR_RETURN(Store * store, ctx.store());
  // The core logs the export (NEN 7513) before it hands anything out: no export without its access-log entry.
  auto exported = exportParticipant(*store, a.id, a.onBehalfOf);
  if (!exported.ok() && exported.error().code == ErrorCode::NotFound) {
    return ctx.fail(kExitNotFound, ErrorCode::NotFound, ctx.msg("export.not_participant", a.id));
  }
  COACH_ASSIGN_OR_RETURN(nlohmann::json doc, ctx.core(std::move(exported)));
  if (a.output.empty()) {
    ctx.printJson(doc);
    return {};
  }
  COACH_TRY(writePrivateFile(ctx, a.output, doc.dump(2) + "\n"));
  if (ctx.json) ctx.printJson({{"file", a.output}, {"records", doc["records"].size() + 1}});
  else ctx.out() << ctx.msg("export.written", doc["records"].size() + 1, a.output) << '\n';
  return {};
}

}  // namespace

void registerExportCommands(CLI::App& app, Context& ctx) {
  CLI::App* group = addCommand(app, ctx, "export", "export");
  group->require_subcommand(1);
  auto a = std::make_shared<ExportArgs>();
  CLI::App* participant = addCommand(*group, ctx, "participant", "export_participant");
  participant->add_option("id", a->id, ctx.msg("opt.participant_id"))->required();
  participant->add_option("--output,-o", a->output, ctx.msg("opt.export_output"));
  participant->add_option("--on-behalf-of", a->onBehalfOf, ctx.msg("opt.on_behalf_of"));
  onRun(participant, ctx, [&ctx, a] { return runExport(ctx, *a); });
}

}  // namespace coach::cli
