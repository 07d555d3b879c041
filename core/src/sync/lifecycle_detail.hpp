// sync/lifecycle_detail.hpp: helpers shared by the lifecycle's source files (lifecycle.cpp, lifecycle_erasure.cpp).
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "coach/result.hpp"
#include "coach/sync.hpp"

namespace coach::lifecycle::detail {

// The device with this id in the list, or nullptr.
const sync::DeviceInfo* findDevice(const std::vector<sync::DeviceInfo>& devices, const std::string& id);
// Forbidden unless `self` is a team lead's device in the list; `action` completes "only a team lead's device may".
Status requireLead(const std::vector<sync::DeviceInfo>& devices, const std::string& self, std::string_view action);

}  // namespace coach::lifecycle::detail
