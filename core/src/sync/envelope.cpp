#include "sync/envelope.hpp"

#include <openssl/crypto.h>

#include <algorithm>

#include "util/byte_io.hpp"

namespace coach::sync {
namespace {

constexpr std::array<std::uint8_t, 4> kEnvelopeMagic{'C', 'C', 'E', '1'};
constexpr std::array<std::size_t, 7> kBuckets{512, 2048, 8192, 32768, 131072, 524288, kMaxPlaintext};

Error malformedEnvelope(const std::string& what) {
  return makeError(ErrorCode::EnvelopeMalformed, "the envelope is malformed: " + what);
}

void writeHeader(util::ByteWriter& w, const EnvelopeHeader& h) {
  w.bytes(kEnvelopeMagic);
  w.u16(h.protocol);
  w.bytes(h.team);
  w.bytes(h.shard);
  w.bytes(h.device);
  w.u64(h.sequence);
  w.u32(h.keyId);
  w.u64(h.newestHlc);
  w.bytes(h.prevHash);
}

}  // namespace

Result<Id> idFromText(std::string_view text) {
  crypto::Bytes bytes;
  const bool lowercase = std::none_of(text.begin(), text.end(), [](char c) { return c >= 'A' && c <= 'F'; });
  if (text.size() != 2 * kIdSize || !lowercase || !crypto::fromHex(text, bytes)) {
    return makeError(ErrorCode::InvalidArgument, "an id is 32 lowercase hexadecimal characters");
  }
  Id id{};
  std::copy(bytes.begin(), bytes.end(), id.begin());
  return id;
}

std::string idToText(const Id& id) { return crypto::toHex(id); }

Result<Id> shardFromText(std::string_view shard) {
  if (shard == "team") return Id{};
  return idFromText(shard);
}

std::string shardToText(const Id& shard) {
  return std::all_of(shard.begin(), shard.end(), [](std::uint8_t b) { return b == 0; }) ? "team" : idToText(shard);
}

std::size_t paddedSize(std::size_t size) {
  for (std::size_t bucket : kBuckets) {
    if (size + 1 <= bucket) return bucket;
  }
  return 0;
}

std::size_t smallerBucket(std::size_t bucket) {
  std::size_t below = 0;
  for (std::size_t b : kBuckets) {
    if (b >= bucket) break;
    below = b;
  }
  return below;
}

namespace {

// Seals with a random nonce when `nonce` is empty, else with `nonce` (test vectors).
Result<crypto::Bytes> seal(const EnvelopeHeader& header, crypto::ByteView batch, const crypto::Aead& key,
                           const crypto::Ed25519KeyPair& signer, crypto::ByteView nonce) {
  const std::size_t padded = paddedSize(batch.size());
  if (padded == 0) {
    return makeError(ErrorCode::InvalidArgument, "a change batch of " + std::to_string(batch.size()) +
                                                     " bytes is larger than an envelope can hold");
  }
  crypto::Bytes plain(padded, 0);
  std::copy(batch.begin(), batch.end(), plain.begin());
  plain[batch.size()] = 0x80;

  crypto::Bytes out;
  out.reserve(kEnvelopeOverhead + padded);
  util::ByteWriter w(out);
  writeHeader(w, header);
  w.u32(static_cast<std::uint32_t>(crypto::Aead::kOverhead + padded));
  const crypto::Bytes aad(out.begin(), out.begin() + kHeaderSize);
  if (nonce.empty()) {
    COACH_TRY(key.sealAppend(plain, aad, out));
  } else {
    COACH_ASSIGN_OR_RETURN(crypto::Bytes sealed, key.sealWithNonce(nonce, plain, aad));
    w.bytes(sealed);
  }
  OPENSSL_cleanse(plain.data(), plain.size());
  COACH_ASSIGN_OR_RETURN(crypto::Bytes signature, signer.sign(out));
  w.bytes(signature);
  return out;
}

}  // namespace

Result<crypto::Bytes> sealEnvelope(const EnvelopeHeader& header, crypto::ByteView batch, const crypto::Aead& key,
                                   const crypto::Ed25519KeyPair& signer) {
  return seal(header, batch, key, signer, {});
}

Result<crypto::Bytes> sealEnvelopeWithNonce(const EnvelopeHeader& header, crypto::ByteView batch, const crypto::Aead& key,
                                            const crypto::Ed25519KeyPair& signer, crypto::ByteView nonce) {
  if (nonce.size() != crypto::Aead::kNonceSize) return makeError(ErrorCode::InvalidArgument, "a nonce is 12 bytes");
  return seal(header, batch, key, signer, nonce);
}

namespace {

// The header (bytes 0..105) and its checks, shared by envelopes and tombstones.
Result<EnvelopeHeader> readHeader(util::ByteReader& r) {
  auto magic = r.bytes(kEnvelopeMagic.size());
  if (!r.ok() || !std::equal(magic.begin(), magic.end(), kEnvelopeMagic.begin())) return malformedEnvelope("it does not start with CCE1");
  EnvelopeHeader h;
  h.protocol = r.u16();
  r.into(h.team);
  r.into(h.shard);
  r.into(h.device);
  h.sequence = r.u64();
  h.keyId = r.u32();
  h.newestHlc = r.u64();
  r.into(h.prevHash);
  if (!r.ok()) return malformedEnvelope("the header is truncated");
  if (h.protocol != kProtocolVersion) {
    return makeError(ErrorCode::ProtocolUnsupported, "the envelope uses protocol version " + std::to_string(h.protocol) +
                                                         "; this version speaks " + std::to_string(kProtocolVersion));
  }
  if (h.sequence == 0) return malformedEnvelope("sequence numbers start at 1");
  return h;
}

}  // namespace

Result<EnvelopeHeader> parseEnvelopeHeader(crypto::ByteView header) {
  if (header.size() != kHeaderSize) {
    return malformedEnvelope("a tombstone's header has " + std::to_string(header.size()) + " bytes, not " + std::to_string(kHeaderSize));
  }
  util::ByteReader r(header);
  return readHeader(r);
}

Result<ParsedEnvelope> parseEnvelope(crypto::ByteView bytes) {
  util::ByteReader r(bytes);
  ParsedEnvelope env;
  COACH_ASSIGN_OR_RETURN(env.header, readHeader(r));
  const std::uint32_t length = r.u32();
  if (!r.ok()) return malformedEnvelope("the body is truncated");
  if (length < crypto::Aead::kOverhead + 512 || length > crypto::Aead::kOverhead + kMaxPlaintext) {
    return malformedEnvelope("the sealed length " + std::to_string(length) + " is outside the padding buckets");
  }
  env.sealed = r.bytes(length);
  const std::size_t signedEnd = r.position();
  env.signature = r.bytes(crypto::kEd25519SignatureSize);
  if (!r.ok()) return malformedEnvelope("the body or signature is truncated");
  if (r.remaining() != 0) return malformedEnvelope("there are bytes after the signature");
  env.bytes = bytes;
  env.aad = bytes.subspan(0, kHeaderSize);
  env.signedPart = bytes.subspan(0, signedEnd);
  return env;
}

Status verifySignature(const ParsedEnvelope& envelope, crypto::ByteView devicePublicKey) {
  if (!crypto::ed25519Verify(devicePublicKey, envelope.signedPart, envelope.signature)) {
    return makeError(ErrorCode::SignatureInvalid, "the envelope's signature is not the sending device's");
  }
  return {};
}

Result<crypto::Bytes> openEnvelope(const ParsedEnvelope& envelope, const crypto::Aead& key) {
  auto plain = key.open(envelope.sealed, envelope.aad);
  if (!plain.ok()) {
    return makeError(ErrorCode::DecryptFailed, "the envelope does not open with the shard key it names: its header "
                                               "or body was altered, or the key is wrong");
  }
  crypto::Bytes& p = plain.value();
  auto marker = std::find_if(p.rbegin(), p.rend(), [](std::uint8_t b) { return b != 0; });
  if (marker == p.rend() || *marker != 0x80) return malformedEnvelope("the padding is wrong");
  p.resize(static_cast<std::size_t>(p.rend() - marker) - 1);
  return std::move(plain).value();
}

Hash envelopeHash(crypto::ByteView envelope) {
  const crypto::Bytes digest = crypto::sha256(envelope);
  Hash h{};
  std::copy(digest.begin(), digest.end(), h.begin());
  return h;
}

}  // namespace coach::sync
