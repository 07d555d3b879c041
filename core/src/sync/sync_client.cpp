// SyncClient: one sync round (docs/sync.md). Push: build envelopes from the outbox (persisted before they are
// sent), send them oldest first with the key records waiting, forget them once the server holds them.
// Catch-up: a device that is new or far behind applies the newest snapshots first (one transaction). Pull:
// pages after the cursor, each applied with its cursor in one transaction. Upload: a device left fully caught
// up uploads snapshots when the log has grown enough past the newest. The store's lock is held for each local
// step and never across the network.
#include <algorithm>
#include <chrono>
#include <optional>
#include <random>
#include <thread>
#include <utility>

#include "coach/lifecycle.hpp"
#include "coach/store.hpp"
#include "coach/sync.hpp"
#include "store/store_impl.hpp"
#include "sync/envelope.hpp"

namespace coach::sync {
namespace {

constexpr std::uint32_t kMaxRetryAfterSeconds = 10;  // longer waits end the sync: the next one tries again

// A certificate the device cannot verify is Unavailable too, but only the admin can mend it: the transport
// says so (Transport::lastFailureRetryable), and the sync ends at once with the message that tells whom to ask.
bool retryable(const Error& e, const Transport& transport) {
  if (e.retryAfterSeconds > kMaxRetryAfterSeconds) return false;  // ends the sync: nothing comes back sooner
  if (!transport.lastFailureRetryable()) return false;
  return e.code == ErrorCode::Unavailable || e.code == ErrorCode::RateLimited || e.code == ErrorCode::Internal;
}

}  // namespace

namespace {
Error unsupported() {
  return makeError(ErrorCode::ProtocolUnsupported, "this connection to the server does not carry device approvals, "
                                                   "key grants and erasures: update the app or the server");
}
}  // namespace

Result<GrantsAnswer> Transport::grants() { return unsupported(); }
Status Transport::approve(const std::string&, const std::vector<Grant>&) { return unsupported(); }
Status Transport::putGrants(std::uint32_t, const std::vector<Grant>&) { return unsupported(); }
Status Transport::revoke(const std::string&) { return unsupported(); }
Status Transport::replaceAgreementKey(const AgreementKeyChange&) { return unsupported(); }
Result<std::uint64_t> Transport::erase(const crypto::Bytes&) { return unsupported(); }
Result<std::vector<ErasureEntry>> Transport::erasures(std::uint64_t) { return unsupported(); }

SyncClient::SyncClient(Store& store, Transport& transport, SyncOptions options)
    : store_(store), transport_(transport), options_(std::move(options)) {}

namespace {

template <class Fn>
auto withRetry(const SyncOptions& options, const Transport& transport, Fn&& call) -> decltype(call()) {
  static thread_local std::mt19937 rng(std::random_device{}());
  for (int attempt = 1;; ++attempt) {
    auto result = call();
    if (result.ok() || attempt >= options.maxAttempts || !retryable(result.error(), transport)) return result;
    // Exponential backoff with full jitter: many devices coming back online at once do not retry in step. A
    // server that said when to come back (Retry-After) is believed, up to kMaxRetryAfterSeconds.
    const int ceiling = options.backoffBaseMillis << std::min(attempt, 10);
    std::uniform_int_distribution<int> jitter(0, std::max(ceiling, 0));
    const auto told = std::min<std::uint32_t>(result.error().retryAfterSeconds, kMaxRetryAfterSeconds);
    std::this_thread::sleep_for(std::max(std::chrono::milliseconds(jitter(rng)), std::chrono::milliseconds(told * 1000)));
  }
}

}  // namespace

namespace {

struct Round {
  Store& store;
  Transport& transport;
  const SyncOptions& options;
  SyncReport report;
  std::optional<SnapshotList> listed;  // the server's snapshots as this round found them before pulling
  bool caughtUp = false;               // the last page said nothing waits after it
  bool resent = false;                 // kept envelopes were sent again after a sequence_gap (once per round)
  bool pushedNothing = true;           // no push of this round carried an envelope or a key record

  bool crash(std::string_view point) const { return options.crashAt && options.crashAt(point); }
  void progress() const {
    if (options.onProgress) options.onProgress(report.totals);
  }
  Error abandoned(std::string_view point) const {
    return makeError(ErrorCode::Unavailable, "sync abandoned at " + std::string(point) + " (simulated crash)");
  }

