// model/registry.hpp: the one registry of record kinds and their fields (DOMAIN.md, "Records").
//
// The registry is data, not code: the SQLite schema (store/schema.cpp), validation (model/validate.cpp),
// serialisation and, later, merge are all derived from it, so a field is added in one place. Kind and field
// names are the names used alike in the code, the CLI and on the wire.
//
// Every kind lives in a shard: a participant and everything about them form the participant's shard (its id
// is the participant's record id); team-level records form the team shard (kTeamShard). ShardRule says how a
// record finds its shard.
//
// Thread-safety: the registry is immutable after static initialisation and safe to read from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace coach::model {

inline constexpr std::string_view kTeamShard = "team";

enum class FieldType : std::uint8_t {
  Text,      // UTF-8, at most maxLength bytes
  Date,      // "YYYY-MM-DD", a calendar day in Europe/Amsterdam as the coach entered it
  DateTime,  // "YYYY-MM-DDTHH:MM", local wall time in Europe/Amsterdam as the coach entered it
  Enum,      // one of `values`
  EnumSet,   // zero or more of `values`, stored sorted and comma-separated
  Integer,   // between min and max
  Decimal,   // fixed point with `scale` decimals, stored as a scaled integer (money: scale 2, euro)
  Bool,
  Ref,       // the id of a record of kind `refKind`
  Id,        // a record id kept as a plain value, not required to exist (the access log outlives erasure)
};

std::string_view fieldTypeName(FieldType type);

struct FieldDef {
  std::string_view name;
  FieldType type = FieldType::Text;
  bool required = false;
  bool sensitive = false;  // names, contact details, birth date, free text: encrypted at rest
  std::span<const std::string_view> values{};  // Enum, EnumSet
  std::int64_t min = 0;                        // Integer, Decimal (scaled)
  std::int64_t max = 0;
  int scale = 0;                               // Decimal
  std::string_view refKind{};                  // Ref
  bool history = false;                        // keep every value (job hours and wage, assigned coach)
  int since = 2;                               // schema level that introduced the field
  std::string_view help{};
  std::size_t maxLength = 4000;                // Text
  bool money = false;                          // Decimal in euro: always shown with both decimals
};

enum class ShardRule : std::uint8_t {
  Self,                    // participant: the record is its own shard
  Participant,             // the participant_id field's shard (required)
  ParticipantOrTeam,       // participant_id when set, else the team shard
  Team,                    // always the team shard
};

struct KindDef {
  std::string_view name;
  ShardRule shard = ShardRule::Team;
  std::vector<FieldDef> fields;
  std::string_view dateField{};  // the business date that orders a timeline
  int since = 2;
  std::string_view help{};
  // Not empty for a team lead's kind: what only a team lead's device may do with its records ("score fidelity
  // items"). The write path refuses it on a coach's device (store/write_path.cpp; docs/store.md, "Roles").
  std::string_view leadOnly{};

  const FieldDef* field(std::string_view fieldName) const;
  // Index of the field in `fields`, or nullopt.
  std::optional<std::size_t> fieldIndex(std::string_view fieldName) const;
};

class Registry {
 public:
  static const Registry& instance();
  const KindDef* kind(std::string_view name) const;
  std::span<const KindDef> kinds() const { return kinds_; }

 private:
  Registry();
  std::vector<KindDef> kinds_;
};

}  // namespace coach::model
