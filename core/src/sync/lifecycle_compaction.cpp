// Epoch compaction (coach/lifecycle.hpp; docs/keys.md, "Epoch compaction"; proto/PROTOCOL.md). An erasure
// destroys a participant's shard keys on every device, but a backup of the server made before it still holds
// the shard's envelopes and its key records, wrapped under team key epochs every device keeps, and grants of
// those epochs wrapped to every device's X25519 key and to the paper recovery key. Compaction closes that: a
// new epoch with a new recovery key; every device re-publishes the keys it holds under it, forgets the earlier
// team keys and replaces its X25519 key. Afterwards no key any device holds, nor the new recovery key, opens
// anything of the erased participant in such a backup. Local steps run under the store's lock, never across a
// network call.
#include "coach/lifecycle.hpp"
#include "store/store_impl.hpp"
#include "sync/lifecycle_detail.hpp"
#include "sync/team_keys.hpp"

namespace coach::lifecycle {

namespace {

// Registers a new X25519 key for this device with the server (signed), then overwrites the old one here. A
// repeat after a lost answer sends the same new key again.
Status replaceOwnAgreementKey(Store& store, sync::Transport& transport) {
  sync::AgreementKeyChange change;
  COACH_TRY(locked(store, [&](Store::Impl& impl) -> Status {
    COACH_TRY(impl.requireMember());
    COACH_ASSIGN_OR_RETURN(crypto::X25519KeyPair next, impl.nextAgreementKeys());
    change.agreementKey = next.publicKey();
    const crypto::Bytes statement = sync::agreementKeyStatement(impl.membership->teamText, impl.deviceId, change.agreementKey);
    COACH_ASSIGN_OR_RETURN(change.signature, impl.membership->signer->sign(statement));
    return {};
  }));
  COACH_TRY(transport.replaceAgreementKey(change));
  return locked(store, [](Store::Impl& impl) { return impl.commitAgreementKeys(); });
}

}  // namespace

Result<std::string> compactKeys(Store& store, sync::Transport& transport) {
  COACH_ASSIGN_OR_RETURN(std::vector<sync::DeviceInfo> devices, transport.devices());
  COACH_TRY(detail::requireLead(devices, store.deviceId(), "start a new team key"));
  COACH_ASSIGN_OR_RETURN(sync::RecoveryKey recovery, sync::newRecoveryKey());
  COACH_ASSIGN_OR_RETURN(crypto::X25519KeyPair recoveryPair, sync::recoveryKeyPair(recovery.seed.view()));
  COACH_ASSIGN_OR_RETURN(crypto::SecretBytes key, crypto::randomSecret(32));
  const crypto::Bytes recoveryPub = recoveryPair.publicKey();
  // This device replaces its own X25519 key first, so the grants of the new epoch are wrapped from the key the
  // server lists for it from now on (a device or a recovery that opens them later finds it there).
  COACH_TRY(replaceOwnAgreementKey(store, transport));
  std::uint32_t next = 0;
  std::vector<sync::Grant> grants;
  COACH_TRY(locked(store, [&](Store::Impl& impl) -> Status {
    COACH_TRY(impl.requireMember());
    next = impl.membership->epoch + 1;
    const std::map<std::uint32_t, const crypto::SecretBytes*> epoch{{next, &key}};
    for (const sync::DeviceInfo& d : devices) {
      if (d.revoked || d.pending || d.agreementKey.size() != crypto::kX25519KeySize) continue;
      COACH_ASSIGN_OR_RETURN(std::vector<sync::Grant> g, detail::wrapTo(impl, d.id, d.agreementKey, epoch, &recoveryPub));
      grants.insert(grants.end(), g.begin(), g.end());
    }
    COACH_ASSIGN_OR_RETURN(std::vector<sync::Grant> g,
                           detail::wrapTo(impl, std::string(sync::kRecoveryRecipient), recoveryPub, epoch, &recoveryPub));
    grants.insert(grants.end(), g.begin(), g.end());
    return {};
  }));
  COACH_TRY(transport.putGrants(next, grants));
  COACH_TRY(locked(store, [&](Store::Impl& impl) -> Status {
    std::map<std::uint32_t, crypto::SecretBytes> keys;
    keys.emplace(next, key.clone());
    COACH_TRY(impl.adoptEpochs(impl.membership->teamText, keys, recoveryPub));
    COACH_TRY(impl.retireEpochsBelow(next));
    // Its agreement key was replaced above already.
    COACH_TRY(impl.db.exec("DELETE FROM meta WHERE key = 'agree_rotation_due'", "clearing the agreement key mark"));
    return impl.metaPut("compaction_owed", crypto::asBytes("0"));
  }));
  return std::move(recovery.text);
}

Result<bool> finishCompaction(Store& store, sync::Transport& transport) {
  bool did = false;
  COACH_ASSIGN_OR_RETURN(bool rotationDue, locked(store, [&](Store::Impl& impl) -> Result<bool> {
    COACH_TRY(impl.requireMember());
    COACH_ASSIGN_OR_RETURN(std::uint64_t due, impl.metaNumber("compaction_due"));
    if (due > 0 && due <= impl.membership->epoch) {
      COACH_TRY(impl.retireEpochsBelow(static_cast<std::uint32_t>(due)));
      did = true;
    }
    COACH_ASSIGN_OR_RETURN(std::uint64_t rotation, impl.metaNumber("agree_rotation_due"));
    return rotation > 0;
  }));
  if (!rotationDue) return did;
  COACH_TRY(replaceOwnAgreementKey(store, transport));
  return true;
}

Result<bool> compactionOwed(Store& store) {
  return locked(store, [](Store::Impl& impl) -> Result<bool> {
    COACH_ASSIGN_OR_RETURN(std::uint64_t owed, impl.metaNumber("compaction_owed"));
    return owed > 0;
  });
}

}  // namespace coach::lifecycle
