// sync/team_keys.hpp: the key material of the device lifecycle (proto/PROTOCOL.md, "Grants"; docs/keys.md):
//   - grants: a team key of one epoch (with the team's recovery public key, so every member learns it from an
//     author it trusts) wrapped to one recipient with X25519 (static author key, static recipient key) +
//     HKDF-SHA256 + AES-256-GCM, bound to team, epoch, author and recipient;
//   - fingerprints: the short code a team lead compares with the enrolling device's screen;
//   - recovery keys: 256 random bits, typed as Crockford base32 with a checksum, whose X25519 public key is the
//     recipient "recovery" of a grant for every epoch.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "coach/result.hpp"
#include "crypto/crypto.hpp"

namespace coach::sync {

inline constexpr std::string_view kRecoveryRecipient = "recovery";

struct GrantBinding {
  std::string team;       // 32 hex
  std::uint32_t epoch = 0;
  std::string author;     // device id
  std::string recipient;  // device id or "recovery"
};

inline constexpr std::size_t kGrantPayloadSize = 64;  // team key (32) || recovery public key (32)
inline constexpr std::size_t kGrantWrappedSize = kGrantPayloadSize + crypto::Aead::kOverhead;

// Wraps the payload (team key || recovery public key) from the author's X25519 private key to the recipient's
// public key.
Result<crypto::Bytes> wrapGrant(const GrantBinding& binding, crypto::ByteView authorPrivate,
                                crypto::ByteView recipientPublic, crypto::ByteView payload);
// Opens a grant (the 64-byte payload) with the recipient's private key and the author's public key. DecryptFailed when anything
// bound (team, epoch, author, recipient), either key or a byte of `wrapped` differs.
Result<crypto::SecretBytes> openGrant(const GrantBinding& binding, crypto::ByteView recipientPrivate,
                                      crypto::ByteView authorPublic, crypto::ByteView wrapped);

// What a device signs to replace its X25519 key (proto/PROTOCOL.md, "Epoch compaction"):
//   "coach.agreement-key.v1" 0x00 team (text) 0x00 device (text) 0x00 new X25519 public key (32 bytes)
crypto::Bytes agreementKeyStatement(std::string_view team, std::string_view device, crypto::ByteView agreementKey);

// "1234 5678 9012 3456 7890": 20 decimal digits (about 66 bits) of SHA-256 over the device id and both of its
// public keys. The enrolling device shows its own; the team lead's device computes it from what the server
// handed it. A server that substitutes a key changes the digits.
std::string deviceFingerprint(std::string_view deviceId, crypto::ByteView signingKey, crypto::ByteView agreementKey);
// Digits only, so "1234-5678 ..." as typed compares equal.
bool fingerprintsMatch(std::string_view a, std::string_view b);

struct RecoveryKey {
  crypto::SecretBytes seed;  // 32 bytes
  std::string text;          // 13 groups of 4 Crockford base32 characters; the last 4 bits and group are a checksum
};
Result<RecoveryKey> newRecoveryKey();
// Parses a typed recovery key (case, spaces and dashes ignored, O->0, I/L->1). InvalidArgument saying whether
// it has the wrong length or a typo (checksum) -- before anything is tried against the server's grants.
Result<crypto::SecretBytes> parseRecoveryKey(std::string_view typed);
// The X25519 key pair a recovery key stands for.
Result<crypto::X25519KeyPair> recoveryKeyPair(crypto::ByteView seed);

}  // namespace coach::sync
