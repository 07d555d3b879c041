// sync/change_batch.hpp: the plaintext inside an envelope: the changes of one shard (proto/PROTOCOL.md,
// "Change batches", has the byte layout).
//
// A record change lists changed fields, each with its own HLC stamp (the sending device is the envelope's
// device), its value, and its bases: the stamps of the values the editor had seen and replaced (merge uses
// them to tell a sequential edit from a concurrent one, so a losing free text is never dropped).
#pragma once

#include <cstdint>
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
// EnvelopeMalformed, saying what is wrong, for anything that is not exactly one well-formed batch.
Result<ChangeBatch> decodeBatch(crypto::ByteView bytes);

}  // namespace coach::sync
