// sim_run.hpp: coach-devicesim's fleet: sets up the devices (profiles, enrolment, team keys) and runs one of
// the workloads of devicesim.cpp (rounds, loop, burst) on a thread per device, then syncs every device until
// quiet and compares each team's states.
//
// Thread-safety: runFleet is called once, from one thread; it starts and joins its own threads.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "coach/http_transport.hpp"

namespace coach::devicesim {

struct RunOptions {
  std::string mode = "rounds";  // rounds, loop, burst
  int devices = 2;
  int teams = 1;
  int rounds = 3;            // rounds
  int steps = -1;            // rounds, loop: changes before each sync (-1: 6 for rounds, 2 for loop)
  int durationSeconds = 30;  // loop
  int intervalMs = 1000;     // loop
  int changes = 20;          // burst
  int rampMs = 1000;         // burst
};

// Runs the fleet against `server` (token-less options: URL and CA file). `teamCodes[t]` are team t's
// enrolment codes, its lead's first; devices are dealt over the teams in turn. `serverPid` > 0 when the server
// runs on this machine (its memory is read from /proc). Throws std::runtime_error when the fleet cannot be set
// up; sync failures during the run are counted, not thrown. Returns the summary described in devicesim.cpp.
nlohmann::json runFleet(const RunOptions& o, const HttpOptions& server, const std::vector<std::vector<std::string>>& teamCodes,
                        const std::string& profilesDir, pid_t serverPid);

}  // namespace coach::devicesim
