// tests/proto/receiver_checks.hpp: the checks a receiving device applies to a pulled envelope, in the order of
// proto/PROTOCOL.md, "On a device": structure, team, signature, chain, clock, key, decrypt, decode (the order
// of core/src/store/pull_apply.cpp). The tampered vectors pin which check refuses what.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "crypto/crypto.hpp"
#include "sync/chain.hpp"
#include "sync/envelope.hpp"

namespace coach::prototest {

struct ReceiverState {
  sync::Id team{};
  std::map<sync::Id, crypto::Bytes> signingKeys;  // device id -> Ed25519 public key (GET /v1/devices)
  sync::ChainState chain;                         // of the envelope's device
  std::optional<crypto::Bytes> key;               // the key held for the envelope's (shard, key id)
  std::int64_t nowMillis = 0;                     // the receiver's wall clock
};

struct Outcome {
  std::string check;  // the check that decided: one of the eight, or "accepted"
  std::string error;  // its wire id; empty for a duplicate (check "chain") or an accepted envelope
};

Outcome receive(crypto::ByteView envelope, const ReceiverState& state);

}  // namespace coach::prototest
