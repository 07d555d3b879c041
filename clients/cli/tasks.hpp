// tasks.hpp: TaskForm, the shared machinery of the task commands (participant add, contact, job, support):
// named options for the fields of one kind, extra field=value arguments, defaults, and what to do about
// fields still missing: ask for them one by one on a terminal (re-asking after a typing mistake), or fail
// with a message that names every missing option when there is no terminal (scripts, tests).
//
// Thread-safety: one form per command, used on the main thread.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "coach/schema_info.hpp"
#include "context.hpp"

namespace coach::cli {

class TaskForm {
 public:
  explicit TaskForm(std::string kind) : kind_(std::move(kind)) {}

  // Declares `flag` (e.g. "--name") on `cmd` for `field` of the kind, described by "opt.f.<field>".
  void option(CLI::App* cmd, Context& ctx, const std::string& flag, const std::string& field);
  // Declares the positional field=value arguments for any other field.
  void extras(CLI::App* cmd, Context& ctx);

  // The fields typed so far plus `defaults` for what was not typed. Required fields (the kind's own when
  // `creating`, plus `alsoRequired`) still missing are asked for on a terminal or reported all at once.
  Result<nlohmann::json> collect(Context& ctx, const nlohmann::json& defaults, bool creating,
                                 const std::vector<std::string>& alsoRequired = {});

  const std::string& kind() const { return kind_; }

 private:
  Result<nlohmann::json> askFor(Context& ctx, const schema::KindInfo& kind, const schema::FieldInfo& field,
                                const Today& today);
  std::string kind_;
  std::map<std::string, std::string> values_;  // field -> text as typed (std::map: stable addresses for CLI11)
  std::map<std::string, std::string> flags_;   // field -> its option
  std::vector<std::string> extra_;
};

// How to type a value of `field`: its allowed values, date forms, yes/no.
std::string fieldHint(Context& ctx, const schema::FieldInfo& field);

}  // namespace coach::cli