  // The device lifecycle (docs/keys.md): adopt team key epochs granted since the last sync, and on a team
  // lead's device start the next epoch when a revoked device holds the newest. A server that predates grants
  // answers protocol_unsupported: nothing to do. Returns whether this device's newest epoch changed.
  Result<bool> refreshKeys() {
    auto answer = withRetry(options, transport, [&] { return transport.grants(); });
    if (!answer.ok() && answer.error().code == ErrorCode::ProtocolUnsupported) return false;
    COACH_TRY(answer);
    return lifecycle::applyGrants(store, transport, answer.value());
  }

  Status refreshPeers() {
    COACH_ASSIGN_OR_RETURN(std::vector<DeviceInfo> devices, withRetry(options, transport, [&] { return transport.devices(); }));
    return locked(store, [&](Store::Impl& impl) { return impl.updatePeers(devices); });
  }

  // A profile enrolled before devices kept their role (docs/store.md, "Roles") learns it from the device list,
  // which updatePeers reads; a device that knows its role asks for nothing more.
  Status learnRole() {
    COACH_ASSIGN_OR_RETURN(std::optional<std::string> role,
                           locked(store, [](Store::Impl& impl) { return impl.role(); }));
    return role ? Status{} : refreshPeers();
  }

  Status pushOnce(bool& done) {
    COACH_ASSIGN_OR_RETURN(std::vector<Store::Impl::SentEnvelope> unacked, locked(store, [&](Store::Impl& impl) {
      return impl.unackedEnvelopes(options.envelopesPerPush);
    }));
    if (unacked.empty()) {  // nothing waits from an earlier push: what is built now is what goes
      COACH_ASSIGN_OR_RETURN(unacked, locked(store, [&](Store::Impl& impl) {
        return impl.buildEnvelopes(options.changesPerEnvelope, options.envelopesPerPush);
      }));
      if (!unacked.empty() && crash("envelopes-built")) return abandoned("envelopes-built");
    }
    COACH_ASSIGN_OR_RETURN(std::vector<KeyRecord> keys, locked(store, [&](Store::Impl& impl) { return impl.pendingKeyRecords(); }));
    if (unacked.empty() && keys.empty()) {
      done = true;
      return pushedNothing ? checkServerHolds() : Status{};
    }
    pushedNothing = false;
    PushRequest request;
    request.keys = keys;
    request.envelopes.reserve(unacked.size());
    for (auto& e : unacked) request.envelopes.push_back(std::move(e.bytes));  // up to 2 MiB each: moved, not copied
    auto pushed = withRetry(options, transport, [&] { return transport.push(request); });
    if (!pushed.ok() && pushed.error().code == ErrorCode::ClockDrift) return afterClockDrift(std::move(pushed).error());
    if (!pushed.ok() && pushed.error().code == ErrorCode::SequenceGap && !unacked.empty()) {
      return resendKept(std::move(pushed).error(), unacked.front().sequence);
    }
    COACH_ASSIGN_OR_RETURN(PushResponse response, std::move(pushed));
    if (crash("pushed")) return abandoned("pushed");
    COACH_TRY(locked(store, [&](Store::Impl& impl) { return impl.acknowledge(response.lastSequence, keys, keepLimits()); }));
    for (std::size_t i = 0; i < unacked.size(); ++i) {
      if (unacked[i].sequence > response.lastSequence) continue;
      report.totals.changesPushed += unacked[i].changes;
      report.totals.bytesPushed += request.envelopes[i].size();
      ++report.envelopesPushed;
    }
    progress();
    if (crash("acknowledged")) return abandoned("acknowledged");
    return {};
  }

  // A round with nothing to push still asks, with an empty push, where the server's copy of this device's chain
  // ends: a server restored from an older backup may have lost envelopes of a device that writes nothing new.
  // Below the device's own last sequence, the kept copies go again.
  Status checkServerHolds() {
    COACH_ASSIGN_OR_RETURN(std::uint64_t own, locked(store, [](Store::Impl& impl) { return impl.metaNumber("device_seq"); }));
    if (own == 0) return {};
    COACH_ASSIGN_OR_RETURN(PushResponse held, withRetry(options, transport, [&] { return transport.push(PushRequest{}); }));
    if (held.lastSequence >= own) return {};
    Error gap = makeError(ErrorCode::SequenceGap, "the sync server holds this device's envelopes up to " +
                                                      std::to_string(held.lastSequence) + " of " + std::to_string(own));
    gap.expectedSequence = held.lastSequence + 1;
    return resendKept(std::move(gap), own + 1);
  }

