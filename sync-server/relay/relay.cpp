#include "relay/relay.hpp"

#include <algorithm>

#include "sync/team_keys.hpp"

#include <openssl/crypto.h>

#include "clock/hlc.hpp"
#include "crypto/crypto.hpp"
#include "sync/chain.hpp"

namespace coach::relay {
namespace {

constexpr std::size_t kMaxGrants = 1000;  // a team's devices and the recovery key, for one epoch

constexpr std::string_view kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr std::size_t kCodeChars = 20;                 // 100 bits
constexpr std::int64_t kTouchIntervalMillis = 60'000;  // last-seen precision

sync::Hash hashOf(std::string_view domain, std::string_view text) {
  crypto::Bytes input(domain.begin(), domain.end());
  input.push_back(0);
  input.insert(input.end(), text.begin(), text.end());
  const crypto::Bytes digest = crypto::sha256(input);
  sync::Hash out{};
  std::copy(digest.begin(), digest.end(), out.begin());
  return out;
}

sync::Hash codeHash(std::string_view normalised) { return hashOf("coach.enrol-code.v1", normalised); }
sync::Hash tokenVerifier(std::string_view secret) { return hashOf("coach.device-token.v1", secret); }

Error badToken() {
  return makeError(ErrorCode::Unauthorized,
                   "the device token is missing or unknown: enrol this device again with a new enrolment code");
}

bool isHex(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

}  // namespace

sync::Hash deviceTokenVerifier(std::string_view secret) { return tokenVerifier(secret); }

std::string_view roleName(Role role) { return role == Role::Lead ? "lead" : "coach"; }

std::optional<std::string> normaliseEnrolCode(std::string_view typed) {
  std::string out;
  for (char c : typed) {
    if (c == '-' || c == ' ') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c == 'O') c = '0';
    if (c == 'I' || c == 'L') c = '1';
    if (kCrockford.find(c) == std::string_view::npos) return std::nullopt;
    out.push_back(c);
  }
  if (out.size() != kCodeChars) return std::nullopt;
  return out;
}

Relay::Relay(Storage& storage, const WallClock& clock, RelayLimits limits)
    : storage_(storage), clock_(clock), limits_(limits) {}

Result<Caller> Relay::authenticate(std::string_view bearer) {
  const std::size_t dot = bearer.find('.');
  if (dot != 32 || bearer.size() != 32 + 1 + 64) return badToken();
  const std::string_view id = bearer.substr(0, dot);
  const std::string_view secret = bearer.substr(dot + 1);
  if (!isHex(id) || !isHex(secret)) return badToken();
  COACH_ASSIGN_OR_RETURN(std::optional<TokenRecord> token, storage_.token(std::string(id)));
  const sync::Hash presented = tokenVerifier(secret);
  // Compared in constant time even when the id is unknown, so timing tells nothing about either part.
  const sync::Hash stored = token ? token->verifier : sync::Hash{};
  const bool match = CRYPTO_memcmp(presented.data(), stored.data(), stored.size()) == 0;
  if (!token || !match) return badToken();
  Caller caller{token->team, token->device, Role::Coach};
  // A pending device is who it says it is; each route decides what it may do (authorise).
  COACH_ASSIGN_OR_RETURN(DeviceRecord device, authorise(caller, /*pendingAllowed=*/true));
  caller.role = device.role;
  return caller;
}

Result<DeviceRecord> Relay::authorise(const Caller& caller, bool pendingAllowed) {
  COACH_ASSIGN_OR_RETURN(std::optional<DeviceRecord> device, storage_.device(caller.team, caller.device));
  if (!device) return makeError(ErrorCode::Unauthorized, "this device is not registered with the team: enrol it first");
  if (device->revoked) {
    return makeError(ErrorCode::DeviceRevoked, "this device was revoked by the team: it can no longer sync. "
                                               "Contact your team lead or administrator");
  }
  if (!device->approved && !pendingAllowed) {
    return makeError(ErrorCode::DevicePending, "this device waits for a team lead's approval: ask your team lead to "
                                               "approve it, comparing the fingerprint on both screens");
  }
  const std::int64_t now = clock_.nowMillis();
  if (now - device->lastSeenAt >= kTouchIntervalMillis) {
    COACH_TRY(storage_.touchDevice(caller.team, caller.device, now));
    device->lastSeenAt = now;
  }
  return std::move(*device);
}

namespace {

Result<std::string> newToken(std::string& tokenId, sync::Hash& verifier) {
  COACH_ASSIGN_OR_RETURN(crypto::Bytes id, crypto::randomBytes(16));
  COACH_ASSIGN_OR_RETURN(crypto::Bytes secret, crypto::randomBytes(32));
  tokenId = crypto::toHex(id);
  const std::string secretText = crypto::toHex(secret);
  verifier = tokenVerifier(secretText);
  return tokenId + "." + secretText;
}

}  // namespace

Result<sync::EnrolResponse> Relay::enrol(const sync::EnrolRequest& request) {
  const std::optional<std::string> code = normaliseEnrolCode(request.code);
  if (!code) {
    return makeError(ErrorCode::Unauthorized, "the enrolment code is unknown, used or expired: ask your administrator "
                                              "for a new one (codes are 20 letters and digits)");
  }
  Enrolment e;
  e.device = request.device;
  e.signingKey = request.signingKey;
  e.agreementKey = request.agreementKey;
  e.now = clock_.nowMillis();
  COACH_ASSIGN_OR_RETURN(std::string token, newToken(e.tokenId, e.tokenVerifier));
  COACH_ASSIGN_OR_RETURN(DeviceRecord device, storage_.enrol(codeHash(*code), e));
  return sync::EnrolResponse{device.team, device.id, std::move(token), std::string(roleName(device.role))};
}

Result<std::string> Relay::registerDevice(const std::string& team, const sync::DeviceInfo& info, Role role) {
  DeviceRecord device;
  device.team = team;
  device.id = info.id;
  device.signingKey = info.signingKey;
  device.agreementKey = info.agreementKey;
  device.role = role;
  device.enrolledAt = clock_.nowMillis();
  std::string tokenId;
  sync::Hash verifier{};
  COACH_ASSIGN_OR_RETURN(std::string token, newToken(tokenId, verifier));
  COACH_TRY(storage_.addDevice(team, device, tokenId, verifier));
  return token;
}

Result<TeamRecord> Relay::createTeam(const std::string& name) {
  if (name.empty() || name.size() > 200) return makeError(ErrorCode::InvalidArgument, "a team name is 1 to 200 characters");
  COACH_ASSIGN_OR_RETURN(crypto::Bytes id, crypto::randomBytes(16));
  TeamRecord team{crypto::toHex(id), name, clock_.nowMillis()};
  COACH_TRY(storage_.createTeam(team));
  return team;
}

Result<IssuedCode> Relay::issueEnrolCode(const std::string& team, Role role, std::int64_t validMillis) {
  if (validMillis <= 0) return makeError(ErrorCode::InvalidArgument, "an enrolment code must be valid for some time");
  COACH_ASSIGN_OR_RETURN(crypto::Bytes random, crypto::randomBytes(kCodeChars));
  std::string code;
  for (std::uint8_t b : random) code.push_back(kCrockford[b & 31u]);  // 5 uniform bits per character
  const IssuedCode issued{code.substr(0, 4) + "-" + code.substr(4, 4) + "-" + code.substr(8, 4) + "-" +
                              code.substr(12, 4) + "-" + code.substr(16, 4),
                          clock_.nowMillis() + validMillis};
  COACH_TRY(storage_.addEnrolCode(codeHash(code), EnrolCodeInfo{team, role, issued.expiresAt}));
  return issued;
}

Status Relay::revokeAsAdmin(const std::string& team, const std::string& device) {
  return storage_.revokeDevice(team, device, clock_.nowMillis());
}

Result<DeviceRecord> Relay::authoriseLead(const Caller& caller, std::string_view action) {
  COACH_ASSIGN_OR_RETURN(DeviceRecord self, authorise(caller));
  if (self.role != Role::Lead) {
    return makeError(ErrorCode::Forbidden, "only a team lead's device may " + std::string(action) + ": ask your team lead");
  }
  return self;
}

Status Relay::revoke(const Caller& caller, const std::string& device) {
  COACH_TRY(authoriseLead(caller, "revoke devices"));
  return storage_.revokeDevice(caller.team, device, clock_.nowMillis());
}

Status Relay::replaceAgreementKey(const Caller& caller, const sync::AgreementKeyChange& change) {
  COACH_ASSIGN_OR_RETURN(DeviceRecord self, authorise(caller));
  if (change.agreementKey.size() != crypto::kX25519KeySize) {
    return makeError(ErrorCode::InvalidArgument, "an agreement key is a 32-byte X25519 public key");
  }
  const crypto::Bytes statement = sync::agreementKeyStatement(caller.team, caller.device, change.agreementKey);
  if (!crypto::ed25519Verify(self.signingKey, statement, change.signature)) {
    return makeError(ErrorCode::SignatureInvalid, "the new agreement key is not signed with this device's signing key");
  }
  return storage_.setAgreementKey(caller.team, caller.device, change.agreementKey);
}

namespace {

Result<std::vector<GrantRecord>> toRecords(const std::vector<sync::Grant>& grants, const Caller& caller,
                                           std::int64_t now, std::size_t limit) {
  if (grants.size() > limit) {
    return makeError(ErrorCode::PayloadTooLarge, "at most " + std::to_string(limit) + " key grants per request");
  }
  std::vector<GrantRecord> out;
  for (const sync::Grant& g : grants) {
    if (g.author != caller.device) {
      return makeError(ErrorCode::Forbidden, "a key grant names another author than the device sending it");
    }
    if (g.epoch == 0 || g.wrapped.size() != sync::kGrantWrappedSize) {
      return makeError(ErrorCode::InvalidArgument, "a key grant needs an epoch of at least 1 and a wrapped key of " +
                                                       std::to_string(sync::kGrantWrappedSize) + " bytes");
    }
    out.push_back(GrantRecord{g.recipient, g.epoch, g.author, g.wrapped, now});
  }
  return out;
}

}  // namespace

Result<sync::GrantsAnswer> Relay::grants(const Caller& caller) {
  COACH_TRY(authorise(caller, true));
  COACH_ASSIGN_OR_RETURN(std::vector<GrantRecord> all, storage_.grants(caller.team, std::nullopt));
  COACH_ASSIGN_OR_RETURN(std::vector<DeviceRecord> devices, storage_.devices(caller.team));
  sync::GrantsAnswer out;
  for (const GrantRecord& g : all) out.newestEpoch = std::max(out.newestEpoch, g.epoch);
  for (GrantRecord& g : all) {
    if (g.epoch == out.newestEpoch) {
      for (const DeviceRecord& d : devices) out.rotationNeeded = out.rotationNeeded || (d.revoked && d.id == g.recipient);
    }
    if (g.recipient != caller.device && g.recipient != sync::kRecoveryRecipient) continue;
    out.grants.push_back(sync::Grant{std::move(g.recipient), g.epoch, std::move(g.author), std::move(g.wrapped)});
  }
  return out;
}

Status Relay::approve(const Caller& caller, const std::string& device, const std::vector<sync::Grant>& grants) {
  COACH_TRY(authoriseLead(caller, "approve devices"));
  COACH_ASSIGN_OR_RETURN(std::optional<DeviceRecord> target, storage_.device(caller.team, device));
  if (!target) return makeError(ErrorCode::NotFound, "no device " + device + " in this team");
  COACH_TRY(checkApprovable(*target));
  if (grants.empty()) return makeError(ErrorCode::InvalidArgument, "an approval hands the device at least one key grant");
  COACH_ASSIGN_OR_RETURN(std::vector<GrantRecord> records, toRecords(grants, caller, clock_.nowMillis(), kMaxGrants));
  for (const GrantRecord& g : records) {
    if (g.recipient != device) return makeError(ErrorCode::InvalidArgument, "an approval's grants are all for the approved device");
  }
  return storage_.approveDevice(caller.team, device, caller.device, records, clock_.nowMillis());
}

Status Relay::putGrants(const Caller& caller, std::uint32_t newEpoch, const std::vector<sync::Grant>& grants) {
  COACH_TRY(authoriseLead(caller, "hand out team keys"));
  COACH_ASSIGN_OR_RETURN(std::vector<GrantRecord> records, toRecords(grants, caller, clock_.nowMillis(), kMaxGrants));
  COACH_ASSIGN_OR_RETURN(std::vector<DeviceRecord> devices, storage_.devices(caller.team));
  for (const GrantRecord& g : records) {
    if (g.recipient == sync::kRecoveryRecipient) continue;
    auto it = std::find_if(devices.begin(), devices.end(), [&](const DeviceRecord& d) { return d.id == g.recipient; });
    if (it == devices.end()) return makeError(ErrorCode::NotFound, "a key grant is for device " + g.recipient + ", which the team does not have");
    if (it->revoked) return makeError(ErrorCode::DeviceRevoked, "a key grant is for device " + g.recipient + ", which was revoked");
  }
  return storage_.putGrants(caller.team, newEpoch, records);
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
  return clock.checkDrift(Hlc{env.header.newestHlc}, DriftCheck::AtServer);
}

}  // namespace

