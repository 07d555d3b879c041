// server_link.hpp: this device's link to its team's sync server, as kept in the profile's settings
// ("server.url" and "server.ca_file" plain, "server.token" sealed by the master key), and what a failed
// request to the server means in plain words: what happened, whether the coach's work is safe, what to do.
// Used by `coach team create`, `coach sync`, and the device lifecycle commands of cmd_devices.cpp.
//
// Thread-safety: functions of the main thread's Context.
#pragma once

#include <memory>
#include <string>

#include "coach/http_transport.hpp"
#include "context.hpp"

namespace coach::cli {

inline constexpr const char* kSettingUrl = "server.url";
inline constexpr const char* kSettingToken = "server.token";
inline constexpr const char* kSettingCaFile = "server.ca_file";
// The team a coach's device enrolled with while it waits for approval (plain; removed once it joined).
inline constexpr const char* kSettingPendingTeam = "enrol.team";

// The server options kept in the profile; an error that says how to join a team when there are none.
Result<HttpOptions> savedServer(Context& ctx, Store& store);

// The saved link of an enrolled device whether it joined its team yet or not: the options, and the team (the
// store's, else the one it waits to join; empty when neither is known). NotFound (exit 5) when not enrolled.
struct ServerLink {
  HttpOptions options;
  std::string team;
  bool joined = false;
};
Result<ServerLink> savedLink(Context& ctx, Store& store);

// A transport for `options`; a bad setting is a usage error (exit 2) in the chosen language.
Result<std::unique_ptr<HttpTransport>> connectTo(Context& ctx, const HttpOptions& options);

// Saves the server's address, this device's token (secret) and the CA file (made absolute; empty: none).
Status saveServer(Context& ctx, Store& store, const HttpOptions& server);

// Enrol: a code may be wrong; Sync: the coach's changes are safe; Devices: managing the team's devices.
enum class ServerStep { Enrol, Sync, Devices };

// `error` from a request to `server` (`failure` from HttpTransport::lastFailure()) in plain words, with the
// exit code that fits (6: try later, 7: the server refused this device or cannot be trusted).
Error explainServerError(Context& ctx, const Error& error, HttpFailure failure, const std::string& server,
                         ServerStep step);

}  // namespace coach::cli
