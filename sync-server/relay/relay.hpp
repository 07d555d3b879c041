// relay/relay.hpp: the server's reconciliation rules, written once (ARCHITECTURE.md, "Server"). coach-syncd
// runs them over SQLite or PostgreSQL; the in-process loopback transport runs them over MemoryStorage, so the
// sync tests and the simulation prove the very rules the real server applies.
//
// On push, for each envelope in order: structure, the team and device of the authenticated caller, the
// device's Ed25519 signature, its hash chain (a repeated envelope is acknowledged again, never stored twice; a
// gap names the sequence to resend from), size and the HLC drift bound; then all of the push is stored in one
// durable step and acknowledged. A push is all or nothing. Pull serves the team's log after a cursor, bounded
// in count and bytes. The relay never decrypts anything.
//
// Identity: a device proves who it is with its bearer token ("<token id>.<secret>", issued at enrolment); the
// relay keeps only SHA-256 of the secret and compares in constant time. Enrolment codes are one-time,
// expiring, 100 bits of randomness, and stored hashed.
//
// Thread-safety: safe to call from many threads (the storage serialises what must be serialised).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "coach/clock.hpp"
#include "coach/sync.hpp"
#include "relay/storage.hpp"
#include "sync/snapshot.hpp"

namespace coach::relay {

struct RelayLimits {
  std::size_t maxEnvelopeBytes = sync::kMaxPlaintext + sync::kEnvelopeOverhead;
  std::size_t maxEnvelopesPerPush = 64;
  std::uint32_t maxPageItems = 1000;
  std::uint32_t maxPageBytes = 8u << 20;
  std::int64_t driftBoundMillis = 5 * 60 * 1000;
  // The largest snapshot of PROTOCOL.md ("Limits"): 170 bytes around the largest padding bucket.
  std::size_t maxSnapshotBytes = sync::kMaxPlaintext + sync::kSnapshotOverhead;
};

// Who is calling, as established by the transport (a device token on HTTP).
struct Caller {
  std::string team;
  std::string device;
  Role role = Role::Coach;
};

// What an erasure order did: its index in the team's list and the erased shard (a random pseudonymous id, the
// only thing an audit log line may name besides team and device).
struct ErasureReceipt {
  std::uint64_t index = 0;
  std::string shard;
};

struct IssuedCode {
  std::string code;  // shown once to the admin: 20 characters of Crockford base32 in groups of four
  std::int64_t expiresAt = 0;
};

std::string_view roleName(Role role);

// The verifier stored for a device token's secret (the part after the dot): SHA-256 with a domain label.
sync::Hash deviceTokenVerifier(std::string_view secret);

// The canonical form of a typed enrolment code (upper case, no dashes or spaces, O->0, I/L->1), or nullopt
// when it holds anything else.
std::optional<std::string> normaliseEnrolCode(std::string_view typed);

class Relay {
 public:
  Relay(Storage& storage, const WallClock& clock, RelayLimits limits = {});

  // Devices (HTTP API).
  Result<Caller> authenticate(std::string_view bearerToken);
  Result<sync::EnrolResponse> enrol(const sync::EnrolRequest& request);
  // Takes the request (a sink): the envelopes it stores are moved into the storage's append, not copied.
  Result<sync::PushResponse> push(const Caller& caller, sync::PushRequest request);
  Result<sync::PullResponse> pull(const Caller& caller, const sync::PullRequest& request);
  Result<std::vector<sync::DeviceInfo>> devices(const Caller& caller);
  // A team lead's device revokes another device of its team (a lost phone).
  Status revoke(const Caller& caller, const std::string& device);
  // An approved device replaces its own X25519 key (after an epoch compaction): the change must be signed with
  // the device's registered Ed25519 key over sync::agreementKeyStatement (SignatureInvalid otherwise).
  Status replaceAgreementKey(const Caller& caller, const sync::AgreementKeyChange& change);
  // The device lifecycle (docs/keys.md). grants(): those to the caller and to "recovery" (a pending device may
  // ask). approve(): a team lead's approved device approves a pending one, every grant addressed to it and
  // authored by the caller. putGrants(): a team lead's device stores grants authored by itself; newEpoch > 0
  // starts that epoch (the team's first, or a rotation).
  Result<sync::GrantsAnswer> grants(const Caller& caller);
  Status approve(const Caller& caller, const std::string& device, const std::vector<sync::Grant>& grants);
  Status putGrants(const Caller& caller, std::uint32_t newEpoch, const std::vector<sync::Grant>& grants);
  Result<sync::SnapshotList> snapshots(const Caller& caller);
  // The same, of one shard only: its snapshot (if any) with the team's head.
  Result<sync::SnapshotList> snapshotsOf(const Caller& caller, const std::string& shard);
  Result<sync::Snapshot> snapshot(const Caller& caller, const std::string& shard);
  Status putSnapshot(const Caller& caller, const sync::Snapshot& snapshot);
  // Erasure (proto/PROTOCOL.md, "Erasure"; relay_erasure.cpp). erase(): an approved team lead's device hands an
  // order: structure, team (WrongTeam), author = caller (Unauthorized), the caller's signature
  // (SignatureInvalid), then storage erases the shard in one step. erasures(): any approved device lists the
  // orders after index `after`.
  Result<ErasureReceipt> erase(const Caller& caller, const crypto::Bytes& order);
  Result<std::vector<sync::ErasureEntry>> erasures(const Caller& caller, std::uint64_t after);

  // Administration (coach-syncd admin, and tests).
  Result<TeamRecord> createTeam(const std::string& name);
  Result<IssuedCode> issueEnrolCode(const std::string& team, Role role, std::int64_t validMillis);
  Status revokeAsAdmin(const std::string& team, const std::string& device);
  // Registers a device with a fresh token without an enrolment code (tests and tools); returns the token.
  Result<std::string> registerDevice(const std::string& team, const sync::DeviceInfo& device, Role role);

  const RelayLimits& limits() const { return limits_; }
  Storage& storage() { return storage_; }

 private:
  // The caller's device when it may sync: registered, not revoked, approved (DevicePending otherwise unless
  // `pendingAllowed`).
  Result<DeviceRecord> authorise(const Caller& caller, bool pendingAllowed = false);
  Result<DeviceRecord> authoriseLead(const Caller& caller, std::string_view action);
  Storage& storage_;
  const WallClock& clock_;
  RelayLimits limits_;
};

}  // namespace coach::relay
