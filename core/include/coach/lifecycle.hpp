// coach/lifecycle.hpp: the device lifecycle of a team (docs/keys.md; ARCHITECTURE.md, "Keys and devices"):
// founding a team, enrolling a device and approving it after comparing fingerprints, revoking a lost phone and
// rotating the team key, and recovery with the recovery key.
//
// Keys: a team key per epoch (random, 256 bits) wraps the participants' shard keys; it reaches a device only
// wrapped to that device's X25519 key by a team lead's device (a grant, bound to team, epoch, author and
// recipient), or wrapped to the team's recovery key. The server stores grants and cannot open them.
//
// Every call here talks to the server through `transport` and keeps the store's state consistent when the
// network fails halfway: a call can simply be repeated.
//
// Thread-safety: as Store (calls serialise on its lock for local steps); one transport per thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "coach/result.hpp"
#include "coach/store.hpp"
#include "coach/sync.hpp"

namespace coach::lifecycle {

// This device's public keys as enrolment sends them (the X25519 key is made on first use).
struct DeviceKeys {
  crypto::Bytes signingKey;    // Ed25519
  crypto::Bytes agreementKey;  // X25519
};
Result<DeviceKeys> deviceKeys(Store& store);

// "1234 5678 9012 3456 7890": what this device shows while it waits for approval; the team lead's device shows
// the same digits for it when nobody tampered with its keys.
Result<std::string> ownFingerprint(Store& store);

// A team lead's first device, enrolled with the admin's lead code (the enrolment answer names the team):
// creates team key epoch 1, hands it to the server wrapped to this device and to a new recovery key, and
// returns the recovery key's text -- shown once, never stored. AlreadyExists when the team has keys already.
Result<std::string> foundTeam(Store& store, sync::Transport& transport, const std::string& teamId);

// A device enrolled with a coach's code, waiting: joins the team once a team lead approved it (true), or
// reports that it still waits (false). DecryptFailed when a grant does not open (tampered, or not for it).
Result<bool> joinWhenApproved(Store& store, sync::Transport& transport, const std::string& teamId);

struct DeviceEntry {
  std::string id;
  std::string role;         // "coach" or "lead"
  std::string state;        // "pending", "active" or "revoked"
  std::string fingerprint;  // computed on this device from the keys the server handed out
  std::uint32_t epoch = 0;  // the newest team key epoch granted to it
  std::int64_t enrolledAt = 0;
  std::int64_t lastSeenAt = 0;  // its last sync (to the minute)
  std::int64_t revokedAt = 0;
  std::string approvedBy;
  bool self = false;
};
Result<std::vector<DeviceEntry>> listDevices(Store& store, sync::Transport& transport);

// A team lead's device approves a pending device: the fingerprint the enrolling device shows must equal the one
// computed here from the keys the server handed out (InvalidArgument, and nothing is wrapped, when it does
// not: the server may have swapped its keys). Wraps every team key epoch this device holds to it.
Status approveDevice(Store& store, sync::Transport& transport, const std::string& device,
                     std::string_view fingerprintOnItsScreen);

// A team lead's device revokes a device (a lost phone) and starts the next team key epoch at once.
Status revokeDevice(Store& store, sync::Transport& transport, const std::string& device);

// Restores the team keys on a freshly enrolled device (a lead code) from the recovery key, when no team lead
// device is left. InvalidArgument for a typo (checksum); DecryptFailed when it is not this team's key.
Status recoverTeam(Store& store, sync::Transport& transport, const std::string& teamId, std::string_view recoveryKey);

// Part of every sync (SyncClient calls it with the server's answer to grants()): adopts the epochs newly
// granted to this device and, on a team lead's device, starts the next epoch when a revoked device holds the
// newest one. Returns whether this device's newest epoch changed.
Result<bool> applyGrants(Store& store, sync::Transport& transport, const sync::GrantsAnswer& answer);

// For the privacy officer's 72-hour breach decision: what a (lost) device could have held.
struct Exposure {
  std::string device;
  std::int64_t lastSeenAt = 0;
  std::int64_t revokedAt = 0;
  std::vector<std::string> participants;  // ids of participants whose records existed at its last sync
};
Result<Exposure> exposure(Store& store, sync::Transport& transport, const std::string& device);

// Erasure (AVG art. 17; docs/erasure.md). A team lead's device erases a participant: it makes an erasure order
// (signed, with a MAC under the team key), the server erases its copy (envelopes become tombstones, the shard's
// key records and snapshots go) and lists the order for the rest of the team; then this device erases the
// shard. Needs the server: offline nothing is erased (Unavailable), so the team never disagrees. Forbidden on
// a coach's device; NotFound for a participant this device does not know. Returns the audit entry.
Result<ErasureAudit> eraseParticipant(Store& store, sync::Transport& transport, const std::string& participantId);
// Runs at the start of every sync, after the grants: carries out the team's erasure orders this device has not
// seen yet (each checked: team, a team lead author, signature, MAC). Returns how many shards it erased. An order
// under a team key epoch this device does not hold yet waits (it and later orders) with a warning in `warnings`.
Result<std::size_t> applyErasures(Store& store, sync::Transport& transport, std::vector<std::string>& warnings);
// The erasures carried out on this device, oldest first: the privacy officer's audit list (no names).
Result<std::vector<ErasureAudit>> erasures(Store& store);

// Epoch compaction (docs/keys.md): what makes an erasure hold against a backup of the server made before it.
// compactKeys, on a team lead's device (eraseParticipant calls it): starts a new team key epoch with a NEW
// recovery key, wrapped to every active device, then retires the earlier epochs here (finishCompaction).
// Returns the new recovery key's text (show once; the old paper key must be destroyed).
Result<std::string> compactKeys(Store& store, sync::Transport& transport);
// Part of every sync, after the erasures: on a device that adopted a compaction epoch, re-publishes every shard
// key it holds under the newest epoch, forgets the team keys of earlier epochs and replaces its X25519 key (the
// server's grants of old epochs, in any backup, were wrapped to the old one). Returns whether it did anything.
Result<bool> finishCompaction(Store& store, sync::Transport& transport);
// Whether this (team lead's) device still owes the team a compaction after an erasure (compactKeys failed).
Result<bool> compactionOwed(Store& store);

}  // namespace coach::lifecycle
