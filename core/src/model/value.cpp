#include "model/value.hpp"

#include <algorithm>
#include <charconv>
#include <vector>

#include <date/date.h>

namespace coach::model {
namespace {

using nlohmann::json;

Error fieldError(const KindDef& kind, const FieldDef& field, const std::string& what) {
  return makeError(ErrorCode::ValidationFailed,
                   std::string(kind.name) + "." + std::string(field.name) + ": " + what);
}

std::string joinValues(const FieldDef& field) {
  std::string out;
  for (std::string_view v : field.values) {
    if (!out.empty()) out += ", ";
    out += v;
  }
  return out;
}

bool isAllowed(const FieldDef& field, std::string_view v) {
  return std::find(field.values.begin(), field.values.end(), v) != field.values.end();
}

bool parseDigits(std::string_view s, int& out) {
  const auto* end = s.data() + s.size();
  auto [ptr, ec] = std::from_chars(s.data(), end, out);
  return ec == std::errc{} && ptr == end && !s.empty() &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Parses "12", "12.5", "-3.25" into a value scaled by 10^scale; false on anything else or more decimals.
bool parseScaled(std::string_view s, int scale, std::int64_t& out) {
  bool negative = !s.empty() && s.front() == '-';
  if (negative) s.remove_prefix(1);
  const auto dot = s.find('.');
  std::string_view whole = s.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? std::string_view{} : s.substr(dot + 1);
  if (whole.empty() || whole.size() > 12 || static_cast<int>(frac.size()) > scale) return false;
  if (dot != std::string_view::npos && frac.empty()) return false;
  std::int64_t value = 0;
  for (char c : whole) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  for (int i = 0; i < scale; ++i) {
    const auto idx = static_cast<std::size_t>(i);
    char c = idx < frac.size() ? frac[idx] : '0';
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  out = negative ? -value : value;
  return true;
}

Result<FieldValue> parseRange(const KindDef& kind, const FieldDef& field, std::int64_t v) {
  if (v < field.min) {
    return fieldError(kind, field, formatDecimal(v, field.scale) + " is below the minimum of " +
                                       formatDecimal(field.min, field.scale));
  }
  if (v > field.max) {
    return fieldError(kind, field, formatDecimal(v, field.scale) + " is above the maximum of " +
                                       formatDecimal(field.max, field.scale));
  }
  return FieldValue{v};
}

Result<FieldValue> parseNumber(const KindDef& kind, const FieldDef& field, const json& value) {
  std::int64_t scaled = 0;
  if (value.is_number_integer()) {
    std::int64_t v = value.get<std::int64_t>();
    scaled = v;
    for (int i = 0; i < field.scale; ++i) scaled *= 10;
    if (v > 1'000'000'000'000 || v < -1'000'000'000'000) return fieldError(kind, field, "the number is too large");
  } else if (value.is_string() || value.is_number_float()) {
    std::string text = value.is_string() ? value.get<std::string>() : value.dump();
    if (!parseScaled(text, field.scale, scaled)) {
      return fieldError(kind, field, "'" + text + "' is not a number" +
                                         (field.scale > 0 ? " with at most " + std::to_string(field.scale) +
                                                                " decimals (use a point: 12.50)"
                                                          : " (whole numbers only)"));
    }
  } else {
    return fieldError(kind, field, "expected a number");
  }
  return parseRange(kind, field, scaled);
}

Result<FieldValue> parseText(const KindDef& kind, const FieldDef& field, const json& value) {
  if (!value.is_string()) return fieldError(kind, field, "expected text");
  std::string s = value.get<std::string>();
  // Never echo the text itself: it may be a participant's health data.
  if (s.size() > field.maxLength) {
    return fieldError(kind, field, "the text is " + std::to_string(s.size()) + " bytes, the maximum is " +
                                       std::to_string(field.maxLength));
  }
  if (field.required && s.find_first_not_of(" \t\r\n") == std::string::npos) {
    return fieldError(kind, field, "is required and may not be empty");
  }
  return FieldValue{std::move(s)};
}

bool isRecordId(std::string_view s) {
  return s.size() == 32 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

Result<FieldValue> parseEnumSet(const KindDef& kind, const FieldDef& field, const json& value) {
  std::vector<std::string> items;
  if (value.is_array()) {
    for (const json& item : value) {
      if (!item.is_string()) return fieldError(kind, field, "expected a list of values");
      items.push_back(item.get<std::string>());
    }
  } else if (value.is_string()) {
    std::string s = value.get<std::string>();
    for (std::size_t start = 0; start <= s.size();) {
      std::size_t comma = s.find(',', start);
      if (comma == std::string::npos) comma = s.size();
      if (comma > start) items.push_back(s.substr(start, comma - start));
      start = comma + 1;
    }
  } else {
    return fieldError(kind, field, "expected a list of values");
  }
  for (const std::string& item : items) {
    if (!isAllowed(field, item)) {
      return fieldError(kind, field, "'" + item + "' is not one of: " + joinValues(field));
    }
  }
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
  std::string joined;
  for (const std::string& item : items) joined += (joined.empty() ? "" : ",") + item;
  return FieldValue{std::move(joined)};
}

}  // namespace

std::string formatDecimal(std::int64_t scaled, int scale, bool keepScale) {
  if (scale == 0) return std::to_string(scaled);
  std::int64_t div = 1;
  for (int i = 0; i < scale; ++i) div *= 10;
  const bool negative = scaled < 0;
  const std::uint64_t mag = negative ? 0 - static_cast<std::uint64_t>(scaled) : static_cast<std::uint64_t>(scaled);
  const auto udiv = static_cast<std::uint64_t>(div);
  std::string frac = std::to_string(mag % udiv);
  frac.insert(0, static_cast<std::size_t>(scale) - frac.size(), '0');
  while (!keepScale && !frac.empty() && frac.back() == '0') frac.pop_back();
  std::string out = (negative ? "-" : "") + std::to_string(mag / udiv);
  return frac.empty() ? out : out + "." + frac;
}

bool isIsoDate(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return false;
  int y = 0, m = 0, d = 0;
  if (!parseDigits(t.substr(0, 4), y) || !parseDigits(t.substr(5, 2), m) || !parseDigits(t.substr(8, 2), d)) {
    return false;
  }
  const date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(m)},
                                 date::day{static_cast<unsigned>(d)}};
  return ymd.ok() && y >= 1900 && y <= 2200;
}

bool isLocalDateTime(std::string_view t) {
  if (t.size() != 16 || t[10] != 'T' || t[13] != ':' || !isIsoDate(t.substr(0, 10))) return false;
  int h = 0, mi = 0;
  return parseDigits(t.substr(11, 2), h) && parseDigits(t.substr(14, 2), mi) && h < 24 && mi < 60;
}

Result<FieldValue> parseFieldValue(const KindDef& kind, const FieldDef& field, const json& value) {
  if (value.is_null()) {
    if (field.required) return fieldError(kind, field, "is required and cannot be cleared");
    return FieldValue{};
  }
  switch (field.type) {
    case FieldType::Text:
      return parseText(kind, field, value);
    case FieldType::Date:
      if (!value.is_string() || !isIsoDate(value.get<std::string>())) {
        return fieldError(kind, field, "expected a date as YYYY-MM-DD, for example 2026-03-29");
      }
      return FieldValue{value.get<std::string>()};
    case FieldType::DateTime:
      if (!value.is_string() || !isLocalDateTime(value.get<std::string>())) {
        return fieldError(kind, field, "expected a local date and time as YYYY-MM-DDTHH:MM, for example "
                                       "2026-03-29T14:30");
      }
      return FieldValue{value.get<std::string>()};
    case FieldType::Enum:
      if (!value.is_string() || !isAllowed(field, value.get<std::string>())) {
        return fieldError(kind, field, (value.is_string() ? "'" + value.get<std::string>() + "'" : value.dump()) +
                                           " is not one of: " + joinValues(field));
      }
      return FieldValue{value.get<std::string>()};
    case FieldType::EnumSet:
      return parseEnumSet(kind, field, value);
    case FieldType::Integer:
    case FieldType::Decimal:
      return parseNumber(kind, field, value);
    case FieldType::Bool:
      if (value.is_boolean()) return FieldValue{std::int64_t{value.get<bool>() ? 1 : 0}};
      if (value.is_string()) {
        const std::string s = value.get<std::string>();
        if (s == "true" || s == "yes" || s == "ja" || s == "1") return FieldValue{std::int64_t{1}};
        if (s == "false" || s == "no" || s == "nee" || s == "0") return FieldValue{std::int64_t{0}};
      }
      return fieldError(kind, field, "expected true or false");
    case FieldType::Ref:
    case FieldType::Id:
      if (!value.is_string() || !isRecordId(value.get<std::string>())) {
        return fieldError(kind, field, "expected a record id (32 lowercase hexadecimal characters)");
      }
      return FieldValue{value.get<std::string>()};
  }
  return fieldError(kind, field, "has an unknown type");
}

bool fitsField(const FieldDef& field, const FieldValue& value) {
  if (isNull(value)) return true;
  if (const auto* i = std::get_if<std::int64_t>(&value)) {
    if (field.type == FieldType::Bool) return *i == 0 || *i == 1;
    return (field.type == FieldType::Integer || field.type == FieldType::Decimal) && *i >= field.min && *i <= field.max;
  }
  const std::string& s = std::get<std::string>(value);
  switch (field.type) {
    case FieldType::Text: return s.size() <= field.maxLength;
    case FieldType::Date: return isIsoDate(s);
    case FieldType::DateTime: return isLocalDateTime(s);
    case FieldType::Enum: return isAllowed(field, s);
    case FieldType::EnumSet: {
      for (std::size_t start = 0; start < s.size();) {
        std::size_t comma = s.find(',', start);
        if (comma == std::string::npos) comma = s.size();
        if (!isAllowed(field, std::string_view(s).substr(start, comma - start))) return false;
        start = comma + 1;
      }
      return true;
    }
    case FieldType::Ref:
    case FieldType::Id: return isRecordId(s);
    default: return false;
  }
}

nlohmann::json toJson(const FieldDef& field, const FieldValue& value) {
  if (isNull(value)) return nullptr;
  if (const auto* i = std::get_if<std::int64_t>(&value)) {
    if (field.type == FieldType::Bool) return *i != 0;
    if (field.type == FieldType::Decimal) return formatDecimal(*i, field.scale, field.money);
    return *i;
  }
  const std::string& s = std::get<std::string>(value);
  if (field.type == FieldType::EnumSet) {
    json arr = json::array();
    for (std::size_t start = 0; start < s.size();) {
      std::size_t comma = s.find(',', start);
      if (comma == std::string::npos) comma = s.size();
      arr.push_back(s.substr(start, comma - start));
      start = comma + 1;
    }
    return arr;
  }
  return s;
}

}  // namespace coach::model
