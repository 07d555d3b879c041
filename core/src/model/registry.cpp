#include "model/registry.hpp"

namespace coach::model {

std::string_view fieldTypeName(FieldType type) {
  switch (type) {
    case FieldType::Text: return "text";
    case FieldType::Date: return "date";
    case FieldType::DateTime: return "datetime";
    case FieldType::Enum: return "enum";
    case FieldType::EnumSet: return "enum set";
    case FieldType::Integer: return "integer";
    case FieldType::Decimal: return "decimal";
    case FieldType::Bool: return "bool";
    case FieldType::Ref: return "reference";
    case FieldType::Id: return "id";
  }
  return "unknown";
}

const FieldDef* KindDef::field(std::string_view fieldName) const {
  for (const FieldDef& f : fields) {
    if (f.name == fieldName) return &f;
  }
  return nullptr;
}

std::optional<std::size_t> KindDef::fieldIndex(std::string_view fieldName) const {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].name == fieldName) return i;
  }
  return std::nullopt;
}

const KindDef* Registry::kind(std::string_view name) const {
  for (const KindDef& k : kinds_) {
    if (k.name == name) return &k;
  }
  return nullptr;
}

}  // namespace coach::model
