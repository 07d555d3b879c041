// Store: the NEN 7513 access log on the device (docs/access-log.md). Every read, write, export and erasure of a
// participant's data through the public API becomes an access_event record (team shard, PHI-free: when, who,
// which device, which participant id, what, on whose behalf) that syncs like any record.
//
// Coalescing: a read or a write of the same participant by the same actor on the same device, on the same
// behalf, within kCoalesceMinutes of a logged one adds no new event. NEN 7513 asks that the log can answer
// "who accessed which client's data when, and why"; a coach who opens a dossier and scrolls it for ten minutes
// performs one access, and the window keeps that answer exact to the quarter-hour while the log stays readable.
// Exports and erasures are never coalesced.
#include "coach/store.hpp"
#include "query/calendar.hpp"
#include "store/read_scope.hpp"

namespace coach {
namespace {

constexpr std::int64_t kCoalesceMinutes = 15;

// Who, as the log names them: the profile's staff handle; a profile made without one is named by its device.
std::string loggedActor(const Store::Impl& impl) {
  return impl.actor.empty() ? "device " + impl.deviceId.substr(0, 8) : impl.actor;
}

}  // namespace

ReadScope::ReadScope(Store::Impl& impl, std::string_view action) : impl_(impl) {
  outermost_ = impl_.access.scopes == 0;
  if (outermost_) {
    impl_.access.scopeAction = std::string(action);
    impl_.access.reads.clear();
  }
  ++impl_.access.scopes;
}

ReadScope::~ReadScope() {
  if (outermost_ && !finished_) (void)impl_.flushReads();  // best effort: a failed read was an access too
  --impl_.access.scopes;
  if (outermost_) impl_.access.reads.clear();
}

Status ReadScope::finish() {
  if (!outermost_ || finished_) return {};
  finished_ = true;
  return impl_.flushReads();
}

Status Store::Impl::noteRead(const std::string& shard) {
  if (access.scopes == 0) {
    return makeError(ErrorCode::Internal, "a participant's record was read outside the access log's scope: "
                                          "this is a bug, please report it (nothing was shown)");
  }
  if (shard != model::kTeamShard) access.reads.insert(shard);
  return {};
}

Status Store::Impl::flushReads() {
  if (access.reads.empty()) return {};
  std::set<std::string> shards;
  shards.swap(access.reads);
  COACH_ASSIGN_OR_RETURN(store::Transaction txn, store::Transaction::begin(db, stmts.get()));
  Status logged = [&]() -> Status {
    WriteGuardScope scope(writeAllowed);
    return logAccessInTransaction(shards, access.scopeAction);
  }();
  if (logged.ok()) logged = txn.commit();
  if (!logged.ok()) {
    return makeError(logged.error().code, "the access log could not record this read, so nothing is shown: " +
                                              logged.error().message);
  }
  return {};
}

namespace {

// True when an event of this actor, device, participant, action and behalf was logged since `since`.
Result<bool> loggedSince(Store::Impl& impl, const std::string& shard, std::string_view action,
                         const std::string& since) {
  COACH_ASSIGN_OR_RETURN(store::Stmt* s, impl.stmt(
      "SELECT 1 FROM k_access_event WHERE shard = 'team' AND at >= ? AND participant_ref = ? AND action = ?"
      " AND actor = ? AND device_id = ? AND coalesce(on_behalf_of, '') = ? LIMIT 1"));
  store::StmtGuard guard(*s);
  COACH_TRY(s->bindText(1, since));
  COACH_TRY(s->bindText(2, shard));
  COACH_TRY(s->bindText(3, action));
  COACH_TRY(s->bindText(4, loggedActor(impl)));
  COACH_TRY(s->bindText(5, impl.deviceId));
  COACH_TRY(s->bindText(6, impl.access.onBehalfOf));
  return s->step();
}

}  // namespace

Status Store::Impl::logAccessInTransaction(const std::set<std::string>& shards, std::string_view action) {
  if (!access.enabled) return {};
  const std::int64_t now = wall->nowMillis();
  const std::string at = calendar::amsterdamMinute(now);
  const std::string since = calendar::amsterdamMinute(now - kCoalesceMinutes * 60 * 1000);
  const bool coalesces = action == "read" || action == "write";
  for (const std::string& shard : shards) {
    if (shard == model::kTeamShard || shard.size() != 32) continue;
    if (coalesces) {
      COACH_ASSIGN_OR_RETURN(bool recent, loggedSince(*this, shard, action, since));
      if (recent) continue;
    }
    nlohmann::json fields{{"at", at},         {"actor", loggedActor(*this)}, {"device_id", deviceId},
                          {"participant_ref", shard}, {"action", action}};
    if (!access.onBehalfOf.empty()) fields["on_behalf_of"] = access.onBehalfOf;
    const Mutation m{Mutation::Op::Create, "access_event", {}, std::move(fields)};
    COACH_ASSIGN_OR_RETURN(std::string id, createInTransaction(m));
    (void)id;
  }
  return {};
}

void Store::setOnBehalfOf(std::string_view onBehalfOf) {
  std::lock_guard lock(impl_->mu);
  impl_->access.onBehalfOf = std::string(onBehalfOf);
}

}  // namespace coach
