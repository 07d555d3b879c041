// cmd_sync.cpp: `coach sync` (push this device's changes, pull the team's, with progress and a summary) and
// `coach conflicts` (free texts that lost to a concurrent edit) with `coach conflicts resolve`
// (docs/cli.md, "Sync").
#include <unistd.h>

#include <memory>
#include <string>

#include "coach/http_transport.hpp"
#include "coach/sync.hpp"
#include "commands.hpp"
#include "render.hpp"
#include "server_link.hpp"
#include "table.hpp"

namespace coach::cli {
namespace {

constexpr int kBarWidth = 20;
constexpr int kBarBlock = 6;

// Progress: an indeterminate bar redrawn in place on a terminal (the number of changes waiting on the server
// is not known in advance), one plain line per step otherwise. On stderr, so stdout holds the summary only.
class Progress {
 public:
  Progress(Context& ctx, bool terminal) : ctx_(ctx), terminal_(terminal) {}
  void operator()(const sync::SyncProgress& p) {
    const std::string counts = ctx_.msg("sync.progress", p.changesPushed, p.changesPulled);
    if (!terminal_) {
      ctx_.err() << counts << '\n';
      return;
    }
    const int at = step_++ % (kBarWidth - kBarBlock + 1);
    std::string bar(static_cast<std::size_t>(kBarWidth), ' ');
    bar.replace(static_cast<std::size_t>(at), kBarBlock, std::string(kBarBlock, '='));
    ctx_.err() << "\r[" << bar << "] " << counts << "\x1b[K" << std::flush;
    drawn_ = true;
  }
  void finish() {
    if (drawn_) ctx_.err() << "\r\x1b[K" << std::flush;
  }

