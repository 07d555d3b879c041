// cmd_export.cpp: `coach export participant ID`: everything this device holds about one participant as one
// JSON document, for a participant's access request (AVG art. 15). The export itself is recorded as an
// access_event (NEN 7513: who, when, which participant, action "export"), which holds no health data.
#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <string>

#include "coach/schema_info.hpp"
#include "commands.hpp"
#include "render.hpp"

namespace coach::cli {
namespace {

struct ExportArgs {
  std::string id;
  std::string output;
  std::string onBehalfOf;
};

// Every record of the participant's shard, archived ones included, kind by kind.
Result<nlohmann::json> shardRecords(Context& ctx, Store& store, const std::string& id) {
  nlohmann::json records = nlohmann::json::array();
  for (const schema::KindInfo& kind : schema::kinds()) {
    if (kind.shard == schema::ShardRule::Team || kind.shard == schema::ShardRule::Self) continue;
    COACH_ASSIGN_OR_RETURN(auto list, ctx.core(store.list(kind.name, {{"participant_id", id}}, true)));
    for (auto& r : list) records.push_back(std::move(r));
  }
  return records;
}

Result<nlohmann::json> buildExport(Context& ctx, Store& store, const std::string& id, const Today& today) {
  COACH_ASSIGN_OR_RETURN(nlohmann::json participant, getRecord(ctx, store, id));
  if (participant.value("kind", "") != "participant") {
    return ctx.fail(kExitNotFound, ErrorCode::NotFound, ctx.msg("export.not_participant", id));
  }
  COACH_ASSIGN_OR_RETURN(nlohmann::json records, shardRecords(ctx, store, id));
  COACH_ASSIGN_OR_RETURN(auto conflicts, ctx.core(store.conflicts()));
  nlohmann::json open = nlohmann::json::array();
  for (const Conflict& c : conflicts) {
    const bool ours = c.recordId == id || std::any_of(records.begin(), records.end(), [&](const nlohmann::json& r) {
                        return r.value("id", "") == c.recordId;
                      });
    if (ours) open.push_back({{"record", c.recordId}, {"field", c.field}, {"other_value", c.losingValue}});
  }
  return nlohmann::json{{"format", "coach.participant-export.v1"}, {"exported_at", today.now},
                        {"exported_by", store.actor()},            {"device", store.deviceId()},
                        {"participant", participant},              {"records", records},
                        {"unresolved_conflicts", open}};
}

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
  COACH_ASSIGN_OR_RETURN(Today today, ctx.today());
  COACH_ASSIGN_OR_RETURN(nlohmann::json doc, buildExport(ctx, *store, a.id, today));
  nlohmann::json event{{"at", today.now}, {"actor", store->actor()}, {"device_id", store->deviceId()},
                       {"participant_ref", a.id}, {"action", "export"}};
  if (!a.onBehalfOf.empty()) event["on_behalf_of"] = a.onBehalfOf;
  // Logged before anything leaves the profile: no export without its access-log entry.
  auto logged = store->add("access_event", event);
  if (!logged.ok()) return ctx.localise(logged.error());
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
