// sync/envelope.hpp: the envelope, the unit a device pushes and every other device pulls (proto/PROTOCOL.md,
// "Envelopes", has the byte layout this file implements).
//
// An envelope carries one change batch of one shard, padded to a size bucket, sealed with the shard's data
// key (AES-256-GCM, random 96-bit nonce) with the whole header as associated data, and signed by the sending
// device's Ed25519 key. Each device's envelopes form a hash chain (prevHash = SHA-256 of the device's
// previous envelope), so a server that withholds, reorders or rolls back envelopes is detected.
//
// parseEnvelope() checks structure only; verifySignature() and openEnvelope() check authenticity; the
// caller compares the header with what it expects (team, sequence, chain) before trusting anything.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "coach/result.hpp"
#include "crypto/crypto.hpp"

namespace coach::sync {

inline constexpr std::uint16_t kProtocolVersion = 1;
inline constexpr std::size_t kIdSize = 16;
inline constexpr std::size_t kHashSize = 32;
inline constexpr std::size_t kHeaderSize = 106;
// header || u32 sealed length || sealed (nonce 12 || ciphertext || tag 16) || Ed25519 signature (64)
inline constexpr std::size_t kEnvelopeOverhead = kHeaderSize + 4 + 12 + 16 + 64;  // + padded plaintext
inline constexpr std::size_t kMaxPlaintext = std::size_t{2} << 20;           // the largest padding bucket

using Id = std::array<std::uint8_t, kIdSize>;
using Hash = std::array<std::uint8_t, kHashSize>;

struct EnvelopeHeader {
  std::uint16_t protocol = kProtocolVersion;
  Id team{};
  Id shard{};  // a participant's record id; all zero for the team shard
  Id device{};
  std::uint64_t sequence = 0;  // contiguous from 1 per device
  std::uint32_t keyId = 0;     // the shard key version that sealed it
  std::uint64_t newestHlc = 0;
  Hash prevHash{};             // all zero for sequence 1
  friend bool operator==(const EnvelopeHeader&, const EnvelopeHeader&) = default;
};

struct ParsedEnvelope {
  EnvelopeHeader header;
  crypto::ByteView bytes;       // the whole envelope
  crypto::ByteView signedPart;  // everything before the signature
  crypto::ByteView aad;         // the header bytes
  crypto::ByteView sealed;      // nonce || ciphertext || tag
  crypto::ByteView signature;
};

// Text ids ("0123...ef", 32 hex characters; "team" for the team shard) to wire ids and back.
Result<Id> idFromText(std::string_view text);
std::string idToText(const Id& id);
Result<Id> shardFromText(std::string_view shard);
std::string shardToText(const Id& shard);

// Pads `batch` to its bucket (batch || 0x80 || 0x00...), seals and signs it. InvalidArgument when the
// batch is larger than the largest bucket.
Result<crypto::Bytes> sealEnvelope(const EnvelopeHeader& header, crypto::ByteView batch, const crypto::Aead& key,
                                   const crypto::Ed25519KeyPair& signer);

// The same with a given nonce, for test vectors only (a nonce must never repeat under one key).
Result<crypto::Bytes> sealEnvelopeWithNonce(const EnvelopeHeader& header, crypto::ByteView batch, const crypto::Aead& key,
                                            const crypto::Ed25519KeyPair& signer, crypto::ByteView nonce);

// Structure only: EnvelopeMalformed (with what is wrong) for a wrong magic, a truncated or oversized body.
// ProtocolUnsupported for another protocol version. `bytes` must outlive the result.
Result<ParsedEnvelope> parseEnvelope(crypto::ByteView bytes);
// The 106 header bytes alone (a tombstone of an erased envelope keeps only them): the same checks.
Result<EnvelopeHeader> parseEnvelopeHeader(crypto::ByteView header);

// SignatureInvalid unless the signature is the device's.
Status verifySignature(const ParsedEnvelope& envelope, crypto::ByteView devicePublicKey);

// Decrypts and unpads; DecryptFailed when anything in header or body was changed or the key is wrong.
Result<crypto::Bytes> openEnvelope(const ParsedEnvelope& envelope, const crypto::Aead& key);

Hash envelopeHash(crypto::ByteView envelope);

// The padded size of a plaintext of `size` bytes (the smallest bucket that holds size + 1).
std::size_t paddedSize(std::size_t size);
// The bucket below `bucket` (0 for the smallest).
std::size_t smallerBucket(std::size_t bucket);

}  // namespace coach::sync
