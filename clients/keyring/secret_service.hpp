// secret_service.hpp: a profile's key kept in the desktop's OS keyring (docs/keyring.md).
//
// The Secret Service is the freedesktop.org D-Bus interface that GNOME Keyring, KWallet (5.97 and later) and
// KeePassXC serve on a Linux desktop; libsecret is its client library. A profile made with this provider has no
// passphrase: its key-encryption key is 32 random bytes stored as a keyring item, released by the keyring to
// the logged-in user's session (the keyring itself unlocks with the login). The profile keeps only the item's
// random id, so the profile file alone, or a backup of it, opens nothing.
//
// Built on Linux when libsecret is found (libsecret-1-dev); elsewhere available() is false and every call says
// that this build has no OS keyring. Android and iOS fill in the same coach::KeyProvider with their keystores.
//
// Thread-safety: one provider per thread; libsecret's synchronous calls block on D-Bus (short, local).
#pragma once

#include <string>
#include <string_view>

#include "coach/key_provider.hpp"
#include "coach/result.hpp"

namespace coach::keyring {

// Whether this build can talk to a Secret Service at all (not whether one is running).
bool available();

// Whether a profile's key parameters (KeyProvider::Created::params) name a Secret Service item.
bool usesSecretService(std::string_view params);

// Errors: Unavailable when no Secret Service answers on the session bus (or the build has none), NotFound when
// the keyring has no item for the profile, Forbidden when the user refused to unlock the keyring.
class SecretServiceKeyProvider final : public KeyProvider {
 public:
  // `label` is what the keyring's own manager (Seahorse, KWalletManager) shows for the item.
  explicit SecretServiceKeyProvider(std::string label) : label_(std::move(label)) {}

  Result<Created> create() override;
  Result<crypto::SecretBytes> unlock(std::string_view params) override;
  std::string_view name() const override { return "secret-service"; }

  // Removes the item named by `params` (a profile that was never completed, or is being deleted).
  Status forget(std::string_view params);

 private:
  std::string label_;
};

}  // namespace coach::keyring