  Store::Impl::KeepLimits keepLimits() const {
    return Store::Impl::KeepLimits{options.keepAcknowledgedDays, options.keepAcknowledgedBytes};
  }

  // A push refused with sequence_gap: the server lacks envelopes it had acknowledged, as after a restore from an
  // older backup (docs/sync.md, "Resending after a server restore"). The kept copies from the expected sequence
  // up to the first unacknowledged envelope go again, oldest first, the first push with every kept key record
  // (the server may have lost those too; the ones it holds are acknowledged as duplicates). Then the push loop
  // goes on with the unacknowledged ones. Once per sync: a second gap ends it with the server's error.
  Status resendKept(Error gap, std::uint64_t firstUnacked) {
    const std::uint64_t from = gap.expectedSequence;
    if (resent || from == 0 || from >= firstUnacked) return gap;
    resent = true;
    COACH_ASSIGN_OR_RETURN(std::vector<KeyRecord> keys, locked(store, [](Store::Impl& impl) { return impl.keptKeyRecords(); }));
    for (std::uint64_t next = from; next < firstUnacked;) {
      COACH_ASSIGN_OR_RETURN(std::vector<Store::Impl::SentEnvelope> kept, locked(store, [&](Store::Impl& impl) {
        return impl.keptEnvelopes(next, firstUnacked, options.envelopesPerPush);
      }));
      PushRequest request;
      request.keys = std::exchange(keys, {});
      for (auto& e : kept) {
        if (e.sequence != next + request.envelopes.size()) break;  // a hole: sent up to it, refused below
        request.envelopes.push_back(std::move(e.bytes));
      }
      if (request.envelopes.empty()) return lostForGood(gap, next);
      const std::uint64_t last = next + request.envelopes.size() - 1;
      COACH_ASSIGN_OR_RETURN(PushResponse response, withRetry(options, transport, [&] { return transport.push(request); }));
      if (response.lastSequence < last) return gap;  // cannot happen with a server that follows PROTOCOL.md
      report.envelopesResent += request.envelopes.size();
      next = last + 1;
    }
    warn("the sync server had lost " + std::to_string(firstUnacked - from) + " of this device's envelopes (was it "
         "restored from an older backup?); this device sent them again");
    return {};
  }

  Error lostForGood(const Error& gap, std::uint64_t missing) const {
    Error e = gap;
    e.message = "the sync server no longer holds this device's changes from envelope " + std::to_string(missing) +
                " on (was it restored from an older backup?), and this device no longer keeps that envelope (it keeps "
                "them " + std::to_string(options.keepAcknowledgedDays) + " days, or its participant was erased), so "
                "its later changes cannot be sent. Ask the admin to restore a newer backup; they stay safe on this device";
    return e;
  }

  // A push refused for clock drift (docs/faults.md). When this device holds stamps beyond the drift bound of its
  // wall clock now, its clock ran ahead and has been corrected: the server says where its chain stands (an
  // empty push), the envelopes it never stored are re-stamped (Store::Impl::rewindClock) and the loop pushes
  // them again. Otherwise the clock is still wrong and the refusal, which says so, ends the sync. After one
  // rewind the clock is no longer ahead, so a second refusal ends it too.
  Status afterClockDrift(Error refused) {
    if (!locked(store, [](Store::Impl& impl) { return impl.hlc->aheadOfWall(); })) return refused;
    COACH_ASSIGN_OR_RETURN(PushResponse held, withRetry(options, transport, [&] { return transport.push(PushRequest{}); }));
    COACH_ASSIGN_OR_RETURN(bool rewound, locked(store, [&](Store::Impl& impl) { return impl.rewindClock(held.lastSequence); }));
    if (!rewound) return refused;
    return {};
  }

  // Senders of a page this device has no signing key for yet.
  Result<bool> hasUnknownSender(const PullResponse& page) {
    for (const PullItem& item : page.items) {
      if (item.isKey) continue;
      auto env = parseEnvelope(item.envelope);
      if (!env.ok()) continue;  // applyPage reports it
      COACH_ASSIGN_OR_RETURN(bool known, locked(store, [&](Store::Impl& impl) { return impl.knowsPeer(idToText(env->header.device)); }));
      if (!known) return true;
    }
    return false;
  }

