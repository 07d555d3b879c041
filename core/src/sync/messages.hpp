// sync/messages.hpp: the JSON forms of the protocol messages (proto/PROTOCOL.md, "Messages"; the JSON
// Schemas in proto/schemas/ describe exactly these).
//
// Decoders are strict: a missing or mistyped member, an unknown protocol version, bad base64 or an id that is
// not 32 hex characters gives InvalidArgument (or ProtocolUnsupported) with what is wrong.
#pragma once

#include <nlohmann/json.hpp>

#include "coach/error.hpp"
#include "coach/sync.hpp"

namespace coach::sync {

nlohmann::json toJson(const PushRequest& m);
nlohmann::json toJson(const PushResponse& m);
nlohmann::json toJson(const PullRequest& m);
nlohmann::json toJson(const PullResponse& m);
nlohmann::json toJson(const std::vector<DeviceInfo>& m);
nlohmann::json toJson(const KeyRecord& m);
nlohmann::json toJson(const EnrolRequest& m);
nlohmann::json toJson(const EnrolResponse& m);
nlohmann::json toJson(const SnapshotMeta& m);
nlohmann::json toJson(const Snapshot& m);
nlohmann::json toJson(const SnapshotList& m);
// {"protocol", "grants": [{"recipient", "epoch", "author", "wrapped"}][, "new_epoch"]}: the answer of
// GET /v1/grants, the body of POST /v1/grants (with new_epoch when it starts one) and of an approval.
nlohmann::json toJson(const std::vector<Grant>& grants, std::uint32_t newEpoch = 0);
// {"error": {"id", "message"[, "expected_sequence" | "versions"][, extra members]}}
nlohmann::json errorJson(const Error& error, const nlohmann::json& extra = nlohmann::json::object());

Result<PushRequest> pushRequestFromJson(const nlohmann::json& j);
Result<PushResponse> pushResponseFromJson(const nlohmann::json& j);
Result<PullRequest> pullRequestFromJson(const nlohmann::json& j);
Result<PullResponse> pullResponseFromJson(const nlohmann::json& j);
Result<std::vector<DeviceInfo>> devicesFromJson(const nlohmann::json& j);
Result<KeyRecord> keyRecordFromJson(const nlohmann::json& j);
nlohmann::json toJson(const AgreementKeyChange& m);
Result<AgreementKeyChange> agreementKeyChangeFromJson(const nlohmann::json& j);
Result<EnrolRequest> enrolRequestFromJson(const nlohmann::json& j);
Result<EnrolResponse> enrolResponseFromJson(const nlohmann::json& j);
Result<Snapshot> snapshotFromJson(const nlohmann::json& j);
Result<SnapshotList> snapshotListFromJson(const nlohmann::json& j);
struct GrantList {
  std::vector<Grant> grants;
  std::uint32_t newEpoch = 0;     // POST: the epoch it starts
  std::uint32_t newestEpoch = 0;  // GET: the team's newest epoch
  bool rotationNeeded = false;    // GET
};
nlohmann::json toJson(const GrantsAnswer& m);
Result<GrantList> grantsFromJson(const nlohmann::json& j);
// Erasure (proto/PROTOCOL.md, "Erasure"): POST /v1/erasures {order}, its answer {index}, GET's list.
nlohmann::json erasureRequestToJson(const crypto::Bytes& order);
Result<crypto::Bytes> erasureRequestFromJson(const nlohmann::json& j);
nlohmann::json erasureAnswerToJson(std::uint64_t index);
Result<std::uint64_t> erasureAnswerFromJson(const nlohmann::json& j);
nlohmann::json toJson(const std::vector<ErasureEntry>& erasures);
Result<std::vector<ErasureEntry>> erasuresFromJson(const nlohmann::json& j);
// The Error an error body carries (Internal when the body is not a protocol error).
Error errorFromJson(const nlohmann::json& j, int httpStatus);

}  // namespace coach::sync
