// Store: applying what a pull returned (docs/sync.md, "Pull"). A page is applied, and the cursor advanced, in
// one transaction. Envelopes are checked in the order of proto/PROTOCOL.md: structure, signature, the
// sender's hash chain, then decryption. One that cannot be applied yet (its sender's clock is beyond the drift
// bound, or its shard key has not arrived) is parked, with every later envelope of the same sender, and
// retried at the next sync.
#include <openssl/crypto.h>

#include "crypto/crypto.hpp"
#include "store/store_impl.hpp"
#include "sync/chain.hpp"

namespace coach {
namespace {

struct Peer {
  crypto::Bytes signingKey;
  sync::ChainState chain;
};

Result<std::optional<Peer>> loadPeer(Store::Impl& impl, const std::string& device) {
  COACH_ASSIGN_OR_RETURN(store::Stmt* s, impl.stmt("SELECT signing_key, last_seq, last_hash FROM peer WHERE device = ?"));
  store::StmtGuard guard(*s);
  COACH_TRY(s->bindText(1, device));
  COACH_ASSIGN_OR_RETURN(bool row, s->step());
  if (!row) return std::optional<Peer>{};
  Peer p;
  const auto key = s->blobAt(0);
  p.signingKey.assign(key.begin(), key.end());
  p.chain.lastSequence = static_cast<std::uint64_t>(s->intAt(1));
  const auto hash = s->blobAt(2);
  if (hash.size() == sync::kHashSize) std::copy(hash.begin(), hash.end(), p.chain.lastHash.begin());
  return std::optional<Peer>{std::move(p)};
}

Status saveChain(Store::Impl& impl, const std::string& device, const sync::ChainState& chain) {
  COACH_ASSIGN_OR_RETURN(store::Stmt* s, impl.stmt("UPDATE peer SET last_seq = ?, last_hash = ? WHERE device = ?"));
  store::StmtGuard guard(*s);
  COACH_TRY(s->bindInt(1, static_cast<std::int64_t>(chain.lastSequence)));
  COACH_TRY(s->bindBlob(2, chain.lastHash));
  COACH_TRY(s->bindText(3, device));
  return s->run();
}

Result<bool> hasParked(Store::Impl& impl, const std::string& device) {
  COACH_ASSIGN_OR_RETURN(store::Stmt* s, impl.stmt("SELECT 1 FROM parked_envelope WHERE device = ? LIMIT 1"));
  store::StmtGuard guard(*s);
  COACH_TRY(s->bindText(1, device));
  return s->step();
}

Status park(Store::Impl& impl, std::uint64_t serverSeq, const std::string& device, const std::string& reason,
            crypto::ByteView bytes) {
  COACH_ASSIGN_OR_RETURN(store::Stmt* s, impl.stmt(
      "INSERT OR IGNORE INTO parked_envelope (server_seq, device, reason, bytes) VALUES (?, ?, ?, ?)"));
  store::StmtGuard guard(*s);
  COACH_TRY(s->bindInt(1, static_cast<std::int64_t>(serverSeq)));
  COACH_TRY(s->bindText(2, device));
  COACH_TRY(s->bindText(3, reason));
  COACH_TRY(s->bindBlob(4, bytes));
  return s->run();
}

// Decrypts and merges one verified envelope. Returns an error message (not a Status) when the envelope must
// wait: its sender's clock is too far ahead, or this device lacks its shard key.
Result<std::optional<std::string>> applyEnvelope(Store::Impl& impl, const sync::ParsedEnvelope& env,
                                                 const std::string& sender, PageOutcome& outcome) {
  if (auto drift = impl.hlc->checkDrift(Hlc{env.header.newestHlc}); !drift.ok()) {
    return std::optional<std::string>{"device " + sender + ": " + drift.error().message};
  }
  const std::string shard = sync::shardToText(env.header.shard);
  auto key = impl.keys->shardCipher(impl.db, shard, env.header.keyId);
  if (!key.ok()) return std::optional<std::string>{"device " + sender + ": the shard key has not arrived yet"};
  COACH_ASSIGN_OR_RETURN(crypto::Bytes plain, sync::openEnvelope(env, *key.value()));
  COACH_ASSIGN_OR_RETURN(sync::ChangeBatch batch, sync::decodeBatch(plain));
  OPENSSL_cleanse(plain.data(), plain.size());
  for (const sync::RecordChange& change : batch.changes) {
    for (const sync::FieldChange& f : change.fields) {
      if (f.hlc > env.header.newestHlc) {
        return makeError(ErrorCode::EnvelopeMalformed, "an envelope of device " + sender + " holds a change newer than its header says");
      }
    }
  }
  COACH_TRY(impl.hlc->receive(Hlc{env.header.newestHlc}));
  for (const sync::RecordChange& change : batch.changes) {
    COACH_ASSIGN_OR_RETURN(std::int64_t applied, impl.mergeChange(change, shard, sender, outcome));
    outcome.changes += static_cast<std::uint64_t>(applied);
  }
  ++outcome.envelopes;
  return std::optional<std::string>{};
}

// A tombstone: an envelope of an erased shard of which the server kept only the header and hash. It moves the
// sender's chain on and nothing else; one of a shard this device knows no erasure of is the server withholding
// data (the next sync fetches the erasures first, so an erasure that raced this pull is known then).
Status applyTombstone(Store::Impl& impl, const sync::PullItem& item) {
  COACH_ASSIGN_OR_RETURN(sync::EnvelopeHeader h, sync::parseEnvelopeHeader(item.envelope));
  if (h.team != impl.membership->team) {
    return makeError(ErrorCode::WrongTeam, "the server sent a tombstone of another team: it is misconfigured or hostile");
  }
  const std::string sender = sync::idToText(h.device);
  if (sender == impl.deviceId) return {};
  COACH_ASSIGN_OR_RETURN(bool erased, impl.isErased(sync::shardToText(h.shard)));
  if (!erased || item.erasedHash.size() != sync::kHashSize) {
    return makeError(ErrorCode::ChainBroken, "the server removed envelope " + std::to_string(h.sequence) + " of device " +
                                                 sender + " without an erasure order of its shard; the next sync checks again");
  }
  COACH_ASSIGN_OR_RETURN(std::optional<Peer> peer, loadPeer(impl, sender));
  if (!peer) return makeError(ErrorCode::SignatureInvalid, "a tombstone names device " + sender + ", which is not in the team's device list");
  sync::ChainState& chain = peer->chain;
  sync::Hash hash{};
  std::copy(item.erasedHash.begin(), item.erasedHash.end(), hash.begin());
  if (h.sequence == chain.lastSequence && hash != chain.lastHash) {
    return makeError(ErrorCode::SequenceReplayed, "device " + sender + "'s envelope " + std::to_string(h.sequence) + " came twice with different contents");
  }
  if (h.sequence <= chain.lastSequence) return {};
  if (h.sequence > chain.lastSequence + 1) {
    return makeError(ErrorCode::SequenceGap, "envelopes of device " + sender + " are missing before " + std::to_string(h.sequence));
  }
  if (h.prevHash != chain.lastHash) {
    return makeError(ErrorCode::ChainBroken, "device " + sender + "'s chain does not continue at the tombstone of envelope " +
                                                 std::to_string(h.sequence));
  }
  return saveChain(impl, sender, sync::ChainState{h.sequence, hash});
}

Status applyItem(Store::Impl& impl, const sync::PullItem& item, PageOutcome& outcome) {
  if (item.erased) return applyTombstone(impl, item);
  if (item.isKey) {
    auto imported = impl.importKeyRecord(item.key);
    if (!imported.ok() && imported.error().code == ErrorCode::UnknownKey) {
      // A key of a team epoch this device does not hold (it was left out of a rotation, or the epoch's key has
      // not reached it yet): the envelopes that need it wait, the rest of the team's changes go on. A record of
      // an epoch retired by a compaction is expected: the same key comes again under a later epoch.
      if (item.key.epoch >= impl.membership->floor) outcome.warnings.push_back(imported.error().message);
      return {};
    }
    return imported;
  }
  COACH_ASSIGN_OR_RETURN(sync::ParsedEnvelope env, sync::parseEnvelope(item.envelope));
  outcome.bytes += item.envelope.size();
  if (env.header.team != impl.membership->team) {
    return makeError(ErrorCode::WrongTeam, "the server sent an envelope of another team: it is misconfigured or hostile");
  }
  const std::string sender = sync::idToText(env.header.device);
  if (sender == impl.deviceId) return {};  // our own, applied when it was written
  COACH_ASSIGN_OR_RETURN(std::optional<Peer> peer, loadPeer(impl, sender));
  if (!peer) {
    return makeError(ErrorCode::SignatureInvalid, "an envelope comes from device " + sender + ", which is not in the team's device list");
  }
  COACH_TRY(sync::verifySignature(env, peer->signingKey));
  COACH_ASSIGN_OR_RETURN(sync::ChainVerdict verdict, sync::checkChain(peer->chain, env));
  if (verdict == sync::ChainVerdict::Duplicate) return {};
  COACH_TRY(saveChain(impl, sender, sync::advance(env)));
  // Written before its author learnt of the shard's erasure: nothing of it is kept.
  COACH_ASSIGN_OR_RETURN(bool erased, impl.isErased(sync::shardToText(env.header.shard)));
  if (erased) return {};
  COACH_ASSIGN_OR_RETURN(bool waiting, hasParked(impl, sender));
  if (waiting) return park(impl, item.serverSeq, sender, "after an earlier envelope that waits", item.envelope);
  COACH_ASSIGN_OR_RETURN(std::optional<std::string> wait, applyEnvelope(impl, env, sender, outcome));
  if (wait) {
    outcome.warnings.push_back(*wait + " (its changes wait until that is resolved)");
    return park(impl, item.serverSeq, sender, *wait, item.envelope);
  }
  return {};
}

}  // namespace

Result<std::uint64_t> Store::Impl::pullCursor() {
  return metaNumber("pull_cursor");
}

Status Store::Impl::updatePeers(const std::vector<sync::DeviceInfo>& devices) {
  COACH_ASSIGN_OR_RETURN(store::Transaction txn, store::Transaction::begin(db, stmts.get()));
  for (const sync::DeviceInfo& d : devices) {
    // A known device keeps its key: a server that swaps keys later is not believed (issue 5 adds fingerprints).
    COACH_ASSIGN_OR_RETURN(store::Stmt* s, stmt(
        "INSERT INTO peer (device, signing_key, revoked) VALUES (?, ?, ?) ON CONFLICT (device) DO UPDATE SET revoked = excluded.revoked"));
    store::StmtGuard guard(*s);
    COACH_TRY(s->bindText(1, d.id));
    COACH_TRY(s->bindBlob(2, d.signingKey));
    COACH_TRY(s->bindInt(3, d.revoked ? 1 : 0));
    COACH_TRY(s->run());
  }
  COACH_TRY(rememberAgreementKeys(devices));
  COACH_TRY(learnRole(devices));  // a profile enrolled before roles were kept learns its role here
  return txn.commit();
}

Result<bool> Store::Impl::knowsPeer(const std::string& device) {
  if (device == deviceId) return true;
  COACH_ASSIGN_OR_RETURN(std::optional<Peer> peer, loadPeer(*this, device));
  return peer.has_value();
}

Result<PageOutcome> Store::Impl::applyPage(const sync::PullResponse& page) {
  COACH_TRY(requireUnlocked());
  COACH_TRY(requireMember());
  PageOutcome outcome;
  COACH_ASSIGN_OR_RETURN(store::Transaction txn, store::Transaction::begin(db, stmts.get()));
  auto applied = [&]() -> Status {
    WriteGuardScope scope(writeAllowed);
    for (const sync::PullItem& item : page.items) COACH_TRY(applyItem(*this, item, outcome));
    COACH_TRY(metaPut("pull_cursor", crypto::asBytes(std::to_string(page.next))));
    return persistHlc();
  }();
  if (applied.ok()) applied = txn.commit();
  if (!applied.ok()) {
    // Whatever this page cached (records, keys, device numbers it added) rolled back with it.
    refCache.clear();
    deviceIdCache.clear();
    keys->dropCaches();
    return std::move(applied).error();
  }
  return outcome;
}

Result<PageOutcome> Store::Impl::retryParked() {
  PageOutcome outcome;
  COACH_ASSIGN_OR_RETURN(store::Transaction txn, store::Transaction::begin(db, stmts.get()));
  std::vector<std::tuple<std::uint64_t, std::string, crypto::Bytes>> parked;
  {
    COACH_ASSIGN_OR_RETURN(store::Stmt* s, stmt("SELECT server_seq, device, bytes FROM parked_envelope ORDER BY server_seq"));
    store::StmtGuard guard(*s);
    while (true) {
      COACH_ASSIGN_OR_RETURN(bool row, s->step());
      if (!row) break;
      const auto bytes = s->blobAt(2);
      parked.emplace_back(static_cast<std::uint64_t>(s->intAt(0)), s->textAt(1), crypto::Bytes(bytes.begin(), bytes.end()));
    }
  }
  if (parked.empty()) return outcome;
  std::set<std::string> stillWaiting;
  auto applied = [&]() -> Status {
    WriteGuardScope scope(writeAllowed);
    for (const auto& [seq, device, bytes] : parked) {
      if (stillWaiting.count(device)) continue;
      COACH_ASSIGN_OR_RETURN(sync::ParsedEnvelope env, sync::parseEnvelope(bytes));
      COACH_ASSIGN_OR_RETURN(std::optional<std::string> wait, applyEnvelope(*this, env, device, outcome));
      if (wait) {
        stillWaiting.insert(device);
        outcome.warnings.push_back(*wait + " (its changes still wait)");
        continue;
      }
      COACH_ASSIGN_OR_RETURN(store::Stmt* d, stmt("DELETE FROM parked_envelope WHERE server_seq = ?"));
      store::StmtGuard guard(*d);
      COACH_TRY(d->bindInt(1, static_cast<std::int64_t>(seq)));
      COACH_TRY(d->run());
    }
    return persistHlc();
  }();
  if (applied.ok()) applied = txn.commit();
  if (!applied.ok()) {
    refCache.clear();
    deviceIdCache.clear();
    keys->dropCaches();
    return std::move(applied).error();
  }
  return outcome;
}

}  // namespace coach
