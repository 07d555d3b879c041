// secret_service_absent.cpp: the build without libsecret (not Linux, or libsecret-1-dev missing): every call
// says so (secret_service.hpp).
#include "secret_service.hpp"

#include <nlohmann/json.hpp>

namespace coach::keyring {
namespace {

Error absent() {
  return makeError(ErrorCode::Unavailable,
                   "this build of coach has no OS keyring support (it was built without libsecret)");
}

}  // namespace

bool available() { return false; }

bool usesSecretService(std::string_view params) {
  const auto stored = nlohmann::json::parse(params, nullptr, /*allow_exceptions=*/false);
  return stored.is_object() && stored.value("provider", "") == "secret-service";
}

Result<KeyProvider::Created> SecretServiceKeyProvider::create() { return absent(); }
Result<crypto::SecretBytes> SecretServiceKeyProvider::unlock(std::string_view) { return absent(); }
Status SecretServiceKeyProvider::forget(std::string_view) { return absent(); }

}  // namespace coach::keyring
