// tests/proto/message_samples.hpp: real protocol messages, built with the core's own toJson functions from
// real contents (envelopes sealed with sealEnvelope, key records wrapped as PROTOCOL.md says, errors the core
// produces), and broken variants of them that each violate one rule of their schema.
#pragma once

#include <vector>

#include "schema_check.hpp"

namespace coach::prototest {

// Every message of the protocol at least once, every error id of error.hpp once. Fresh keys on every call.
std::vector<SchemaCase> validSamples();

// Each breaks exactly one rule of its schema; the schemas must reject every one.
std::vector<SchemaCase> brokenSamples();

}  // namespace coach::prototest
