// cmd_tasks.cpp: the task commands of a coach's day: `coach participant add`, `coach contact` (an employer
// contact), `coach support` (a follow-along contact) and `coach note` (docs/cli.md, "Daily work").
#include <memory>
#include <string>

#include "commands.hpp"
#include "dates.hpp"
#include "render.hpp"
#include "tasks.hpp"

namespace coach::cli {
namespace {

struct TaskArgs {
  explicit TaskArgs(std::string kind) : form(std::move(kind)) {}
  TaskForm form;
};

Status addFromForm(Context& ctx, TaskForm& form, const char* doneKey) {
  COACH_ASSIGN_OR_RETURN(Store * store, ctx.store());
  COACH_ASSIGN_OR_RETURN(nlohmann::json fields, form.collect(ctx, {{"coach", store->actor()}}, true));
  COACH_ASSIGN_OR_RETURN(std::string id, ctx.core(store->add(form.kind(), fields)));
  if (ctx.json) ctx.printJson({{"id", id}, {"kind", form.kind()}});
  else ctx.out() << ctx.msg(doneKey, id) << '\n';
  return {};
}

void participantCommands(CLI::App& app, Context& ctx) {
  CLI::App* group = addCommand(app, ctx, "participant", "participant");
  group->require_subcommand(1);
  auto a = std::make_shared<TaskArgs>("participant");
  CLI::App* add = addCommand(*group, ctx, "add", "participant_add");
  a->form.option(add, ctx, "--name", "name");
  a->form.option(add, ctx, "--birth-date", "birth_date");
  a->form.option(add, ctx, "--phone", "phone");
  a->form.option(add, ctx, "--email", "email");
  a->form.option(add, ctx, "--municipality", "municipality");
  a->form.option(add, ctx, "--treatment-team", "treatment_team");
  a->form.option(add, ctx, "--coach", "coach");
  a->form.extras(add, ctx);
  onRun(add, ctx, [&ctx, a] { return addFromForm(ctx, a->form, "participant.added"); });
}

void contactCommand(CLI::App& app, Context& ctx) {
  auto a = std::make_shared<TaskArgs>("employer_contact");
  CLI::App* cmd = addCommand(app, ctx, "contact", "contact");
  a->form.option(cmd, ctx, "--employer", "employer_id");
  a->form.option(cmd, ctx, "--participant", "participant_id");
  a->form.option(cmd, ctx, "--at", "contact_at");
  a->form.option(cmd, ctx, "--mode", "mode");
  a->form.option(cmd, ctx, "--purpose", "purpose");
  a->form.option(cmd, ctx, "--outcome", "outcome");
  a->form.option(cmd, ctx, "--present", "participant_present");
  a->form.option(cmd, ctx, "--minutes", "duration_minutes");
  a->form.option(cmd, ctx, "--note", "note");
  a->form.option(cmd, ctx, "--coach", "coach");
  a->form.extras(cmd, ctx);
  onRun(cmd, ctx, [&ctx, a] { return addFromForm(ctx, a->form, "contact.added"); });
}

void supportCommand(CLI::App& app, Context& ctx) {
  auto a = std::make_shared<TaskArgs>("support_contact");
  CLI::App* cmd = addCommand(app, ctx, "support", "support");
  a->form.option(cmd, ctx, "--participant", "participant_id");
  a->form.option(cmd, ctx, "--job", "job_id");
  a->form.option(cmd, ctx, "--on", "contact_on");
  a->form.option(cmd, ctx, "--mode", "mode");
  a->form.option(cmd, ctx, "--type", "type");
  a->form.option(cmd, ctx, "--place", "place");
  a->form.option(cmd, ctx, "--with", "with_whom");
  a->form.option(cmd, ctx, "--minutes", "duration_minutes");
  a->form.option(cmd, ctx, "--next", "next_planned_on");
  a->form.option(cmd, ctx, "--note", "note");
  a->form.option(cmd, ctx, "--coach", "coach");
  a->form.extras(cmd, ctx);
  onRun(cmd, ctx, [&ctx, a] { return addFromForm(ctx, a->form, "support.added"); });
}

struct NoteArgs {
  std::string id;
  std::string text;
  bool replace = false;
};

Status runNote(Context& ctx, NoteArgs a) {
  COACH_ASSIGN_OR_RETURN(Store * store, ctx.store());
  COACH_ASSIGN_OR_RETURN(nlohmann::json record, getRecord(ctx, *store, a.id));
  const std::string kind = record.value("kind", "");
  const schema::KindInfo* info = schema::kind(kind);
  if (info == nullptr || info->field("note") == nullptr) {
    return makeError(ErrorCode::InvalidArgument, ctx.msg("note.no_field", kindLabel(ctx, kind)));
  }
  if (a.text.empty() && ctx.interactive()) {
    if (auto answer = ctx.ask(ctx.msg("note.ask"))) a.text = *answer;
  }
  if (a.text.empty()) return makeError(ErrorCode::InvalidArgument, ctx.msg("note.no_text"));
  std::string note = a.text;
  const auto& fields = record["fields"];
  if (!a.replace) {
    COACH_ASSIGN_OR_RETURN(Today today, ctx.today());
    // One dated line per note, so a reader sees who wrote what when; the store keeps it encrypted.
    const std::string line = displayDate(today.day, ctx.msg.lang()) + " " + store->actor() + ": " + a.text;
    const std::string before = fields.contains("note") ? fields["note"].get<std::string>() : "";
    note = before.empty() ? line : before + "\n" + line;
  }
  COACH_TRY(ctx.core(store->update(a.id, {{"note", note}})));
  if (ctx.json) ctx.printJson({{"id", a.id}, {"kind", kind}});
  else ctx.out() << ctx.msg("note.done", kindLabel(ctx, kind), a.id) << '\n';
  return {};
}

void noteCommand(CLI::App& app, Context& ctx) {
  auto a = std::make_shared<NoteArgs>();
  CLI::App* cmd = addCommand(app, ctx, "note", "note");
  cmd->add_option("id", a->id, ctx.msg("opt.note_id"))->required();
  cmd->add_option("text", a->text, ctx.msg("opt.note_text"));
  cmd->add_flag("--replace", a->replace, ctx.msg("opt.note_replace"));
  onRun(cmd, ctx, [&ctx, a] { return runNote(ctx, *a); });
}

}  // namespace

void registerTaskCommands(CLI::App& app, Context& ctx) {
  participantCommands(app, ctx);
  contactCommand(app, ctx);
  supportCommand(app, ctx);
  noteCommand(app, ctx);
}

}  // namespace coach::cli
