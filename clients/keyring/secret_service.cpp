// secret_service.cpp: the profile key as a Secret Service item, through libsecret (secret_service.hpp).
#include "secret_service.hpp"

#include <libsecret/secret.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <memory>

#include <nlohmann/json.hpp>

namespace coach::keyring {
namespace {

constexpr std::size_t kKeySize = 32;
constexpr std::size_t kItemIdSize = 16;
constexpr const char* kProvider = "secret-service";

// One attribute, the item's random id: nothing about the person, the device or the team is in the keyring's
// (unencrypted) attribute index.
const SecretSchema& schema() {
  static const SecretSchema s = [] {
    SecretSchema out{};
    out.name = "nl.ips-coach.ProfileKey";
    out.flags = SECRET_SCHEMA_NONE;
    out.attributes[0] = {"item", SECRET_SCHEMA_ATTRIBUTE_STRING};
    out.attributes[1] = {nullptr, SECRET_SCHEMA_ATTRIBUTE_STRING};
    return out;
  }();
  return s;
}

struct GErrorFree {
  void operator()(GError* e) const { g_error_free(e); }
};
using GErrorPtr = std::unique_ptr<GError, GErrorFree>;

// libsecret's password strings are wiped before they are freed.
struct PasswordFree {
  void operator()(gchar* p) const { secret_password_free(p); }
};
using PasswordPtr = std::unique_ptr<gchar, PasswordFree>;

// The D-Bus error says whether a keyring answered at all; its text may name paths, never secrets.
Error keyringError(const GErrorPtr& e, std::string_view doing) {
  const std::string detail = e ? e->message : "no answer";
  if (e && e->domain == g_dbus_error_quark() && e->code == G_DBUS_ERROR_ACCESS_DENIED) {
    return makeError(ErrorCode::Forbidden, "the OS keyring refused " + std::string(doing) + ": " + detail);
  }
  return makeError(ErrorCode::Unavailable, "the OS keyring (Secret Service) did not answer while " +
                                               std::string(doing) + ": " + detail);
}

Result<std::string> itemOf(std::string_view params) {
  const auto stored = nlohmann::json::parse(params, nullptr, /*allow_exceptions=*/false);
  crypto::Bytes id;
  if (!stored.is_object() || stored.value("provider", "") != kProvider || !stored["item"].is_string() ||
      !crypto::fromHex(stored["item"].get<std::string>(), id) || id.size() != kItemIdSize) {
    return makeError(ErrorCode::StorageError,
                     "the profile's keyring parameters are damaged; restore the profile from the team (re-enrol "
                     "the device) or from a backup");
  }
  return stored["item"].get<std::string>();
}

}  // namespace

bool available() { return true; }

bool usesSecretService(std::string_view params) {
  const auto stored = nlohmann::json::parse(params, nullptr, /*allow_exceptions=*/false);
  return stored.is_object() && stored.value("provider", "") == kProvider;
}

Result<KeyProvider::Created> SecretServiceKeyProvider::create() {
  crypto::SecretBytes kek(kKeySize);
  crypto::Bytes id(kItemIdSize);
  if (RAND_bytes(kek.data(), static_cast<int>(kek.size())) != 1 ||
      RAND_bytes(id.data(), static_cast<int>(id.size())) != 1) {
    return makeError(ErrorCode::CryptoFailure, "the random number generator failed; nothing was stored");
  }
  const std::string item = crypto::toHex(id);
  std::string secret = crypto::toHex(kek.view());
  GError* raw = nullptr;
  const gboolean stored = secret_password_store_sync(&schema(), SECRET_COLLECTION_DEFAULT, label_.c_str(),
                                                     secret.c_str(), nullptr, &raw, "item", item.c_str(), nullptr);
  OPENSSL_cleanse(secret.data(), secret.size());
  GErrorPtr error(raw);
  if (!stored) return keyringError(error, "storing the profile's key");
  const nlohmann::json params{{"provider", kProvider}, {"item", item}};
  return Created{std::move(kek), params.dump()};
}

Result<crypto::SecretBytes> SecretServiceKeyProvider::unlock(std::string_view params) {
  COACH_ASSIGN_OR_RETURN(std::string item, itemOf(params));
  GError* raw = nullptr;
  PasswordPtr secret(secret_password_lookup_nonpageable_sync(&schema(), nullptr, &raw, "item", item.c_str(), nullptr));
  GErrorPtr error(raw);
  if (error) return keyringError(error, "reading the profile's key");
  if (!secret) {
    return makeError(ErrorCode::NotFound, "the OS keyring holds no key for this profile (item " + item +
                                              "): it was deleted, or this is another user's or machine's keyring");
  }
  crypto::Bytes bytes;
  if (!crypto::fromHex(secret.get(), bytes) || bytes.size() != kKeySize) {
    OPENSSL_cleanse(bytes.data(), bytes.size());
    return makeError(ErrorCode::StorageError, "the OS keyring's item for this profile (item " + item +
                                                  ") is not a profile key: it was changed outside coach");
  }
  crypto::SecretBytes kek(bytes);
  OPENSSL_cleanse(bytes.data(), bytes.size());
  return kek;
}

Status SecretServiceKeyProvider::forget(std::string_view params) {
  COACH_ASSIGN_OR_RETURN(std::string item, itemOf(params));
  GError* raw = nullptr;
  secret_password_clear_sync(&schema(), nullptr, &raw, "item", item.c_str(), nullptr);
  GErrorPtr error(raw);
  if (error) return keyringError(error, "removing the profile's key");
  return {};
}

}  // namespace coach::keyring
