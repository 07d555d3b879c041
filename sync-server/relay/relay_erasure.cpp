// relay/relay_erasure.cpp: the relay's erasure rules (proto/PROTOCOL.md, "Erasure"): a team lead's device hands
// an erasure order, the relay checks its structure, team, author and signature (it cannot check the MAC: it
// holds no team key) and has the storage erase the shard in one durable step; any approved device lists the
// orders. Thread-safety: as Relay.
#include "relay/relay.hpp"
#include "sync/erasure.hpp"

namespace coach::relay {

Result<ErasureReceipt> Relay::erase(const Caller& caller, const crypto::Bytes& order) {
  COACH_ASSIGN_OR_RETURN(DeviceRecord self, authoriseLead(caller, "erase a participant"));
  COACH_ASSIGN_OR_RETURN(sync::ParsedErasure parsed, sync::parseErasureOrder(order));
  if (sync::idToText(parsed.fields.team) != caller.team) {
    return makeError(ErrorCode::WrongTeam, "the erasure order names another team than the device belongs to");
  }
  if (sync::idToText(parsed.fields.author) != caller.device) {
    return makeError(ErrorCode::Unauthorized, "the erasure order names another author than the device sending it");
  }
  COACH_TRY(sync::verifyErasureSignature(parsed, self.signingKey));
  ErasureRecord record{sync::shardToText(parsed.fields.shard), order, caller.device, clock_.nowMillis()};
  COACH_ASSIGN_OR_RETURN(std::uint64_t index, storage_.erase(caller.team, record));
  return ErasureReceipt{index, std::move(record.shard)};
}

Result<std::vector<sync::ErasureEntry>> Relay::erasures(const Caller& caller, std::uint64_t after) {
  COACH_TRY(authorise(caller));
  return storage_.erasures(caller.team, after);
}

}  // namespace coach::relay
