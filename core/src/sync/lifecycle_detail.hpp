// sync/lifecycle_detail.hpp: helpers shared by the lifecycle's source files (lifecycle.cpp, lifecycle_erasure.cpp).
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "coach/result.hpp"
#include "coach/store.hpp"
#include "coach/sync.hpp"
#include "crypto/crypto.hpp"

namespace coach::lifecycle::detail {

// Grants of `epochs` from this device to `recipient` (its X25519 public key), each carrying `recoveryPub` (the
// team's recovery public key this device knows when null). Call under the store's lock.
Result<std::vector<sync::Grant>> wrapTo(Store::Impl& impl, const std::string& recipient, crypto::ByteView recipientKey,
                                        const std::map<std::uint32_t, const crypto::SecretBytes*>& epochs,
                                        const crypto::Bytes* recoveryPub = nullptr);

// The device with this id in the list, or nullptr.
const sync::DeviceInfo* findDevice(const std::vector<sync::DeviceInfo>& devices, const std::string& id);
// Forbidden unless `self` is a team lead's device in the list; `action` completes "only a team lead's device may".
Status requireLead(const std::vector<sync::DeviceInfo>& devices, const std::string& self, std::string_view action);

}  // namespace coach::lifecycle::detail
