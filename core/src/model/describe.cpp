// model/describe.cpp: coach/schema_info.hpp, the public description of the registry's kinds and fields,
// copied once from model::Registry (which stays internal). Immutable after the first call; thread-safe
// (function-local statics).
#include <string>

#include "coach/schema_info.hpp"
#include "model/registry.hpp"
#include "model/value.hpp"

namespace coach::schema {
namespace {

std::string bound(const model::FieldDef& f, std::int64_t v) {
  if (f.type == model::FieldType::Decimal) return model::formatDecimal(v, f.scale, /*keepScale=*/true);
  return std::to_string(v);
}

FieldInfo describeField(const model::FieldDef& f) {
  FieldInfo info;
  info.name = std::string(f.name);
  info.type = static_cast<FieldType>(f.type);
  info.typeName = std::string(model::fieldTypeName(f.type));
  info.required = f.required;
  info.sensitive = f.sensitive;
  for (std::string_view v : f.values) info.values.emplace_back(v);
  if (f.type == model::FieldType::Integer || f.type == model::FieldType::Decimal) {
    info.minimum = bound(f, f.min);
    info.maximum = bound(f, f.max);
  }
  info.scale = f.scale;
  info.refKind = std::string(f.refKind);
  info.history = f.history;
  info.money = f.money;
  info.maxLength = f.type == model::FieldType::Text ? f.maxLength : 0;
  info.help = std::string(f.help);
  return info;
}

std::vector<KindInfo> describeAll() {
  std::vector<KindInfo> out;
  for (const model::KindDef& k : model::Registry::instance().kinds()) {
    KindInfo info;
    info.name = std::string(k.name);
    info.shard = static_cast<ShardRule>(k.shard);
    info.dateField = std::string(k.dateField);
    info.help = std::string(k.help);
    info.leadOnly = std::string(k.leadOnly);
    for (const model::FieldDef& f : k.fields) info.fields.push_back(describeField(f));
    out.push_back(std::move(info));
  }
  return out;
}

// The casts above rely on the public enums mirroring the internal ones.
static_assert(static_cast<int>(FieldType::Id) == static_cast<int>(model::FieldType::Id));
static_assert(static_cast<int>(FieldType::Ref) == static_cast<int>(model::FieldType::Ref));
static_assert(static_cast<int>(FieldType::Bool) == static_cast<int>(model::FieldType::Bool));
static_assert(static_cast<int>(ShardRule::Team) == static_cast<int>(model::ShardRule::Team));
static_assert(static_cast<int>(ShardRule::ParticipantOrTeam) ==
              static_cast<int>(model::ShardRule::ParticipantOrTeam));

std::string_view shardName(ShardRule rule) {
  switch (rule) {
    case ShardRule::Self: return "self";
    case ShardRule::Participant: return "participant";
    case ShardRule::ParticipantOrTeam: return "participant_or_team";
    case ShardRule::Team: return "team";
  }
  return "team";
}

}  // namespace

const FieldInfo* KindInfo::field(std::string_view fieldName) const {
  for (const FieldInfo& f : fields) {
    if (f.name == fieldName) return &f;
  }
  return nullptr;
}

const std::vector<KindInfo>& kinds() {
  static const std::vector<KindInfo> all = describeAll();
  return all;
}

const KindInfo* kind(std::string_view name) {
  for (const KindInfo& k : kinds()) {
    if (k.name == name) return &k;
  }
  return nullptr;
}

nlohmann::json toJson(const KindInfo& kind) {
  nlohmann::json fields = nlohmann::json::array();
  for (const FieldInfo& f : kind.fields) {
    nlohmann::json j{{"name", f.name}, {"type", f.typeName}, {"required", f.required},
                     {"sensitive", f.sensitive}, {"help", f.help}};
    if (!f.values.empty()) j["values"] = f.values;
    if (!f.minimum.empty()) j["minimum"] = f.minimum;
    if (!f.maximum.empty()) j["maximum"] = f.maximum;
    if (!f.refKind.empty()) j["ref_kind"] = f.refKind;
    if (f.history) j["history"] = true;
    if (f.money) j["money"] = true;
    if (f.maxLength > 0) j["max_length"] = f.maxLength;
    fields.push_back(std::move(j));
  }
  return {{"name", kind.name}, {"shard", std::string(shardName(kind.shard))}, {"date_field", kind.dateField},
          {"help", kind.help}, {"lead_only", kind.leadOnly}, {"fields", std::move(fields)}};
}

}  // namespace coach::schema
