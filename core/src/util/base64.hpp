// util/base64.hpp: standard base64 (RFC 4648, with padding) for binary values inside JSON.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace coach::util {

std::string base64Encode(std::span<const std::uint8_t> data);
// nullopt when `text` is not canonical padded base64.
std::optional<std::vector<std::uint8_t>> base64Decode(std::string_view text);

}  // namespace coach::util
