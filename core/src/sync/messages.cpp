#include "sync/messages.hpp"

#include "sync/envelope.hpp"
#include "sync/message_fields.hpp"
#include "util/base64.hpp"

namespace coach::sync {

using nlohmann::json;

namespace detail {

Error bad(const std::string& what) { return makeError(ErrorCode::InvalidArgument, "the message is invalid: " + what); }

Status checkProtocol(const json& j) {
  if (!j.is_object()) return bad("it is not a JSON object");
  auto it = j.find("protocol");
  if (it == j.end() || !it->is_number_unsigned()) return bad("\"protocol\" is missing");
  if (it->get<std::uint64_t>() != kProtocolVersion) {
    return makeError(ErrorCode::ProtocolUnsupported, "the message uses protocol " + it->dump() + "; this version speaks " +
                                                         std::to_string(kProtocolVersion) + ": update the app or the server");
  }
  return {};
}

Result<std::uint64_t> number(const json& j, const char* name) {
  auto it = j.find(name);
  if (it == j.end() || !it->is_number_unsigned()) return bad(std::string("\"") + name + "\" must be a non-negative integer");
  return it->get<std::uint64_t>();
}

Result<std::string> text(const json& j, const char* name) {
  auto it = j.find(name);
  if (it == j.end() || !it->is_string()) return bad(std::string("\"") + name + "\" must be a string");
  return it->get<std::string>();
}

Result<crypto::Bytes> base64(const json& j, const char* name) {
  COACH_ASSIGN_OR_RETURN(std::string s, text(j, name));
  auto decoded = util::base64Decode(s);
  if (!decoded) return bad(std::string("\"") + name + "\" is not base64");
  return std::move(*decoded);
}

Result<std::uint32_t> small(const json& j, const char* name) {
  COACH_ASSIGN_OR_RETURN(std::uint64_t v, number(j, name));
  if (v > 0xffffffffu) return bad(std::string("\"") + name + "\" is too large");
  return static_cast<std::uint32_t>(v);
}

}  // namespace detail

using namespace detail;


json toJson(const KeyRecord& m) {
  return {{"shard", m.shard}, {"version", m.version}, {"epoch", m.epoch}, {"author", m.author},
          {"wrapped", util::base64Encode(m.wrapped)}};
}

json toJson(const PushRequest& m) {
  json envelopes = json::array();
  for (const auto& e : m.envelopes) envelopes.push_back(util::base64Encode(e));
  json keys = json::array();
  for (const auto& k : m.keys) keys.push_back(toJson(k));
  return {{"protocol", kProtocolVersion}, {"envelopes", std::move(envelopes)}, {"keys", std::move(keys)}};
}

json toJson(const PushResponse& m) {
  return {{"protocol", kProtocolVersion}, {"last_sequence", m.lastSequence}, {"server_seqs", m.serverSeqs}};
}

json toJson(const PullRequest& m) {
  return {{"protocol", kProtocolVersion}, {"after", m.after}, {"limit", m.limit}, {"max_bytes", m.maxBytes}};
}

json toJson(const PullResponse& m) {
  json items = json::array();
  for (const PullItem& i : m.items) {
    if (i.isKey) {
      items.push_back({{"server_seq", i.serverSeq}, {"type", "key"}, {"key", toJson(i.key)}});
    } else if (i.erased) {
      items.push_back({{"server_seq", i.serverSeq}, {"type", "erased"}, {"header", util::base64Encode(i.envelope)},
                       {"hash", util::base64Encode(i.erasedHash)}});
    } else {
      items.push_back({{"server_seq", i.serverSeq}, {"type", "envelope"}, {"envelope", util::base64Encode(i.envelope)}});
    }
  }
  return {{"protocol", kProtocolVersion}, {"items", std::move(items)}, {"next", m.next}, {"more", m.more}};
}

json errorJson(const Error& error, const json& extra) {
  json body{{"id", errorInfo(error.code).wireId}, {"message", error.message}};
  if (error.code == ErrorCode::SequenceGap && error.expectedSequence > 0) body["expected_sequence"] = error.expectedSequence;
  if (error.code == ErrorCode::ProtocolUnsupported) body["versions"] = json::array({kProtocolVersion});
  for (const auto& [k, v] : extra.items()) body[k] = v;
  return {{"error", std::move(body)}};
}

Result<KeyRecord> keyRecordFromJson(const json& j) {
  if (!j.is_object()) return bad("a key record is not an object");
  KeyRecord k;
  COACH_ASSIGN_OR_RETURN(k.shard, text(j, "shard"));
  COACH_ASSIGN_OR_RETURN(k.version, small(j, "version"));
  COACH_ASSIGN_OR_RETURN(k.epoch, small(j, "epoch"));
  if (k.shard == "team") {
    // The team shard's key of an epoch is derived from that epoch's team key; it travels only after an epoch
    // compaction, re-published under a later epoch for the devices that never held the earlier one.
    if (k.version >= k.epoch) return bad("the team shard's key of an epoch is derived by every member; only an earlier epoch's key is sent");
  } else {
    COACH_ASSIGN_OR_RETURN(Id shardId, idFromText(k.shard));
    (void)shardId;
  }
  COACH_ASSIGN_OR_RETURN(k.author, text(j, "author"));
  COACH_ASSIGN_OR_RETURN(Id authorId, idFromText(k.author));
  (void)authorId;
  COACH_ASSIGN_OR_RETURN(k.wrapped, base64(j, "wrapped"));
  if (k.version == 0 || k.epoch == 0) return bad("key versions and epochs start at 1");
  if (k.wrapped.size() != 60) return bad("\"wrapped\" must be a sealed 32-byte key (60 bytes)");
  return k;
}

Result<PushRequest> pushRequestFromJson(const json& j) {
  COACH_TRY(checkProtocol(j));
  PushRequest m;
  auto envelopes = j.find("envelopes");
  auto keys = j.find("keys");
  if (envelopes == j.end() || !envelopes->is_array()) return bad("\"envelopes\" must be an array");
  if (keys == j.end() || !keys->is_array()) return bad("\"keys\" must be an array");
  for (const json& e : *envelopes) {
    auto decoded = e.is_string() ? util::base64Decode(e.get<std::string>()) : std::nullopt;
    if (!decoded) return bad("an envelope is not a base64 string");
    m.envelopes.push_back(std::move(*decoded));
  }
  for (const json& k : *keys) {
    COACH_ASSIGN_OR_RETURN(KeyRecord key, keyRecordFromJson(k));
    m.keys.push_back(std::move(key));
  }
  return m;
}

Result<PushResponse> pushResponseFromJson(const json& j) {
  COACH_TRY(checkProtocol(j));
  PushResponse m;
  COACH_ASSIGN_OR_RETURN(m.lastSequence, number(j, "last_sequence"));
  auto seqs = j.find("server_seqs");
  if (seqs == j.end() || !seqs->is_array()) return bad("\"server_seqs\" must be an array");
  for (const json& s : *seqs) {
    if (!s.is_number_unsigned() || s.get<std::uint64_t>() == 0) return bad("a server sequence must be a positive integer");
    m.serverSeqs.push_back(s.get<std::uint64_t>());
  }
  return m;
}

Result<PullRequest> pullRequestFromJson(const json& j) {
  COACH_TRY(checkProtocol(j));
  PullRequest m;
  COACH_ASSIGN_OR_RETURN(m.after, number(j, "after"));
  COACH_ASSIGN_OR_RETURN(m.limit, small(j, "limit"));
  COACH_ASSIGN_OR_RETURN(m.maxBytes, small(j, "max_bytes"));
  if (m.limit == 0 || m.maxBytes == 0) return bad("\"limit\" and \"max_bytes\" must be at least 1");
  return m;
}

Result<PullResponse> pullResponseFromJson(const json& j) {
  COACH_TRY(checkProtocol(j));
  PullResponse m;
  COACH_ASSIGN_OR_RETURN(m.next, number(j, "next"));
  auto more = j.find("more");
  auto items = j.find("items");
  if (more == j.end() || !more->is_boolean()) return bad("\"more\" must be true or false");
  if (items == j.end() || !items->is_array()) return bad("\"items\" must be an array");
  m.more = more->get<bool>();
  for (const json& i : *items) {
    if (!i.is_object()) return bad("an item is not an object");
    PullItem item;
    COACH_ASSIGN_OR_RETURN(item.serverSeq, number(i, "server_seq"));
    COACH_ASSIGN_OR_RETURN(std::string type, text(i, "type"));
    if (type == "key") {
      item.isKey = true;
      auto key = i.find("key");
      if (key == i.end()) return bad("a key item has no \"key\"");
      COACH_ASSIGN_OR_RETURN(item.key, keyRecordFromJson(*key));
    } else if (type == "envelope") {
      COACH_ASSIGN_OR_RETURN(item.envelope, base64(i, "envelope"));
    } else if (type == "erased") {
      item.erased = true;
      COACH_ASSIGN_OR_RETURN(item.envelope, base64(i, "header"));
      COACH_ASSIGN_OR_RETURN(item.erasedHash, base64(i, "hash"));
      if (item.envelope.size() != kHeaderSize) return bad("an erased item's \"header\" must be 106 bytes");
      if (item.erasedHash.size() != kHashSize) return bad("an erased item's \"hash\" must be 32 bytes");
    } else {
      return bad("an item's type must be \"envelope\", \"key\" or \"erased\"");
    }
    m.items.push_back(std::move(item));
  }
  return m;
}

Error errorFromJson(const json& j, int httpStatus) {
  const json* e = j.is_object() && j.contains("error") && j["error"].is_object() ? &j["error"] : nullptr;
  if (e == nullptr || !(*e).contains("id") || !(*e)["id"].is_string()) {
    return makeError(ErrorCode::Internal, "the server answered HTTP " + std::to_string(httpStatus) + " without a protocol error");
  }
  const std::string id = (*e)["id"].get<std::string>();
  const std::string message = (*e).contains("message") && (*e)["message"].is_string() ? (*e)["message"].get<std::string>()
                                                                                      : std::string("(no message)");
  Error out = makeError(ErrorCode::Internal, "the server answered an unknown error '" + id + "': " + message);
#define COACH_X(name, wire, http) \
  if (id == wire) out = makeError(ErrorCode::name, message);
  COACH_ERROR_CODES(COACH_X)
#undef COACH_X
  if (out.code == ErrorCode::SequenceGap) {
    auto expected = e->find("expected_sequence");
    if (expected != e->end() && expected->is_number_unsigned()) out.expectedSequence = expected->get<std::uint64_t>();
  }
  return out;
}

json toJson(const EnrolRequest& m) {
  json j{{"protocol", kProtocolVersion}, {"code", m.code}, {"device", m.device},
         {"signing_key", util::base64Encode(m.signingKey)}};
  if (!m.agreementKey.empty()) j["agreement_key"] = util::base64Encode(m.agreementKey);
  return j;
}

json toJson(const EnrolResponse& m) {
  return {{"protocol", kProtocolVersion}, {"team", m.team}, {"device", m.device}, {"token", m.token}, {"role", m.role}};
}

json toJson(const SnapshotMeta& m) {
  return {{"shard", m.shard}, {"covers", m.covers}, {"key_id", m.keyId}, {"author", m.author}, {"size", m.size}};
}

json toJson(const Snapshot& m) {
  json j = toJson(m.meta);
  j["protocol"] = kProtocolVersion;
  j["snapshot"] = util::base64Encode(m.bytes);
  j["erasures_seen"] = m.erasuresSeen;
  return j;
}

json toJson(const SnapshotList& m) {
  json list = json::array();
  for (const SnapshotMeta& s : m.snapshots) list.push_back(toJson(s));
  return {{"protocol", kProtocolVersion}, {"snapshots", std::move(list)}, {"head", m.head}};
}

Result<EnrolRequest> enrolRequestFromJson(const json& j) {
  COACH_TRY(checkProtocol(j));
  EnrolRequest m;
  COACH_ASSIGN_OR_RETURN(m.code, text(j, "code"));
  if (m.code.empty() || m.code.size() > 64) return bad("\"code\" must be an enrolment code of at most 64 characters");
  COACH_ASSIGN_OR_RETURN(m.device, text(j, "device"));
  COACH_ASSIGN_OR_RETURN(Id deviceId, idFromText(m.device));
  (void)deviceId;
  COACH_ASSIGN_OR_RETURN(m.signingKey, base64(j, "signing_key"));
  if (m.signingKey.size() != 32) return bad("\"signing_key\" must be a 32-byte Ed25519 public key");
  if (j.contains("agreement_key")) {
    COACH_ASSIGN_OR_RETURN(m.agreementKey, base64(j, "agreement_key"));
    if (m.agreementKey.size() != 32) return bad("\"agreement_key\" must be a 32-byte X25519 public key");
  }
  return m;
}

Result<EnrolResponse> enrolResponseFromJson(const json& j) {
  COACH_TRY(checkProtocol(j));
  EnrolResponse m;
  COACH_ASSIGN_OR_RETURN(m.team, text(j, "team"));
  COACH_ASSIGN_OR_RETURN(Id teamId, idFromText(m.team));
  (void)teamId;
  COACH_ASSIGN_OR_RETURN(m.device, text(j, "device"));
  COACH_ASSIGN_OR_RETURN(m.token, text(j, "token"));
  COACH_ASSIGN_OR_RETURN(m.role, text(j, "role"));
  if (m.role != "coach" && m.role != "lead") return bad("\"role\" must be \"coach\" or \"lead\"");
  return m;
}

namespace {

Result<SnapshotMeta> snapshotMetaFromJson(const json& j) {
  if (!j.is_object()) return bad("a snapshot is not an object");
  SnapshotMeta m;
  COACH_ASSIGN_OR_RETURN(m.shard, text(j, "shard"));
  COACH_ASSIGN_OR_RETURN(Id shardId, shardFromText(m.shard));
  (void)shardId;
  COACH_ASSIGN_OR_RETURN(m.covers, number(j, "covers"));
  COACH_ASSIGN_OR_RETURN(m.keyId, small(j, "key_id"));
  COACH_ASSIGN_OR_RETURN(m.author, text(j, "author"));
  COACH_ASSIGN_OR_RETURN(Id authorId, idFromText(m.author));
  (void)authorId;
  COACH_ASSIGN_OR_RETURN(m.size, number(j, "size"));
  return m;
}

}  // namespace

Result<Snapshot> snapshotFromJson(const json& j) {
  COACH_TRY(checkProtocol(j));
  Snapshot m;
  COACH_ASSIGN_OR_RETURN(m.meta, snapshotMetaFromJson(j));
  COACH_ASSIGN_OR_RETURN(m.bytes, base64(j, "snapshot"));
  if (m.bytes.size() != m.meta.size) return bad("\"size\" must be the snapshot's size in bytes");
  if (j.contains("erasures_seen")) {
    COACH_ASSIGN_OR_RETURN(m.erasuresSeen, number(j, "erasures_seen"));
  }
  return m;
}

Result<SnapshotList> snapshotListFromJson(const json& j) {
  COACH_TRY(checkProtocol(j));
  SnapshotList m;
  COACH_ASSIGN_OR_RETURN(m.head, number(j, "head"));
  auto list = j.find("snapshots");
  if (list == j.end() || !list->is_array()) return bad("\"snapshots\" must be an array");
  for (const json& s : *list) {
    COACH_ASSIGN_OR_RETURN(SnapshotMeta meta, snapshotMetaFromJson(s));
    m.snapshots.push_back(std::move(meta));
  }
  return m;
}


}  // namespace coach::sync
