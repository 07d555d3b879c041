// sync/chain.hpp: ChainState, what a receiver knows of one device's envelope chain, and the check of the
// next envelope against it (proto/PROTOCOL.md, "Hash chain").
//
// Both sides use it: the server refuses a push that does not continue the device's chain; a receiving
// device refuses a pulled envelope that does not, which is how a server that withholds, reorders or rolls back
// a device's envelopes is caught.
#pragma once

#include "coach/result.hpp"
#include "sync/envelope.hpp"

namespace coach::sync {

struct ChainState {
  std::uint64_t lastSequence = 0;  // 0: nothing seen yet
  Hash lastHash{};                 // hash of the envelope with lastSequence
};

enum class ChainVerdict { Next, Duplicate };

// Next: the envelope continues the chain (sequence = last + 1 and prevHash = last hash).
// Duplicate: the very envelope with lastSequence, or an earlier sequence (already applied; the caller
//   compares bytes when it keeps them).
// SequenceGap: a sequence after last + 1 (envelopes are missing; the message names the expected one).
// ChainBroken: the right sequence but another previous hash (a rolled-back or forked chain).
// SequenceReplayed: sequence = last but other bytes (a second, different envelope under the same number).
Result<ChainVerdict> checkChain(const ChainState& state, const ParsedEnvelope& envelope);

// The state after accepting `envelope`.
ChainState advance(const ParsedEnvelope& envelope);

}  // namespace coach::sync
