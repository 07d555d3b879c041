// key_source.cpp: the desktop key sources (key_source.hpp).
#include "key_source.hpp"

#include <QCoreApplication>
#include <QFileInfo>

#include "coach/store.hpp"
#include "secret_service.hpp"

namespace coach::app {
namespace {

// Keeps the profile's public key parameters and opens nothing: its unlock always fails, before any key is
// derived or tried, so the profile's wrong-passphrase count is not touched.
class ParamsProbe final : public KeyProvider {
 public:
  Result<Created> create() override { return makeError(ErrorCode::Internal, "a probe creates no profile"); }
  Result<crypto::SecretBytes> unlock(std::string_view params) override {
    params_ = std::string(params);
    return makeError(ErrorCode::Internal, "only the key parameters were read");
  }
  std::string_view name() const override { return "probe"; }
  const std::string& params() const { return params_; }

 private:
  std::string params_;
};

// Opens a profile the way it was made (as the `coach` command's ProfileKeyProvider): the keyring for a
// keyring profile, scrypt over the passphrase otherwise.
class ProfileKeyProvider final : public KeyProvider {
 public:
  explicit ProfileKeyProvider(std::string passphrase) : passphrase_(std::move(passphrase)) {}
  Result<Created> create() override { return makeError(ErrorCode::Internal, "an existing profile is not created"); }
  Result<crypto::SecretBytes> unlock(std::string_view params) override {
    if (keyring::usesSecretService(params)) return keyring::SecretServiceKeyProvider("").unlock(params);
    if (passphrase_.empty()) return makeError(ErrorCode::InvalidArgument, "this profile opens with its passphrase");
    return PassphraseKeyProvider(passphrase_).unlock(params);
  }
  std::string_view name() const override { return "profile"; }

 private:
  std::string passphrase_;
};

}  // namespace

QString KeySource::explain(const Error&) const { return {}; }

std::unique_ptr<KeyProvider> PassphraseKeySource::provider(const std::string& passphrase) {
  return std::make_unique<PassphraseKeyProvider>(passphrase, cost_);
}

bool ProfileKeySource::needsPassphrase(const QString& profilePath) {
  if (profilePath == inspectedPath_) return !keyring_;
  if (!QFileInfo::exists(profilePath)) return true;  // not made yet: looked at again once it is
  ParamsProbe probe;
  StoreOptions options;
  options.path = profilePath.toStdString();
  (void)Store::openProfile(options, probe);  // fails by design once the parameters are read
  // A profile that could not be read that far (busy, damaged) is asked again next time; the unlock says why.
  if (probe.params().empty()) return true;
  inspectedPath_ = profilePath;
  keyring_ = keyring::usesSecretService(probe.params());
  return !keyring_;
}

std::unique_ptr<KeyProvider> ProfileKeySource::provider(const std::string& passphrase) {
  return std::make_unique<ProfileKeyProvider>(passphrase);
}

QString ProfileKeySource::explain(const Error& error) const {
  if (!keyring_) return {};
  // lupdate files these under this function's class, so they are looked up there.
  auto tr = [](const char* text) { return QCoreApplication::translate("coach::app::ProfileKeySource", text); };
  switch (error.code) {
    case ErrorCode::NotFound:
      return tr("The OS keyring has no key for this profile (it was deleted, or this is another user's keyring). "
                "Nothing was changed. Make a new profile with 'coach init --keyring' and enrol it again: the team's "
                "data comes back with the next sync.");
    case ErrorCode::Forbidden: return tr("The OS keyring was not unlocked. Unlock it and try again.");
    case ErrorCode::StorageError:
      return tr("The profile's key in the OS keyring is damaged or was changed outside the app. Make a new profile "
                "with 'coach init --keyring' and enrol it again: the team's data comes back with the next sync.");
    case ErrorCode::Unavailable:
      return keyring::available()
                 ? tr("The OS keyring (Secret Service) does not answer: log in to your desktop, or start its keyring, "
                      "and try again. Your data is safe on this device.")
                 : tr("This build of the app has no OS keyring support: this profile cannot be opened here.");
    default: return {};
  }
}

}  // namespace coach::app
