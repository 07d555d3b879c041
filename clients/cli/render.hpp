// render.hpp: records shown to a person: one record as "field: value" lines, lists and timelines as tables.
// Field names are shown as they are typed (`coach add job title=...`), values in the language's forms.
//
// Thread-safety: pure functions over their arguments.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "coach/schema_info.hpp"
#include "context.hpp"

namespace coach::cli {

// Every field of `record` (a Store JSON record), in the registry's order, with id, kind and archived.
void printRecord(Context& ctx, const nlohmann::json& record);
// Records of one kind as a table: the id and the kind's first short fields.
void printRecordList(Context& ctx, const schema::KindInfo& kind, const std::vector<nlohmann::json>& records);
// The day that orders the record in a timeline (its kind's date field), as shown; "" when none.
std::string recordDate(Context& ctx, const nlohmann::json& record);
// A few short fields of the record, as one line.
std::string recordSummary(Context& ctx, const nlohmann::json& record);
// The shown value of `name` in `record`, "" when unset.
std::string fieldText(Context& ctx, const nlohmann::json& record, const std::string& name);
// The record `id`; a record that is not on this device is NotFound in the chosen language (exit 4).
Result<nlohmann::json> getRecord(Context& ctx, Store& store, const std::string& id);
// The kind's name as a person reads it ("werkgeverscontact" / "employer contact").
std::string kindLabel(Context& ctx, const std::string& kind);

}  // namespace coach::cli
