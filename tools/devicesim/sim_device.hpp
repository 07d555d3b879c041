// sim_device.hpp: one simulated coach's device for coach-devicesim: a real encrypted profile (Store) enrolled
// with a real coach-syncd over HttpTransport, the coach's work recorded through the store's one write path,
// and a digest of its state to check that a team's devices converged.
//
// The workload follows DOMAIN.md: a coach records employer contacts (job development), support contacts with
// free-text notes (follow-along), new participants and employers, and job changes (hours and wage). One step
// is one record added or changed, i.e. one change in the outbox.
//
// Thread-safety: a SimDevice is used by one thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "coach/http_transport.hpp"
#include "coach/key_provider.hpp"
#include "coach/result.hpp"
#include "coach/store.hpp"

namespace coach::devicesim {

struct SimDevice {
  std::string name;
  int team = 0;  // index into the simulation's teams
  std::unique_ptr<PassphraseKeyProvider> keys;
  std::unique_ptr<Store> store;
  std::unique_ptr<HttpTransport> transport;
  std::vector<std::string> participants, employers, jobs;
  std::mt19937 rng;
  int day = 0;  // the business day the coach is recording (advances every few steps)
};

// Creates the device's profile in `dir`, enrols it at `server` with `code`, and gives it the team's keys the way
// real devices get them (docs/keys.md): the first device of a team (`lead` null, a lead's code) founds the team's
// keys; a later one (a coach's code) waits until `lead` approved it after comparing fingerprints, then joins.
Result<SimDevice> makeDevice(const std::string& name, int teamIndex, const std::string& dir, const HttpOptions& server,
                             const std::string& code, SimDevice* lead, std::uint32_t seed);

// One step of a coach's work (one change). The first step of a device adds its first participant.
Status recordStep(SimDevice& d);

// The SHA-256 of every record the device holds (archived ones included), in a canonical JSON text.
std::string digest(Store& store);

}  // namespace coach::devicesim
