// server_link.hpp: this device's link to its team's sync server, as kept in the profile's settings
// ("server.url" and "server.ca_file" plain, "server.token" sealed by the master key), and what a failed
// request to the server means in plain words: what happened, whether the coach's work is safe, what to do.
// Used by `coach team create` and `coach sync`; issue 5's enrol, devices and device commands reuse it.
//
// Thread-safety: functions of the main thread's Context.
#pragma once

#include <string>

#include "coach/http_transport.hpp"
#include "context.hpp"

namespace coach::cli {

inline constexpr const char* kSettingUrl = "server.url";
inline constexpr const char* kSettingToken = "server.token";
inline constexpr const char* kSettingCaFile = "server.ca_file";

// The server options kept in the profile; an error that says how to join a team when there are none.
Result<HttpOptions> savedServer(Context& ctx, Store& store);

// Saves the server's address, this device's token (secret) and the CA file (made absolute; empty: none).
Status saveServer(Context& ctx, Store& store, const HttpOptions& server);

enum class ServerStep { Enrol, Sync };

// `error` from a request to `server` (`failure` from HttpTransport::lastFailure()) in plain words, with the
// exit code that fits (6: try later, 7: the server refused this device or cannot be trusted).
Error explainServerError(Context& ctx, const Error& error, HttpFailure failure, const std::string& server,
                         ServerStep step);

}  // namespace coach::cli
