// The access log's readers (coach/access_log.hpp; docs/access-log.md): one participant's events for the privacy
// officer, and the participant export, which is logged as an export (not as reads) before it is handed out.
#include "coach/access_log.hpp"
#include "model/value.hpp"
#include "query/calendar.hpp"
#include "store/read_scope.hpp"

namespace coach {
namespace {

using nlohmann::json;

bool isId(const std::string& id) {
  return id.size() == 32 && id.find_first_not_of("0123456789abcdef") == std::string::npos;
}

Status checkQuery(const AccessLogQuery& q) {
  if (!isId(q.participant)) {
    return makeError(ErrorCode::InvalidArgument, "access log: a participant's id is 32 characters 0-9 and a-f "
                                                 "(as `coach list participant` or `coach erasures` shows it)");
  }
  for (const std::string* day : {&q.from, &q.to}) {
    if (!day->empty() && !model::isIsoDate(*day)) {
      return makeError(ErrorCode::InvalidArgument, "access log: a day must be YYYY-MM-DD, for example 2026-03-29");
    }
  }
  if (!q.from.empty() && !q.to.empty() && q.from > q.to) {
    return makeError(ErrorCode::InvalidArgument, "access log: the first day (" + q.from + ") is after the last (" + q.to + ")");
  }
  return {};
}

// Every record of the participant's shard, kind by kind in registry order, newest business date first (as
// Store::list orders them), archived ones included.
Status shardRecords(Store::Impl& impl, const std::string& shard, json& records) {
  for (const model::KindDef& kind : model::Registry::instance().kinds()) {
    if (kind.shard == model::ShardRule::Team || kind.shard == model::ShardRule::Self) continue;
    const std::string order = kind.dateField.empty() ? " ORDER BY k.rid DESC"
                                                     : " ORDER BY k." + std::string(kind.dateField) + " DESC, k.rid DESC";
    COACH_ASSIGN_OR_RETURN(store::Stmt* s, impl.stmt(Store::Impl::selectFrom(kind) + " WHERE k.shard = ?" + order));
    store::StmtGuard guard(*s);
    COACH_TRY(s->bindText(1, shard));
    while (true) {
      COACH_ASSIGN_OR_RETURN(bool row, s->step());
      if (!row) break;
      COACH_ASSIGN_OR_RETURN(StoredRecord rec, impl.readRow(kind, *s));
      COACH_ASSIGN_OR_RETURN(json j, impl.toJson(rec));
      records.push_back(std::move(j));
    }
  }
  return {};
}

Result<json> buildExport(Store::Impl& impl, const std::string& id) {
  COACH_ASSIGN_OR_RETURN(std::optional<StoredRecord> rec, impl.loadRecord(id));
  if (!rec || rec->ref.kind->name != std::string_view("participant")) {
    return makeError(ErrorCode::NotFound, "there is no participant with id " + id + " on this device");
  }
  COACH_ASSIGN_OR_RETURN(json participant, impl.toJson(*rec));
  json records = json::array();
  COACH_TRY(shardRecords(impl, id, records));
  COACH_ASSIGN_OR_RETURN(std::vector<Conflict> conflicts, impl.conflictsLocked(&id));
  json open = json::array();
  for (const Conflict& c : conflicts) open.push_back({{"record", c.recordId}, {"field", c.field}, {"other_value", c.losingValue}});
  return json{{"format", "coach.participant-export.v1"},
              {"exported_at", calendar::amsterdamMinute(impl.wall->nowMillis())},
              {"exported_by", impl.actor},
              {"device", impl.deviceId},
              {"participant", std::move(participant)},
              {"records", std::move(records)},
              {"unresolved_conflicts", std::move(open)}};
}

}  // namespace

json toJson(const AccessEvent& e) {
  json j{{"id", e.id}, {"at", e.at}, {"actor", e.actor}, {"device", e.deviceId}, {"participant", e.participant},
         {"action", e.action}};
  j["on_behalf_of"] = e.onBehalfOf.empty() ? json() : json(e.onBehalfOf);
  return j;
}

Result<std::vector<AccessEvent>> accessLog(Store& store, const AccessLogQuery& query) {
  COACH_TRY(checkQuery(query));
  return locked(store, [&](Store::Impl& impl) -> Result<std::vector<AccessEvent>> {
    COACH_TRY(impl.requireUnlocked());
    // "at" is local wall time to the minute; the day bounds compare as text ("2026-03-02T..." sorts by day).
    const std::string from = query.from.empty() ? std::string("0000") : query.from;
    const std::string to = query.to.empty() ? std::string("9999") : calendar::addDays(query.to, 1);
    COACH_ASSIGN_OR_RETURN(store::Stmt* s, impl.stmt(
        "SELECT r.id, k.at, k.actor, k.device_id, k.participant_ref, k.action, k.on_behalf_of FROM k_access_event k"
        " JOIN record r ON r.rid = k.rid WHERE k.shard = 'team' AND k.at >= ? AND k.at < ? AND k.participant_ref = ?"
        " ORDER BY k.at, k.created_hlc"));
    store::StmtGuard guard(*s);
    COACH_TRY(s->bindText(1, from));
    COACH_TRY(s->bindText(2, to));
    COACH_TRY(s->bindText(3, query.participant));
    std::vector<AccessEvent> out;
    while (true) {
      COACH_ASSIGN_OR_RETURN(bool row, s->step());
      if (!row) break;
      out.push_back(AccessEvent{s->textAt(0), s->textAt(1), s->textAt(2), s->isNull(3) ? std::string() : s->textAt(3),
                                s->textAt(4), s->textAt(5), s->isNull(6) ? std::string() : s->textAt(6)});
    }
    return out;
  });
}

Result<json> exportParticipant(Store& store, const std::string& participantId, const std::string& onBehalfOf) {
  return locked(store, [&](Store::Impl& impl) -> Result<json> {
    COACH_TRY(impl.requireUnlocked());
    const std::string before = impl.access.onBehalfOf;
    impl.access.onBehalfOf = onBehalfOf;
    auto restore = [&] { impl.access.onBehalfOf = before; };
    Result<json> doc = [&]() -> Result<json> {
      ReadScope scope(impl, "export");
      COACH_ASSIGN_OR_RETURN(json built, buildExport(impl, participantId));
      COACH_TRY(scope.finish());  // the export event is on disk before anything is handed out
      return built;
    }();
    restore();
    return doc;
  });
}

}  // namespace coach
