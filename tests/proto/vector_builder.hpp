// tests/proto/vector_builder.hpp: builds the test vectors of proto/vectors/ from fixed inputs.
//
// Everything is deterministic: keys, seeds and nonces are the first bytes of SHA-256("coach.proto.vectors/" +
// label), envelopes are sealed with sealEnvelopeWithNonce and Ed25519 signatures are deterministic, so the
// same code always writes the same files. make_vectors writes them; the tests check that the files in the
// source tree are exactly what this code builds, and, independently, that the bytes follow from the inputs
// each file states.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "crypto/crypto.hpp"
#include "sync/change_batch.hpp"
#include "sync/envelope.hpp"
#include "vector_json.hpp"

namespace coach::prototest {

// Byte offsets of the envelope fields (proto/PROTOCOL.md, "Envelope layout").
inline constexpr std::size_t kOffProtocol = 4;
inline constexpr std::size_t kOffTeam = 6;
inline constexpr std::size_t kOffShard = 22;
inline constexpr std::size_t kOffDevice = 38;
inline constexpr std::size_t kOffSequence = 54;
inline constexpr std::size_t kOffKeyId = 62;
inline constexpr std::size_t kOffNewestHlc = 66;
inline constexpr std::size_t kOffPrevHash = 74;
inline constexpr std::size_t kOffSealedLength = 106;
inline constexpr std::size_t kOffNonce = 110;
inline constexpr std::size_t kOffCiphertext = 122;

// The receiving device's wall clock in the vectors: 2026-11-23T15:02:17.880Z, an hour after the newest stamp.
inline constexpr std::int64_t kReceiverClockMs = 1795446137880;

// The fixed inputs of every vector.
struct Fixture {
  sync::Id team{}, otherTeam{}, deviceA{}, deviceB{}, deviceC{}, participant{};
  crypto::Bytes seedA, seedB, seedC;  // Ed25519 seeds; device C is unknown to every receiver
  crypto::Bytes teamKey1, teamKey2;   // the team key of epochs 1 and 2
  crypto::Bytes participantKey1;      // the participant shard's data key, version 1
  crypto::Bytes participantKey2;      // version 2 (wrapped under epoch 2)
  crypto::Bytes strangerKey;          // a key that seals nothing: the "wrong key" of the vectors
};
const Fixture& fixture();

// The first `size` bytes of SHA-256("coach.proto.vectors/" + label).
crypto::Bytes labelled(std::string_view label, std::size_t size);
crypto::Bytes publicKeyOf(const crypto::Bytes& seed);
crypto::Bytes teamShardKeyBytes(const crypto::Bytes& teamKey, std::uint32_t epoch);

// One envelope of device A's valid chain, with its inputs.
struct ChainEnvelope {
  std::string name;
  std::string description;
  sync::EnvelopeHeader header;
  sync::ChangeBatch batch;
  crypto::Bytes key;
  crypto::Bytes nonce;
  crypto::Bytes bytes;
};
// Device A's envelopes 1, 2 and 3 (a participant shard, the team shard, the participant shard again).
std::vector<ChainEnvelope> validChain();

crypto::Bytes sealWith(const sync::EnvelopeHeader& header, crypto::ByteView batch, const crypto::Bytes& key,
                       const crypto::Bytes& seed, const crypto::Bytes& nonce);
// Replaces the signature (the last 64 bytes) with `seed`'s signature of everything before it.
crypto::Bytes resign(crypto::Bytes envelope, const crypto::Bytes& seed);

json envelopesFile();
json keyRecordsFile();
json tamperedFile();  // vector_tampered.cpp
json binaryBodiesFile();  // vector_binary.cpp

// (file name, content) of every file of proto/vectors/.
std::vector<std::pair<std::string, json>> vectorFiles();

}  // namespace coach::prototest
