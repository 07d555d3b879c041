// Erasure in the device lifecycle (coach/lifecycle.hpp; docs/erasure.md; proto/PROTOCOL.md "Erasure"): a team
// lead's device orders it through the server, every device carries out the orders it has not seen yet at the
// start of each sync. Local steps run under the store's lock, never across a network call.
#include <algorithm>

#include "coach/lifecycle.hpp"
#include "store/store_impl.hpp"
#include "sync/erasure.hpp"
#include "sync/lifecycle_detail.hpp"

namespace coach::lifecycle {
namespace {

// The order, made under the lock: the team key of this device's newest epoch and its signing key.
Result<crypto::Bytes> makeOrder(Store::Impl& impl, const sync::Id& shard, std::int64_t now) {
  COACH_TRY(impl.requireUnlocked());
  COACH_TRY(impl.requireMember());
  const Membership& m = *impl.membership;
  auto key = m.teamKeys.find(m.epoch);
  if (key == m.teamKeys.end() || !m.signer) {
    return makeError(ErrorCode::UnknownKey, "this device does not hold the team's current key: sync first");
  }
  sync::ErasureFields f;
  f.team = m.team;
  f.shard = shard;
  COACH_ASSIGN_OR_RETURN(f.author, sync::idFromText(impl.deviceId));
  f.erasedAt = now;
  f.epoch = m.epoch;
  return sync::makeErasureOrder(f, key->second.view(), *m.signer);
}

// Checks one listed order against the device list and the team keys. An order under an epoch this device does
// not hold yet answers UnknownKey (it waits).
Result<sync::ParsedErasure> checkOrder(Store::Impl& impl, const sync::ErasureEntry& entry,
                                       const std::vector<sync::DeviceInfo>& devices) {
  COACH_ASSIGN_OR_RETURN(sync::ParsedErasure order, sync::parseErasureOrder(entry.order));
  const Membership& m = *impl.membership;
  if (order.fields.team != m.team) {
    return makeError(ErrorCode::WrongTeam, "the server listed an erasure order of another team: it is misconfigured or hostile");
  }
  const std::string author = sync::idToText(order.fields.author);
  const sync::DeviceInfo* d = detail::findDevice(devices, author);
  if (d == nullptr || d->role != "lead") {
    return makeError(ErrorCode::Forbidden, "erasure order " + std::to_string(entry.index) + " comes from device " + author +
                                               ", which is not a team lead's: nothing was erased");
  }
  COACH_TRY(sync::verifyErasureSignature(order, d->signingKey));
  auto key = m.teamKeys.find(order.fields.epoch);
  if (key == m.teamKeys.end()) {
    return makeError(ErrorCode::UnknownKey, "erasure order " + std::to_string(entry.index) + " needs team key epoch " +
                                                std::to_string(order.fields.epoch) + ", which has not reached this device yet");
  }
  COACH_TRY(sync::verifyErasureMac(order, key->second.view()));
  return order;
}

std::uint32_t orderEpoch(const sync::ErasureEntry& entry) {
  auto order = sync::parseErasureOrder(entry.order);
  return order.ok() ? order->fields.epoch : 0;
}

ErasureAudit auditOf(const sync::ParsedErasure& order, std::uint64_t index) {
  return ErasureAudit{sync::idToText(order.fields.shard), order.fields.erasedAt, sync::idToText(order.fields.author), index, 0, {}};
}

}  // namespace

Result<ErasureAudit> eraseParticipant(Store& store, sync::Transport& transport, const std::string& participantId) {
  COACH_ASSIGN_OR_RETURN(sync::Id shard, sync::idFromText(participantId));
  COACH_TRY(locked(store, [&](Store::Impl& impl) -> Status {
    COACH_TRY(impl.requireUnlocked());
    COACH_ASSIGN_OR_RETURN(std::optional<RecordRef> ref, impl.findRecord(participantId));
    if (!ref || ref->kind == nullptr || ref->kind->name != std::string_view("participant")) {
      return makeError(ErrorCode::NotFound, "no participant " + participantId + " on this device: check the id, or sync first");
    }
    return {};
  }));
  COACH_ASSIGN_OR_RETURN(std::vector<sync::DeviceInfo> devices, transport.devices());
  COACH_TRY(detail::requireLead(devices, store.deviceId(), "erase a participant"));
  COACH_ASSIGN_OR_RETURN(crypto::Bytes order, locked(store, [&](Store::Impl& impl) {
    return makeOrder(impl, shard, impl.wall->nowMillis());
  }));
  COACH_ASSIGN_OR_RETURN(std::uint64_t index, transport.erase(order));
  COACH_ASSIGN_OR_RETURN(sync::ParsedErasure parsed, sync::parseErasureOrder(order));
  ErasureAudit audit = auditOf(parsed, index);
  COACH_TRY(locked(store, [&](Store::Impl& impl) -> Status {
    COACH_ASSIGN_OR_RETURN(bool erased, impl.eraseShard(audit));
    (void)erased;  // erased already (an earlier attempt got this far): the same outcome
    // The team's keys are compacted next; should that fail, this device's next sync finishes it.
    return impl.metaPut("compaction_owed", crypto::asBytes("1"));
  }));
  audit.appliedAt = locked(store, [](Store::Impl& impl) { return impl.wall->nowMillis(); });
  auto compacted = compactKeys(store, transport);
  if (compacted.ok()) audit.newRecoveryKey = std::move(compacted.value());
  return audit;
}

Result<std::size_t> applyErasures(Store& store, sync::Transport& transport, std::vector<std::string>& warnings) {
  COACH_ASSIGN_OR_RETURN(std::uint64_t seen, locked(store, [](Store::Impl& impl) { return impl.metaNumber("erasures_seen"); }));
  auto listed = transport.erasures(seen);
  if (!listed.ok() && listed.error().code == ErrorCode::ProtocolUnsupported) return std::size_t{0};
  COACH_TRY(listed);
  if (listed->empty()) return std::size_t{0};
  COACH_ASSIGN_OR_RETURN(std::vector<sync::DeviceInfo> devices, transport.devices());
  std::size_t erased = 0;
  for (const sync::ErasureEntry& entry : listed.value()) {
    if (entry.index <= seen) continue;
    COACH_ASSIGN_OR_RETURN(bool done, locked(store, [&](Store::Impl& impl) -> Result<bool> {
      COACH_TRY(impl.requireUnlocked());
      COACH_TRY(impl.requireMember());
      auto order = checkOrder(impl, entry, devices);
      if (!order.ok() && order.error().code == ErrorCode::UnknownKey && orderEpoch(entry) < impl.membership->floor) {
        // Under an epoch retired before this device joined or compacted (its team lead's signature checked, its
        // MAC no longer checkable): a device that held the data carried it out before retiring the epoch; one
        // that joined later never received any. Recorded, so the shard's tombstones and late arrivals are
        // dropped; a hostile server listing such an order can only make this device drop what it could as
        // well withhold.
        COACH_ASSIGN_OR_RETURN(sync::ParsedErasure old, sync::parseErasureOrder(entry.order));
        COACH_ASSIGN_OR_RETURN(bool recorded, impl.eraseShard(auditOf(old, entry.index)));
        (void)recorded;
        COACH_TRY(impl.metaPut("erasures_seen", crypto::asBytes(std::to_string(entry.index))));
        return true;
      }
      if (!order.ok() && order.error().code == ErrorCode::UnknownKey) {
        warnings.push_back(order.error().message + "; it is carried out at a later sync");
        return false;
      }
      COACH_TRY(order);
      COACH_ASSIGN_OR_RETURN(bool fresh, impl.eraseShard(auditOf(order.value(), entry.index)));
      if (fresh) ++erased;
      COACH_TRY(impl.metaPut("erasures_seen", crypto::asBytes(std::to_string(entry.index))));
      return true;
    }));
    if (!done) break;  // later orders wait behind it, in the team's order
    seen = entry.index;
  }
  return erased;
}

Result<std::vector<ErasureAudit>> erasures(Store& store) {
  return locked(store, [](Store::Impl& impl) -> Result<std::vector<ErasureAudit>> {
    COACH_TRY(impl.requireUnlocked());
    return impl.erasureLog();
  });
}

}  // namespace coach::lifecycle
