#include "key_wrap.hpp"

#include <openssl/crypto.h>

#include "util/byte_io.hpp"

namespace coach::prototest {
namespace {

constexpr std::string_view kKeyRecordLabel = "coach.key-record.v1";
constexpr std::string_view kTeamShardLabel = "coach.team-shard.v1";

Result<crypto::Aead> teamAead(crypto::ByteView teamKey) {
  return crypto::Aead::create(teamKey);
}

}  // namespace

crypto::Bytes keyRecordAad(const sync::Id& team, std::string_view shard, std::uint32_t version, std::uint32_t epoch) {
  crypto::Bytes out;
  util::ByteWriter w(out);
  w.text(kKeyRecordLabel);
  w.u8(0);
  w.text(sync::idToText(team));
  w.u8(0);
  w.text(shard);
  w.u8(0);
  w.u32(version);
  w.u32(epoch);
  return out;
}

Result<crypto::Bytes> wrapShardKey(crypto::ByteView teamKey, const sync::Id& team, std::string_view shard,
                                   std::uint32_t version, std::uint32_t epoch, crypto::ByteView shardKey,
                                   crypto::ByteView nonce) {
  if (shardKey.size() != crypto::Aead::kKeySize)
    return makeError(ErrorCode::InvalidArgument, "a shard key is 32 bytes");
  COACH_ASSIGN_OR_RETURN(crypto::Aead aead, teamAead(teamKey));
  const crypto::Bytes aad = keyRecordAad(team, shard, version, epoch);
  if (nonce.empty()) return aead.seal(shardKey, aad);
  return aead.sealWithNonce(nonce, shardKey, aad);
}

Result<crypto::SecretBytes> unwrapShardKey(crypto::ByteView teamKey, const sync::Id& team, std::string_view shard,
                                           std::uint32_t version, std::uint32_t epoch, crypto::ByteView wrapped) {
  COACH_ASSIGN_OR_RETURN(crypto::Aead aead, teamAead(teamKey));
  COACH_ASSIGN_OR_RETURN(crypto::Bytes key, aead.open(wrapped, keyRecordAad(team, shard, version, epoch)));
  crypto::SecretBytes secret(key);
  OPENSSL_cleanse(key.data(), key.size());
  if (secret.size() != crypto::Aead::kKeySize)
    return makeError(ErrorCode::DecryptFailed, "a wrapped key is not 32 bytes");
  return secret;
}

crypto::Bytes teamShardInfo(std::uint32_t epoch) {
  crypto::Bytes info;
  util::ByteWriter w(info);
  w.text(kTeamShardLabel);
  w.u32(epoch);
  return info;
}

Result<crypto::SecretBytes> teamShardKey(crypto::ByteView teamKey, const sync::Id& team, std::uint32_t epoch) {
  return crypto::hkdfSha256(teamKey, team, teamShardInfo(epoch), crypto::Aead::kKeySize);
}

}  // namespace coach::prototest
