// sync/message_fields.hpp: the strict field readers the protocol's JSON decoders share (messages.cpp,
// messages_devices.cpp). Each names the member and what is wrong with it; InvalidArgument, or
// ProtocolUnsupported for another protocol version.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "coach/bytes.hpp"
#include "coach/result.hpp"

namespace coach::sync::detail {

Error bad(const std::string& what);
Status checkProtocol(const nlohmann::json& j);
Result<std::uint64_t> number(const nlohmann::json& j, const char* name);
Result<std::string> text(const nlohmann::json& j, const char* name);
Result<crypto::Bytes> base64(const nlohmann::json& j, const char* name);
Result<std::uint32_t> small(const nlohmann::json& j, const char* name);

}  // namespace coach::sync::detail
