// sync/messages_binary.hpp: the binary bodies of POST /v1/push (request and answer), of the POST /v1/pull
// answer and of the GET /v1/snapshots/{shard} answer (proto/PROTOCOL.md, "Binary bodies", has the byte layout
// this file implements), and the media types that negotiate them.
//
// The binary form carries the same messages as the JSON form of sync/messages.hpp, with envelopes as they
// are (length-prefixed, not base64) and fixed-width big-endian integers: a push or a pull page of envelopes
// costs a copy of their bytes instead of base64 and JSON text. JSON stays the default and the fallback: a
// peer uses a binary body only when the other side said it takes one (Content-Type, Accept).
//
// The decoders read untrusted input (a server reads a device's push, a device reads the server's answers):
// every read is bounds-checked, every count is checked against the bytes that are left and against
// BinaryLimits before anything is allocated, and anything after the message is refused. Errors:
// InvalidArgument (a body that is not this message: wrong magic or type, truncated, a length past the end,
// trailing bytes, a field out of range), PayloadTooLarge (over a limit: the body, the number of envelopes or
// items, an envelope's size), ProtocolUnsupported (another protocol version).
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "coach/sync.hpp"
#include "sync/envelope.hpp"
#include "sync/snapshot.hpp"

namespace coach::sync {

// The media type of a binary body, as a client sends it in Content-Type and Accept and a server in its
// answer's Content-Type.
inline constexpr std::string_view kBinaryMediaType = "application/vnd.coach.sync+binary; v=1";
inline constexpr std::string_view kJsonMediaType = "application/json";

// True when `contentType` names the binary body of this version: the type and subtype compared without
// regard to case, the parameter v=1 required, other parameters and spaces ignored.
bool isBinaryMediaType(std::string_view contentType);
// True when an Accept header lists the binary body of this version with a quality above 0.
bool acceptsBinary(std::string_view accept);

// What a decoder accepts at most. The defaults are the protocol's own limits ("Limits"); a server passes its
// configured ones, a device the ones its request implies (the envelopes it pushed, the page size it asked for).
struct BinaryLimits {
  std::size_t maxBodyBytes = std::size_t{64} << 20;               // the whole body
  std::size_t maxItems = 1000;                                     // envelopes of a push, items of a page, server_seqs
  std::size_t maxEnvelopeBytes = kMaxPlaintext + kEnvelopeOverhead;  // one envelope (2,097,354 bytes)
  std::size_t maxSnapshotBytes = kMaxPlaintext + kSnapshotOverhead;  // one snapshot (2,097,322 bytes)
};

// The encoders take messages as the core builds them. InvalidArgument for what the binary form cannot
// carry: a key record whose shard or author is not an id, or whose wrapped key is not 60 bytes; an erased
// item without its 106 header bytes and 32-byte hash; more than 2^32 - 1 of anything.
Result<std::string> toBinary(const PushRequest& m);
Result<std::string> toBinary(const PushResponse& m);
Result<std::string> toBinary(const PullResponse& m);
Result<std::string> toBinary(const Snapshot& m);  // InvalidArgument: a shard or author that is not an id

Result<PushRequest> pushRequestFromBinary(std::string_view body, const BinaryLimits& limits);
Result<PushResponse> pushResponseFromBinary(std::string_view body, const BinaryLimits& limits);
Result<PullResponse> pullResponseFromBinary(std::string_view body, const BinaryLimits& limits);
Result<Snapshot> snapshotFromBinary(std::string_view body, const BinaryLimits& limits);

}  // namespace coach::sync
