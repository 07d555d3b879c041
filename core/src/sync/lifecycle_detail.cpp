// What the lifecycle's sources share (sync/lifecycle_detail.hpp): finding a device in the team's list, and the
// check that this device is a team lead's before a lead-only step.
#include "sync/lifecycle_detail.hpp"

#include <algorithm>

namespace coach::lifecycle::detail {

const sync::DeviceInfo* findDevice(const std::vector<sync::DeviceInfo>& devices, const std::string& id) {
  auto it = std::find_if(devices.begin(), devices.end(), [&](const sync::DeviceInfo& d) { return d.id == id; });
  return it == devices.end() ? nullptr : &*it;
}

Status requireLead(const std::vector<sync::DeviceInfo>& devices, const std::string& self, std::string_view action) {
  const sync::DeviceInfo* me = findDevice(devices, self);
  if (me == nullptr || me->role != "lead") {
    return makeError(ErrorCode::Forbidden, "only a team lead's device may " + std::string(action) + ": ask your team lead");
  }
  return {};
}

}  // namespace coach::lifecycle::detail
