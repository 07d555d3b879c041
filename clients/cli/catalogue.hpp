// catalogue.hpp: the parts of the message catalogue (messages.hpp), one per area, merged by catalogue().
// Internal to the CLI. Thread-safety: immutable tables.
#pragma once

#include <span>

#include "messages.hpp"

namespace coach::cli {

std::span<const MessageEntry> catalogueGeneral();   // catalogue_general.cpp: parsing, profile, values, errors
std::span<const MessageEntry> catalogueCommands();  // catalogue_commands.cpp: command help and results
std::span<const MessageEntry> catalogueWork();      // catalogue_work.cpp: daily-work commands and overviews
std::span<const MessageEntry> catalogueSync();      // catalogue_sync.cpp: sync, conflicts, export, team, server
std::span<const MessageEntry> catalogueDevices();   // catalogue_devices.cpp: enrol, devices, device, recover
std::span<const MessageEntry> catalogueErase();     // catalogue_erase.cpp: erase participant, erasures
std::span<const MessageEntry> catalogueReport();    // catalogue_report.cpp: report ..., fidelity score
std::span<const MessageEntry> catalogueAccess();    // catalogue_access.cpp: access-log, retention

}  // namespace coach::cli
