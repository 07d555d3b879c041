// cmd_erase.cpp: erasure of a participant (AVG art. 17; docs/erasure.md; docs/cli.md, "Erasure").
// `coach erase participant ID` (a team lead's device, online): after the lead types the participant's name on a
// terminal (or passes --yes), the order goes to the server, which erases its copy, then this device erases its
// own; the other devices follow at their next sync. `coach erasures` lists the audit entries this device keeps
// (ids, times and devices only, never a name).
//
// Thread-safety: runs on the main thread (commands.hpp).
#include <memory>
#include <string>

#include "coach/http_transport.hpp"
#include "coach/lifecycle.hpp"
#include "commands.hpp"
#include "dates.hpp"
#include "server_link.hpp"
#include "table.hpp"

namespace coach::cli {
namespace {

struct EraseArgs {
  std::string participant;
  bool yes = false;
};

std::string erasureTime(Context& ctx, std::int64_t unixMillis) {
  return displayDateTime(amsterdamLocal(unixMillis), ctx.msg.lang());
}

// The participant's name as this device decrypts it; NotFound (exit 4) when it holds no such participant.
Result<std::string> participantToErase(Context& ctx, Store& store, const std::string& id) {
  auto record = store.get(id);
  if (!record.ok() || record.value().value("kind", "") != "participant") {
    return ctx.fail(kExitNotFound, ErrorCode::NotFound, ctx.msg("erase.not_found", id));
  }
  return record.value()["fields"].value("name", std::string{});
}

// Erasure cannot be undone: on a terminal the lead types the name; elsewhere --yes is required.
Status confirmErasure(Context& ctx, const EraseArgs& a, const std::string& name) {
  if (a.yes) return {};
  if (!ctx.interactive()) return ctx.fail(kExitUsage, ErrorCode::InvalidArgument, ctx.msg("erase.need_yes"));
  const std::string typed = ctx.ask(ctx.msg("erase.confirm", name, a.participant)).value_or("");
  if (typed != name) return ctx.fail(kExitUsage, ErrorCode::InvalidArgument, ctx.msg("erase.not_confirmed"));
  return {};
}

Status runErase(Context& ctx, const EraseArgs& a) {
  COACH_ASSIGN_OR_RETURN(Store * store, ctx.store());
  COACH_ASSIGN_OR_RETURN(std::string name, participantToErase(ctx, *store, a.participant));
  COACH_ASSIGN_OR_RETURN(HttpOptions server, savedServer(ctx, *store));
  COACH_ASSIGN_OR_RETURN(std::unique_ptr<HttpTransport> transport, connectTo(ctx, server));
  COACH_TRY(confirmErasure(ctx, a, name));
  auto erased = lifecycle::eraseParticipant(*store, *transport, a.participant);
  if (!erased.ok()) {
    if (erased.error().code == ErrorCode::Forbidden) {
      return ctx.fail(kExitRefused, ErrorCode::Forbidden, ctx.msg("erase.lead_only"));
    }
    return explainServerError(ctx, erased.error(), transport->lastFailure(), transport->serverName(), ServerStep::Devices);
  }
  // The team's keys were renewed after the erasure (docs/keys.md, "Epoch compaction"): the new recovery key is
  // shown this once; if the renewal could not finish, the next sync finishes it and shows it then.
  const bool renewed = !erased->newRecoveryKey.empty();
  if (ctx.json) {
    nlohmann::json out{{"erased", erased->shard}, {"index", erased->orderIndex}, {"erased_at", erased->erasedAt},
                       {"keys_renewed", renewed}};
    if (renewed) out["new_recovery_key"] = erased->newRecoveryKey;
    ctx.printJson(out);
  } else {
    ctx.out() << ctx.msg("erase.done", name, erased->orderIndex) << '\n';
    ctx.out() << (renewed ? ctx.msg("erase.new_recovery_key", erased->newRecoveryKey) : ctx.msg("erase.keys_pending")) << '\n';
  }
  return {};
}

Status runErasures(Context& ctx) {
  COACH_ASSIGN_OR_RETURN(Store * store, ctx.store());
  COACH_ASSIGN_OR_RETURN(std::vector<ErasureAudit> entries, ctx.core(lifecycle::erasures(*store)));
  if (ctx.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const ErasureAudit& e : entries) {
      list.push_back({{"participant", e.shard}, {"erased_at", e.erasedAt}, {"by_device", e.author},
                      {"index", e.orderIndex}, {"carried_out_at", e.appliedAt}});
    }
    ctx.printJson({{"erasures", list}});
    return {};
  }
  if (entries.empty()) {
    ctx.out() << ctx.msg("erasures.none") << '\n';
    return {};
  }
  Table table({ctx.msg("label.erasure_index"), ctx.msg("label.participant_id"), ctx.msg("label.erased_at"),
               ctx.msg("label.by_device"), ctx.msg("label.carried_out_at")});
  for (const ErasureAudit& e : entries) {
    table.add({std::to_string(e.orderIndex), e.shard, erasureTime(ctx, e.erasedAt), e.author.substr(0, 8),
               erasureTime(ctx, e.appliedAt)});
  }
  table.print(ctx.out());
  return {};
}

}  // namespace

void registerEraseCommands(CLI::App& app, Context& ctx) {
  CLI::App* erase = addCommand(app, ctx, "erase", "erase");
  erase->require_subcommand(1);
  auto a = std::make_shared<EraseArgs>();
  CLI::App* participant = addCommand(*erase, ctx, "participant", "erase_participant");
  participant->add_option("id", a->participant, ctx.msg("opt.participant_id"))->required();
  participant->add_flag("--yes", a->yes, ctx.msg("opt.erase_yes"));
  onRun(participant, ctx, [&ctx, a] { return runErase(ctx, *a); });

  CLI::App* list = addCommand(app, ctx, "erasures", "erasures");
  onRun(list, ctx, [&ctx] { return runErasures(ctx); });
}

}  // namespace coach::cli
