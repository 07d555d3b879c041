// key_source.hpp: KeySource, where the app gets the KeyProvider that unlocks the profile (docs/app.md, "Keys").
//
// On a laptop the profile's key-encryption key comes either from the coach's passphrase (scrypt) or, for a
// profile made with `coach init --keyring`, from the desktop's OS keyring (the Secret Service, clients/keyring;
// docs/keyring.md). ProfileKeySource, the desktop default, reads which one from the profile's stored key
// parameters, as the `coach` command does. On a phone it comes from the platform keystore: the Android Keystore
// or the iOS Keychain keeps a non-exportable key that wraps the KEK and releases it after the device unlock or a
// biometric prompt. Those builds implement KeySource with a KeyProvider of their own (name() "android-keystore"
// or "ios-keychain"); the Unlock screen then asks for no passphrase (needsPassphrase()).
//
// Thread-safety: a KeySource is used on the UI thread; the providers it hands out may be used on one other
// thread (Session unlocks on a worker thread, since scrypt takes a tenth of a second or more).
#pragma once

#include <QString>

#include <memory>
#include <string>

#include "coach/key_provider.hpp"
#include "coach/result.hpp"

namespace coach::app {

class KeySource {
 public:
  virtual ~KeySource() = default;
  // True when the coach must type a passphrase to unlock `profilePath` (a passphrase profile); false where a
  // keystore or the OS keyring unlocks it.
  virtual bool needsPassphrase(const QString& profilePath) = 0;
  // A provider for one unlock attempt; `passphrase` is empty when needsPassphrase() is false.
  virtual std::unique_ptr<KeyProvider> provider(const std::string& passphrase) = 0;
  // A failed unlock of this source in the coach's words, or "" when Session's general words fit.
  virtual QString explain(const Error& error) const;
};

class PassphraseKeySource final : public KeySource {
 public:
  PassphraseKeySource() = default;
  // The scrypt cost for profiles this source creates; unlocking uses the cost stored in the profile.
  explicit PassphraseKeySource(PassphraseKeyProvider::Cost cost) : cost_(cost) {}
  bool needsPassphrase(const QString&) override { return true; }
  std::unique_ptr<KeyProvider> provider(const std::string& passphrase) override;

 private:
  PassphraseKeyProvider::Cost cost_{};
};

// The desktop's source: the profile's stored key parameters choose the OS keyring (no passphrase) or scrypt
// over the passphrase. Which one is read once per profile path, by opening the profile far enough to see its
// public parameters (nothing is decrypted or tried; it runs the profile's schema migrations, as any open does).
// A profile that cannot be read that far counts as a passphrase profile until it can; the unlock says why.
class ProfileKeySource final : public KeySource {
 public:
  bool needsPassphrase(const QString& profilePath) override;
  std::unique_ptr<KeyProvider> provider(const std::string& passphrase) override;
  QString explain(const Error& error) const override;

 private:
  QString inspectedPath_;
  bool keyring_ = false;
};

}  // namespace coach::app
