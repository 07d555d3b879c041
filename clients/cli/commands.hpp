// commands.hpp: the command groups of `coach`, one registration function per cmd_*.cpp, and the helpers
// they share to declare a command (translated description, an example in the help) and to run it.
//
// A command's callback only chooses what to run (Context::action); app.cpp runs it after the whole command
// line parsed, so nothing happens on a line with a mistake in it. Commands return a Status whose message is
// already in the chosen language; app.cpp prints it and exits with the code Context chose.
//
// Thread-safety: everything runs on the main thread.
#pragma once

#include <functional>
#include <string>

#include <CLI/CLI.hpp>

#include "context.hpp"

namespace coach::cli {

void registerProfileCommands(CLI::App& app, Context& ctx);   // init
void registerRecordCommands(CLI::App& app, Context& ctx);    // add, edit, show, list, archive, fields
void registerTaskCommands(CLI::App& app, Context& ctx);      // participant add, contact, support, note
void registerJobCommands(CLI::App& app, Context& ctx);       // job start|change|end
void registerViewCommands(CLI::App& app, Context& ctx);      // timeline, agenda, caseload
void registerSyncCommands(CLI::App& app, Context& ctx);      // sync, conflicts [resolve]
void registerExportCommands(CLI::App& app, Context& ctx);    // export participant
void registerTeamCommands(CLI::App& app, Context& ctx);      // team create, and the two below
void registerEnrolCommands(CLI::App& app, Context& ctx);     // enrol, recover (cmd_enrol.cpp)
void registerDeviceCommands(CLI::App& app, Context& ctx);    // devices, device approve|revoke|exposure
void registerEraseCommands(CLI::App& app, Context& ctx);     // erase participant, erasures (cmd_erase.cpp)
void registerReportCommands(CLI::App& app, Context& ctx);    // report fidelity|outcomes|weeks|export, fidelity score
void registerAccessCommands(CLI::App& app, Context& ctx);    // access-log, retention (cmd_access.cpp)

// A subcommand `name` with the description "cmd.<key>" and the example "example.<key>" from the catalogue.
CLI::App* addCommand(CLI::App& parent, Context& ctx, const std::string& name, const std::string& key);
// Runs `run` when this command (and no subcommand of it) was chosen.
void onRun(CLI::App* command, Context& ctx, std::function<Status()> run);

}  // namespace coach::cli
