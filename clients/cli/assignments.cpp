// assignments.cpp: field values from the command line (assignments.hpp).
#include "assignments.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "dates.hpp"

namespace coach::cli {
namespace {

using schema::FieldType;

std::string joined(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "" : ", ") + v;
  return out;
}

std::string lower(std::string_view s) {
  std::string out;
  for (char c : s) out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return out;
}

Error fieldError(const schema::KindInfo& kind, const schema::FieldInfo& field, const std::string& detail,
                 const Messages& msg) {
  return makeError(ErrorCode::InvalidArgument, msg("field.invalid", kind.name, field.name, detail));
}

Result<nlohmann::json> parseInteger(const schema::KindInfo& kind, const schema::FieldInfo& field,
                                    std::string_view text, const Messages& msg) {
  long long v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || end != text.data() + text.size()) {
    return fieldError(kind, field, msg("field.not_integer", text), msg);
  }
  return nlohmann::json(v);
}

Result<nlohmann::json> parseDecimal(const schema::KindInfo& kind, const schema::FieldInfo& field,
                                    std::string_view text, const Messages& msg) {
  std::string t(text);
  std::replace(t.begin(), t.end(), ',', '.');
  const bool digitsAndPoint = !t.empty() && std::count(t.begin(), t.end(), '.') <= 1 &&
                              std::all_of(t.begin(), t.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == '.'; }) &&
                              t.front() != '.' && t.back() != '.';
  if (!digitsAndPoint) return fieldError(kind, field, msg("field.not_decimal", text), msg);
  return nlohmann::json(t);  // the store takes decimals as exact strings
}

Result<nlohmann::json> parseBool(const schema::KindInfo& kind, const schema::FieldInfo& field,
                                 std::string_view text, const Messages& msg) {
  const std::string t = lower(text);
  if (t == "ja" || t == "j" || t == "yes" || t == "y" || t == "true" || t == "1") return nlohmann::json(true);
  if (t == "nee" || t == "n" || t == "no" || t == "false" || t == "0") return nlohmann::json(false);
  return fieldError(kind, field, msg("field.not_bool", text), msg);
}

Result<nlohmann::json> parseEnum(const schema::KindInfo& kind, const schema::FieldInfo& field,
                                 std::string_view text, const Messages& msg) {
  const std::string t = lower(text);
  if (std::find(field.values.begin(), field.values.end(), t) == field.values.end()) {
    return fieldError(kind, field, msg("field.not_in_values", text, joined(field.values)), msg);
  }
  return nlohmann::json(t);
}

Result<nlohmann::json> parseEnumSet(const schema::KindInfo& kind, const schema::FieldInfo& field,
                                    std::string_view text, const Messages& msg) {
  nlohmann::json out = nlohmann::json::array();
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    std::string item(text.substr(start, comma - start));
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    if (!item.empty()) {
      COACH_ASSIGN_OR_RETURN(auto one, parseEnum(kind, field, item, msg));
      out.push_back(std::move(one));
    }
    start = comma + 1;
  }
  return out;
}

}  // namespace

Result<nlohmann::json> parseFieldValue(const schema::KindInfo& kind, const schema::FieldInfo& field,
                                       std::string_view text, const Today& today, const Messages& msg) {
  if (text.empty()) return nlohmann::json(nullptr);
  switch (field.type) {
    case FieldType::Date: {
      auto day = parseDate(text, today.day, msg);
      if (!day.ok()) return fieldError(kind, field, day.error().message, msg);
      return nlohmann::json(day.value());
    }
    case FieldType::DateTime: {
      auto at = parseDateTime(text, today.now, msg);
      if (!at.ok()) return fieldError(kind, field, at.error().message, msg);
      return nlohmann::json(at.value());
    }
    case FieldType::Integer: return parseInteger(kind, field, text, msg);
    case FieldType::Decimal: return parseDecimal(kind, field, text, msg);
    case FieldType::Bool: return parseBool(kind, field, text, msg);
    case FieldType::Enum: return parseEnum(kind, field, text, msg);
    case FieldType::EnumSet: return parseEnumSet(kind, field, text, msg);
    case FieldType::Text:
    case FieldType::Ref:
    case FieldType::Id: return nlohmann::json(std::string(text));
  }
  return nlohmann::json(std::string(text));
}

Result<nlohmann::json> parseAssignments(const schema::KindInfo& kind, const std::vector<std::string>& args,
                                        const Today& today, const Messages& msg) {
  nlohmann::json fields = nlohmann::json::object();
  for (const std::string& arg : args) {
    const auto eq = arg.find('=');
    if (eq == std::string::npos || eq == 0) {
      return makeError(ErrorCode::InvalidArgument, msg("assign.no_equals", arg, kind.name));
    }
    const std::string name = arg.substr(0, eq);
    const schema::FieldInfo* field = kind.field(name);
    if (field == nullptr) {
      return makeError(ErrorCode::InvalidArgument, msg("assign.unknown_field", name, kind.name));
    }
    if (fields.contains(name)) return makeError(ErrorCode::InvalidArgument, msg("assign.twice", name));
    COACH_ASSIGN_OR_RETURN(fields[name], parseFieldValue(kind, *field, arg.substr(eq + 1), today, msg));
  }
  return fields;
}

Result<const schema::KindInfo*> findKind(std::string_view name, const Messages& msg) {
  if (const schema::KindInfo* k = schema::kind(name)) return k;
  std::vector<std::string> names;
  for (const auto& k : schema::kinds()) names.push_back(k.name);
  return makeError(ErrorCode::InvalidArgument, msg("kind.unknown", name, joined(names)));
}

std::string displayValue(const schema::FieldInfo* field, const nlohmann::json& value, const Messages& msg) {
  if (value.is_null()) return "";
  if (value.is_boolean()) return msg(value.get<bool>() ? "value.yes" : "value.no");
  if (value.is_array()) {
    std::vector<std::string> items;
    for (const auto& v : value) items.push_back(v.is_string() ? v.get<std::string>() : v.dump());
    return joined(items);
  }
  if (!value.is_string()) return value.dump();
  const std::string text = value.get<std::string>();
  if (field == nullptr) return text;
  if (field->type == FieldType::Date) return displayDate(text, msg.lang());
  if (field->type == FieldType::DateTime) return displayDateTime(text, msg.lang());
  if (field->type == FieldType::Decimal && msg.lang() == Lang::Nl) {
    std::string t = text;
    std::replace(t.begin(), t.end(), '.', ',');
    return t;
  }
  return text;
}

}  // namespace coach::cli
