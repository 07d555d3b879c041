// tests/proto/key_wrap.hpp: the reference implementation, for the tests and vectors of proto/, of two rules of
// proto/PROTOCOL.md ("Key records") that the core does not implement yet: wrapping a shard data key under the
// team key of an epoch, and deriving the team shard's key from the team key.
//
// The sync engine will implement the same rules; the vectors in proto/vectors/key-records.json, which this
// code writes and the tests check, are what both must agree on.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "coach/result.hpp"
#include "crypto/crypto.hpp"
#include "sync/envelope.hpp"

namespace coach::prototest {

// "coach.key-record.v1" 0x00 team-id (32 lowercase hex) 0x00 shard (text form) 0x00 version (u32 BE) epoch (u32 BE)
crypto::Bytes keyRecordAad(const sync::Id& team, std::string_view shard, std::uint32_t version, std::uint32_t epoch);

// AES-256-GCM of the 32-byte shard key under the team key: nonce (12) || ciphertext (32) || tag (16).
// An empty `nonce` means a fresh random one (vectors pass a fixed nonce).
Result<crypto::Bytes> wrapShardKey(crypto::ByteView teamKey, const sync::Id& team, std::string_view shard,
                                   std::uint32_t version, std::uint32_t epoch, crypto::ByteView shardKey,
                                   crypto::ByteView nonce = {});

// The shard key inside `wrapped`; DecryptFailed when team key, team, shard, version or epoch differ.
Result<crypto::SecretBytes> unwrapShardKey(crypto::ByteView teamKey, const sync::Id& team, std::string_view shard,
                                           std::uint32_t version, std::uint32_t epoch, crypto::ByteView wrapped);

// ASCII "coach.team-shard.v1" || epoch (u32 BE): the HKDF info of the team shard's key.
crypto::Bytes teamShardInfo(std::uint32_t epoch);

// HKDF-SHA256(ikm = team key, salt = the 16 team-id bytes, info = teamShardInfo(epoch)), 32 bytes. Its key
// version (the envelope's key id) is the epoch.
Result<crypto::SecretBytes> teamShardKey(crypto::ByteView teamKey, const sync::Id& team, std::uint32_t epoch);

}  // namespace coach::prototest
