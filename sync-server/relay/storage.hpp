// relay/storage.hpp: what the relay keeps, behind one interface (docs/sync-server.md). MemoryStorage
// (tests, the in-process loopback) and SqliteStorage (coach-syncd's default) implement it; the PostgreSQL
// backend will implement the same interface. Everything stored is ciphertext, public keys or hashes of
// secrets: the server holds no key that opens a participant's data, and no token or enrolment code in clear.
//
// Every method is one durable step (one transaction): it happens completely or not at all.
// Thread-safety: implementations must be safe to call from many threads at once.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "coach/result.hpp"
#include "coach/sync.hpp"
#include "sync/envelope.hpp"

namespace coach::relay {

// What a device may do beyond syncing: a team lead's device may also revoke devices of its team.
enum class Role : std::uint8_t { Coach = 0, Lead = 1 };

struct TeamRecord {
  std::string id;       // 32 hex characters, the team id bound into every envelope
  std::string name;     // the admin's label (an organisation's team name, never a participant's)
  std::int64_t createdAt = 0;  // Unix milliseconds
};

struct DeviceRecord {
  std::string team;
  std::string id;
  crypto::Bytes signingKey;    // Ed25519 public key, 32 bytes
  crypto::Bytes agreementKey;  // X25519 public key, 32 bytes (empty when the device did not send one)
  Role role = Role::Coach;
  bool revoked = false;
  std::uint64_t lastSequence = 0;
  sync::Hash lastHash{};
  std::int64_t enrolledAt = 0;  // Unix milliseconds; 0 when unknown
  std::int64_t lastSeenAt = 0;  // the last request the device made (coarse: updated at most once a minute)
  std::int64_t revokedAt = 0;   // 0 while not revoked
  // A device enrolled with a coach's code waits (pending) until a team lead's device approves it; a device
  // enrolled with a lead's code, and one registered directly, is approved at once (the admin vouched for it).
  bool approved = true;
  std::string approvedBy;       // the approving device ("" for the admin)
  std::int64_t approvedAt = 0;
};

// A team key of one epoch wrapped to one recipient (a device, or "recovery"): ciphertext the server cannot open
// (proto/PROTOCOL.md, "Grants").
struct GrantRecord {
  std::string recipient;
  std::uint32_t epoch = 0;
  std::string author;
  crypto::Bytes wrapped;
  std::int64_t storedAt = 0;
  friend bool operator==(const GrantRecord&, const GrantRecord&) = default;
};

// A device token is "<token id>.<secret>"; the server keeps the id and SHA-256(secret) (the verifier) and
// compares verifiers in constant time.
struct TokenRecord {
  std::string team;
  std::string device;
  sync::Hash verifier{};
};

// A device registering itself with a one-time enrolment code.
struct Enrolment {
  std::string device;          // the device's id, 32 hex characters
  crypto::Bytes signingKey;    // 32 bytes
  crypto::Bytes agreementKey;  // 32 bytes or empty
  std::string tokenId;         // 32 hex characters
  sync::Hash tokenVerifier{};
  std::int64_t now = 0;
};

struct EnrolCodeInfo {
  std::string team;
  Role role = Role::Coach;
  std::int64_t expiresAt = 0;
};

struct SnapshotInfo {
  std::string shard;           // "team" or a participant shard id
  std::uint64_t covers = 0;    // the team's server sequence the snapshot includes everything up to
  std::uint32_t keyId = 0;     // the shard key version that sealed it
  std::string author;          // the uploading device
  std::uint64_t size = 0;      // bytes
  std::int64_t storedAt = 0;
  // Upload only (never stored, 0 when read): the index of the last erasure order the uploading device carried
  // out. A team snapshot is refused while it is below the team's number of erasures.
  std::uint64_t erasuresSeen = 0;
};

// An erasure order the relay checked (structure, team, author, signature): what erase() stores.
struct ErasureRecord {
  std::string shard;    // the erased participant shard, 32 hex characters (never "team")
  crypto::Bytes order;  // the 162 order bytes as the team lead's device made them
  std::string author;   // the ordering device
  std::int64_t receivedAt = 0;  // Unix milliseconds
};

struct StorageStats {
  std::uint64_t teams = 0;
  std::uint64_t devices = 0;          // registered, revoked included
  std::uint64_t revokedDevices = 0;
  std::uint64_t envelopes = 0;
  std::uint64_t envelopeBytes = 0;
  std::uint64_t keyRecords = 0;
  std::uint64_t snapshots = 0;
  std::uint64_t snapshotBytes = 0;
  std::uint64_t openEnrolCodes = 0;   // unused and unexpired at the time asked
  std::uint64_t erasures = 0;         // erasure orders carried out
  std::uint64_t tombstones = 0;       // envelopes of erased shards (counted in `envelopes` too)
};

struct NewEnvelope {
  std::uint64_t sequence = 0;
  sync::Hash hash{};
  std::string shard;
  crypto::Bytes bytes;
};

// The answers every backend gives for the same refusals (shared so the conformance tests hold for all).
inline Error grantEpochTaken(std::uint32_t newEpoch, std::uint32_t newest) {
  return makeError(ErrorCode::AlreadyExists, "team key epoch " + std::to_string(newEpoch) +
                                                 " cannot start: the team's newest epoch is " + std::to_string(newest) +
                                                 " (another team lead rotated first); sync and try again");
}
inline Error grantTaken(const GrantRecord& g) {
  return makeError(ErrorCode::AlreadyExists, "a different key grant for epoch " + std::to_string(g.epoch) + " to " +
                                                 g.recipient + " is stored already");
}
// A snapshot of the team shard holds every shard's wrapped keys: it is refused from a device that has not carried
// out every erasure (its key list may still hold an erased shard's keys).
inline Error staleTeamSnapshot(std::uint64_t seen, std::uint64_t erasures) {
  return makeError(ErrorCode::AlreadyExists, "the team snapshot was made before erasure " + std::to_string(erasures) +
                                                 " (it has carried out " + std::to_string(seen) +
                                                 "): sync to carry out the erasures first, then make it again");
}
// An envelope of an erased shard is kept as its tombstone: the 106 header bytes (the hash is kept beside them).
inline crypto::Bytes tombstoneOf(const crypto::Bytes& envelope) {
  const std::size_t n = std::min(envelope.size(), sync::kHeaderSize);
  return crypto::Bytes(envelope.begin(), envelope.begin() + static_cast<std::ptrdiff_t>(n));
}
// What a log item counts for in a page's byte budget: a key record 128 bytes, a tombstone its header and hash.
inline std::size_t pageBytesOf(const sync::PullItem& item) {
  return item.isKey ? std::size_t{128} : item.envelope.size() + item.erasedHash.size();
}

inline Status checkApprovable(const DeviceRecord& d) {
  if (d.revoked) return makeError(ErrorCode::DeviceRevoked, "device " + d.id + " was revoked; it cannot be approved");
  if (d.approved) return makeError(ErrorCode::AlreadyExists, "device " + d.id + " is approved already");
  return {};
}

class Storage {
 public:
  virtual ~Storage() = default;

