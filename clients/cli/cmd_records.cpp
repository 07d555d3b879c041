// cmd_records.cpp: the generic record commands that work for every kind of the registry:
// add, edit, show, list, archive, fields (docs/cli.md, "Records").
#include <memory>
#include <string>
#include <vector>

#include "coach/schema_info.hpp"
#include "commands.hpp"
#include "render.hpp"
#include "table.hpp"

namespace coach::cli {
namespace {

struct RecordArgs {
  std::string kindOrId;
  std::vector<std::string> assignments;
  bool all = false;
  bool undo = false;
};

Status runAdd(Context& ctx, const RecordArgs& a) {
  COACH_ASSIGN_OR_RETURN(const schema::KindInfo* kind, findKind(a.kindOrId, ctx.msg));
  COACH_ASSIGN_OR_RETURN(Today today, ctx.today());
  COACH_ASSIGN_OR_RETURN(nlohmann::json fields, parseAssignments(*kind, a.assignments, today, ctx.msg));
  COACH_ASSIGN_OR_RETURN(Store * store, ctx.store());
  COACH_ASSIGN_OR_RETURN(std::string id, ctx.core(store->add(kind->name, fields)));
  if (ctx.json) ctx.printJson({{"id", id}, {"kind", kind->name}});
  else ctx.out() << ctx.msg("add.done", kindLabel(ctx, kind->name), id) << '\n';
  return {};
}

Status runEdit(Context& ctx, const RecordArgs& a) {
  if (a.assignments.empty()) return makeError(ErrorCode::InvalidArgument, ctx.msg("edit.nothing"));
  COACH_ASSIGN_OR_RETURN(Store * store, ctx.store());
  COACH_ASSIGN_OR_RETURN(nlohmann::json record, getRecord(ctx, *store, a.kindOrId));
  COACH_ASSIGN_OR_RETURN(const schema::KindInfo* kind, findKind(record.value("kind", ""), ctx.msg));
  COACH_ASSIGN_OR_RETURN(Today today, ctx.today());
  COACH_ASSIGN_OR_RETURN(nlohmann::json fields, parseAssignments(*kind, a.assignments, today, ctx.msg));
  COACH_TRY(ctx.core(store->update(a.kindOrId, fields)));
  if (ctx.json) ctx.printJson({{"id", a.kindOrId}, {"kind", kind->name}, {"changed", fields}});
  else ctx.out() << ctx.msg("edit.done", kindLabel(ctx, kind->name), a.kindOrId) << '\n';
  return {};
}

Status runShow(Context& ctx, const RecordArgs& a) {
  COACH_ASSIGN_OR_RETURN(Store * store, ctx.store());
  COACH_ASSIGN_OR_RETURN(nlohmann::json record, getRecord(ctx, *store, a.kindOrId));
  if (ctx.json) ctx.printJson(record);
  else printRecord(ctx, record);
  return {};
}

Status runList(Context& ctx, const RecordArgs& a) {
  COACH_ASSIGN_OR_RETURN(const schema::KindInfo* kind, findKind(a.kindOrId, ctx.msg));
  COACH_ASSIGN_OR_RETURN(Today today, ctx.today());
  COACH_ASSIGN_OR_RETURN(nlohmann::json where, parseAssignments(*kind, a.assignments, today, ctx.msg));
  COACH_ASSIGN_OR_RETURN(Store * store, ctx.store());
  COACH_ASSIGN_OR_RETURN(auto records, ctx.core(store->list(kind->name, where, a.all)));
  if (ctx.json) ctx.printJson(records);
  else printRecordList(ctx, *kind, records);
  return {};
}

Status runArchive(Context& ctx, const RecordArgs& a) {
  COACH_ASSIGN_OR_RETURN(Store * store, ctx.store());
  COACH_ASSIGN_OR_RETURN(nlohmann::json record, getRecord(ctx, *store, a.kindOrId));
  COACH_TRY(ctx.core(store->setArchived(a.kindOrId, !a.undo)));
  const std::string kind = record.value("kind", "");
  if (ctx.json) ctx.printJson({{"id", a.kindOrId}, {"kind", kind}, {"archived", !a.undo}});
  else ctx.out() << ctx.msg(a.undo ? "archive.undone" : "archive.done", kindLabel(ctx, kind), a.kindOrId) << '\n';
  return {};
}

std::string allowed(const schema::FieldInfo& f, Context& ctx) {
  std::string out;
  for (const auto& v : f.values) out += (out.empty() ? "" : ", ") + v;
  if (!f.minimum.empty()) out = f.minimum + " … " + f.maximum;
  if (!f.refKind.empty()) out = ctx.msg("fields.ref", f.refKind);
  if (f.type == schema::FieldType::Date) out = ctx.msg("fields.date_forms");
  if (f.type == schema::FieldType::DateTime) out = ctx.msg("fields.datetime_forms");
  if (f.type == schema::FieldType::Bool) out = ctx.msg("fields.bool_forms");
  return out;
}

Status runFields(Context& ctx, const RecordArgs& a) {
  if (a.kindOrId.empty()) {
    if (ctx.json) {
      nlohmann::json all = nlohmann::json::array();
      for (const auto& k : schema::kinds()) all.push_back(schema::toJson(k));
      ctx.printJson(all);
      return {};
    }
    Table table({ctx.msg("label.kind"), ctx.msg("label.description")});
    for (const auto& k : schema::kinds()) table.add({k.name, kindLabel(ctx, k.name)});
    table.print(ctx.out());
    return {};
  }
  COACH_ASSIGN_OR_RETURN(const schema::KindInfo* kind, findKind(a.kindOrId, ctx.msg));
  if (ctx.json) {
    ctx.printJson(schema::toJson(*kind));
    return {};
  }
  ctx.out() << kind->name << ": " << kindLabel(ctx, kind->name) << "\n\n";
  Table table({ctx.msg("label.field"), ctx.msg("label.type"), ctx.msg("label.required"), ctx.msg("label.allowed"),
               ctx.msg("label.help")});
  for (const auto& f : kind->fields) {
    table.add({f.name, ctx.msg("type." + f.typeName), f.required ? ctx.msg("value.yes") : "", allowed(f, ctx),
               f.help});
  }
  table.print(ctx.out());
  return {};
}

}  // namespace

void registerRecordCommands(CLI::App& app, Context& ctx) {
  using Run = Status (*)(Context&, const RecordArgs&);
  auto bindRun = [&ctx](CLI::App* cmd, std::shared_ptr<RecordArgs> args, Run run) {
    onRun(cmd, ctx, [&ctx, args, run] { return run(ctx, *args); });
  };
  auto a = std::make_shared<RecordArgs>();
  CLI::App* add = addCommand(app, ctx, "add", "add");
  add->add_option("kind", a->kindOrId, ctx.msg("opt.kind"))->required();
  add->add_option("fields", a->assignments, ctx.msg("opt.assignments"));
  bindRun(add, a, runAdd);

  a = std::make_shared<RecordArgs>();
  CLI::App* edit = addCommand(app, ctx, "edit", "edit");
  edit->add_option("id", a->kindOrId, ctx.msg("opt.id"))->required();
  edit->add_option("fields", a->assignments, ctx.msg("opt.assignments"));
  bindRun(edit, a, runEdit);

  a = std::make_shared<RecordArgs>();
  CLI::App* show = addCommand(app, ctx, "show", "show");
  show->add_option("id", a->kindOrId, ctx.msg("opt.id"))->required();
  bindRun(show, a, runShow);

  a = std::make_shared<RecordArgs>();
  CLI::App* list = addCommand(app, ctx, "list", "list");
  list->add_option("kind", a->kindOrId, ctx.msg("opt.kind"))->required();
  list->add_option("filters", a->assignments, ctx.msg("opt.filters"));
  list->add_flag("--all", a->all, ctx.msg("opt.all"));
  bindRun(list, a, runList);

  a = std::make_shared<RecordArgs>();
  CLI::App* archive = addCommand(app, ctx, "archive", "archive");
  archive->add_option("id", a->kindOrId, ctx.msg("opt.id"))->required();
  archive->add_flag("--undo", a->undo, ctx.msg("opt.undo"));
  bindRun(archive, a, runArchive);

  a = std::make_shared<RecordArgs>();
  CLI::App* fields = addCommand(app, ctx, "fields", "fields");
  fields->add_option("kind", a->kindOrId, ctx.msg("opt.kind_optional"));
  bindRun(fields, a, runFields);
}

}  // namespace coach::cli
