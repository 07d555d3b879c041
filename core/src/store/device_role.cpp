// Store: the role the team's sync server gave this device ("lead" or "coach"), kept in the profile, and the
// write path's check that only a team lead's device writes a team lead's kinds (docs/store.md, "Roles").
//
// The role is the server's word: it comes with the enrolment answer (the clients keep it at once), and every
// list of the team's devices the lifecycle and sync code fetch names it again, so a profile enrolled before
// roles were kept learns its role at its next sync. A profile that never enrolled has no role: nothing of it
// syncs, and it may write every kind.
#include <algorithm>

#include "store/store_impl.hpp"

namespace coach {
namespace {

constexpr std::string_view kRoleKey = "device_role";

bool knownRole(std::string_view role) { return role == "lead" || role == "coach"; }

}  // namespace

Status Store::Impl::keepRole(std::string_view role) {
  if (!knownRole(role)) {
    return makeError(ErrorCode::InvalidArgument,
                     "a device's role is \"lead\" or \"coach\", not \"" + std::string(role) + "\"");
  }
  COACH_ASSIGN_OR_RETURN(std::optional<std::string> kept, metaGet(kRoleKey));
  if (kept && *kept == role) return {};
  return metaPut(kRoleKey, crypto::asBytes(role));
}

Status Store::Impl::learnRole(const std::vector<sync::DeviceInfo>& devices) {
  auto self = std::find_if(devices.begin(), devices.end(), [&](const sync::DeviceInfo& d) { return d.id == deviceId; });
  // Not listed (the server lost track of it) or a role this version does not know: keep what it has.
  if (self == devices.end() || !knownRole(self->role)) return {};
  return keepRole(self->role);
}

Result<std::optional<std::string>> Store::Impl::role() { return metaGet(kRoleKey); }

Status Store::Impl::checkRole(const model::KindDef& kind) {
  if (kind.leadOnly.empty()) return {};
  COACH_ASSIGN_OR_RETURN(std::optional<std::string> kept, role());
  // No role: a profile that never enrolled, whose records never leave it.
  if (!kept || *kept == "lead") return {};
  return makeError(ErrorCode::Forbidden, std::string(kind.name) + ": only a team lead's device may " +
                                             std::string(kind.leadOnly) +
                                             "; this is a coach's device, so nothing was saved: ask your team lead");
}

Result<std::optional<std::string>> Store::deviceRole() {
  std::lock_guard lock(impl_->mu);
  COACH_TRY(impl_->requireUnlocked());
  return impl_->role();
}

Status Store::rememberDeviceRole(std::string_view role) {
  std::lock_guard lock(impl_->mu);
  COACH_TRY(impl_->requireUnlocked());
  return impl_->keepRole(role);
}

}  // namespace coach