  // Teams. AlreadyExists for a known id.
  virtual Status createTeam(const TeamRecord& team) = 0;
  virtual Result<std::vector<TeamRecord>> teams() = 0;

  // Registers a device directly (admin tools and tests). AlreadyExists for a known (team, id); NotFound when
  // the team does not exist. `tokenId`/`verifier` may be empty/zero for a device without a token.
  virtual Status addDevice(const std::string& team, const DeviceRecord& device, const std::string& tokenId,
                           const sync::Hash& verifier) = 0;
  // NotFound for an unknown device. Revoking twice keeps the first time.
  virtual Status revokeDevice(const std::string& team, const std::string& device, std::int64_t now) = 0;
  // Replaces the device's X25519 public key (32 bytes; the relay checked the device's signature). NotFound for an
  // unknown device.
  virtual Status setAgreementKey(const std::string& team, const std::string& device, const crypto::Bytes& key) = 0;
  // Records that the device made a request at `now` (callers call it at most once a minute per device).
  virtual Status touchDevice(const std::string& team, const std::string& device, std::int64_t now) = 0;
  virtual Result<std::optional<DeviceRecord>> device(const std::string& team, const std::string& id) = 0;
  virtual Result<std::vector<DeviceRecord>> devices(const std::string& team) = 0;

  // Device tokens, looked up by token id.
  virtual Result<std::optional<TokenRecord>> token(const std::string& tokenId) = 0;

  // Approves a pending device and stores its grants, in one step. NotFound for an unknown device;
  // DeviceRevoked for a revoked one; AlreadyExists when it was approved already (nothing changes).
  virtual Status approveDevice(const std::string& team, const std::string& device, const std::string& approvedBy,
                               const std::vector<GrantRecord>& grants, std::int64_t now) = 0;
  // Stores grants in one step. With `newEpoch` > 0 the step starts that epoch: AlreadyExists (nothing stored)
  // unless the team's newest epoch is newEpoch - 1 (0 when it has none), so two team leads rotating at once
  // cannot both win. A grant whose (recipient, epoch) is stored already is skipped when its wrapped bytes are
  // equal, AlreadyExists otherwise.
  virtual Status putGrants(const std::string& team, std::uint32_t newEpoch, const std::vector<GrantRecord>& grants) = 0;
  // The team's grants, ordered by epoch then recipient; only those to `recipient` and to "recovery" when given.
  virtual Result<std::vector<GrantRecord>> grants(const std::string& team, const std::optional<std::string>& recipient) = 0;

