// coach/key_provider.hpp: where a device profile's key-encryption key comes from.
//
// A profile's master key (random, 256 bits) is stored wrapped by a key-encryption key (KEK) that a
// KeyProvider supplies. The store keeps the provider's public parameters (salt, cost; never a secret) beside
// the wrapped master key and hands them back on unlock. PassphraseKeyProvider derives the KEK from a
// passphrase with scrypt; the Android Keystore and iOS Keychain providers implement the same interface in
// the apps (docs/store.md). A wrong passphrase opens nothing: the KEK fails to unwrap the master key and the
// store reports WrongPassphrase.
//
// Thread-safety: a provider is used by one store at a time.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "coach/bytes.hpp"
#include "coach/result.hpp"

namespace coach {

class KeyProvider {
 public:
  struct Created {
    crypto::SecretBytes kek;  // 32 bytes
    std::string params;       // public parameters, stored in the profile (JSON)
  };
  virtual ~KeyProvider() = default;
  // Makes a KEK for a new profile.
  virtual Result<Created> create() = 0;
  // Re-derives the KEK of an existing profile from the parameters create() returned.
  virtual Result<crypto::SecretBytes> unlock(std::string_view params) = 0;
  // A short name stored with the profile: "passphrase", "android-keystore", ...
  virtual std::string_view name() const = 0;
};

class PassphraseKeyProvider final : public KeyProvider {
 public:
  // scrypt cost. The default (N = 2^15, r = 8, p = 1: 32 MiB, ~0.1 s) follows RFC 7914's interactive-login
  // guidance; tests pass a low cost to stay fast. The cost is stored with the salt, so a profile created
  // with one cost unlocks with it whatever the provider's default.
  struct Cost {
    std::uint64_t n = std::uint64_t{1} << 15;
    std::uint32_t r = 8;
    std::uint32_t p = 1;
  };
  explicit PassphraseKeyProvider(std::string passphrase);
  PassphraseKeyProvider(std::string passphrase, Cost cost);
  PassphraseKeyProvider(const PassphraseKeyProvider&) = delete;
  PassphraseKeyProvider& operator=(const PassphraseKeyProvider&) = delete;
  ~PassphraseKeyProvider() override;

  Result<Created> create() override;
  Result<crypto::SecretBytes> unlock(std::string_view params) override;
  std::string_view name() const override { return "passphrase"; }

 private:
  std::string passphrase_;
  Cost cost_;
};

}  // namespace coach
