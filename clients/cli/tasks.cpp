// tasks.cpp: options, defaults and prompts of the task commands (tasks.hpp).
#include "tasks.hpp"

#include <algorithm>

#include "assignments.hpp"

namespace coach::cli {
namespace {

constexpr int kAttempts = 3;

}  // namespace

std::string fieldHint(Context& ctx, const schema::FieldInfo& field) {
  std::string hint;
  for (const auto& v : field.values) hint += (hint.empty() ? "" : ", ") + v;
  switch (field.type) {
    case schema::FieldType::Date: return ctx.msg("fields.date_forms");
    case schema::FieldType::DateTime: return ctx.msg("fields.datetime_forms");
    case schema::FieldType::Bool: return ctx.msg("fields.bool_forms");
    case schema::FieldType::Ref: return ctx.msg("fields.ref", field.refKind);
    case schema::FieldType::EnumSet: return ctx.msg("ask.several", hint);
    default: return hint;
  }
}

void TaskForm::option(CLI::App* cmd, Context& ctx, const std::string& flag, const std::string& field) {
  flags_[field] = flag;
  cmd->add_option(flag, values_[field], ctx.msg("opt.f." + field));
}

void TaskForm::extras(CLI::App* cmd, Context& ctx) {
  cmd->add_option("fields", extra_, ctx.msg("opt.more_fields"));
}

Result<nlohmann::json> TaskForm::askFor(Context& ctx, const schema::KindInfo& kind, const schema::FieldInfo& field,
                                        const Today& today) {
  const std::string hint = fieldHint(ctx, field);
  const std::string question =
      hint.empty() ? ctx.msg("ask.field", field.name) : ctx.msg("ask.field_hint", field.name, hint);
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    auto answer = ctx.ask(question);
    if (!answer) break;
    if (answer->empty()) continue;
    auto value = parseFieldValue(kind, field, *answer, today, ctx.msg);
    if (value.ok()) return value;
    ctx.err() << value.error().message << '\n';
  }
  return makeError(ErrorCode::InvalidArgument, ctx.msg("ask.gave_up", field.name));
}

Result<nlohmann::json> TaskForm::collect(Context& ctx, const nlohmann::json& defaults, bool creating,
                                         const std::vector<std::string>& alsoRequired) {
  COACH_ASSIGN_OR_RETURN(const schema::KindInfo* kind, findKind(kind_, ctx.msg));
  COACH_ASSIGN_OR_RETURN(Today today, ctx.today());
  COACH_ASSIGN_OR_RETURN(nlohmann::json fields, parseAssignments(*kind, extra_, today, ctx.msg));
  for (const auto& [name, text] : values_) {
    if (text.empty()) continue;
    COACH_ASSIGN_OR_RETURN(fields[name], parseFieldValue(*kind, *kind->field(name), text, today, ctx.msg));
  }
  for (const auto& [name, value] : defaults.items()) {
    if (!fields.contains(name)) fields[name] = value;
  }
  std::vector<const schema::FieldInfo*> missing;
  for (const auto& f : kind->fields) {
    const bool required = (creating && f.required) ||
                          std::find(alsoRequired.begin(), alsoRequired.end(), f.name) != alsoRequired.end();
    if (required && (!fields.contains(f.name) || fields[f.name].is_null())) missing.push_back(&f);
  }
  if (missing.empty()) return fields;
  if (!ctx.interactive()) {
    std::string names;
    for (const auto* f : missing) {
      auto flag = flags_.find(f->name);
      names += (names.empty() ? "" : ", ") + (flag != flags_.end() ? flag->second : f->name + "=...");
    }
    return makeError(ErrorCode::InvalidArgument, ctx.msg("ask.missing", names));
  }
  for (const auto* f : missing) {
    COACH_ASSIGN_OR_RETURN(fields[f->name], askFor(ctx, *kind, *f, today));
  }
  return fields;
}

}  // namespace coach::cli
