// key_source.hpp: KeySource, where the app gets the KeyProvider that unlocks the profile (docs/app.md, "Keys").
//
// On a laptop the profile's key-encryption key comes from the coach's passphrase (PassphraseKeySource, over
// the core's scrypt PassphraseKeyProvider). On a phone it comes from the platform keystore: the Android
// Keystore or the iOS Keychain keeps a non-exportable key that wraps the KEK and releases it after the device
// unlock or a biometric prompt. Those builds implement KeySource with a KeyProvider of their own (name()
// "android-keystore" or "ios-keychain"); the Unlock screen then asks for no passphrase (needsPassphrase()).
//
// Thread-safety: used on the UI thread only.
#pragma once

#include <memory>
#include <string>

#include "coach/key_provider.hpp"

namespace coach::app {

class KeySource {
 public:
  virtual ~KeySource() = default;
  // True when the coach must type a passphrase to unlock (desktop); false where the keystore unlocks.
  virtual bool needsPassphrase() const = 0;
  // A provider for one unlock attempt; `passphrase` is empty when needsPassphrase() is false.
  virtual std::unique_ptr<KeyProvider> provider(const std::string& passphrase) = 0;
};

class PassphraseKeySource final : public KeySource {
 public:
  PassphraseKeySource() = default;
  // The scrypt cost for profiles this source creates; unlocking uses the cost stored in the profile.
  explicit PassphraseKeySource(PassphraseKeyProvider::Cost cost) : cost_(cost) {}
  bool needsPassphrase() const override { return true; }
  std::unique_ptr<KeyProvider> provider(const std::string& passphrase) override;

 private:
  PassphraseKeyProvider::Cost cost_{};
};

}  // namespace coach::app
