// sync/erasure.hpp: erasure orders (proto/PROTOCOL.md, "Erasure"; docs/erasure.md). A team lead's device makes
// one to erase a participant's shard everywhere; the server checks its structure and signature and erases its
// copy; every device also checks the MAC (proof that the author holds the team key) before it destroys
// anything.
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>

#include "coach/result.hpp"
#include "crypto/crypto.hpp"
#include "sync/envelope.hpp"

namespace coach::sync {

inline constexpr std::size_t kErasureSignedSize = 98;  // header (66) || mac (32)
inline constexpr std::size_t kErasureOrderSize = kErasureSignedSize + 64;

struct ErasureFields {
  Id team{};
  Id shard{};   // never the team shard
  Id author{};  // the ordering team lead's device
  std::int64_t erasedAt = 0;  // Unix milliseconds
  std::uint32_t epoch = 0;    // the team key epoch of the MAC
  friend bool operator==(const ErasureFields&, const ErasureFields&) = default;
};

struct ParsedErasure {
  ErasureFields fields;
  crypto::ByteView header;      // bytes 0..65, what the MAC covers
  crypto::ByteView mac;
  crypto::ByteView signedPart;  // bytes 0..97
  crypto::ByteView signature;
};

// Makes the 162 order bytes: MAC with the team key of fields.epoch, signed by the author. InvalidArgument for the
// team shard, epoch 0 or a team key that is not 32 bytes.
Result<crypto::Bytes> makeErasureOrder(const ErasureFields& fields, crypto::ByteView teamKey,
                                       const crypto::Ed25519KeyPair& author);
// Structure only (InvalidArgument, ProtocolUnsupported). `bytes` must outlive the result.
Result<ParsedErasure> parseErasureOrder(crypto::ByteView bytes);
// SignatureInvalid unless the author's key signed it.
Status verifyErasureSignature(const ParsedErasure& order, crypto::ByteView authorPublicKey);
// DecryptFailed unless the MAC was made with this team key (of the order's epoch).
Status verifyErasureMac(const ParsedErasure& order, crypto::ByteView teamKey);

}  // namespace coach::sync
