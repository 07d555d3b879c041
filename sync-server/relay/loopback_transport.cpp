// relay/loopback_transport.cpp: LoopbackTransport, every message through its wire form and the relay.
// Thread-safety: as the Relay it calls.
#include "relay/loopback_transport.hpp"

#include "sync/messages.hpp"
#include "sync/messages_binary.hpp"

namespace coach::relay {
namespace {

using nlohmann::json;

// Sends `value` through its JSON text, as a wire would.
json wire(const json& value) { return json::parse(value.dump()); }

template <class T>
Result<T> errorThroughWire(const Error& e) {
  return sync::errorFromJson(wire(sync::errorJson(e)), errorInfo(e.code).httpStatus);
}

Status statusThroughWire(const Status& s) {
  if (s.ok()) return {};
  return sync::errorFromJson(wire(sync::errorJson(s.error())), errorInfo(s.error().code).httpStatus);
}

// The limits coach-syncd's decoder applies (its body limit aside, which is HTTP's business).
sync::BinaryLimits serverLimits(const RelayLimits& relay) {
  sync::BinaryLimits limits;
  limits.maxItems = relay.maxEnvelopesPerPush;
  limits.maxEnvelopeBytes = relay.maxEnvelopeBytes;
  return limits;
}

}  // namespace

Result<sync::PushResponse> LoopbackTransport::push(const sync::PushRequest& request) {
  if (format_ == sync::BodyFormat::Json) {
    COACH_ASSIGN_OR_RETURN(sync::PushRequest received, sync::pushRequestFromJson(wire(sync::toJson(request))));
    auto response = relay_.push(caller_, std::move(received));
    if (!response.ok()) return errorThroughWire<sync::PushResponse>(response.error());
    return sync::pushResponseFromJson(wire(sync::toJson(response.value())));
  }
  COACH_ASSIGN_OR_RETURN(std::string body, sync::toBinary(request));
  auto received = sync::pushRequestFromBinary(body, serverLimits(relay_.limits()));
  if (!received.ok()) return errorThroughWire<sync::PushResponse>(received.error());
  auto response = relay_.push(caller_, std::move(received).value());
  if (!response.ok()) return errorThroughWire<sync::PushResponse>(response.error());
  COACH_ASSIGN_OR_RETURN(std::string answer, sync::toBinary(response.value()));
  sync::BinaryLimits limits;
  limits.maxItems = request.envelopes.size();
  return sync::pushResponseFromBinary(answer, limits);
}

Result<sync::PullResponse> LoopbackTransport::pull(const sync::PullRequest& request) {
  COACH_ASSIGN_OR_RETURN(sync::PullRequest received, sync::pullRequestFromJson(wire(sync::toJson(request))));
  auto response = relay_.pull(caller_, received);
  if (!response.ok()) return errorThroughWire<sync::PullResponse>(response.error());
  if (format_ == sync::BodyFormat::Json) return sync::pullResponseFromJson(wire(sync::toJson(response.value())));
  COACH_ASSIGN_OR_RETURN(std::string answer, sync::toBinary(response.value()));
  sync::BinaryLimits limits;
  limits.maxItems = request.limit;
  return sync::pullResponseFromBinary(answer, limits);
}

Result<std::vector<sync::DeviceInfo>> LoopbackTransport::devices() {
  auto response = relay_.devices(caller_);
  if (!response.ok()) return errorThroughWire<std::vector<sync::DeviceInfo>>(response.error());
  return sync::devicesFromJson(wire(sync::toJson(response.value())));
}

Result<sync::SnapshotList> LoopbackTransport::snapshots() {
  auto response = relay_.snapshots(caller_);
  if (!response.ok()) return errorThroughWire<sync::SnapshotList>(response.error());
  return sync::snapshotListFromJson(wire(sync::toJson(response.value())));
}

Result<sync::SnapshotList> LoopbackTransport::snapshotsOf(const std::string& shard) {
  auto response = relay_.snapshotsOf(caller_, shard);
  if (!response.ok()) return errorThroughWire<sync::SnapshotList>(response.error());
  return sync::snapshotListFromJson(wire(sync::toJson(response.value())));
}

Result<sync::Snapshot> LoopbackTransport::snapshot(const std::string& shard) {
  auto response = relay_.snapshot(caller_, shard);
  if (!response.ok()) return errorThroughWire<sync::Snapshot>(response.error());
  if (format_ == sync::BodyFormat::Json) return sync::snapshotFromJson(wire(sync::toJson(response.value())));
  COACH_ASSIGN_OR_RETURN(std::string answer, sync::toBinary(response.value()));
  return sync::snapshotFromBinary(answer, sync::BinaryLimits{});
}

Status LoopbackTransport::putSnapshot(const sync::Snapshot& snapshot) {
  COACH_ASSIGN_OR_RETURN(sync::Snapshot received, sync::snapshotFromJson(wire(sync::toJson(snapshot))));
  auto response = relay_.putSnapshot(caller_, received);
  if (!response.ok()) return sync::errorFromJson(wire(sync::errorJson(response.error())), errorInfo(response.error().code).httpStatus);
  return {};
}

Result<sync::GrantsAnswer> LoopbackTransport::grants() {
  auto response = relay_.grants(caller_);
  if (!response.ok()) return errorThroughWire<sync::GrantsAnswer>(response.error());
  COACH_ASSIGN_OR_RETURN(sync::GrantList list, sync::grantsFromJson(wire(sync::toJson(response.value()))));
  return sync::GrantsAnswer{std::move(list.grants), list.newestEpoch, list.rotationNeeded};
}

Status LoopbackTransport::approve(const std::string& device, const std::vector<sync::Grant>& grants) {
  COACH_ASSIGN_OR_RETURN(sync::GrantList received, sync::grantsFromJson(wire(sync::toJson(grants))));
  return statusThroughWire(relay_.approve(caller_, device, received.grants));
}

Status LoopbackTransport::putGrants(std::uint32_t newEpoch, const std::vector<sync::Grant>& grants) {
  COACH_ASSIGN_OR_RETURN(sync::GrantList received, sync::grantsFromJson(wire(sync::toJson(grants, newEpoch))));
  return statusThroughWire(relay_.putGrants(caller_, received.newEpoch, received.grants));
}

Status LoopbackTransport::revoke(const std::string& device) { return statusThroughWire(relay_.revoke(caller_, device)); }

Status LoopbackTransport::replaceAgreementKey(const sync::AgreementKeyChange& change) {
  COACH_ASSIGN_OR_RETURN(sync::AgreementKeyChange received, sync::agreementKeyChangeFromJson(wire(sync::toJson(change))));
  return statusThroughWire(relay_.replaceAgreementKey(caller_, received));
}

Result<std::uint64_t> LoopbackTransport::erase(const crypto::Bytes& order) {
  COACH_ASSIGN_OR_RETURN(crypto::Bytes received, sync::erasureRequestFromJson(wire(sync::erasureRequestToJson(order))));
  auto response = relay_.erase(caller_, received);
  if (!response.ok()) return errorThroughWire<std::uint64_t>(response.error());
  return sync::erasureAnswerFromJson(wire(sync::erasureAnswerToJson(response->index)));
}

Result<std::vector<sync::ErasureEntry>> LoopbackTransport::erasures(std::uint64_t after) {
  auto response = relay_.erasures(caller_, after);
  if (!response.ok()) return errorThroughWire<std::vector<sync::ErasureEntry>>(response.error());
  return sync::erasuresFromJson(wire(sync::toJson(response.value())));
}

}  // namespace coach::relay