Result<sync::PushResponse> Relay::push(const Caller& caller, sync::PushRequest request) {
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
  for (crypto::Bytes& bytes : request.envelopes) {
    if (bytes.size() > limits_.maxEnvelopeBytes) {
      return makeError(ErrorCode::PayloadTooLarge, "an envelope of " + std::to_string(bytes.size()) + " bytes exceeds the limit of " +
                                                       std::to_string(limits_.maxEnvelopeBytes));
    }
    COACH_ASSIGN_OR_RETURN(sync::ParsedEnvelope env, sync::parseEnvelope(bytes));
    COACH_TRY(checkEnvelope(env, caller, device, drift));
    COACH_ASSIGN_OR_RETURN(sync::ChainVerdict verdict, sync::checkChain(chain, env));
    if (verdict == sync::ChainVerdict::Duplicate) {
      COACH_ASSIGN_OR_RETURN(std::optional<sync::Hash> stored, storage_.envelopeHash(caller.team, caller.device, env.header.sequence));
      if (stored && *stored != sync::envelopeHash(bytes)) {
        return makeError(ErrorCode::SequenceReplayed, "sequence " + std::to_string(env.header.sequence) +
                                                          " was already stored with other contents");
      }
      continue;  // acknowledged again, not stored twice
    }
    chain = sync::advance(env);
    fresh.push_back(NewEnvelope{env.header.sequence, chain.lastHash, sync::shardToText(env.header.shard), std::move(bytes)});
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
  COACH_ASSIGN_OR_RETURN(DeviceRecord device, authorise(caller, true));
  (void)device;
  COACH_ASSIGN_OR_RETURN(std::vector<DeviceRecord> records, storage_.devices(caller.team));
  std::vector<sync::DeviceInfo> out;
  out.reserve(records.size());
  COACH_ASSIGN_OR_RETURN(std::vector<GrantRecord> grants, storage_.grants(caller.team, std::nullopt));
  for (DeviceRecord& r : records) {
    sync::DeviceInfo info;
    info.id = std::move(r.id);
    info.signingKey = std::move(r.signingKey);
    info.revoked = r.revoked;
    info.agreementKey = std::move(r.agreementKey);
    info.role = std::string(roleName(r.role));
    info.pending = !r.approved && !r.revoked;
    info.enrolledAt = r.enrolledAt;
    info.lastSeenAt = r.lastSeenAt;
    info.revokedAt = r.revokedAt;
    info.approvedBy = r.approvedBy;
    for (const GrantRecord& g : grants) {
      if (g.recipient == info.id) info.epoch = std::max(info.epoch, g.epoch);
    }
    out.push_back(std::move(info));
  }
  return out;
}

}  // namespace coach::relay