  Status pullOnce(bool& done) {
    COACH_ASSIGN_OR_RETURN(std::uint64_t cursor, locked(store, [&](Store::Impl& impl) { return impl.pullCursor(); }));
    const PullRequest request{cursor, options.pullLimit, 4u << 20};
    COACH_ASSIGN_OR_RETURN(PullResponse page, withRetry(options, transport, [&] { return transport.pull(request); }));
    COACH_ASSIGN_OR_RETURN(bool unknown, hasUnknownSender(page));
    if (unknown) COACH_TRY(refreshPeers());
    COACH_ASSIGN_OR_RETURN(PageOutcome outcome, locked(store, [&](Store::Impl& impl) { return impl.applyPage(page); }));
    absorb(outcome);
    progress();
    if (crash("page-applied")) return abandoned("page-applied");
    done = !page.more || page.items.empty();
    caughtUp = !page.more;
    return {};
  }

  // ---- snapshots (docs/sync.md, "Snapshots"): an optimisation, so a failure is a warning, never a failed sync

  void warn(std::string warning) { report.warnings.push_back(std::move(warning)); }

  static const SnapshotMeta* find(const SnapshotList& list, std::string_view shard) {
    auto it = std::find_if(list.snapshots.begin(), list.snapshots.end(),
                           [&](const SnapshotMeta& m) { return m.shard == shard; });
    return it == list.snapshots.end() ? nullptr : &*it;
  }

  void listSnapshots() {
    // Only the team's snapshot decides a catch-up or an upload (it names the participant snapshots of its round).
    auto list = withRetry(options, transport, [&] { return transport.snapshotsOf("team"); });
    if (list.ok()) {
      listed = std::move(list).value();
    } else if (list.error().code != ErrorCode::NotFound) {  // not_found: a server without snapshots
      warn("the server's snapshots could not be listed (" + list.error().message + "); this sync pulls the log only");
    }
  }

  Status catchUp() {
    if (!listed) return {};
    COACH_ASSIGN_OR_RETURN(std::uint64_t cursor, locked(store, [](Store::Impl& impl) { return impl.pullCursor(); }));
    const SnapshotMeta* team = find(*listed, "team");
    const bool behind = cursor == 0 || (listed->head > cursor && listed->head - cursor > options.catchUpThreshold);
    if (!behind || team == nullptr || team->covers <= cursor) return {};
    auto outcome = catchUpFromSnapshots();
    if (!outcome.ok()) {
      warn("catching up from the server's snapshots failed (" + outcome.error().message +
           "); this sync pulls the log instead");
      return {};
    }
    absorb(*outcome);
    progress();
    if (crash("snapshot-applied")) return abandoned("snapshot-applied");
    return {};
  }

  // The team snapshot says which participant snapshots belong to it; all are checked and applied together.
  Result<PageOutcome> catchUpFromSnapshots() {
    COACH_TRY(refreshPeers());
    COACH_ASSIGN_OR_RETURN(Snapshot team, withRetry(options, transport, [&] { return transport.snapshot("team"); }));
    COACH_ASSIGN_OR_RETURN(std::vector<std::string> shards,
                           locked(store, [&](Store::Impl& impl) { return impl.snapshotShardsNeeded(team); }));
    std::vector<Snapshot> participants;
    for (const std::string& shard : shards) {
      COACH_ASSIGN_OR_RETURN(Snapshot s, withRetry(options, transport, [&] { return transport.snapshot(shard); }));
      participants.push_back(std::move(s));
    }
    COACH_ASSIGN_OR_RETURN(PageOutcome outcome,
                           locked(store, [&](Store::Impl& impl) { return impl.applySnapshots(team, participants); }));
    report.snapshotsApplied = 1 + participants.size();
    report.snapshotCovers = team.meta.covers;
    return outcome;
  }

