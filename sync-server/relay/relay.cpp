#include "relay/relay.hpp"

#include "clock/hlc.hpp"
#include "sync/chain.hpp"

namespace coach::relay {

Relay::Relay(Storage& storage, const WallClock& clock, RelayLimits limits)
    : storage_(storage), clock_(clock), limits_(limits) {}

Result<DeviceRecord> Relay::authorise(const Caller& caller) {
  COACH_ASSIGN_OR_RETURN(std::optional<DeviceRecord> device, storage_.device(caller.team, caller.device));
  if (!device) return makeError(ErrorCode::Unauthorized, "this device is not registered with the team: enrol it first");
  if (device->revoked) {
    return makeError(ErrorCode::DeviceRevoked, "this device was revoked by the team: it can no longer sync. "
                                               "Contact your team lead or administrator");
  }
  return std::move(*device);
}

namespace {

Status checkEnvelope(const sync::ParsedEnvelope& env, const Caller& caller, const DeviceRecord& device,
                     const HybridClock& clock) {
  if (sync::idToText(env.header.team) != caller.team) {
    return makeError(ErrorCode::WrongTeam, "the envelope names another team than the device belongs to");
  }
  if (sync::idToText(env.header.device) != caller.device) {
    return makeError(ErrorCode::Unauthorized, "the envelope names another device than the one pushing it");
  }
  COACH_TRY(sync::verifySignature(env, device.signingKey));
  return clock.checkDrift(Hlc{env.header.newestHlc});
}

}  // namespace

Result<sync::PushResponse> Relay::push(const Caller& caller, const sync::PushRequest& request) {
  COACH_ASSIGN_OR_RETURN(DeviceRecord device, authorise(caller));
  if (request.envelopes.size() > limits_.maxEnvelopesPerPush) {
    return makeError(ErrorCode::PayloadTooLarge, "a push holds at most " + std::to_string(limits_.maxEnvelopesPerPush) + " envelopes");
  }
  for (const sync::KeyRecord& k : request.keys) {
    if (k.author != caller.device) return makeError(ErrorCode::Unauthorized, "a key record names another author than the pushing device");
  }
  const HybridClock drift(clock_, limits_.driftBoundMillis);
  sync::ChainState chain{device.lastSequence, device.lastHash};
  std::vector<NewEnvelope> fresh;
  for (const crypto::Bytes& bytes : request.envelopes) {
    if (bytes.size() > limits_.maxEnvelopeBytes) {
      return makeError(ErrorCode::PayloadTooLarge, "an envelope of " + std::to_string(bytes.size()) + " bytes exceeds the limit of " +
                                                       std::to_string(limits_.maxEnvelopeBytes));
    }
    COACH_ASSIGN_OR_RETURN(sync::ParsedEnvelope env, sync::parseEnvelope(bytes));
    COACH_TRY(checkEnvelope(env, caller, device, drift));
    COACH_ASSIGN_OR_RETURN(sync::ChainVerdict verdict, sync::checkChain(chain, env));
    if (verdict == sync::ChainVerdict::Duplicate) {
      COACH_ASSIGN_OR_RETURN(std::optional<crypto::Bytes> stored, storage_.envelope(caller.team, caller.device, env.header.sequence));
      if (stored && *stored != bytes) {
        return makeError(ErrorCode::SequenceReplayed, "sequence " + std::to_string(env.header.sequence) +
                                                          " was already stored with other contents");
      }
      continue;  // acknowledged again, not stored twice
    }
    chain = sync::advance(env);
    fresh.push_back(NewEnvelope{env.header.sequence, chain.lastHash, sync::shardToText(env.header.shard), bytes});
  }
  sync::PushResponse response;
  if (!fresh.empty() || !request.keys.empty()) {
    COACH_ASSIGN_OR_RETURN(response.serverSeqs, storage_.append(caller.team, caller.device, device.lastSequence, fresh, request.keys));
  }
  response.lastSequence = chain.lastSequence;
  return response;
}

Result<sync::PullResponse> Relay::pull(const Caller& caller, const sync::PullRequest& request) {
  COACH_ASSIGN_OR_RETURN(DeviceRecord device, authorise(caller));
  (void)device;
  const std::uint32_t limit = std::min(request.limit, limits_.maxPageItems);
  const std::uint32_t bytes = std::min(request.maxBytes, limits_.maxPageBytes);
  return storage_.page(caller.team, request.after, std::max<std::uint32_t>(limit, 1), std::max<std::uint32_t>(bytes, 1));
}

Result<std::vector<sync::DeviceInfo>> Relay::devices(const Caller& caller) {
  COACH_ASSIGN_OR_RETURN(DeviceRecord device, authorise(caller));
  (void)device;
  return storage_.devices(caller.team);
}

}  // namespace coach::relay
