// model/rules.hpp: the record-level rules checked by the write path on the record as it will be after a
// change (required fields, and rules between fields such as "a job ends on or after its start").
//
// These are rules for what a coach may enter. Merge (sync) applies remote fields without them: each field is
// valid on its own, and a combination two devices produced concurrently is shown, never refused.
#pragma once

#include <vector>

#include "coach/result.hpp"
#include "model/registry.hpp"
#include "model/value.hpp"

namespace coach::model {

// The values of a record, indexed like KindDef::fields.
using FieldValues = std::vector<FieldValue>;

Status checkRecordRules(const KindDef& kind, const FieldValues& values);

}  // namespace coach::model
