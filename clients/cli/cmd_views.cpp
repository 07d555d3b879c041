// cmd_views.cpp: what a coach looks at: `coach timeline PARTICIPANT`, `coach agenda` (what is due and
// overdue by DOMAIN.md's rules, computed by the core) and `coach caseload` (docs/cli.md, "Overviews").
#include <memory>
#include <string>

#include "commands.hpp"
#include "dates.hpp"
#include "render.hpp"
#include "table.hpp"

namespace coach::cli {
namespace {

struct ViewArgs {
  std::string participant;
  std::string date;
  std::string coach;
  int days = 7;
};

Status runTimeline(Context& ctx, const ViewArgs& a) {
  COACH_ASSIGN_OR_RETURN(Store * store, ctx.store());
  auto timeline = store->timeline(a.participant);
  if (!timeline.ok() && timeline.error().code == ErrorCode::NotFound) {
    return ctx.fail(kExitNotFound, ErrorCode::NotFound, ctx.msg("timeline.not_participant", a.participant));
  }
  COACH_ASSIGN_OR_RETURN(auto records, ctx.core(std::move(timeline)));
  if (ctx.json) {
    ctx.printJson(records);
    return {};
  }
  Table table({ctx.msg("label.date"), ctx.msg("label.kind"), ctx.msg("label.summary"), "id"});
  for (const auto& r : records) {
    table.add({recordDate(ctx, r), kindLabel(ctx, r.value("kind", "")), recordSummary(ctx, r), r.value("id", "")});
  }
  table.print(ctx.out());
  return {};
}

// The day the view is for: --date, else today on this device.
Result<std::string> viewDay(Context& ctx, const std::string& typed) {
  COACH_ASSIGN_OR_RETURN(Today today, ctx.today());
  if (typed.empty()) return today.day;
  return parseDate(typed, today.day, ctx.msg);
}

std::string when(Context& ctx, std::int64_t daysLeft) {
  if (daysLeft == 0) return ctx.msg("agenda.today");
  if (daysLeft < 0) return ctx.msg(daysLeft == -1 ? "agenda.overdue_one" : "agenda.overdue", -daysLeft);
  return ctx.msg(daysLeft == 1 ? "agenda.in_one" : "agenda.in_days", daysLeft);
}

Status runAgenda(Context& ctx, const ViewArgs& a) {
  if (a.days < 0 || a.days > 366) return makeError(ErrorCode::InvalidArgument, ctx.msg("agenda.bad_days"));
  COACH_ASSIGN_OR_RETURN(std::string day, viewDay(ctx, a.date));
  COACH_ASSIGN_OR_RETURN(Store * store, ctx.store());
  AgendaOptions options{.today = day, .coach = a.coach, .horizonDays = a.days};
  COACH_ASSIGN_OR_RETURN(auto items, ctx.core(store->agenda(options)));
  if (ctx.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& item : items) out.push_back(toJson(item));
    ctx.printJson(out);
    return {};
  }
  if (items.empty()) {
    ctx.out() << ctx.msg("agenda.none", displayDate(day, ctx.msg.lang()), a.days) << '\n';
    return {};
  }
  Table table({ctx.msg("label.due"), ctx.msg("label.when"), ctx.msg("label.participant"), ctx.msg("label.what"),
               ctx.msg("label.coach"), "id"});
  for (const auto& item : items) {
    table.add({displayDate(item.dueDate, ctx.msg.lang()), when(ctx, item.daysLeft), item.participantName,
               ctx.msg("rule." + item.rule), item.coach, item.recordId});
  }
  table.print(ctx.out());
  return {};
}

Status runCaseload(Context& ctx, const ViewArgs& a) {
  COACH_ASSIGN_OR_RETURN(std::string day, viewDay(ctx, a.date));
  COACH_ASSIGN_OR_RETURN(Store * store, ctx.store());
  COACH_ASSIGN_OR_RETURN(auto entries, ctx.core(store->caseload(day)));
  std::erase_if(entries, [&](const CaseloadEntry& e) { return !a.coach.empty() && e.coach != a.coach; });
  if (ctx.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& e : entries) out.push_back(toJson(e));
    ctx.printJson(out);
    return {};
  }
  if (entries.empty()) {
    ctx.out() << ctx.msg("caseload.none") << '\n';
    return {};
  }
  Table table({ctx.msg("label.coach"), ctx.msg("label.participant"), ctx.msg("label.status"),
               ctx.msg("label.last_contact"), ctx.msg("label.active"), "id"});
  for (const auto& e : entries) {
    table.add({e.coach, e.participantName,
               e.trajectoryStatus.empty() ? "" : ctx.msg("status." + e.trajectoryStatus),
               displayDate(e.lastContact, ctx.msg.lang()), ctx.msg(e.active ? "value.yes" : "value.no"),
               e.participantId});
  }
  table.print(ctx.out());
  return {};
}

}  // namespace

void registerViewCommands(CLI::App& app, Context& ctx) {
  auto t = std::make_shared<ViewArgs>();
  CLI::App* timeline = addCommand(app, ctx, "timeline", "timeline");
  timeline->add_option("participant", t->participant, ctx.msg("opt.participant_id"))->required();
  onRun(timeline, ctx, [&ctx, t] { return runTimeline(ctx, *t); });

  auto g = std::make_shared<ViewArgs>();
  CLI::App* agenda = addCommand(app, ctx, "agenda", "agenda");
  agenda->add_option("--date", g->date, ctx.msg("opt.view_date"));
  agenda->add_option("--coach", g->coach, ctx.msg("opt.view_coach"));
  agenda->add_option("--days", g->days, ctx.msg("opt.days"));
  onRun(agenda, ctx, [&ctx, g] { return runAgenda(ctx, *g); });

  auto c = std::make_shared<ViewArgs>();
  CLI::App* caseload = addCommand(app, ctx, "caseload", "caseload");
  caseload->add_option("--date", c->date, ctx.msg("opt.view_date"));
  caseload->add_option("--coach", c->coach, ctx.msg("opt.view_coach"));
  onRun(caseload, ctx, [&ctx, c] { return runCaseload(ctx, *c); });
}

}  // namespace coach::cli
