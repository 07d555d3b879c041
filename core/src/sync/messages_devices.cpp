// The JSON forms of the device list and of team key grants (proto/PROTOCOL.md, "Devices", "Grants";
// sync/messages.hpp declares them).
#include "sync/envelope.hpp"
#include "sync/message_fields.hpp"
#include "sync/messages.hpp"
#include "util/base64.hpp"

namespace coach::sync {
namespace {

using nlohmann::json;
using namespace detail;

Result<std::int64_t> millis(const json& j, const char* name) {
  auto it = j.find(name);
  if (it == j.end()) return std::int64_t{0};
  if (!it->is_number_integer()) return bad(std::string("\"") + name + "\" must be an integer (Unix milliseconds)");
  return it->get<std::int64_t>();
}

// The lifecycle members of a device (all optional: an older server sends none).
Status deviceLifecycleFromJson(const json& d, DeviceInfo& info) {
  if (d.contains("agreement_key")) {
    COACH_ASSIGN_OR_RETURN(info.agreementKey, base64(d, "agreement_key"));
    if (info.agreementKey.size() != 32) return bad("an agreement key is a 32-byte X25519 public key");
  }
  if (d.contains("role")) {
    COACH_ASSIGN_OR_RETURN(info.role, text(d, "role"));
    if (info.role != "coach" && info.role != "lead") return bad("\"role\" must be \"coach\" or \"lead\"");
  }
  if (d.contains("pending")) {
    if (!d["pending"].is_boolean()) return bad("\"pending\" must be true or false");
    info.pending = d["pending"].get<bool>();
  }
  if (d.contains("epoch")) {
    COACH_ASSIGN_OR_RETURN(info.epoch, small(d, "epoch"));
  }
  if (d.contains("approved_by")) {
    COACH_ASSIGN_OR_RETURN(info.approvedBy, text(d, "approved_by"));
  }
  COACH_ASSIGN_OR_RETURN(info.enrolledAt, millis(d, "enrolled_at"));
  COACH_ASSIGN_OR_RETURN(info.lastSeenAt, millis(d, "last_seen_at"));
  COACH_ASSIGN_OR_RETURN(info.revokedAt, millis(d, "revoked_at"));
  return {};
}

}  // namespace

json toJson(const std::vector<DeviceInfo>& m) {
  json devices = json::array();
  for (const DeviceInfo& d : m) {
    json device{{"id", d.id}, {"signing_key", util::base64Encode(d.signingKey)}, {"revoked", d.revoked},
                {"role", d.role}, {"pending", d.pending}, {"epoch", d.epoch}, {"enrolled_at", d.enrolledAt},
                {"last_seen_at", d.lastSeenAt}, {"revoked_at", d.revokedAt}, {"approved_by", d.approvedBy}};
    if (!d.agreementKey.empty()) device["agreement_key"] = util::base64Encode(d.agreementKey);
    devices.push_back(std::move(device));
  }
  return {{"protocol", kProtocolVersion}, {"devices", std::move(devices)}};
}

Result<std::vector<DeviceInfo>> devicesFromJson(const json& j) {
  COACH_TRY(checkProtocol(j));
  auto devices = j.find("devices");
  if (devices == j.end() || !devices->is_array()) return bad("\"devices\" must be an array");
  std::vector<DeviceInfo> out;
  for (const json& d : *devices) {
    if (!d.is_object()) return bad("a device is not an object");
    DeviceInfo info;
    COACH_ASSIGN_OR_RETURN(info.id, text(d, "id"));
    COACH_ASSIGN_OR_RETURN(Id deviceId, idFromText(info.id));
    (void)deviceId;
    COACH_ASSIGN_OR_RETURN(info.signingKey, base64(d, "signing_key"));
    if (info.signingKey.size() != 32) return bad("a signing key is a 32-byte Ed25519 public key");
    auto revoked = d.find("revoked");
    if (revoked == d.end() || !revoked->is_boolean()) return bad("\"revoked\" must be true or false");
    info.revoked = revoked->get<bool>();
    COACH_TRY(deviceLifecycleFromJson(d, info));
    out.push_back(std::move(info));
  }
  return out;
}

json toJson(const std::vector<Grant>& grants, std::uint32_t newEpoch) {
  json list = json::array();
  for (const Grant& g : grants) {
    list.push_back({{"recipient", g.recipient}, {"epoch", g.epoch}, {"author", g.author},
                    {"wrapped", util::base64Encode(g.wrapped)}});
  }
  json out{{"protocol", kProtocolVersion}, {"grants", std::move(list)}};
  if (newEpoch > 0) out["new_epoch"] = newEpoch;
  return out;
}

json toJson(const GrantsAnswer& m) {
  json out = toJson(m.grants);
  out["newest_epoch"] = m.newestEpoch;
  out["rotation_needed"] = m.rotationNeeded;
  return out;
}

Result<GrantList> grantsFromJson(const json& j) {
  COACH_TRY(checkProtocol(j));
  GrantList out;
  if (j.contains("new_epoch")) {
    COACH_ASSIGN_OR_RETURN(out.newEpoch, small(j, "new_epoch"));
  }
  if (j.contains("newest_epoch")) {
    COACH_ASSIGN_OR_RETURN(out.newestEpoch, small(j, "newest_epoch"));
  }
  if (j.contains("rotation_needed")) {
    if (!j["rotation_needed"].is_boolean()) return bad("\"rotation_needed\" must be true or false");
    out.rotationNeeded = j["rotation_needed"].get<bool>();
  }
  auto grants = j.find("grants");
  if (grants == j.end() || !grants->is_array()) return bad("\"grants\" must be an array");
  for (const json& g : *grants) {
    if (!g.is_object()) return bad("a grant is not an object");
    Grant grant;
    COACH_ASSIGN_OR_RETURN(grant.recipient, text(g, "recipient"));
    if (grant.recipient != "recovery") COACH_TRY(idFromText(grant.recipient));
    COACH_ASSIGN_OR_RETURN(grant.epoch, small(g, "epoch"));
    if (grant.epoch == 0) return bad("a grant's epoch is at least 1");
    COACH_ASSIGN_OR_RETURN(grant.author, text(g, "author"));
    COACH_TRY(idFromText(grant.author));
    COACH_ASSIGN_OR_RETURN(grant.wrapped, base64(g, "wrapped"));
    out.grants.push_back(std::move(grant));
  }
  return out;
}

}  // namespace coach::sync

namespace coach::sync {

nlohmann::json toJson(const AgreementKeyChange& m) {
  return {{"protocol", kProtocolVersion}, {"agreement_key", util::base64Encode(m.agreementKey)},
          {"signature", util::base64Encode(m.signature)}};
}

Result<AgreementKeyChange> agreementKeyChangeFromJson(const nlohmann::json& j) {
  COACH_TRY(detail::checkProtocol(j));
  AgreementKeyChange m;
  COACH_ASSIGN_OR_RETURN(m.agreementKey, detail::base64(j, "agreement_key"));
  if (m.agreementKey.size() != 32) return detail::bad("\"agreement_key\" must be a 32-byte X25519 public key");
  COACH_ASSIGN_OR_RETURN(m.signature, detail::base64(j, "signature"));
  if (m.signature.size() != 64) return detail::bad("\"signature\" must be a 64-byte Ed25519 signature");
  return m;
}

}  // namespace coach::sync
