// cmd_access.cpp: the privacy officer's commands (docs/access-log.md; docs/cli.md, "Access log and retention"):
// `coach access-log PARTICIPANT [--from DAY] [--to DAY]`: who looked at or changed one participant's data, when,
// on which device and on whose behalf, from every device of the team once synced (an erased participant's id
// works too: the log keeps ids only); `coach retention [--date DAY] [--purge]`: what is past its retention term
// (counts and ids, never a name), and for a team lead the purge of it through the erasure machinery.
//
// Thread-safety: runs on the main thread (commands.hpp).
#include <memory>
#include <string>

#include "coach/access_log.hpp"
#include "coach/http_transport.hpp"
#include "commands.hpp"
#include "dates.hpp"
#include "server_link.hpp"
#include "table.hpp"

namespace coach::cli {
namespace {

struct AccessArgs {
  std::string participant;
  std::string from;
  std::string to;
};

struct RetentionArgs {
  std::string date;
  bool purge = false;
};

// A typed day (Dutch forms and words included) as YYYY-MM-DD; empty stays empty.
Result<std::string> typedDay(Context& ctx, const std::string& typed) {
  if (typed.empty()) return std::string();
  COACH_ASSIGN_OR_RETURN(Today today, ctx.today());
  auto day = parseDate(typed, today.day, ctx.msg);
  if (!day.ok()) return ctx.fail(kExitUsage, ErrorCode::InvalidArgument, day.error().message);
  return day;
}

std::string actionLabel(Context& ctx, const std::string& action) {
  if (action == "read") return ctx.msg("access.action_read");
  if (action == "write") return ctx.msg("access.action_write");
  if (action == "export") return ctx.msg("access.action_export");
  if (action == "erase") return ctx.msg("access.action_erase");
  return action;  // a newer app's action: shown as it is
}

bool isRecordId(const std::string& id) {
  return id.size() == 32 && id.find_first_not_of("0123456789abcdef") == std::string::npos;
}

Status runAccessLog(Context& ctx, const AccessArgs& a) {
  if (!isRecordId(a.participant)) return ctx.fail(kExitUsage, ErrorCode::InvalidArgument, ctx.msg("access.bad_id", a.participant));
  AccessLogQuery query{a.participant, {}, {}};
  COACH_ASSIGN_OR_RETURN(query.from, typedDay(ctx, a.from));
  COACH_ASSIGN_OR_RETURN(query.to, typedDay(ctx, a.to));
  if (!query.from.empty() && !query.to.empty() && query.from > query.to) {
    return ctx.fail(kExitUsage, ErrorCode::InvalidArgument, ctx.msg("access.bad_range"));
  }
  COACH_ASSIGN_OR_RETURN(Store * store, ctx.store());
  COACH_ASSIGN_OR_RETURN(std::vector<AccessEvent> list, ctx.core(accessLog(*store, query)));
  if (ctx.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const AccessEvent& e : list) out.push_back(toJson(e));
    ctx.printJson({{"participant", a.participant}, {"from", query.from}, {"to", query.to}, {"events", out}});
    return {};
  }
  if (list.empty()) {
    ctx.out() << ctx.msg("access.none", a.participant) << '\n';
    return {};
  }
  Table table({ctx.msg("label.access_when"), ctx.msg("label.access_who"), ctx.msg("label.access_device"),
               ctx.msg("label.access_action"), ctx.msg("label.access_behalf")});
  for (const AccessEvent& e : list) {
    table.add({displayDateTime(e.at, ctx.msg.lang()), e.actor, e.deviceId.substr(0, 8), actionLabel(ctx, e.action),
               e.onBehalfOf.empty() ? ctx.msg("access.own_work") : e.onBehalfOf});
  }
  table.print(ctx.out());
  ctx.out() << ctx.msg("access.footer", list.size()) << '\n';
  return {};
}

nlohmann::json participantsJson(const std::vector<RetentionParticipant>& list) {
  nlohmann::json out = nlohmann::json::array();
  for (const RetentionParticipant& p : list) {
    out.push_back({{"participant", p.id}, {"last_change", p.lastChange}, {"kept_until", p.keptUntil},
                   {"subsidy_open", p.subsidyOpen}});
  }
  return out;
}

void printRetention(Context& ctx, const RetentionReport& r) {
  ctx.out() << ctx.msg("retention.terms", r.terms.careDossierYears, r.terms.subsidyYearsAfterSettlement,
                       r.terms.accessLogYears) << '\n';
  ctx.out() << ctx.msg("retention.summary", displayDate(r.today, ctx.msg.lang()), r.pastTerm.size(),
                       r.heldBySubsidy.size(), r.accessEventsPastTerm.size()) << '\n';
  if (r.pastTerm.empty() && r.heldBySubsidy.empty()) return;
  Table table({ctx.msg("label.participant_id"), ctx.msg("label.last_change"), ctx.msg("label.kept_until"),
               ctx.msg("label.retention_state")});
  for (const auto* list : {&r.pastTerm, &r.heldBySubsidy}) {
    for (const RetentionParticipant& p : *list) {
      table.add({p.id, displayDate(p.lastChange, ctx.msg.lang()), displayDate(p.keptUntil, ctx.msg.lang()),
                 ctx.msg(p.subsidyOpen ? "retention.held" : "retention.to_erase")});
    }
  }
  table.print(ctx.out());
}

Status runPurge(Context& ctx, Store& store, const std::string& day) {
  COACH_ASSIGN_OR_RETURN(HttpOptions server, savedServer(ctx, store));
  COACH_ASSIGN_OR_RETURN(std::unique_ptr<HttpTransport> transport, connectTo(ctx, server));
  auto purged = purgeRetention(store, *transport, day);
  if (!purged.ok()) {
    if (purged.error().code == ErrorCode::Forbidden) {
      return ctx.fail(kExitRefused, ErrorCode::Forbidden, ctx.msg("retention.lead_only"));
    }
    return explainServerError(ctx, purged.error(), transport->lastFailure(), transport->serverName(), ServerStep::Devices);
  }
  if (ctx.json) {
    ctx.printJson({{"erased", purged->erased}, {"access_events_deleted", purged->accessEventsDeleted}});
  } else {
    ctx.out() << ctx.msg("retention.purged", purged->erased.size(), purged->accessEventsDeleted) << '\n';
  }
  return {};
}

Status runRetention(Context& ctx, const RetentionArgs& a) {
  COACH_ASSIGN_OR_RETURN(std::string day, typedDay(ctx, a.date));
  COACH_ASSIGN_OR_RETURN(Store * store, ctx.store());
  COACH_ASSIGN_OR_RETURN(RetentionReport report, ctx.core(retentionReport(*store, day)));
  if (a.purge) return runPurge(ctx, *store, report.today);
  if (ctx.json) {
    ctx.printJson({{"today", report.today},
                   {"terms", {{"care_dossier_years", report.terms.careDossierYears},
                              {"subsidy_years_after_settlement", report.terms.subsidyYearsAfterSettlement},
                              {"access_log_years", report.terms.accessLogYears}}},
                   {"participants_past_term", participantsJson(report.pastTerm)},
                   {"participants_held_by_subsidy", participantsJson(report.heldBySubsidy)},
                   {"access_events_past_term", report.accessEventsPastTerm}});
    return {};
  }
  printRetention(ctx, report);
  return {};
}

}  // namespace

void registerAccessCommands(CLI::App& app, Context& ctx) {
  auto a = std::make_shared<AccessArgs>();
  CLI::App* log = addCommand(app, ctx, "access-log", "access_log");
  log->add_option("participant", a->participant, ctx.msg("opt.participant_id"))->required();
  log->add_option("--from", a->from, ctx.msg("opt.access_from"));
  log->add_option("--to", a->to, ctx.msg("opt.access_to"));
  onRun(log, ctx, [&ctx, a] { return runAccessLog(ctx, *a); });

  auto r = std::make_shared<RetentionArgs>();
  CLI::App* retention = addCommand(app, ctx, "retention", "retention");
  retention->add_option("--date", r->date, ctx.msg("opt.retention_date"));
  retention->add_flag("--purge", r->purge, ctx.msg("opt.retention_purge"));
  onRun(retention, ctx, [&ctx, r] { return runRetention(ctx, *r); });
}

}  // namespace coach::cli
