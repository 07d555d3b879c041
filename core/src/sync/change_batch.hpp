// sync/change_batch.hpp: the plaintext inside an envelope: the changes of one shard (proto/PROTOCOL.md,
// "Change batches", has the byte layout).
//
// A record change lists changed fields, each with its own HLC stamp (the sending device is the envelope's
// device), its value, and its bases: the stamps of the values the editor had seen and replaced (merge uses
// them to tell a sequential edit from a concurrent one, so a losing free text is never dropped).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "coach/result.hpp"
#include "model/value.hpp"
#include "sync/envelope.hpp"

namespace coach::sync {

struct Stamp {
  std::uint64_t hlc = 0;
  Id device{};
  friend auto operator<=>(const Stamp&, const Stamp&) = default;
};

struct FieldChange {
  std::string name;
  std::uint64_t hlc = 0;
  std::vector<Stamp> bases;
  model::FieldValue value;
  friend bool operator==(const FieldChange&, const FieldChange&) = default;
};

struct RecordChange {
  Id record{};
  std::string kind;
  std::vector<FieldChange> fields;
  friend bool operator==(const RecordChange&, const RecordChange&) = default;
};

struct ChangeBatch {
  std::uint16_t schema = 0;  // the writer's schema level
  std::vector<RecordChange> changes;
  friend bool operator==(const ChangeBatch&, const ChangeBatch&) = default;
};

crypto::Bytes encodeBatch(const ChangeBatch& batch);
// What a batch takes before its changes (schema and count), and what one change adds to it: encodeBatch's
// output is exactly kBatchHeaderSize plus the encodedSize of each change (a writer sizes envelopes with it).
inline constexpr std::size_t kBatchHeaderSize = 6;
std::size_t encodedSize(const RecordChange& change);

// How a writer cuts a shard's changes (their encodedSize, in order) into envelopes: the number of changes in
// each. Padding is a privacy measure (an envelope shows only its bucket), not a cost to pay twice: each
// envelope holds at most `maxChanges` changes and fills at most kFillBucket bytes, and an envelope of 32 KiB or
// more that would use less than three quarters of its bucket is cut to fill the bucket below instead, the rest
// going on. So every envelope of 32 KiB or more is at least 3/4 full, but the last few of a push (docs/sync.md,
// "Push"). Smaller ones are not cut: an incremental sync of a few changes stays one envelope (each costs a
// signature, a verification on every device and a row on the server; a few KiB of padding cost less).
inline constexpr std::size_t kFillBucket = 131072;
inline constexpr std::size_t kCutFrom = 8192;  // the smallest bucket an envelope is cut down to
std::vector<std::size_t> planEnvelopes(const std::vector<std::size_t>& changeSizes, std::size_t maxChanges);
// For a writer that seals as it goes: the number of changes of the first envelope planEnvelopes makes of the
// changes so far, once no later change can alter it (they are more than one envelope takes); nullopt until then.
// Sealing these heads as they come, then planEnvelopes of the rest, makes exactly planEnvelopes of them all.
std::optional<std::size_t> finalFirstEnvelope(const std::vector<std::size_t>& changeSizes, std::size_t maxChanges);
// EnvelopeMalformed, saying what is wrong, for anything that is not exactly one well-formed batch.
Result<ChangeBatch> decodeBatch(crypto::ByteView bytes);

}  // namespace coach::sync
