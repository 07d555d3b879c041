// The device lifecycle (coach/lifecycle.hpp; docs/keys.md). Local steps run under the store's lock, never
// across a network call.
#include "coach/lifecycle.hpp"

#include <algorithm>
#include <map>

#include <openssl/crypto.h>

#include "store/store_impl.hpp"
#include "sync/lifecycle_detail.hpp"
#include "sync/team_keys.hpp"

namespace coach::lifecycle {

using detail::findDevice;
using detail::requireLead;

namespace {

struct TeamKeySet {
  std::map<std::uint32_t, crypto::SecretBytes> keys;
  std::map<std::uint32_t, crypto::Bytes> recoveryPubs;  // the recovery public key each epoch's grant carries
  crypto::Bytes recoveryPub;                            // the newest epoch's
};

// What a grant from this device carries: the epoch's team key and the team's recovery public key.
Result<crypto::SecretBytes> payload(const crypto::SecretBytes& teamKey, const crypto::Bytes& recoveryPub) {
  if (recoveryPub.size() != crypto::kX25519KeySize) {
    return makeError(ErrorCode::InvalidArgument, "this device does not know the team's recovery key; it cannot hand out "
                                                 "team keys (join the team through a grant or the recovery key)");
  }
  crypto::SecretBytes out(sync::kGrantPayloadSize);
  std::copy(teamKey.view().begin(), teamKey.view().end(), out.data());
  std::copy(recoveryPub.begin(), recoveryPub.end(), out.data() + 32);
  return out;
}

// Opens `grants` (all to one recipient key) into a key set. Each epoch's grant names the team's recovery key of
// that epoch; it changes only at an epoch compaction (docs/keys.md), so the newest epoch's is the team's.
using SeenKeys = std::map<std::string, std::vector<crypto::Bytes>>;

// The agreement keys this device saw earlier for the grants' authors (their keys change at a compaction).
SeenKeys seenFor(Store& store, const std::vector<sync::DeviceInfo>& devices, const std::vector<const sync::Grant*>& grants) {
  SeenKeys out;
  (void)locked(store, [&](Store::Impl& impl) -> Status {
    COACH_TRY(impl.rememberAgreementKeys(devices));
    for (const sync::Grant* g : grants) {
      if (out.count(g->author)) continue;
      auto keys = impl.agreementKeysSeen(g->author);
      if (keys.ok()) out[g->author] = std::move(keys.value());
    }
    return {};
  });
  return out;
}

Result<TeamKeySet> openGrants(const std::string& team, const std::vector<const sync::Grant*>& grants,
                              const crypto::SecretBytes& recipientPrivate, const std::vector<sync::DeviceInfo>& devices,
                              const SeenKeys& seen = {}) {
  TeamKeySet set;
  for (const sync::Grant* g : grants) {
    // The author's key as the server lists it now, then the keys this device saw for it before: a grant made
    // before its author replaced its key (an epoch compaction) opens with the key it was wrapped with.
    std::vector<crypto::ByteView> candidates;
    const sync::DeviceInfo* author = findDevice(devices, g->author);
    if (author != nullptr && author->agreementKey.size() == crypto::kX25519KeySize) candidates.emplace_back(author->agreementKey);
    if (auto it = seen.find(g->author); it != seen.end()) {
      for (const crypto::Bytes& k : it->second) candidates.emplace_back(k);
    }
    if (candidates.empty()) {
      return makeError(ErrorCode::DecryptFailed, "a team key grant names author " + g->author +
                                                     ", whose key the server does not list; ask your team lead to approve this device again");
    }
    Result<crypto::SecretBytes> tried = makeError(ErrorCode::DecryptFailed, "no key");
    for (crypto::ByteView key : candidates) {
      tried = sync::openGrant({team, g->epoch, g->author, g->recipient}, recipientPrivate.view(), key, g->wrapped);
      if (tried.ok()) break;
    }
    COACH_ASSIGN_OR_RETURN(crypto::SecretBytes opened, std::move(tried));
    const crypto::ByteView bytes = opened.view();
    const crypto::Bytes recoveryPub(bytes.begin() + 32, bytes.end());
    auto [known, fresh] = set.recoveryPubs.emplace(g->epoch, recoveryPub);
    if (!fresh && known->second != recoveryPub) {
      return makeError(ErrorCode::DecryptFailed, "two grants of one team key epoch disagree about the team's recovery "
                                                 "key: one was forged; do not use this device, tell your team lead");
    }
    set.keys.emplace(g->epoch, crypto::SecretBytes(bytes.subspan(0, 32)));
  }
  if (!set.recoveryPubs.empty()) set.recoveryPub = set.recoveryPubs.rbegin()->second;
  return set;
}

}  // namespace

namespace detail {

Result<std::vector<sync::Grant>> wrapTo(Store::Impl& impl, const std::string& recipient, crypto::ByteView recipientKey,
                                        const std::map<std::uint32_t, const crypto::SecretBytes*>& epochs,
                                        const crypto::Bytes* recoveryPub) {
  COACH_ASSIGN_OR_RETURN(crypto::X25519KeyPair own, impl.agreementKeys());
  const Membership& m = *impl.membership;
  std::vector<sync::Grant> out;
  for (const auto& [epoch, key] : epochs) {
    COACH_ASSIGN_OR_RETURN(crypto::SecretBytes body, payload(*key, recoveryPub != nullptr ? *recoveryPub : m.recoveryPub));
    COACH_ASSIGN_OR_RETURN(crypto::Bytes wrapped, sync::wrapGrant({m.teamText, epoch, impl.deviceId, recipient},
                                                                  own.privateKey().view(), recipientKey, body.view()));
    out.push_back(sync::Grant{recipient, epoch, impl.deviceId, std::move(wrapped)});
  }
  return out;
}

}  // namespace detail

using detail::wrapTo;

namespace {

std::map<std::uint32_t, const crypto::SecretBytes*> allEpochs(const Membership& m) {
  std::map<std::uint32_t, const crypto::SecretBytes*> out;
  for (const auto& [epoch, key] : m.teamKeys) out.emplace(epoch, &key);
  return out;
}

// Starts the epoch after this device's newest: a new team key wrapped to every active device (itself included)
// and the recovery key; then new shard key versions for the writes that follow.
Status rotate(Store& store, sync::Transport& transport, const std::vector<sync::DeviceInfo>& devices) {
  std::uint32_t next = 0;
  COACH_ASSIGN_OR_RETURN(crypto::SecretBytes key, crypto::randomSecret(32));
  std::vector<sync::Grant> grants;
  COACH_TRY(locked(store, [&](Store::Impl& impl) -> Status {
    COACH_TRY(impl.requireMember());
    next = impl.membership->epoch + 1;
    std::map<std::uint32_t, const crypto::SecretBytes*> epoch{{next, &key}};
    for (const sync::DeviceInfo& d : devices) {
      if (d.revoked || d.pending || d.agreementKey.size() != crypto::kX25519KeySize) continue;
      COACH_ASSIGN_OR_RETURN(std::vector<sync::Grant> g, wrapTo(impl, d.id, d.agreementKey, epoch));
      grants.insert(grants.end(), g.begin(), g.end());
    }
    COACH_ASSIGN_OR_RETURN(std::vector<sync::Grant> g,
                           wrapTo(impl, std::string(sync::kRecoveryRecipient), impl.membership->recoveryPub, epoch));
    grants.insert(grants.end(), g.begin(), g.end());
    return {};
  }));
  // The server lets one lead start each epoch; a lead that loses the race adopts the winner's at its next sync.
  COACH_TRY(transport.putGrants(next, grants));
  return locked(store, [&](Store::Impl& impl) -> Status {
    std::map<std::uint32_t, crypto::SecretBytes> keys;
    keys.emplace(next, key.clone());
    COACH_TRY(impl.adoptEpochs(impl.membership->teamText, keys, {}));
    return impl.rotateShardKeys();
  });
}

}  // namespace

Result<DeviceKeys> deviceKeys(Store& store) {
  COACH_ASSIGN_OR_RETURN(crypto::Bytes signing, store.signingPublicKey());
  COACH_ASSIGN_OR_RETURN(crypto::X25519KeyPair agreement, locked(store, [](Store::Impl& impl) { return impl.agreementKeys(); }));
  return DeviceKeys{std::move(signing), agreement.publicKey()};
}

Result<std::string> ownFingerprint(Store& store) {
  COACH_ASSIGN_OR_RETURN(DeviceKeys keys, deviceKeys(store));
  return sync::deviceFingerprint(store.deviceId(), keys.signingKey, keys.agreementKey);
}

Result<std::string> foundTeam(Store& store, sync::Transport& transport, const std::string& teamId) {
  COACH_ASSIGN_OR_RETURN(sync::RecoveryKey recovery, sync::newRecoveryKey());
  COACH_ASSIGN_OR_RETURN(crypto::X25519KeyPair recoveryPair, sync::recoveryKeyPair(recovery.seed.view()));
  COACH_ASSIGN_OR_RETURN(crypto::SecretBytes teamKey, crypto::randomSecret(32));
  // Wrapped to this device and to the recovery key; the device adopts the key only once the server took them.
  std::vector<sync::Grant> grants;
  COACH_TRY(locked(store, [&](Store::Impl& impl) -> Status {
    if (impl.membership) {
      return makeError(ErrorCode::AlreadyExists, "this device already belongs to team " + impl.membership->teamText);
    }
    COACH_ASSIGN_OR_RETURN(crypto::X25519KeyPair self, impl.agreementKeys());
    COACH_ASSIGN_OR_RETURN(crypto::SecretBytes body, payload(teamKey, recoveryPair.publicKey()));
    for (const auto& [recipient, key] : {std::pair{impl.deviceId, self.publicKey()},
                                         std::pair{std::string(sync::kRecoveryRecipient), recoveryPair.publicKey()}}) {
      COACH_ASSIGN_OR_RETURN(crypto::Bytes wrapped, sync::wrapGrant({teamId, 1, impl.deviceId, recipient},
                                                                    self.privateKey().view(), key, body.view()));
      grants.push_back(sync::Grant{recipient, 1, impl.deviceId, std::move(wrapped)});
    }
    return {};
  }));
  auto put = transport.putGrants(1, grants);
  if (!put.ok() && put.error().code == ErrorCode::AlreadyExists) {
    return makeError(ErrorCode::AlreadyExists, "this team has its keys already: enrol this device with a code and have a "
                                               "team lead approve it, or restore the keys with the recovery key");
  }
  COACH_TRY(put);
  COACH_TRY(locked(store, [&](Store::Impl& impl) -> Status {
    std::map<std::uint32_t, crypto::SecretBytes> keys;
    keys.emplace(1, std::move(teamKey));
    COACH_TRY(impl.adoptEpochs(teamId, keys, recoveryPair.publicKey()));
    return impl.keepRole("lead");  // the server takes a team's first keys only from a team lead's device
  }));
  return std::move(recovery.text);
}

Result<bool> joinWhenApproved(Store& store, sync::Transport& transport, const std::string& teamId) {
  COACH_ASSIGN_OR_RETURN(sync::GrantsAnswer answer, transport.grants());
  const std::string self = store.deviceId();
  std::vector<const sync::Grant*> mine;
  for (const sync::Grant& g : answer.grants) {
    if (g.recipient == self) mine.push_back(&g);
  }
  if (mine.empty()) return false;
  COACH_ASSIGN_OR_RETURN(std::vector<sync::DeviceInfo> devices, transport.devices());
  COACH_ASSIGN_OR_RETURN(crypto::X25519KeyPair own, locked(store, [](Store::Impl& impl) { return impl.agreementKeys(); }));
  COACH_ASSIGN_OR_RETURN(TeamKeySet set, openGrants(teamId, mine, own.privateKey(), devices, seenFor(store, devices, mine)));
  COACH_TRY(locked(store, [&](Store::Impl& impl) -> Status {
    COACH_TRY(impl.adoptEpochs(teamId, set.keys, set.recoveryPub));
    return impl.learnRole(devices);
  }));
  return true;
}

Result<std::vector<DeviceEntry>> listDevices(Store& store, sync::Transport& transport) {
  COACH_ASSIGN_OR_RETURN(std::vector<sync::DeviceInfo> devices, transport.devices());
  std::vector<DeviceEntry> out;
  for (const sync::DeviceInfo& d : devices) {
    DeviceEntry e;
    e.id = d.id;
    e.role = d.role;
    e.state = d.revoked ? "revoked" : d.pending ? "pending" : "active";
    e.fingerprint = sync::deviceFingerprint(d.id, d.signingKey, d.agreementKey);
    e.epoch = d.epoch;
    e.enrolledAt = d.enrolledAt;
    e.lastSeenAt = d.lastSeenAt;
    e.revokedAt = d.revokedAt;
    e.approvedBy = d.approvedBy;
    e.self = d.id == store.deviceId();
    out.push_back(std::move(e));
  }
  return out;
}

Status approveDevice(Store& store, sync::Transport& transport, const std::string& device,
                     std::string_view fingerprintOnItsScreen) {
  COACH_ASSIGN_OR_RETURN(std::vector<sync::DeviceInfo> devices, transport.devices());
  COACH_TRY(requireLead(devices, store.deviceId(), "approve devices"));
  const sync::DeviceInfo* target = findDevice(devices, device);
  if (target == nullptr) return makeError(ErrorCode::NotFound, "no device " + device + " waits in this team: check the id");
  if (!target->pending) {
    return makeError(ErrorCode::AlreadyExists, "device " + device + " is not waiting for approval (it is " +
                                                   (target->revoked ? "revoked" : "approved already") + ")");
  }
  const std::string expected = sync::deviceFingerprint(target->id, target->signingKey, target->agreementKey);
  if (target->agreementKey.size() != crypto::kX25519KeySize || !sync::fingerprintsMatch(expected, fingerprintOnItsScreen)) {
    return makeError(ErrorCode::InvalidArgument, "the fingerprints differ: nothing was approved. Compare the digits on "
                                                 "both screens again; if they still differ, do not approve -- the server "
                                                 "may have swapped the device's keys; tell your administrator");
  }
  COACH_ASSIGN_OR_RETURN(std::vector<sync::Grant> grants, locked(store, [&](Store::Impl& impl) -> Result<std::vector<sync::Grant>> {
    COACH_TRY(impl.requireMember());
    return wrapTo(impl, target->id, target->agreementKey, allEpochs(*impl.membership));
  }));
  return transport.approve(device, grants);
}

Status revokeDevice(Store& store, sync::Transport& transport, const std::string& device) {
  if (device == store.deviceId()) return makeError(ErrorCode::InvalidArgument, "a device cannot revoke itself; revoke it from another team lead's device");
  COACH_TRY(transport.revoke(device));
  COACH_ASSIGN_OR_RETURN(std::vector<sync::DeviceInfo> devices, transport.devices());
  COACH_TRY(requireLead(devices, store.deviceId(), "start a new team key"));
  return rotate(store, transport, devices);
}

Status recoverTeam(Store& store, sync::Transport& transport, const std::string& teamId, std::string_view recoveryKey) {
  COACH_ASSIGN_OR_RETURN(crypto::SecretBytes seed, sync::parseRecoveryKey(recoveryKey));
  COACH_ASSIGN_OR_RETURN(crypto::X25519KeyPair pair, sync::recoveryKeyPair(seed.view()));
  COACH_ASSIGN_OR_RETURN(sync::GrantsAnswer answer, transport.grants());
  std::vector<const sync::Grant*> recovery;
  for (const sync::Grant& g : answer.grants) {
    if (g.recipient == sync::kRecoveryRecipient) recovery.push_back(&g);
  }
  if (recovery.empty()) return makeError(ErrorCode::NotFound, "the server holds no recovery grants for this team");
  COACH_ASSIGN_OR_RETURN(std::vector<sync::DeviceInfo> devices, transport.devices());
  // Each epoch's recovery grant on its own: an epoch compaction replaced the recovery key, and the grants of the
  // epochs before it open only with the key it replaced.
  std::uint32_t newest = 0;
  std::vector<const sync::Grant*> opening;
  for (const sync::Grant* g : recovery) {
    newest = std::max(newest, g->epoch);
    if (openGrants(teamId, {g}, pair.privateKey(), devices).ok()) opening.push_back(g);
  }
  if (opening.empty()) {
    return makeError(ErrorCode::DecryptFailed, "the recovery key does not open this team's keys: check that it is this "
                                               "team's recovery key");
  }
  auto set = openGrants(teamId, opening, pair.privateKey(), devices);
  if (!set.ok()) return std::move(set).error();
  if (set->keys.rbegin()->first != newest) {
    return makeError(ErrorCode::DecryptFailed, "this recovery key was replaced when a participant was erased: use the "
                                               "newest recovery key the team lead was given");
  }
  if (set->recoveryPub != pair.publicKey()) {
    return makeError(ErrorCode::DecryptFailed, "the team's keys name another recovery key than the one typed");
  }
  COACH_TRY(locked(store, [&](Store::Impl& impl) -> Status {
    COACH_TRY(impl.adoptEpochs(teamId, set->keys, set->recoveryPub));
    return impl.learnRole(devices);
  }));
  // Hand every epoch to this device too, so the team sees which keys it holds (a lead code enrolled it).
  COACH_ASSIGN_OR_RETURN(DeviceKeys own, deviceKeys(store));
  COACH_ASSIGN_OR_RETURN(std::vector<sync::Grant> grants, locked(store, [&](Store::Impl& impl) {
    return wrapTo(impl, impl.deviceId, own.agreementKey, allEpochs(*impl.membership));
  }));
  return transport.putGrants(0, grants);
}

Result<bool> applyGrants(Store& store, sync::Transport& transport, const sync::GrantsAnswer& answer) {
  const std::string self = store.deviceId();
  COACH_ASSIGN_OR_RETURN(std::uint32_t before, locked(store, [](Store::Impl& impl) -> Result<std::uint32_t> {
    COACH_TRY(impl.requireMember());
    return impl.membership->epoch;
  }));
  std::vector<const sync::Grant*> fresh;
  COACH_TRY(locked(store, [&](Store::Impl& impl) -> Status {
    for (const sync::Grant& g : answer.grants) {
      // Grants of retired epochs are wrapped to this device's earlier agreement key: passed over.
      if (g.recipient == self && g.epoch >= impl.membership->floor && !impl.membership->teamKeys.count(g.epoch)) {
        fresh.push_back(&g);
      }
    }
    return {};
  }));
  const bool rotationDue = answer.rotationNeeded && answer.newestEpoch == before && fresh.empty();
  if (fresh.empty() && !rotationDue) return false;
  COACH_ASSIGN_OR_RETURN(std::vector<sync::DeviceInfo> devices, transport.devices());
  if (!fresh.empty()) {
    COACH_ASSIGN_OR_RETURN(crypto::X25519KeyPair own, locked(store, [](Store::Impl& impl) { return impl.agreementKeys(); }));
    COACH_ASSIGN_OR_RETURN(std::string team, store.teamId());
    COACH_ASSIGN_OR_RETURN(TeamKeySet set, openGrants(team, fresh, own.privateKey(), devices, seenFor(store, devices, fresh)));
    const bool authoredHere = std::any_of(fresh.begin(), fresh.end(), [&](const sync::Grant* g) { return g->author == self; });
    COACH_TRY(locked(store, [&](Store::Impl& impl) -> Status {
      // A recovery key that changes from one epoch to the next marks an epoch compaction: once this sync has
      // carried out the team's erasures, this device retires every epoch before it (finishCompaction).
      std::uint32_t compaction = 0;
      crypto::Bytes known = impl.membership->recoveryPub;
      for (const auto& [epoch, pub] : set.recoveryPubs) {
        if (!known.empty() && pub != known) compaction = epoch;
        known = pub;
      }
      COACH_TRY(impl.adoptEpochs(team, set.keys, set.recoveryPub));
      if (compaction > 0) COACH_TRY(impl.metaPut("compaction_due", crypto::asBytes(std::to_string(compaction))));
      // An epoch this device started but did not finish (it stopped after the server took it): finish it now.
      return authoredHere && compaction == 0 ? impl.rotateShardKeys() : Status{};
    }));
  } else {
    const sync::DeviceInfo* me = findDevice(devices, self);
    if (me != nullptr && me->role == "lead") {
      auto rotated = rotate(store, transport, devices);
      if (!rotated.ok() && rotated.error().code != ErrorCode::AlreadyExists) return std::move(rotated).error();
    }
  }
  COACH_ASSIGN_OR_RETURN(std::uint32_t after, locked(store, [](Store::Impl& impl) -> Result<std::uint32_t> {
    return impl.membership->epoch;
  }));
  return after != before;
}

Result<Exposure> exposure(Store& store, sync::Transport& transport, const std::string& device) {
  COACH_ASSIGN_OR_RETURN(std::vector<sync::DeviceInfo> devices, transport.devices());
  const sync::DeviceInfo* d = findDevice(devices, device);
  if (d == nullptr) return makeError(ErrorCode::NotFound, "no device " + device + " in this team");
  Exposure out{d->id, d->lastSeenAt, d->revokedAt, {}};
  COACH_TRY(locked(store, [&](Store::Impl& impl) -> Status {
    COACH_TRY(impl.requireUnlocked());
    COACH_ASSIGN_OR_RETURN(store::Stmt* s, impl.stmt("SELECT r.id FROM k_participant k JOIN record r ON r.rid = k.rid "
                                                     "WHERE (k.created_hlc >> 16) <= ? ORDER BY r.id"));
    store::StmtGuard guard(*s);
    // The server records a device's last request to the minute (it touches it at most once a minute): count
    // the minute after it too, so a breach decision errs towards more participants, never fewer.
    COACH_TRY(s->bindInt(1, d->lastSeenAt > 0 ? d->lastSeenAt + 60 * 1000 : 0));
    while (true) {
      COACH_ASSIGN_OR_RETURN(bool row, s->step());
      if (!row) return {};
      out.participants.push_back(s->textAt(0));
    }
  }));
  return out;
}

}  // namespace coach::lifecycle
