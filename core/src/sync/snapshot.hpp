// sync/snapshot.hpp: the snapshot, an encrypted state image of one shard up to a server sequence, which lets a
// device that is far behind skip the log before it (proto/PROTOCOL.md, "Snapshots", has the byte layouts this
// file implements; docs/sync.md explains the policies).
//
// A snapshot is sealed with the shard's data key (AES-256-GCM, random nonce) under an AAD that binds team,
// shard, covered server sequence and key id, and signed by the uploading device's Ed25519 key over everything
// before the signature. Its plaintext (SnapshotContent) holds every stamped field of every record of the shard
// as change batches (one per stamping device), the free-text lineage, the conflicts, the kept history and, for
// the team shard only, the chain state of every device and every participant shard key wrapped by the team key.
//
// parseSnapshot() checks structure only; verifySnapshotSignature() and openSnapshot() check authenticity;
// the caller compares the header with what it expects (team, the server's description) before trusting it.
// Thread-safety: free functions over values.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "coach/result.hpp"
#include "coach/sync.hpp"
#include "crypto/crypto.hpp"
#include "sync/change_batch.hpp"
#include "sync/envelope.hpp"

namespace coach::sync {

// magic "CCS1" (4) | protocol u16 | team (16) | shard (16) | author (16) | covers u64 | key_id u32 | newest_hlc u64
inline constexpr std::size_t kSnapshotHeaderSize = 74;
// header || u32 sealed length || nonce (12) || ciphertext || tag (16) || Ed25519 signature (64)
inline constexpr std::size_t kSnapshotOverhead = kSnapshotHeaderSize + 4 + 12 + 16 + 64;  // + padded plaintext

struct SnapshotHeader {
  std::uint16_t protocol = kProtocolVersion;
  Id team{};
  Id shard{};  // all zero for the team shard
  Id author{};
  std::uint64_t covers = 0;     // the team's server sequence the snapshot includes everything up to
  std::uint32_t keyId = 0;      // the shard key version that sealed it (team shard: the epoch)
  std::uint64_t newestHlc = 0;  // no stamp inside is newer
  friend bool operator==(const SnapshotHeader&, const SnapshotHeader&) = default;
};

struct ParsedSnapshot {
  SnapshotHeader header;
  crypto::ByteView bytes;       // the whole snapshot
  crypto::ByteView signedPart;  // everything before the signature
  crypto::ByteView sealed;      // nonce || ciphertext || tag
  crypto::ByteView signature;
};

// The fields whose current stamp is one device's, as a change batch whose field stamps are (hlc, device);
// also the kept changes of kinds and fields a version did not know (with their bases).
struct SnapshotGroup {
  Id device{};
  std::vector<RecordChange> changes;
  friend bool operator==(const SnapshotGroup&, const SnapshotGroup&) = default;
};

// A free-text edit `edit` of (record, field) saw the value stamped `base`.
struct SnapshotLineage {
  Id record{};
  std::string field;
  Stamp edit;
  Stamp base;
  friend bool operator==(const SnapshotLineage&, const SnapshotLineage&) = default;
};

// A conflict (the losing value and its stamp), or a kept history value (the value and its stamp).
struct SnapshotValue {
  Id record{};
  std::string field;
  Stamp stamp;
  model::FieldValue value;
  friend bool operator==(const SnapshotValue&, const SnapshotValue&) = default;
};

struct SnapshotChain {
  Id device{};
  std::uint64_t lastSequence = 0;
  Hash lastHash{};
  friend bool operator==(const SnapshotChain&, const SnapshotChain&) = default;
};

// A participant shard key wrapped by the team key of `epoch`, exactly as in a key record.
struct SnapshotKey {
  Id shard{};
  std::uint32_t version = 0;
  std::uint32_t epoch = 0;
  crypto::Bytes wrapped;  // 60 bytes
  friend bool operator==(const SnapshotKey&, const SnapshotKey&) = default;
};

struct SnapshotContent {
  std::uint16_t schema = 0;  // the writer's store schema level
  std::vector<SnapshotGroup> state;
  std::vector<SnapshotLineage> lineage;
  std::vector<SnapshotValue> conflicts;
  std::vector<SnapshotValue> history;
  std::vector<SnapshotChain> chains;  // team shard only
  std::vector<SnapshotKey> keys;      // team shard only
  friend bool operator==(const SnapshotContent&, const SnapshotContent&) = default;
};

crypto::Bytes encodeSnapshotContent(const SnapshotContent& content);
// EnvelopeMalformed, saying what is wrong, for anything that is not exactly one well-formed content.
Result<SnapshotContent> decodeSnapshotContent(crypto::ByteView bytes);
// The greatest stamp anywhere in the content (0 when it holds none).
std::uint64_t newestStamp(const SnapshotContent& content);

// "coach.snapshot.v1" 0x00 team (text) 0x00 shard (text) 0x00 covers u64 key_id u32.
crypto::Bytes snapshotAad(const SnapshotHeader& header);

// Pads `content` to its bucket (as envelopes are padded), seals and signs it. InvalidArgument when the content
// is larger than the largest bucket (the shard is too large for one snapshot).
Result<crypto::Bytes> sealSnapshot(const SnapshotHeader& header, crypto::ByteView content, const crypto::Aead& key,
                                   const crypto::Ed25519KeyPair& signer);

// Structure only: EnvelopeMalformed (with what is wrong) for a wrong magic, a truncated or oversized body;
// ProtocolUnsupported for another protocol version. `bytes` must outlive the result.
Result<ParsedSnapshot> parseSnapshot(crypto::ByteView bytes);

// SignatureInvalid unless the signature is the author's.
Status verifySnapshotSignature(const ParsedSnapshot& snapshot, crypto::ByteView authorPublicKey);

// InvalidArgument unless the server's description (shard, covers, key id, author, size) is the signed header's.
Status checkSnapshotMeta(const ParsedSnapshot& snapshot, const SnapshotMeta& meta);

// Decrypts and unpads; DecryptFailed when anything bound by the AAD or the body was changed or the key is wrong.
Result<crypto::Bytes> openSnapshot(const ParsedSnapshot& snapshot, const crypto::Aead& key);

}  // namespace coach::sync
