// model/value.hpp: FieldValue, a field's value in its stored form, and its conversions to and from JSON.
//
// Stored forms: Bool as 0/1, Integer as is, Decimal as an integer scaled by 10^scale, EnumSet as its values
// sorted and joined by commas, everything else as text. JSON (the C API, the CLI, the wire) uses the natural
// forms: true/false, numbers, decimals as strings ("14.25", exact), enum sets as arrays.
#pragma once

#include <cstdint>
#include <string>
#include <variant>

#include <nlohmann/json.hpp>

#include "coach/result.hpp"
#include "model/registry.hpp"

namespace coach::model {

using FieldValue = std::variant<std::monostate, std::int64_t, std::string>;

inline bool isNull(const FieldValue& v) { return std::holds_alternative<std::monostate>(v); }

// Parses and validates one field's JSON value (null clears the field). Errors name kind and field:
// "job.hours_per_week: 70 is above the maximum of 60".
Result<FieldValue> parseFieldValue(const KindDef& kind, const FieldDef& field, const nlohmann::json& value);

// The JSON form of a stored value.
nlohmann::json toJson(const FieldDef& field, const FieldValue& value);

// "14.25" for 1425 at scale 2; "14.4" for 1440, or "14.40" with keepScale (money).
std::string formatDecimal(std::int64_t scaled, int scale, bool keepScale = false);

// True when a stored-form value (as merge receives it) is valid for the field: right type, enumeration
// member, within range and length. Null always fits (it clears the field).
bool fitsField(const FieldDef& field, const FieldValue& value);

// True when `text` is a real calendar day "YYYY-MM-DD".
bool isIsoDate(std::string_view text);
// True when `text` is "YYYY-MM-DDTHH:MM" with a real day and time.
bool isLocalDateTime(std::string_view text);

}  // namespace coach::model
