// coach/schema_info.hpp: a public, read-only description of the record kinds and their fields, for clients.
//
// The model registry (core/src/model/registry.hpp) is internal to libcoach. Clients (the `coach` command, the
// app, the C API) need to know which kinds exist, which fields each has, their types, allowed values, ranges
// and whether they are required: to parse `field=value` arguments, to prompt for what is missing and to show
// `coach fields KIND`. This header gives them exactly that as plain values copied from the registry, so the
// registry stays the one source and clients never include core internals.
//
// Decimal ranges are given in the field's natural unit (hours, euro), not in the stored scaled integers.
//
// Thread-safety: everything here is immutable after its first use and safe to read from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace coach::schema {

enum class FieldType : std::uint8_t { Text, Date, DateTime, Enum, EnumSet, Integer, Decimal, Bool, Ref, Id };

// How a record of a kind finds its shard.
enum class ShardRule : std::uint8_t {
  Self,               // participant: its own shard
  Participant,        // participant_id names the shard (required)
  ParticipantOrTeam,  // participant_id when set, else the team shard
  Team,               // always the team shard
};

struct FieldInfo {
  std::string name;
  FieldType type = FieldType::Text;
  std::string typeName;             // "text", "date", "datetime", "enum", "enum set", "integer", ...
  bool required = false;
  bool sensitive = false;           // encrypted at rest on the device
  std::vector<std::string> values;  // Enum, EnumSet: the allowed values
  std::string minimum;              // Integer, Decimal: smallest value ("0", "0.00"); empty otherwise
  std::string maximum;              // Integer, Decimal: largest value ("60.00"); empty otherwise
  int scale = 0;                    // Decimal: digits after the point
  std::string refKind;              // Ref: the kind the id must name
  bool history = false;             // every value is kept
  bool money = false;               // Decimal in euro
  std::size_t maxLength = 0;        // Text: bytes
  std::string help;                 // one line in English
};

struct KindInfo {
  std::string name;
  ShardRule shard = ShardRule::Team;
  std::string dateField;  // the business date that orders a timeline; empty when none
  std::string help;       // one line in English
  // Not empty for a team lead's kind: what only a team lead's device may do ("score fidelity items"). On a
  // coach's device the store refuses its writes with Forbidden (docs/store.md, "Roles"); a client need not offer them.
  std::string leadOnly;
  std::vector<FieldInfo> fields;

  // The field called `name`, or nullptr.
  const FieldInfo* field(std::string_view fieldName) const;
};

// Every kind of the registry, in the registry's order.
const std::vector<KindInfo>& kinds();
// The kind called `name`, or nullptr.
const KindInfo* kind(std::string_view name);

// {"name", "shard", "date_field", "help", "lead_only", "fields": [{"name", "type", "required", ...}]}
nlohmann::json toJson(const KindInfo& kind);

}  // namespace coach::schema