  // Enrolment codes, stored as SHA-256 of the code. NotFound when the team does not exist.
  virtual Status addEnrolCode(const sync::Hash& codeHash, const EnrolCodeInfo& info) = 0;
  // In one step: checks the code is known, unused and unexpired at `enrolment.now`, marks it used, and
  // registers the device (with the code's team and role; pending unless the role is Lead) and its token. Returns the device as registered.
  // Unauthorized when the code is unknown, used or expired (one answer for all three: no oracle);
  // AlreadyExists when the device id is taken in the team (the code stays unused).
  virtual Result<DeviceRecord> enrol(const sync::Hash& codeHash, const Enrolment& enrolment) = 0;

  // Appends, in one durable step, the device's next envelopes and its key records to the team's log and moves
  // the device's chain to the last envelope. Refuses (SequenceGap) when the device's last sequence is no
  // longer `expectedLast` (a concurrent push of the same device won). A key record whose (shard, version,
  // epoch) is stored already is skipped when its bytes are equal and AlreadyExists otherwise. Returns the
  // server sequence of each envelope (key records get theirs first, in order).
  virtual Result<std::vector<std::uint64_t>> append(const std::string& team, const std::string& device,
                                                    std::uint64_t expectedLast, const std::vector<NewEnvelope>& envelopes,
                                                    const std::vector<sync::KeyRecord>& keys) = 0;
  //
  // Envelopes of an erased shard are stored as tombstones (header and NewEnvelope::hash, no ciphertext); key
  // records of an erased shard are skipped (acknowledged, not stored, no server sequence).
  //
  // The chain hash (SHA-256 of the whole envelope) of a device's stored envelope or tombstone, to tell a
  // repeated push from a different one.
  virtual Result<std::optional<sync::Hash>> envelopeHash(const std::string& team, const std::string& device,
                                                         std::uint64_t sequence) = 0;
  // Items after `after` in server order, at most `limit` and about `maxBytes` (always at least one item;
  // pageBytesOf() says what an item counts for). A tombstone is an item with erased = true, the header as
  // `envelope` and the hash as `erasedHash`. Server sequences of erased key records are gaps. The newest server sequence a page may serve must never be followed
  // by a commit of a smaller one (no visibility gaps).
  virtual Result<sync::PullResponse> page(const std::string& team, std::uint64_t after, std::uint32_t limit,
                                          std::uint32_t maxBytes) = 0;
  // The team's newest server sequence (0 for an empty log).
  virtual Result<std::uint64_t> head(const std::string& team) = 0;

  // Snapshots: the newest per (team, shard) is kept; an upload that covers less than the stored one is
  // ignored (success, nothing changes), and so is one of an erased shard. A team snapshot whose
  // info.erasuresSeen is below the team's number of erasures is refused (staleTeamSnapshot, nothing changes).
  virtual Status putSnapshot(const std::string& team, const SnapshotInfo& info, const crypto::Bytes& bytes) = 0;
  virtual Result<std::vector<SnapshotInfo>> snapshots(const std::string& team) = 0;
  // The description of one shard's snapshot, without reading the others (a device's every sync asks for the
  // team's; a joining device fetches each of hundreds in turn).
  virtual Result<std::optional<SnapshotInfo>> snapshotOf(const std::string& team, const std::string& shard) = 0;
  virtual Result<std::optional<crypto::Bytes>> snapshot(const std::string& team, const std::string& shard) = 0;

  // Erasure (proto/PROTOCOL.md, "Erasure"), in one durable step: stores the order as the team's next erasure,
  // replaces every envelope of the shard by its tombstone, deletes the shard's key records, the shard's snapshot
  // and the team snapshot. Returns the order's index (from 1). A shard erased already returns the first order's
  // index and stores nothing. NotFound for an unknown team. The relay checked the order; storage trusts it.
  virtual Result<std::uint64_t> erase(const std::string& team, const ErasureRecord& erasure) = 0;
  // The team's erasure orders after index `after`, oldest first (empty for an unknown team).
  virtual Result<std::vector<sync::ErasureEntry>> erasures(const std::string& team, std::uint64_t after) = 0;
  // How many erasure orders the team has (0 for an unknown team).
  virtual Result<std::uint64_t> erasureCount(const std::string& team) = 0;

  // Counts over everything stored (admin stats, /metrics), and whether the store answers at all (/readyz).
  virtual Result<StorageStats> stats(std::int64_t now) = 0;
  virtual Status ready() = 0;
};

}  // namespace coach::relay
