// Retention (coach/access_log.hpp; docs/access-log.md, "Retention"). Every record kind has a class: the care
// dossier (every record of a participant's shard; WGBO: 20 years after the dossier's last change), subsidy
// administration (a funded trajectory; until the funder settled it, plus the organisation's years), the access
// log (5 years after the event), and team records (employers, generic contacts and meetings, fidelity scores,
// retention rules: kept while the team uses them, no automatic term). A whole participant is erased, never a
// part of a dossier: the dossier's term runs from its newest change.
#include <map>

#include "coach/access_log.hpp"
#include "coach/lifecycle.hpp"
#include "query/calendar.hpp"
#include "store/store_impl.hpp"

namespace coach {
namespace {

// The day a term of `years` after `day` has passed: after `day` + years, so true when day < today - years.
bool pastTerm(const std::string& day, int years, const std::string& today) {
  return day < calendar::addMonths(today, -12 * years);
}

std::string keptUntil(const std::string& day, int years) { return calendar::addMonths(day, 12 * years); }

Result<RetentionTerms> loadTerms(Store::Impl& impl) {
  RetentionTerms terms;
  COACH_ASSIGN_OR_RETURN(store::Stmt* s, impl.stmt(
      "SELECT record_class, years FROM k_retention_rule WHERE archived = 0 ORDER BY set_on, created_hlc"));
  store::StmtGuard guard(*s);
  while (true) {
    COACH_ASSIGN_OR_RETURN(bool row, s->step());
    if (!row) break;
    const std::string cls = s->textAt(0);
    const int years = static_cast<int>(s->intAt(1));
    if (cls == "care_dossier") terms.careDossierYears = years;
    else if (cls == "subsidy_administration") terms.subsidyYearsAfterSettlement = years;
    else if (cls == "access_log") terms.accessLogYears = years;
  }
  return terms;
}

// Participant shard -> the newest change of any of its records (HLC milliseconds).
Result<std::map<std::string, std::int64_t>> lastChanges(Store::Impl& impl) {
  std::map<std::string, std::int64_t> newest;
  for (const model::KindDef& kind : model::Registry::instance().kinds()) {
    if (kind.shard == model::ShardRule::Team) continue;
    COACH_ASSIGN_OR_RETURN(store::Stmt* s, impl.stmt("SELECT shard, max(updated_hlc) FROM " + store::tableName(kind) +
                                                     " WHERE shard != 'team' GROUP BY shard"));
    store::StmtGuard guard(*s);
    while (true) {
      COACH_ASSIGN_OR_RETURN(bool row, s->step());
      if (!row) break;
      const auto millis = static_cast<std::int64_t>(Hlc{static_cast<std::uint64_t>(s->intAt(1))}.millis());
      auto& slot = newest[s->textAt(0)];
      slot = std::max(slot, millis);
    }
  }
  return newest;
}

// Shards with a funded trajectory whose subsidy administration is still within its term on `today`.
Result<std::set<std::string>> openSubsidies(Store::Impl& impl, const RetentionTerms& terms, const std::string& today) {
  std::set<std::string> open;
  COACH_ASSIGN_OR_RETURN(store::Stmt* s, impl.stmt(
      "SELECT shard, subsidy_settled_on FROM k_trajectory WHERE funding_route IS NOT NULL"));
  store::StmtGuard guard(*s);
  while (true) {
    COACH_ASSIGN_OR_RETURN(bool row, s->step());
    if (!row) break;
    if (s->isNull(1) || !pastTerm(s->textAt(1), terms.subsidyYearsAfterSettlement, today)) open.insert(s->textAt(0));
  }
  return open;
}

Result<std::vector<std::string>> expiredAccessEvents(Store::Impl& impl, const RetentionTerms& terms,
                                                     const std::string& today) {
  COACH_ASSIGN_OR_RETURN(store::Stmt* s, impl.stmt(
      "SELECT r.id FROM k_access_event k JOIN record r ON r.rid = k.rid WHERE k.shard = 'team' AND k.at < ?"
      " ORDER BY k.at, r.id"));
  store::StmtGuard guard(*s);
  COACH_TRY(s->bindText(1, calendar::addMonths(today, -12 * terms.accessLogYears)));
  std::vector<std::string> ids;
  while (true) {
    COACH_ASSIGN_OR_RETURN(bool row, s->step());
    if (!row) break;
    ids.push_back(s->textAt(0));
  }
  return ids;
}

Result<RetentionReport> reportLocked(Store::Impl& impl, const std::string& todayArg) {
  COACH_TRY(impl.requireUnlocked());
  RetentionReport report;
  report.today = todayArg.empty() ? amsterdamDate(impl.wall->nowMillis()) : todayArg;
  if (!model::isIsoDate(report.today)) {
    return makeError(ErrorCode::InvalidArgument, "retention: the day must be YYYY-MM-DD, for example 2026-03-29");
  }
  COACH_ASSIGN_OR_RETURN(report.terms, loadTerms(impl));
  COACH_ASSIGN_OR_RETURN(auto changes, lastChanges(impl));
  COACH_ASSIGN_OR_RETURN(auto subsidies, openSubsidies(impl, report.terms, report.today));
  for (const auto& [shard, millis] : changes) {
    const std::string last = amsterdamDate(millis);
    if (!pastTerm(last, report.terms.careDossierYears, report.today)) continue;
    RetentionParticipant p{shard, last, keptUntil(last, report.terms.careDossierYears), subsidies.count(shard) > 0};
    (p.subsidyOpen ? report.heldBySubsidy : report.pastTerm).push_back(std::move(p));
  }
  COACH_ASSIGN_OR_RETURN(report.accessEventsPastTerm, expiredAccessEvents(impl, report.terms, report.today));
  return report;
}

// Removes one access event from this device: its row, its record and what hangs off it (never sent ones too).
Status deleteAccessEvent(Store::Impl& impl, const std::string& id) {
  for (const char* sql : {"DELETE FROM field_history WHERE rid = (SELECT rid FROM record WHERE id = ?)",
                          "DELETE FROM lineage WHERE rid = (SELECT rid FROM record WHERE id = ?)",
                          "DELETE FROM conflict WHERE rid = (SELECT rid FROM record WHERE id = ?)",
                          "DELETE FROM outbox WHERE rid = (SELECT rid FROM record WHERE id = ?)",
                          "DELETE FROM k_access_event WHERE rid = (SELECT rid FROM record WHERE id = ?)",
                          "DELETE FROM record WHERE id = ? AND kind = 'access_event'"}) {
    COACH_ASSIGN_OR_RETURN(store::Stmt* s, impl.stmt(sql));
    store::StmtGuard guard(*s);
    COACH_TRY(s->bindText(1, id));
    COACH_TRY(s->run());
  }
  return {};
}

}  // namespace

Result<RetentionReport> retentionReport(Store& store, const std::string& today) {
  return locked(store, [&](Store::Impl& impl) { return reportLocked(impl, today); });
}

Result<std::size_t> purgeAccessEvents(Store& store, const std::string& today) {
  return locked(store, [&](Store::Impl& impl) -> Result<std::size_t> {
    COACH_ASSIGN_OR_RETURN(RetentionReport report, reportLocked(impl, today));
    if (report.accessEventsPastTerm.empty()) return std::size_t{0};
    COACH_ASSIGN_OR_RETURN(store::Transaction txn, store::Transaction::begin(impl.db, impl.stmts.get()));
    {
      WriteGuardScope scope(impl.writeAllowed);
      for (const std::string& id : report.accessEventsPastTerm) COACH_TRY(deleteAccessEvent(impl, id));
    }
    COACH_TRY(txn.commit());
    return report.accessEventsPastTerm.size();
  });
}

Result<RetentionPurge> purgeRetention(Store& store, sync::Transport& transport, const std::string& today) {
  RetentionPurge purge;
  COACH_ASSIGN_OR_RETURN(RetentionReport report, retentionReport(store, today));
  COACH_ASSIGN_OR_RETURN(purge.accessEventsDeleted, purgeAccessEvents(store, report.today));
  const std::string before = locked(store, [](Store::Impl& impl) { return impl.access.onBehalfOf; });
  store.setOnBehalfOf("retention term");  // the erase events say why
  Status status;
  for (const RetentionParticipant& p : report.pastTerm) {
    auto erased = lifecycle::eraseParticipant(store, transport, p.id);
    if (!erased.ok()) {
      status = std::move(erased).error();
      break;
    }
    purge.erased.push_back(p.id);
  }
  store.setOnBehalfOf(before);
  COACH_TRY(status);
  return purge;
}

}  // namespace coach