  // Participant snapshots first, the team's last, so a reader that finds a new team snapshot finds the rest.
  Status upload() {
    if (options.snapshotInterval == 0 || !listed || !caughtUp) return {};
    COACH_ASSIGN_OR_RETURN(std::uint64_t cursor, locked(store, [](Store::Impl& impl) { return impl.pullCursor(); }));
    const SnapshotMeta* team = find(*listed, "team");
    const std::uint64_t newest = team != nullptr ? team->covers : 0;
    if (cursor <= newest || cursor - newest < options.snapshotInterval) return {};
    COACH_ASSIGN_OR_RETURN(std::vector<std::string> shards,
                           locked(store, [](Store::Impl& impl) { return impl.snapshotShards(); }));
    for (const std::string& shard : shards) {
      auto built = locked(store, [&](Store::Impl& impl) { return impl.buildSnapshot(shard, cursor); });
      if (!built.ok()) {
        warn("no snapshot could be made of shard " + shard + " (" + built.error().message +
             "); devices far behind keep pulling the log");
        return {};
      }
      if (!built.value()) return {};  // this device moved on meanwhile: a later round makes them
      auto put = withRetry(options, transport, [&] { return transport.putSnapshot(*built.value()); });
      if (!put.ok()) {
        warn("the snapshot of shard " + shard + " could not be uploaded (" + put.error().message +
             "); a later sync tries again");
        return {};
      }
      ++report.snapshotsUploaded;
      if (crash("snapshot-uploaded")) return abandoned("snapshot-uploaded");
    }
    return {};
  }

  void absorb(const PageOutcome& outcome) {
    report.totals.changesPulled += outcome.changes;
    report.totals.bytesPulled += outcome.bytes;
    report.envelopesPulled += outcome.envelopes;
    report.conflicts += outcome.conflicts;
    report.warnings.insert(report.warnings.end(), outcome.warnings.begin(), outcome.warnings.end());
  }
};

}  // namespace

Result<SyncReport> SyncClient::sync() {
  Round round{store_, transport_, options_, {}, {}, false, false, true};
  COACH_TRY(locked(store_, [](Store::Impl& impl) -> Status {
    COACH_TRY(impl.requireUnlocked());
    return impl.requireMember();
  }));
  COACH_ASSIGN_OR_RETURN(bool newEpoch, round.refreshKeys());
  COACH_TRY(round.learnRole());
  // Erasures ordered by a team lead since the last sync are carried out before anything is pushed or pulled
  // (docs/erasure.md): what this device wrote about an erased participant since is not sent as changes.
  COACH_ASSIGN_OR_RETURN(std::size_t erased,
                         withRetry(options_, transport_, [&] { return lifecycle::applyErasures(store_, transport_, round.report.warnings); }));
  round.report.shardsErased = erased;
  if (newEpoch) {
    // The shard key versions of the new epoch arrive through the log: learn them before sealing anything new.
    for (bool done = false; !done;) COACH_TRY(round.pullOnce(done));
  }
  // Epoch compaction (docs/keys.md), after the erasures and after what the earlier epochs still opened was pulled.
  COACH_ASSIGN_OR_RETURN(bool owed, lifecycle::compactionOwed(store_));
  if (owed) {
    auto compacted = lifecycle::compactKeys(store_, transport_);
    if (compacted.ok()) {
      round.report.newRecoveryKey = std::move(compacted.value());
      round.report.keysCompacted = true;
    } else {
      round.report.warnings.push_back("the team's keys could not be renewed after an erasure (" + compacted.error().message +
                                      "); this device tries again at its next sync");
    }
  }
  COACH_ASSIGN_OR_RETURN(bool retired, withRetry(options_, transport_, [&] { return lifecycle::finishCompaction(store_, transport_); }));
  round.report.keysCompacted = round.report.keysCompacted || retired;
  for (bool done = false; !done;) COACH_TRY(round.pushOnce(done));
  round.listSnapshots();
  COACH_TRY(round.catchUp());
  COACH_ASSIGN_OR_RETURN(PageOutcome parked, locked(store_, [](Store::Impl& impl) { return impl.retryParked(); }));
  round.absorb(parked);
  for (bool done = false; !done;) COACH_TRY(round.pullOnce(done));
  // Keys that came late in the log (re-published under a compaction epoch, after the envelopes they open) let
  // what this pull had to park be applied now rather than at the next sync.
  COACH_ASSIGN_OR_RETURN(PageOutcome late, locked(store_, [](Store::Impl& impl) { return impl.retryParked(); }));
  round.absorb(late);
  COACH_TRY(round.upload());
  return round.report;
}

}  // namespace coach::sync
