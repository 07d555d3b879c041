#include "sync/chain.hpp"

namespace coach::sync {

Result<ChainVerdict> checkChain(const ChainState& state, const ParsedEnvelope& envelope) {
  const EnvelopeHeader& h = envelope.header;
  const std::string device = idToText(h.device);
  if (h.sequence <= state.lastSequence) {
    if (h.sequence == state.lastSequence && envelopeHash(envelope.bytes) != state.lastHash) {
      return makeError(ErrorCode::SequenceReplayed, "device " + device + " sent a different envelope under sequence " +
                                                        std::to_string(h.sequence) + ", which it already used");
    }
    return ChainVerdict::Duplicate;
  }
  if (h.sequence > state.lastSequence + 1) {
    Error gap = makeError(ErrorCode::SequenceGap, "envelopes of device " + device + " are missing: expected sequence " +
                                                      std::to_string(state.lastSequence + 1) + ", got " +
                                                      std::to_string(h.sequence) + "; resend from " +
                                                      std::to_string(state.lastSequence + 1));
    gap.expectedSequence = state.lastSequence + 1;
    return gap;
  }
  if (h.prevHash != state.lastHash) {
    return makeError(ErrorCode::ChainBroken, "envelope " + std::to_string(h.sequence) + " of device " + device +
                                                 " does not follow the one before it (its previous-envelope hash "
                                                 "differs): envelopes were altered, reordered or rolled back");
  }
  return ChainVerdict::Next;
}

ChainState advance(const ParsedEnvelope& envelope) {
  return ChainState{envelope.header.sequence, envelopeHash(envelope.bytes)};
}

}  // namespace coach::sync
