// capi/capi_server.hpp: what the C API's server-facing functions share (capi_sync.cpp, capi_devices.cpp):
// where the server is (the coach_server argument, else the profile's settings), the transport (built-in
// HTTP(S) or the host's HostExchange), and keeping what an enrolment answered in the profile.
//
// Thread-safety: pure functions of their arguments; the Store serialises its own calls.
#pragma once

#include <memory>
#include <string>

#include "coach/coach.h"
#include "coach/http_transport.hpp"
#include "coach/result.hpp"
#include "coach/store.hpp"
#include "coach/sync.hpp"

namespace coach::capi {

inline constexpr const char* kUrlSetting = "server.url";
inline constexpr const char* kTokenSetting = "server.token";
inline constexpr const char* kCaSetting = "server.ca_file";
inline constexpr const char* kRoleSetting = "team.role";
// The team a device enrolled with while it waits to join (plain; removed once it joined). The CLI uses the same.
inline constexpr const char* kPendingTeamSetting = "enrol.team";

enum class TokenUse { Required, NotSent };

// The server options from `server` (NULL members: the profile's settings). InvalidArgument when no URL (or,
// with TokenUse::Required, no token) is known, saying how to get one.
Result<HttpOptions> serverOptions(Store& store, const coach_server* server, TokenUse use);

// The built-in transport, or the host's when server->host is set.
Result<std::unique_ptr<HttpTransport>> transportFor(const HttpOptions& options, const coach_server* server);

// Keeps url, token (secret), role and CA file (absolute) for later calls; the token sealed by the master key.
Status keepServer(Store& store, const HttpOptions& options, const sync::EnrolResponse& enrolled);

// Enrols this device with `code` over `options` (no token sent) and keeps the answer (keepServer).
Result<sync::EnrolResponse> enrolDevice(Store& store, const HttpOptions& options, const coach_server* server,
                                        const char* code);

}  // namespace coach::capi