 private:
  Context& ctx_;
  bool terminal_;
  int step_ = 0;
  bool drawn_ = false;
};

void printSummary(Context& ctx, const sync::SyncReport& r) {
  if (ctx.json) {
    nlohmann::json summary{{"pushed", r.totals.changesPushed}, {"pulled", r.totals.changesPulled},
                           {"envelopes_pushed", r.envelopesPushed}, {"envelopes_pulled", r.envelopesPulled},
                           {"conflicts", r.conflicts}, {"warnings", r.warnings},
                           {"snapshots_applied", r.snapshotsApplied}, {"snapshots_uploaded", r.snapshotsUploaded}};
    // Only after an erasure whose key renewal this sync finished (docs/keys.md, "Epoch compaction").
    if (!r.newRecoveryKey.empty()) summary["new_recovery_key"] = r.newRecoveryKey;
    ctx.printJson(summary);
    return;
  }
  if (!r.newRecoveryKey.empty()) ctx.out() << ctx.msg("erase.new_recovery_key", r.newRecoveryKey) << '\n';
  ctx.out() << ctx.msg("sync.done", r.totals.changesPushed, r.totals.changesPulled, r.conflicts) << '\n';
  if (r.conflicts > 0) ctx.out() << ctx.msg("sync.see_conflicts") << '\n';
  for (const auto& w : r.warnings) ctx.out() << ctx.msg("sync.warning", w) << '\n';
}

Status runSync(Context& ctx) {
  COACH_ASSIGN_OR_RETURN(Store * store, ctx.store());
  COACH_ASSIGN_OR_RETURN(HttpOptions server, savedServer(ctx, *store));
  auto transport = HttpTransport::create(server);
  if (!transport.ok()) return ctx.fail(kExitUsage, transport.error().code, ctx.msg("server.bad_settings", transport.error().message));
  Progress progress(ctx, ::isatty(STDERR_FILENO) != 0);
  sync::SyncOptions options;
  if (!ctx.json) options.onProgress = [&progress](const sync::SyncProgress& p) { progress(p); };
  auto report = sync::SyncClient(*store, *transport.value(), std::move(options)).sync();
  progress.finish();
  if (!report.ok()) {
    return explainServerError(ctx, report.error(), transport.value()->lastFailure(), transport.value()->serverName(),
                              ServerStep::Sync);
  }
  printSummary(ctx, report.value());
  return {};
}

nlohmann::json toJson(const Conflict& c, std::size_t number) {
  return {{"number", number},          {"record", c.recordId},          {"kind", c.kind},
          {"field", c.field},          {"current", c.currentValue},     {"other", c.losingValue},
          {"other_device", c.losingDevice}};
}

Status runConflicts(Context& ctx) {
  COACH_ASSIGN_OR_RETURN(Store * store, ctx.store());
  COACH_ASSIGN_OR_RETURN(auto conflicts, ctx.core(store->conflicts()));
  if (ctx.json) {
    nlohmann::json out = nlohmann::json::array();
    for (std::size_t i = 0; i < conflicts.size(); ++i) out.push_back(toJson(conflicts[i], i + 1));
    ctx.printJson(out);
    return {};
  }
  if (conflicts.empty()) {
    ctx.out() << ctx.msg("conflicts.none") << '\n';
    return {};
  }
  Table table({"#", ctx.msg("label.kind"), ctx.msg("label.field"), ctx.msg("label.current"), ctx.msg("label.other"),
               ctx.msg("label.record")});
  for (std::size_t i = 0; i < conflicts.size(); ++i) {
    const Conflict& c = conflicts[i];
    table.add({std::to_string(i + 1), kindLabel(ctx, c.kind), c.field, c.currentValue, c.losingValue, c.recordId});
  }
  table.print(ctx.out());
  ctx.out() << ctx.msg("conflicts.how") << '\n';
  return {};
}

struct ResolveArgs {
  std::size_t number = 0;
  std::string keep;
};

Result<Resolution> parseKeep(Context& ctx, const std::string& keep) {
  if (keep == "current" || keep == "huidig") return Resolution::KeepCurrent;
  if (keep == "other" || keep == "ander") return Resolution::KeepLosing;
  if (keep == "both" || keep == "beide") return Resolution::KeepBoth;
  return makeError(ErrorCode::InvalidArgument, ctx.msg("conflicts.bad_keep", keep));
}

Status runResolve(Context& ctx, const ResolveArgs& a) {
  COACH_ASSIGN_OR_RETURN(Resolution resolution, parseKeep(ctx, a.keep));
  COACH_ASSIGN_OR_RETURN(Store * store, ctx.store());
  COACH_ASSIGN_OR_RETURN(auto conflicts, ctx.core(store->conflicts()));
  if (a.number == 0 || a.number > conflicts.size()) {
    return ctx.fail(kExitNotFound, ErrorCode::NotFound, ctx.msg("conflicts.bad_number", a.number, conflicts.size()));
  }
  const Conflict& c = conflicts[a.number - 1];
  COACH_TRY(ctx.core(store->resolveConflict(c, resolution)));
  if (ctx.json) ctx.printJson({{"resolved", toJson(c, a.number)}, {"keep", a.keep}});
  else ctx.out() << ctx.msg("conflicts.resolved", a.number, c.field, c.recordId) << '\n';
  return {};
}

}  // namespace

void registerSyncCommands(CLI::App& app, Context& ctx) {
  CLI::App* syncCmd = addCommand(app, ctx, "sync", "sync");
  onRun(syncCmd, ctx, [&ctx] { return runSync(ctx); });

  CLI::App* conflicts = addCommand(app, ctx, "conflicts", "conflicts");
  conflicts->require_subcommand(0, 1);
  auto r = std::make_shared<ResolveArgs>();
  CLI::App* resolve = addCommand(*conflicts, ctx, "resolve", "conflicts_resolve");
  resolve->add_option("number", r->number, ctx.msg("opt.conflict_number"))->required();
  resolve->add_option("--keep", r->keep, ctx.msg("opt.keep"))->required();
  onRun(resolve, ctx, [&ctx, r] { return runResolve(ctx, *r); });
  onRun(conflicts, ctx, [&ctx] { return runConflicts(ctx); });
}

}  // namespace coach::cli
