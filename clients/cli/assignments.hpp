// assignments.hpp: `field=value` arguments and typed answers turned into the JSON values the store takes,
// using the public description of the record kinds (coach/schema_info.hpp).
//
// Per field type: dates and date-times as Dutch coaches type them (dates.hpp); integers; decimals with a
// point or a Dutch comma ("14,25"); yes/no as ja/nee/yes/no/true/false/1/0; enumerations checked against
// their values (the error lists them); enum sets comma-separated; an empty value clears the field (null).
// Errors are InvalidArgument in the chosen language, naming the field and what it accepts.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "coach/result.hpp"
#include "coach/schema_info.hpp"
#include "messages.hpp"

namespace coach::cli {

struct Today {
  std::string day;  // "YYYY-MM-DD"
  std::string now;  // "YYYY-MM-DDTHH:MM"
};

// One value for `field` of `kind`, as typed.
Result<nlohmann::json> parseFieldValue(const schema::KindInfo& kind, const schema::FieldInfo& field,
                                       std::string_view text, const Today& today, const Messages& msg);

// "name=value" arguments for a record of `kind`: {field: value}. An unknown field, a missing "=" or a field
// given twice is an error that says how to see the fields (`coach fields KIND`).
Result<nlohmann::json> parseAssignments(const schema::KindInfo& kind, const std::vector<std::string>& args,
                                        const Today& today, const Messages& msg);

// The kind called `name`, or InvalidArgument listing the kinds.
Result<const schema::KindInfo*> findKind(std::string_view name, const Messages& msg);

// A JSON field value as text for a person: dates in the language's form, sets comma-separated, yes/no words.
std::string displayValue(const schema::FieldInfo* field, const nlohmann::json& value, const Messages& msg);

}  // namespace coach::cli
