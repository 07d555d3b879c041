// coach/sync.hpp: syncing a device's store with its team through a Transport (docs/sync.md; the wire
// contract is proto/PROTOCOL.md).
//
// Provides the messages of the protocol as C++ values, the Transport interface (the HTTP transport and the
// in-process loopback transport implement it), and SyncClient, which pushes the outbox as signed, encrypted
// envelopes and pulls and merges what the rest of the team wrote. Every step commits before the next, so a
// sync interrupted anywhere (crash, lost connection) resumes without losing or duplicating anything.
//
// Thread-safety: a SyncClient is used by one thread at a time; the Store it syncs may be used concurrently.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "coach/bytes.hpp"
#include "coach/result.hpp"

namespace coach {

class Store;

namespace sync {

// A shard data key wrapped by the team key, as it travels through the server (which cannot open it).
struct KeyRecord {
  std::string shard;          // a participant record id (the team shard's key is derived, never sent)
  std::uint32_t version = 0;  // shard key version
  std::uint32_t epoch = 0;    // team key epoch that wraps it
  std::string author;         // device id
  crypto::Bytes wrapped;      // AES-256-GCM under the team key, proto/PROTOCOL.md "Key records"
  friend bool operator==(const KeyRecord&, const KeyRecord&) = default;
};

struct PushRequest {
  std::vector<crypto::Bytes> envelopes;  // this device's, in sequence order
  std::vector<KeyRecord> keys;
};

struct PushResponse {
  std::uint64_t lastSequence = 0;          // the highest contiguous sequence the server holds for the device
  std::vector<std::uint64_t> serverSeqs;   // per envelope newly stored by this push, its place in the team's order
};

struct PullRequest {
  std::uint64_t after = 0;     // the cursor: the last server sequence already applied
  std::uint32_t limit = 500;   // at most this many items
  std::uint32_t maxBytes = 4u << 20;
};

struct PullItem {
  std::uint64_t serverSeq = 0;
  bool isKey = false;
  crypto::Bytes envelope;  // when !isKey: the envelope, or only its 106 header bytes when `erased`
  KeyRecord key;           // when isKey
  bool erased = false;     // a tombstone of an envelope of an erased shard (proto/PROTOCOL.md, "Erasure")
  crypto::Bytes erasedHash;  // when erased: SHA-256 of the envelope as it was (its chain hash)
};

struct PullResponse {
  std::vector<PullItem> items;
  std::uint64_t next = 0;  // the cursor after these items
  bool more = false;       // more items wait after `next`
};

struct DeviceInfo {
  std::string id;
  crypto::Bytes signingKey;  // Ed25519 public key
  bool revoked = false;
  crypto::Bytes agreementKey;  // X25519 public key (empty for a device that registered none)
  std::string role = "coach";  // "coach" or "lead"
  bool pending = false;        // enrolled, waiting for a team lead's approval
  std::uint32_t epoch = 0;     // the newest team key epoch granted to it (0: none)
  std::int64_t enrolledAt = 0;  // Unix milliseconds
  std::int64_t lastSeenAt = 0;  // its last request (to the minute): when it last synced
  std::int64_t revokedAt = 0;
  std::string approvedBy;
};

// A team key of one epoch wrapped to one recipient (a device id, or "recovery") by an author device
// (proto/PROTOCOL.md, "Grants"). The server stores and hands them out; it cannot open them.
struct Grant {
  std::string recipient;
  std::uint32_t epoch = 0;
  std::string author;
  crypto::Bytes wrapped;
  friend bool operator==(const Grant&, const Grant&) = default;
};

// GET /v1/grants: the grants to the asking device and to "recovery", the team's newest epoch, and whether a
// revoked device holds that epoch (a team lead's device then starts the next one).
struct GrantsAnswer {
  std::vector<Grant> grants;
  std::uint32_t newestEpoch = 0;
  bool rotationNeeded = false;
};

// POST /v1/devices/agreement-key: a device replaces its own X25519 public key, signed with its Ed25519 key over
// sync::agreementKeyStatement (proto/PROTOCOL.md, "Epoch compaction"). After an epoch compaction every device
// does, so that the grants a backup of the server holds, wrapped to its old key, open for nobody.
struct AgreementKeyChange {
  crypto::Bytes agreementKey;  // the new X25519 public key, 32 bytes
  crypto::Bytes signature;     // Ed25519, 64 bytes
};

// Enrolment (proto/PROTOCOL.md, "Device enrolment"): a device registers its public keys with a one-time code
// an admin handed out, and receives its team id and its device token.
struct EnrolRequest {
  std::string code;            // as typed: groups of letters and digits, case and dashes do not matter
  std::string device;          // the device's id
  crypto::Bytes signingKey;    // Ed25519 public key, 32 bytes
  crypto::Bytes agreementKey;  // X25519 public key, 32 bytes, or empty until the device has one
};

struct EnrolResponse {
  std::string team;
  std::string device;
  std::string token;  // secret: the bearer token of every later request; keep it in the profile only
  std::string role;   // "coach" or "lead"
};

// A snapshot: an encrypted state image of one shard up to a server sequence (proto/PROTOCOL.md, "Snapshots").
struct SnapshotMeta {
  std::string shard;          // "team" or a participant shard id
  std::uint64_t covers = 0;   // the team's server sequence it includes everything up to
  std::uint32_t keyId = 0;    // the shard key version that sealed it
  std::string author;         // the device that made it
  std::uint64_t size = 0;     // bytes of `snapshot`
  friend bool operator==(const SnapshotMeta&, const SnapshotMeta&) = default;
};

struct Snapshot {
  SnapshotMeta meta;
  crypto::Bytes bytes;
  std::uint64_t erasuresSeen = 0;  // upload only: the last erasure order the author carried out (its index)
};

// An erasure order as the server lists it (proto/PROTOCOL.md, "Erasure"): its place in the team's list, the
// 162 order bytes the team lead's device made, and when the server received it.
struct ErasureEntry {
  std::uint64_t index = 0;
  crypto::Bytes order;
  std::int64_t receivedAt = 0;
};

struct SnapshotList {
  std::vector<SnapshotMeta> snapshots;  // the newest per shard
  std::uint64_t head = 0;               // the team's newest server sequence
};

// How the bodies of push and pull travel (proto/PROTOCOL.md, "Binary bodies"): Binary sends and asks for
// the binary body where the protocol has one and falls back to JSON with a server that does not take it;
// Json sends and asks for JSON only. The messages are the same either way.
enum class BodyFormat { Binary, Json };

// Carries protocol messages to a server. Errors are the server's (proto error ids) or Unavailable when it
// cannot be reached; a transport never retries on its own (the SyncClient decides).
class Transport {
 public:
  virtual ~Transport() = default;
  virtual Result<PushResponse> push(const PushRequest& request) = 0;
  virtual Result<PullResponse> pull(const PullRequest& request) = 0;
  virtual Result<std::vector<DeviceInfo>> devices() = 0;
  virtual Result<SnapshotList> snapshots() = 0;
  // The list with only `shard`'s snapshot in it (and the head): all a sync round asks for, while a team's whole
  // list names a snapshot per participant and grows with the team (739 entries cost a device 3.4 ms per sync in
  // `coach-bench join`). A server or transport that cannot filter answers the whole list, so callers look the
  // shard up in the answer either way. By default the whole list.
  virtual Result<SnapshotList> snapshotsOf(const std::string& /*shard*/) { return snapshots(); }
  virtual Result<Snapshot> snapshot(const std::string& shard) = 0;
  virtual Status putSnapshot(const Snapshot& snapshot) = 0;
  // The device lifecycle (docs/keys.md). A transport that does not carry them answers ProtocolUnsupported.
  // The grants to this device and to "recovery" (a pending device may ask).
  virtual Result<GrantsAnswer> grants();
  // A team lead's device approves a pending device, handing it its grants.
  virtual Status approve(const std::string& device, const std::vector<Grant>& grants);
  // Stores grants; newEpoch > 0 starts that team key epoch (AlreadyExists when another lead was first).
  virtual Status putGrants(std::uint32_t newEpoch, const std::vector<Grant>& grants);
  // A team lead's device revokes a device of its team (a lost phone).
  virtual Status revoke(const std::string& device);
  // This device replaces its X25519 public key (after an epoch compaction).
  virtual Status replaceAgreementKey(const AgreementKeyChange& change);
  // POST /v1/erasures: hands an erasure order to the server, which erases the shard; returns the order's index.
  virtual Result<std::uint64_t> erase(const crypto::Bytes& order);
  // GET /v1/erasures?after=N: the team's erasure orders after index `after`, oldest first.
  virtual Result<std::vector<ErasureEntry>> erasures(std::uint64_t after);
  // Whether the failure of this transport's last call can pass by itself, so that SyncClient retries a
  // retryable error code at all. HttpTransport answers false after a server certificate that could not be
  // verified (a configuration problem: the admin must act, and retrying only delays the message). Default true.
  virtual bool lastFailureRetryable() const { return true; }
};

struct SyncProgress {
  std::uint64_t changesPushed = 0;
  std::uint64_t bytesPushed = 0;
  std::uint64_t changesPulled = 0;
  std::uint64_t bytesPulled = 0;
};

struct SyncReport {
  SyncProgress totals;
  std::uint64_t envelopesPushed = 0;
  std::uint64_t envelopesPulled = 0;
  std::uint64_t conflicts = 0;       // new conflicts found by this sync
  std::vector<std::string> warnings; // e.g. a device whose clock is wrong: its changes wait
  // Catching up from snapshots (docs/sync.md, "Snapshots"): how many this sync applied (the team's and the
  // participants'; 0 when it pulled the log only) and the server sequence they moved the cursor to.
  std::uint64_t snapshotsApplied = 0;
  std::uint64_t snapshotCovers = 0;
  std::uint64_t snapshotsUploaded = 0;  // snapshots this device made for the others
  std::uint64_t shardsErased = 0;       // participants erased on this device by team lead orders (docs/erasure.md)
  bool keysCompacted = false;           // this device retired the team keys before a compaction epoch (docs/keys.md)
  // A team lead's device that erased a participant while the key compaction could not finish finishes it in its
  // next sync: the team's new recovery key is here then, to be shown once (and the old one destroyed).
  std::string newRecoveryKey;
  // Acknowledged envelopes sent again because the server had lost them (restored from an older backup; docs/sync.md,
  // "Resending after a server restore"). Not counted in envelopesPushed or totals.
  std::uint64_t envelopesResent = 0;
};

struct SyncOptions {
  std::size_t changesPerEnvelope = 500;
  std::size_t envelopesPerPush = 16;
  std::uint32_t pullLimit = 500;
  int maxAttempts = 5;               // per request, with exponential backoff and jitter
  int backoffBaseMillis = 100;
  // Snapshots (docs/sync.md, "Snapshots"). After a round that left this device fully caught up, it uploads a
  // snapshot of every shard once the log has grown this many items past the team's newest snapshot (0: never).
  std::uint64_t snapshotInterval = 5000;
  // A device that is new (cursor 0) or more than this many items behind catches up from the newest snapshots
  // and pulls only the log after them.
  std::uint64_t catchUpThreshold = 2000;
  // Acknowledged envelopes and key records stay on the device, byte for byte, for this many days after the
  // server acknowledged them, the envelopes also only within keepAcknowledgedBytes (the oldest go first), so
  // that a server restored from an older backup gets them again when it answers sequence_gap (docs/sync.md,
  // "Resending after a server restore"). 0 in either keeps nothing.
  std::uint32_t keepAcknowledgedDays = 90;
  std::uint64_t keepAcknowledgedBytes = std::uint64_t{64} << 20;
  std::function<void(const SyncProgress&)> onProgress;
  // Tests only: called at every commit point with its name; returning true abandons the sync right there
  // (as a crash would), leaving what was committed.
  std::function<bool(std::string_view point)> crashAt;
};

class SyncClient {
 public:
  SyncClient(Store& store, Transport& transport, SyncOptions options = {});
  // One full round: push everything waiting, then pull until nothing is left.
  Result<SyncReport> sync();

 private:
  Store& store_;
  Transport& transport_;
  SyncOptions options_;
};

}  // namespace sync
}  // namespace coach
