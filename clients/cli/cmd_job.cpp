// cmd_job.cpp: `coach job start|change|end`: a participant's job, a change of its hours or wage (kept as
// history by the store), and its end (docs/cli.md, "Daily work").
#include <memory>
#include <string>

#include "commands.hpp"
#include "render.hpp"
#include "tasks.hpp"

namespace coach::cli {
namespace {

struct JobArgs {
  TaskForm form{"job"};
  std::string id;  // change, end
};

Status runStart(Context& ctx, JobArgs& a) {
  COACH_ASSIGN_OR_RETURN(Store * store, ctx.store());
  COACH_ASSIGN_OR_RETURN(nlohmann::json fields, a.form.collect(ctx, nlohmann::json::object(), true));
  COACH_ASSIGN_OR_RETURN(std::string id, ctx.core(store->add("job", fields)));
  if (ctx.json) ctx.printJson({{"id", id}, {"kind", "job"}});
  else ctx.out() << ctx.msg("job.started", id) << '\n';
  return {};
}

// The job `id` as a record, or an error when it is something else.
Status requireJob(Context& ctx, Store& store, const std::string& id) {
  COACH_ASSIGN_OR_RETURN(nlohmann::json record, getRecord(ctx, store, id));
  if (record.value("kind", "") != "job") {
    return makeError(ErrorCode::InvalidArgument, ctx.msg("job.not_a_job", id, kindLabel(ctx, record.value("kind", ""))));
  }
  return {};
}

Status runChange(Context& ctx, JobArgs& a) {
  COACH_ASSIGN_OR_RETURN(Store * store, ctx.store());
  COACH_TRY(requireJob(ctx, *store, a.id));
  COACH_ASSIGN_OR_RETURN(Today today, ctx.today());
  COACH_ASSIGN_OR_RETURN(nlohmann::json fields, a.form.collect(ctx, {{"terms_changed_on", today.day}}, false));
  if (!fields.contains("hours_per_week") && !fields.contains("hourly_wage")) {
    return makeError(ErrorCode::InvalidArgument, ctx.msg("job.change_nothing"));
  }
  COACH_TRY(ctx.core(store->update(a.id, fields)));
  if (ctx.json) ctx.printJson({{"id", a.id}, {"kind", "job"}, {"changed", fields}});
  else ctx.out() << ctx.msg("job.changed", a.id) << '\n';
  return {};
}

Status runEnd(Context& ctx, JobArgs& a) {
  COACH_ASSIGN_OR_RETURN(Store * store, ctx.store());
  COACH_TRY(requireJob(ctx, *store, a.id));
  COACH_ASSIGN_OR_RETURN(Today today, ctx.today());
  COACH_ASSIGN_OR_RETURN(nlohmann::json fields,
                         a.form.collect(ctx, {{"end_heard_on", today.day}}, false, {"end_date", "end_reason"}));
  COACH_TRY(ctx.core(store->update(a.id, fields)));
  if (ctx.json) ctx.printJson({{"id", a.id}, {"kind", "job"}, {"changed", fields}});
  else ctx.out() << ctx.msg("job.ended", a.id) << '\n';
  return {};
}

}  // namespace

void registerJobCommands(CLI::App& app, Context& ctx) {
  CLI::App* job = addCommand(app, ctx, "job", "job");
  job->require_subcommand(1);

  auto s = std::make_shared<JobArgs>();
  CLI::App* start = addCommand(*job, ctx, "start", "job_start");
  s->form.option(start, ctx, "--participant", "participant_id");
  s->form.option(start, ctx, "--employer", "employer_id");
  s->form.option(start, ctx, "--title", "title");
  s->form.option(start, ctx, "--start", "start_date");
  s->form.option(start, ctx, "--hours", "hours_per_week");
  s->form.option(start, ctx, "--wage", "hourly_wage");
  s->form.option(start, ctx, "--contract", "contract_type");
  s->form.option(start, ctx, "--how-found", "how_found");
  s->form.extras(start, ctx);
  onRun(start, ctx, [&ctx, s] { return runStart(ctx, *s); });

  auto c = std::make_shared<JobArgs>();
  CLI::App* change = addCommand(*job, ctx, "change", "job_change");
  change->add_option("job", c->id, ctx.msg("opt.job_id"))->required();
  c->form.option(change, ctx, "--hours", "hours_per_week");
  c->form.option(change, ctx, "--wage", "hourly_wage");
  c->form.option(change, ctx, "--on", "terms_changed_on");
  onRun(change, ctx, [&ctx, c] { return runChange(ctx, *c); });

  auto e = std::make_shared<JobArgs>();
  CLI::App* end = addCommand(*job, ctx, "end", "job_end");
  end->add_option("job", e->id, ctx.msg("opt.job_id"))->required();
  e->form.option(end, ctx, "--end", "end_date");
  e->form.option(end, ctx, "--reason", "end_reason");
  e->form.option(end, ctx, "--by", "end_initiated_by");
  e->form.option(end, ctx, "--heard", "end_heard_on");
  e->form.extras(end, ctx);
  onRun(end, ctx, [&ctx, e] { return runEnd(ctx, *e); });
}

}  // namespace coach::cli
