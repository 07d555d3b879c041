#include "receiver_checks.hpp"

#include "clock/hlc.hpp"
#include "sync/change_batch.hpp"

namespace coach::prototest {
namespace {

std::string wire(const Error& e) {
  return std::string(errorInfo(e.code).wireId);
}
std::string wire(ErrorCode code) {
  return std::string(errorInfo(code).wireId);
}

// Decrypts, unpads and decodes; every field stamp must be at most the header's newest HLC.
Outcome openAndDecode(const sync::ParsedEnvelope& parsed, const crypto::Bytes& key) {
  auto aead = crypto::Aead::create(key);
  if (!aead.ok()) return {"key", wire(aead.error())};
  auto plain = sync::openEnvelope(parsed, *aead);
  if (!plain.ok()) return {"decrypt", wire(plain.error())};
  auto batch = sync::decodeBatch(*plain);
  if (!batch.ok()) return {"decode", wire(batch.error())};
  for (const sync::RecordChange& c : batch->changes) {
    for (const sync::FieldChange& f : c.fields) {
      if (f.hlc > parsed.header.newestHlc) return {"decode", wire(ErrorCode::EnvelopeMalformed)};
    }
  }
  return {"accepted", ""};
}

}  // namespace

Outcome receive(crypto::ByteView envelope, const ReceiverState& state) {
  auto parsed = sync::parseEnvelope(envelope);
  if (!parsed.ok()) return {"structure", wire(parsed.error())};
  const sync::EnvelopeHeader& h = parsed->header;
  if (h.team != state.team) return {"team", wire(ErrorCode::WrongTeam)};
  // A device missing from the list (after refreshing it) has no key that could verify the signature.
  auto signingKey = state.signingKeys.find(h.device);
  if (signingKey == state.signingKeys.end()) return {"signature", wire(ErrorCode::SignatureInvalid)};
  if (auto s = sync::verifySignature(*parsed, signingKey->second); !s.ok()) return {"signature", wire(s.error())};
  auto verdict = sync::checkChain(state.chain, *parsed);
  if (!verdict.ok()) return {"chain", wire(verdict.error())};
  if (*verdict == sync::ChainVerdict::Duplicate) return {"chain", ""};
  const ManualClock wall(state.nowMillis);
  if (auto drift = HybridClock(wall).checkDrift(Hlc{h.newestHlc}); !drift.ok()) return {"clock", wire(drift.error())};
  if (!state.key) return {"key", wire(ErrorCode::UnknownKey)};
  return openAndDecode(*parsed, *state.key);
}

}  // namespace coach::prototest
