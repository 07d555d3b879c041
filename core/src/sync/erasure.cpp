// sync/erasure.cpp: erasure orders: layout, MAC and signature (proto/PROTOCOL.md, "Erasure").
#include "sync/erasure.hpp"

#include <algorithm>
#include <array>
#include <string>

#include <openssl/crypto.h>

#include "util/byte_io.hpp"

namespace coach::sync {
namespace {

constexpr std::array<std::uint8_t, 4> kOrderMagic = {'C', 'C', 'X', '1'};
constexpr std::size_t kHeaderBytes = 66;
constexpr std::string_view kMacInfo = "coach.erasure.v1";

Error malformedOrder(const std::string& what) {
  return makeError(ErrorCode::InvalidArgument, "the erasure order is malformed: " + what);
}

Result<crypto::Bytes> macOf(crypto::ByteView header, const Id& team, std::uint32_t epoch, crypto::ByteView teamKey) {
  if (teamKey.size() != 32) return makeError(ErrorCode::InvalidArgument, "a team key has 32 bytes");
  crypto::Bytes info(kMacInfo.begin(), kMacInfo.end());
  util::ByteWriter(info).u32(epoch);
  COACH_ASSIGN_OR_RETURN(crypto::SecretBytes key, crypto::hkdfSha256(teamKey, team, info, 32));
  return crypto::hmacSha256(key.view(), header);
}

}  // namespace

Result<crypto::Bytes> makeErasureOrder(const ErasureFields& f, crypto::ByteView teamKey, const crypto::Ed25519KeyPair& author) {
  if (f.shard == Id{}) return makeError(ErrorCode::InvalidArgument, "the team shard cannot be erased, only a participant's");
  if (f.epoch == 0) return makeError(ErrorCode::InvalidArgument, "an erasure order names a team key epoch from 1");
  crypto::Bytes out;
  out.reserve(kErasureOrderSize);
  util::ByteWriter w(out);
  w.bytes(kOrderMagic);
  w.u16(kProtocolVersion);
  w.bytes(f.team);
  w.bytes(f.shard);
  w.bytes(f.author);
  w.u64(static_cast<std::uint64_t>(f.erasedAt));
  w.u32(f.epoch);
  COACH_ASSIGN_OR_RETURN(crypto::Bytes mac, macOf(out, f.team, f.epoch, teamKey));
  w.bytes(mac);
  COACH_ASSIGN_OR_RETURN(crypto::Bytes signature, author.sign(out));
  w.bytes(signature);
  return out;
}

Result<ParsedErasure> parseErasureOrder(crypto::ByteView bytes) {
  if (bytes.size() != kErasureOrderSize) {
    return malformedOrder("it has " + std::to_string(bytes.size()) + " bytes, not " + std::to_string(kErasureOrderSize));
  }
  util::ByteReader r(bytes);
  auto magic = r.bytes(kOrderMagic.size());
  if (!std::equal(magic.begin(), magic.end(), kOrderMagic.begin())) return malformedOrder("it does not start with CCX1");
  ParsedErasure order;
  const std::uint16_t protocol = r.u16();
  if (protocol != kProtocolVersion) {
    return makeError(ErrorCode::ProtocolUnsupported, "the erasure order uses protocol version " + std::to_string(protocol) +
                                                         "; this version speaks " + std::to_string(kProtocolVersion));
  }
  ErasureFields& f = order.fields;
  r.into(f.team);
  r.into(f.shard);
  r.into(f.author);
  f.erasedAt = static_cast<std::int64_t>(r.u64());
  f.epoch = r.u32();
  if (!r.ok()) return malformedOrder("it is truncated");
  if (f.shard == Id{}) return malformedOrder("it names the team shard, which cannot be erased");
  if (f.epoch == 0) return malformedOrder("its team key epoch is 0");
  order.header = bytes.subspan(0, kHeaderBytes);
  order.mac = bytes.subspan(kHeaderBytes, 32);
  order.signedPart = bytes.subspan(0, kErasureSignedSize);
  order.signature = bytes.subspan(kErasureSignedSize);
  return order;
}

Status verifyErasureSignature(const ParsedErasure& order, crypto::ByteView authorPublicKey) {
  if (!crypto::ed25519Verify(authorPublicKey, order.signedPart, order.signature)) {
    return makeError(ErrorCode::SignatureInvalid, "the erasure order's signature is not its author's");
  }
  return {};
}

Status verifyErasureMac(const ParsedErasure& order, crypto::ByteView teamKey) {
  COACH_ASSIGN_OR_RETURN(crypto::Bytes expected, macOf(order.header, order.fields.team, order.fields.epoch, teamKey));
  if (CRYPTO_memcmp(expected.data(), order.mac.data(), expected.size()) != 0) {
    return makeError(ErrorCode::DecryptFailed, "the erasure order was not made with the team's key: it is not the "
                                               "team's, and nothing was erased");
  }
  return {};
}

}  // namespace coach::sync
